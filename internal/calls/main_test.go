package calls_test

import (
	"context"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/files"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	zoneA = "lunigiana"
	zoneB = "valdichiana-aretina"
)

var actor = calls.Actor{Label: "test"}

// deadline is the closing time of the test calls.
var deadline = time.Date(2026, 12, 1, 11, 0, 0, 0, time.UTC) // 12:00 in Rome

// clock is a settable clock for the service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

// setup loads the reference data and returns a service whose clock is an
// hour before the deadline, and a published path of zone A.
func setup(t *testing.T, d *db.DB) (*calls.Service, *clock, paths.Path) {
	t.Helper()
	apptest.LoadReference(t, d)
	created := apptest.DraftPath(t, d, zoneA, "cantiere-a", "Cantiere della Salute")
	s := calls.NewService(d, files.NewDir(t.TempDir()), "http://cantieri.test")
	c := &clock{t: deadline.Add(-time.Hour)}
	s.Now = c.now
	return s, c, created
}

// user creates an account and returns its id.
func user(t *testing.T, d *db.DB, email string) int64 {
	return apptest.InsertUser(t, d, email, "Utente "+email)
}

// activatorsInput is a call for community activators like the programme's,
// open from a week before the deadline.
func activatorsInput(commission ...string) calls.Input {
	decls, _ := calls.ParseDeclarations("Non sussistono cause di esclusione (art. 94-98 D.Lgs. 36/2023) | No exclusion grounds\nDichiaro di avere esperienza di volontariato | I have volunteering experience")
	fields, _ := calls.ParseFields("testo_lungo* | Motivazione | Motivation\nscelta* | Disponibilità | Availability | Sere = Evenings; Fine settimana = Weekends\nnumero | Anni di esperienza | Years of experience\nfile | Curriculum | CV")
	crit, _ := calls.ParseCriteria("Motivazione | Motivation | 10 | 2\nEsperienza | Experience | 10 | 1")
	return calls.Input{Kind: calls.Activators, Title: calls.Text{IT: "Manifestazione d'interesse per attivatori di comunità", EN: "Call for community activators"},
		Body: calls.Text{IT: "Cerchiamo attivatori di comunità."}, Opens: deadline.Add(-7 * 24 * time.Hour), Closes: deadline,
		Applicants: calls.People, MinScore: 12, Places: 2, TieBreak: calls.ByFirstCriterion, Aggregation: calls.Mean, RetentionMonths: 24,
		Declarations: decls, Fields: fields, Criteria: crit, Commission: commission}
}

// publishedCall creates and publishes a call in path p.
func publishedCall(t *testing.T, s *calls.Service, p paths.Path, in calls.Input) *calls.Call {
	t.Helper()
	ctx := context.Background()
	id, err := s.Create(ctx, actor, calls.Place{ZoneID: p.ZoneID, PathID: p.ID}, in)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, actor, id); err != nil {
		t.Fatal(err)
	}
	c, err := calls.Get(ctx, s.DB, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// completeDraft is a complete application of a person to c.
func completeDraft(c *calls.Call, version int) calls.DraftInput {
	d := calls.DraftInput{Version: version, Lang: "it",
		Applicant: calls.Applicant{Kind: calls.Person, Name: "Mario Rossi", TaxCode: "rssmra85t10a562s", Email: "mario@example.org"},
		Values:    map[int64]string{}, Declared: map[int64]int64{}}
	for _, decl := range c.Declarations {
		d.Declared[decl.ID] = 0
	}
	for _, f := range c.Fields {
		switch f.Kind {
		case calls.LongText:
			d.Values[f.ID] = "Voglio contribuire alla salute della mia comunità."
		case calls.Choice:
			d.Values[f.ID] = "2"
		case calls.Number:
			d.Values[f.ID] = "3"
		}
	}
	return d
}
