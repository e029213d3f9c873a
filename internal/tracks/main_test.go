package tracks_test

import (
	"context"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/tracks"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	zoneA = "lunigiana"
	zoneB = "valdichiana-aretina"
)

var actor = tracks.Actor{Label: "test"}

// loaded prepares the reference data and path templates, as the app does.
func loaded(t *testing.T, d *db.DB) { apptest.LoadReference(t, d) }

// fixture is a published path in a zone with three published training
// workshops of 2 h, 1 h 30 and 2 h 30 (6 hours in all), in the past.
type fixture struct {
	path paths.Path
	acts []int64
}

func newFixture(t *testing.T, d *db.DB, zone string) fixture {
	t.Helper()
	ctx := context.Background()
	p := apptest.PublishedPath(t, d, zone, "cantiere-"+zone, "Cantiere della Salute "+zone)
	s := activities.NewService(d, "http://cantieri.test")
	f := fixture{path: p}
	titles := []string{"Workshop 1: il ruolo dell'attivatore", "Workshop 2: ascolto e comunità", "Workshop 3: la Bussola dei Servizi"}
	lengths := []time.Duration{2 * time.Hour, 90 * time.Minute, 150 * time.Minute}
	for i, title := range titles {
		start := time.Date(2026, 3, 10+7*i, 16, 0, 0, 0, time.UTC)
		id, err := s.Create(ctx, activities.Actor{Label: "test"}, p, activities.Input{PhaseID: p.Phases[1].ID, Kind: activities.TrainingWorkshop,
			Title: activities.Text{IT: title}, Start: start, End: start.Add(lengths[i]), Mode: activities.Online,
			OnlineURL: "https://meet.example.org/w", Audiences: []activities.Audience{activities.Activators}})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Publish(ctx, activities.Actor{Label: "test"}, id); err != nil {
			t.Fatal(err)
		}
		f.acts = append(f.acts, id)
	}
	return f
}

// user creates an account and returns its id.
func user(t *testing.T, d *db.DB, email, name string) int64 {
	return apptest.InsertUser(t, d, email, name)
}

// present records a presence in the attendance table as the activities
// feature does: userID 0 for no account, email "" for none.
func present(t *testing.T, d *db.DB, activityID, userID int64, name, email string) {
	t.Helper()
	var uid, norm any
	if userID != 0 {
		uid = userID
	}
	if email != "" {
		norm = email
	}
	now := db.Now()
	if _, err := d.Exec(context.Background(), `INSERT INTO activity_attendance (activity_id, user_id, name, email, email_norm, method, checked_in_at, created_at)
		VALUES (?, ?, ?, ?, ?, 'walk_in', ?, ?)`, activityID, uid, name, email, norm, now, now); err != nil {
		t.Fatal(err)
	}
}

// newTrack creates a track of the fixture's activities with a rule.
func newTrack(t *testing.T, d *db.DB, zone string, f fixture, rule tracks.Rule, min int) *tracks.Track {
	t.Helper()
	ctx := context.Background()
	id, err := tracks.Create(ctx, d, actor, tracks.Input{ZoneID: zone, Kind: tracks.Activators, Rule: rule, Min: min,
		Title:       tracks.Text{IT: "Formazione degli attivatori di comunità", EN: "Community activators' training"},
		Description: tracks.Text{IT: "I tre workshop formativi."}, ActivityIDs: f.acts})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := tracks.Get(ctx, d, id)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func find(people []*tracks.Progress, name string) *tracks.Progress {
	for _, p := range people {
		if p.Person.Name == name {
			return p
		}
	}
	return nil
}
