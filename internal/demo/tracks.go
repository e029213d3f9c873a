package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/tracks"
)

// trackSpec is a demo training track in Lunigiana: its activities (days
// from today; past ones have attendance) and who attended which.
type trackSpec struct {
	Kind        tracks.Kind
	Title       tracks.Text
	Description tracks.Text
	Rule        tracks.Rule
	Min         int
	Activities  []trackActivity
	// Enrolled are enrolled by e-mail, as the calls feature does for the
	// activators it admits.
	Enrolled []string
}

type trackActivity struct {
	Title  activities.Text
	Kind   activities.Kind
	Day    int
	Clock  string
	Hours  float64
	People []string // names of demoTrackPeople present (past ones only)
}

// demoTrackPeople are the people of the demo tracks: the demo citizen
// (whose account then sees his completed track and its certificate) and
// others with addresses only.
var demoTrackPeople = map[string]string{
	"Marco Esposito":  citizenEmail,
	"Giada Orsini":    "giada.orsini@partecipanti.demo.cantieri.test",
	"Tommaso Lazzeri": "tommaso.lazzeri@partecipanti.demo.cantieri.test",
	"Irene Bonelli":   "irene.bonelli@partecipanti.demo.cantieri.test",
	"Piero Vannucci":  "piero.vannucci@partecipanti.demo.cantieri.test",
}

func demoTracks() []trackSpec {
	t := func(it, en string) activities.Text { return activities.Text{IT: it, EN: en} }
	return []trackSpec{{
		Kind: tracks.Activators, Rule: tracks.All,
		Title:       t("Formazione degli attivatori di comunità – Lunigiana", "Community activators' training – Lunigiana"),
		Description: t("I tre workshop formativi per gli attivatori di comunità selezionati con l'avviso della Società della Salute.", "The three training workshops for the community activators selected through the Società della Salute's call."),
		Enrolled:    []string{"Marco Esposito", "Giada Orsini", "Tommaso Lazzeri", "Irene Bonelli"},
		Activities: []trackActivity{
			{t("Workshop formativo 1 – Il ruolo dell'attivatore di comunità", "Training workshop 1 – The community activator's role"), activities.TrainingWorkshop, -49, "17:00", 2.5,
				[]string{"Marco Esposito", "Giada Orsini", "Tommaso Lazzeri", "Irene Bonelli"}},
			{t("Workshop formativo 2 – Ascolto e mappatura dei bisogni", "Training workshop 2 – Listening and mapping needs"), activities.TrainingWorkshop, -42, "17:00", 2.5,
				[]string{"Marco Esposito", "Giada Orsini", "Irene Bonelli"}},
			{t("Workshop formativo 3 – La Bussola dei Servizi", "Training workshop 3 – The Service Compass"), activities.TrainingWorkshop, -35, "17:00", 3,
				[]string{"Marco Esposito", "Giada Orsini", "Tommaso Lazzeri"}},
		},
	}, {
		Kind: tracks.Committees, Rule: tracks.Count, Min: 5,
		Title:       t("Percorso del Comitato di Partecipazione – Lunigiana", "Participation Committee's track – Lunigiana"),
		Description: t("Tre incontri generali e tre incontri tematici; si completa partecipando ad almeno cinque.", "Three general and three thematic meetings; completed by attending at least five."),
		Activities: []trackActivity{
			{t("Incontro generale 1 – Il Comitato e la legge regionale 75/2017", "General meeting 1 – The committee and regional law 75/2017"), activities.Meeting, -70, "18:00", 2,
				[]string{"Piero Vannucci", "Irene Bonelli"}},
			{t("Incontro generale 2 – Leggere i dati di salute del territorio", "General meeting 2 – Reading the territory's health data"), activities.Meeting, -56, "18:00", 2,
				[]string{"Piero Vannucci"}},
			{t("Incontro generale 3 – Dalla consultazione alla proposta", "General meeting 3 – From consultation to proposal"), activities.Meeting, -28, "18:00", 2,
				[]string{"Piero Vannucci", "Irene Bonelli"}},
			{t("Incontro tematico 1 – Salute mentale di comunità", "Thematic meeting 1 – Community mental health"), activities.Meeting, 9, "18:00", 2, nil},
			{t("Incontro tematico 2 – Le Case di Comunità", "Thematic meeting 2 – Community houses"), activities.Meeting, 23, "18:00", 2, nil},
			{t("Incontro tematico 3 – Anziani e domiciliarità", "Thematic meeting 3 – Older people and home care"), activities.Meeting, 37, "18:00", 2, nil},
		},
	}}
}

// loadTracks adds the demo training tracks of Lunigiana that are not there
// yet (a track is recognised by its kind and Italian title in the zone),
// with their activities, attendance and enrolments, through the
// activities and tracks APIs.
func loadTracks(ctx context.Context, d *db.DB, baseURL string) (added int, err error) {
	p, err := paths.PathBySlug(ctx, d, PathLunigiana)
	if err != nil {
		return 0, fmt.Errorf("demo: tracks: %w", err)
	}
	svc := activities.NewService(d, baseURL)
	actor := activities.Actor{Label: "cantieri demo"}
	now := time.Now()
	for _, spec := range demoTracks() {
		existing, err := tracks.ForKind(ctx, d, p.ZoneID, spec.Kind)
		if err != nil {
			return added, err
		}
		if hasTrack(existing, spec.Title.IT) {
			continue
		}
		var ids []int64
		for _, ta := range spec.Activities {
			id, err := trackActivityOf(ctx, svc, actor, p, ta, now)
			if err != nil {
				return added, fmt.Errorf("demo: track activity %q: %w", ta.Title.IT, err)
			}
			ids = append(ids, id)
		}
		tid, err := tracks.Create(ctx, d, tracks.Actor{Label: "cantieri demo"}, tracks.Input{ZoneID: p.ZoneID, Kind: spec.Kind,
			Title: spec.Title, Description: spec.Description, Rule: spec.Rule, Min: spec.Min, ActivityIDs: ids})
		if err != nil {
			return added, err
		}
		for _, name := range spec.Enrolled {
			person := tracks.Person{Name: name, Email: demoTrackPeople[name]}
			if err := d.Tx(ctx, func(tx *db.Tx) error { return tracks.Enroll(ctx, tx, tid, person) }); err != nil {
				return added, err
			}
		}
		added++
	}
	return added, nil
}

// trackActivityOf creates and publishes one activity of a track (or finds
// it by title) and, when it is past, records who was there.
func trackActivityOf(ctx context.Context, svc *activities.Service, actor activities.Actor, p paths.Path, ta trackActivity, now time.Time) (int64, error) {
	list, err := activities.ForPath(ctx, svc.DB, p.ID, true)
	if err != nil {
		return 0, err
	}
	for _, a := range list {
		if a.Title.IT == ta.Title.IT {
			return a.ID, nil
		}
	}
	start := localAt(now, ta.Day, ta.Clock)
	in := activities.Input{PhaseID: p.Phases[min(2, len(p.Phases))-1].ID, Kind: ta.Kind, Title: ta.Title,
		Start: start, End: start.Add(time.Duration(ta.Hours * float64(time.Hour))), Mode: activities.InPerson,
		VenueName: "Sala della Società della Salute", VenueAddress: "Piazza della Repubblica 1", Comune: "045001",
		Audiences: []activities.Audience{activities.Activators, activities.Committees}, StepFree: true}
	if ta.Kind == activities.TrainingWorkshop {
		in.Audiences = []activities.Audience{activities.Activators}
	} else {
		in.Audiences = []activities.Audience{activities.Committees}
	}
	svc.Now = nil
	id, err := svc.Create(ctx, actor, p, in)
	if err != nil {
		return 0, err
	}
	if err := svc.Publish(ctx, actor, id); err != nil {
		return 0, err
	}
	for k, name := range ta.People {
		svc.Now = func() time.Time { return start.Add(time.Duration(k-5) * time.Minute) }
		if _, err := svc.WalkIn(ctx, actor, id, activities.Visitor{Name: name, Email: demoTrackPeople[name]}); err != nil {
			svc.Now = nil
			return 0, err
		}
	}
	svc.Now = nil
	return id, nil
}

func hasTrack(list []*tracks.Track, title string) bool {
	for _, t := range list {
		if t.Title.IT == title {
			return true
		}
	}
	return false
}
