package activities_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The zones of the tests.
const (
	zoneA = "lunigiana"
	zoneB = "valdichiana-aretina"
	// aulla is a comune of Lunigiana (ISTAT code).
	aulla = "045001"
)

var actor = activities.Actor{Label: "test"}

// loaded prepares the reference data and the built-in path templates on a
// fresh database, as the app does at start.
func loaded(t *testing.T, d *db.DB) { apptest.LoadReference(t, d) }

// publishedPath creates and publishes a path in zone, named slug.
func publishedPath(t *testing.T, d *db.DB, zone, slug string) paths.Path {
	return apptest.PublishedPath(t, d, zone, slug, "Cantiere della Salute "+zone)
}

// rome reads "2006-01-02 15:04" in Italy.
func rome(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, web.Rome())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// input is a valid activity in path p starting at start for two hours.
func input(p paths.Path, start time.Time, capacity int) activities.Input {
	return activities.Input{PhaseID: p.Phases[1].ID, Kind: activities.Meeting,
		Title:       activities.Text{IT: "Incontro generale: ascolto attivo", EN: "General meeting: active listening"},
		Description: activities.Text{IT: "Primo dei tre incontri generali."}, Start: start, End: start.Add(2 * time.Hour),
		Mode: activities.Hybrid, VenueName: "Sala consiliare", VenueAddress: "Piazza Gramsci 1", Comune: aulla,
		OnlineURL: "https://meet.example.org/cantieri-incontro", Capacity: capacity, StepFree: true,
		Audiences: []activities.Audience{activities.Committees, activities.Citizens}}
}

// published creates and publishes an activity; it returns its id.
func published(t *testing.T, s *activities.Service, p paths.Path, in activities.Input) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := s.Create(ctx, actor, p, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, actor, id); err != nil {
		t.Fatal(err)
	}
	return id
}

func person(name, email string) activities.Person {
	return activities.Person{Name: name, Email: email, Consent: true, Lang: "it"}
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
