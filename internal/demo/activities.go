package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// activitySpec is a demo activity: where, when (days from the day of the
// load, at a time of day in Italy), and who signs up and comes.
type activitySpec struct {
	Path  string
	Phase int // position of the phase, from 1
	In    activities.Input
	// Day is the day relative to the load; Clock the start ("17:30"), Hours
	// the length.
	Day   int
	Clock string
	Hours float64
	// SignUps people sign up (the first ones online with an e-mail, the
	// rest offline, without); Present of them come (past activities
	// only), and WalkIns more without signing up.
	SignUps, Offline, Present, WalkIns int
}

// citizenEmail is the demo participant's address: he is signed up for an
// upcoming activity, to see it on its page.
const citizenEmail = "cittadino@demo.cantieri.test"

func demoActivities() []activitySpec {
	room := func(name, address, comune string, in activities.Input) activities.Input {
		in.VenueName, in.VenueAddress, in.Comune = name, address, comune
		return in
	}
	link := func(in activities.Input) activities.Input {
		in.OnlineURL = "https://meet.example.org/cantieri-della-salute"
		return in
	}
	aud := func(list ...activities.Audience) []activities.Audience { return list }
	t := func(it, en string) activities.Text { return activities.Text{IT: it, EN: en} }
	return []activitySpec{
		{Path: PathLunigiana, Phase: 1, Day: -10, Clock: "17:30", Hours: 2, SignUps: 14, Offline: 4, Present: 11, WalkIns: 2,
			In: room("Sala consiliare", "Piazza Gramsci 1", "045001", activities.Input{Kind: activities.Meeting, Mode: activities.InPerson, Capacity: 40,
				Title:       t("Incontro di avvio con il Comitato di Partecipazione", "Kick-off meeting with the Participation Committee"),
				Description: t("Presentazione del percorso, delle sue fasi e del calendario; raccolta delle prime domande.", "The path, its phases and its calendar; first questions."),
				Audiences:   aud(activities.Committees, activities.Staff), StepFree: true})},
		{Path: PathLunigiana, Phase: 1, Day: 6, Clock: "16:00", Hours: 2.5, SignUps: 8, Offline: 2,
			In: link(room("Biblioteca civica", "Via Cavour 12", "045014", activities.Input{Kind: activities.Lab, Mode: activities.Hybrid, Capacity: 25,
				Title:       t("Laboratorio di analisi del contesto: distanze e servizi", "Context analysis lab: distances and services"),
				Description: t("Mappiamo insieme quanto dista ogni paese dai servizi sanitari e sociali, e con quali mezzi ci si arriva.", "Together we map how far each village is from health and social services, and how people get there."),
				Audiences:   aud(activities.Committees, activities.Citizens), StepFree: true, HearingLoop: true}))},
		{Path: PathLunigiana, Phase: 1, Day: 12, Clock: "10:00", Hours: 3, SignUps: 9,
			In: room("Teatro della Rosa", "Piazza della Rosa 1", "045014", activities.Input{Kind: activities.Agora, Mode: activities.InPerson, Capacity: 6,
				Title:       t("Agorà della salute di Lunigiana", "Lunigiana health agora"),
				Description: t("Una mattina di gioco serio con le carte dei casi: i posti sono pochi, per lavorare a un solo tavolo.", "A morning of serious play with case cards: places are few, to work at a single table."),
				Audiences:   aud(activities.Citizens, activities.Partners), Interpreter: true})},
		{Path: PathValdichianaAretina, Phase: 3, Day: -20, Clock: "09:30", Hours: 4, SignUps: 12, Offline: 3, Present: 10, WalkIns: 1,
			In: room("Centro di aggregazione", "Via Nazionale 40", "051017", activities.Input{Kind: activities.TrainingWorkshop, Mode: activities.InPerson, Capacity: 20,
				Title:       t("Workshop formativo per attivatori di comunità 1: ascolto attivo", "Training workshop for community activators 1: active listening"),
				Description: t("Il primo dei tre workshop del percorso formativo degli attivatori.", "The first of the three workshops of the activators' training."),
				Audiences:   aud(activities.Activators), StepFree: true})},
		{Path: PathValdichianaAretina, Phase: 3, Day: 9, Clock: "18:00", Hours: 2, SignUps: 7,
			In: link(activities.Input{Kind: activities.TrainingWorkshop, Mode: activities.Online, Capacity: 20,
				Title:       t("Workshop formativo per attivatori di comunità 2: mappare le risorse", "Training workshop for community activators 2: mapping resources"),
				Description: t("Il secondo workshop, online: come si costruisce la mappa delle risorse di una comunità.", "The second workshop, online: how to build the map of a community's resources."),
				Audiences:   aud(activities.Activators)})},
		{Path: PathFiorentinaNordOvest, Phase: 1, Day: -30, Clock: "17:00", Hours: 2, SignUps: 22, Offline: 6, Present: 17, WalkIns: 5,
			In: room("Auditorium", "Piazza Vittorio Veneto 1", "048043", activities.Input{Kind: activities.PublicEvent, Mode: activities.InPerson,
				Title:       t("Evento pubblico: presentazione del Cantiere della Salute", "Public event: presenting the Cantiere della Salute"),
				Description: t("La Società della Salute presenta il percorso alla cittadinanza.", "The Società della Salute presents the path to the public."),
				Audiences:   aud(activities.Citizens, activities.Partners, activities.Staff), StepFree: true, HearingLoop: true})},
		{Path: PathFiorentinaNordOvest, Phase: 2, Day: 3, Clock: "11:00", Hours: 1, SignUps: 4,
			In: link(activities.Input{Kind: activities.Interview, Mode: activities.Online, Capacity: 10,
				Title:       t("Interviste agli operatori dei servizi territoriali", "Interviews with local service staff"),
				Description: t("Brevi interviste individuali sui percorsi di cura delle persone fragili.", "Short one-to-one interviews on the care pathways of frail people."),
				Audiences:   aud(activities.Staff)})},
		{Path: PathAltaValDiCecina, Phase: 2, Day: -40, Clock: "18:00", Hours: 1.5, SignUps: 10, Present: 8,
			In: link(activities.Input{Kind: activities.Meeting, Mode: activities.Online,
				Title:       t("Incontro tematico del Comitato: salute mentale e comunità", "Committee themed meeting: mental health and community"),
				Description: t("Il primo dei tre incontri tematici del Comitato di Partecipazione.", "The first of the Participation Committee's three themed meetings."),
				Audiences:   aud(activities.Committees)})},
		{Path: PathAltaValDiCecina, Phase: 4, Day: 15, Clock: "15:00", Hours: 2, SignUps: 6, Offline: 1,
			In: link(room("Sala polivalente", "Via Valtriani 5", "050029", activities.Input{Kind: activities.FeedbackSession, Mode: activities.Hybrid, Capacity: 30,
				Title:       t("Sessione di feedback sul servizio in progettazione", "Feedback session on the service being designed"),
				Description: t("Chi userà il servizio dice cosa funziona e cosa cambiare, passo per passo.", "Future users say what works and what to change, step by step."),
				Audiences:   aud(activities.Citizens, activities.Committees), StepFree: true}))},
		{Path: PathAmiataSenese, Phase: 4, Day: 20, Clock: "09:30", Hours: 3, SignUps: 11,
			In: room("Fortezza", "Via San Donato 1", "052015", activities.Input{Kind: activities.Lab, Mode: activities.InPerson, Capacity: 30,
				Title:       t("Laboratorio di progettazione: idee e priorità", "Design lab: ideas and priorities"),
				Description: t("Dalle idee raccolte alle priorità, con il voto a punti.", "From the ideas gathered to priorities, by dot voting."),
				Audiences:   aud(activities.Citizens, activities.Partners, activities.Committees)})},
		{Path: PathCasaDiComunita, Phase: 1, Day: 4, Clock: "18:30", Hours: 2, SignUps: 5,
			In: room("Sala del Consiglio", "Via Tanzini 30", "048033", activities.Input{Kind: activities.Meeting, Mode: activities.InPerson,
				Title:       t("Incontro con la comunità sulla Casa di Comunità", "Community meeting on the Community House"),
				Description: t("Che cosa vorremmo trovare nella Casa di Comunità di Pontassieve?", "What would we like to find in Pontassieve's Community House?"),
				Audiences:   aud(activities.Citizens), StepFree: true})},
		{Path: PathAmiataGrossetana, Phase: 6, Day: -400, Clock: "16:00", Hours: 3, SignUps: 18, Offline: 8, Present: 15, WalkIns: 7,
			In: room("Teatro degli Unanimi", "Piazza Indipendenza 1", "053001", activities.Input{Kind: activities.PublicEvent, Mode: activities.InPerson,
				Title:       t("Evento finale: i risultati del Camper della Salute", "Final event: the results of the Camper della Salute"),
				Description: t("Il racconto di un anno di uscite del camper, con chi lo ha usato.", "A year of the camper's outings, told with the people who used it."),
				Audiences:   aud(activities.Citizens, activities.Partners, activities.Staff, activities.Committees), StepFree: true})},
	}
}

// demoNames are the people of the demo sign-ups.
var demoNames = []string{"Alessandra Baldi", "Bruno Cecchi", "Caterina Dei", "Daniele Ferri", "Elisa Giannini", "Fabio Innocenti",
	"Giovanna Lenzi", "Lorenzo Mannucci", "Maria Nesti", "Niccolò Orlandi", "Olga Pieri", "Piero Quercioli", "Rita Salvadori",
	"Simone Tofani", "Teresa Ulivi", "Umberto Vannucci", "Valentina Zanobini", "Walter Bartolini", "Ylenia Checcucci",
	"Zeno Duccini", "Agnese Fabbri", "Carlo Gori"}

// loadActivities adds the demo activities that are not there yet (an
// activity is recognised by its Italian title in its path), with their
// sign-ups and, for past ones, attendance: through the activities API,
// with the service's clock set to when each thing happened.
func loadActivities(ctx context.Context, d *db.DB, baseURL string) (added int, err error) {
	svc := activities.NewService(d, baseURL)
	actor := activities.Actor{Label: "cantieri demo"}
	now := time.Now()
	for i, spec := range demoActivities() {
		p, err := paths.PathBySlug(ctx, d, spec.Path)
		if err != nil {
			return added, fmt.Errorf("demo: activity in %s: %w", spec.Path, err)
		}
		existing, err := activities.ForPath(ctx, d, p.ID, true)
		if err != nil {
			return added, fmt.Errorf("demo: %w", err)
		}
		if hasTitle(existing, spec.In.Title.IT) {
			continue
		}
		in := spec.In
		in.PhaseID = p.Phases[min(spec.Phase, len(p.Phases))-1].ID
		in.Start = localAt(now, spec.Day, spec.Clock)
		in.End = in.Start.Add(time.Duration(spec.Hours * float64(time.Hour)))
		svc.Now = nil
		id, err := svc.Create(ctx, actor, p, in)
		if err != nil {
			return added, fmt.Errorf("demo: activity %q: %w", in.Title.IT, err)
		}
		if err := svc.Publish(ctx, actor, id); err != nil { // now: no reminder for a past activity
			return added, fmt.Errorf("demo: publish %q: %w", in.Title.IT, err)
		}
		if err := demoPeople(ctx, svc, actor, id, i, spec, in.Start, now); err != nil {
			return added, fmt.Errorf("demo: people of %q: %w", in.Title.IT, err)
		}
		added++
	}
	return added, nil
}

// demoPeople signs people up for activity id (a week before a past one)
// and, for a past one, checks some in at the start and adds walk-ins.
func demoPeople(ctx context.Context, svc *activities.Service, actor activities.Actor, id int64, n int, spec activitySpec, start, now time.Time) error {
	past := start.Before(now)
	if past {
		svc.Now = func() time.Time { return start.Add(-7 * 24 * time.Hour) }
	} else {
		svc.Now = nil
	}
	var regs []activities.Registration
	for j := range spec.SignUps {
		name := demoNames[(n*5+j)%len(demoNames)]
		pr := activities.Person{Name: name, Consent: true, Lang: "it"}
		if j < spec.SignUps-spec.Offline {
			pr.Email = demoEmail(name, n)
		} else {
			pr.Offline = true
		}
		if j == 0 && !past {
			pr.Name, pr.Email = "Marco Esposito", citizenEmail
		}
		r, err := svc.SignUp(ctx, actor, id, pr)
		if err != nil {
			return err
		}
		regs = append(regs, r)
	}
	if !past {
		return nil
	}
	for j, r := range regs {
		if j >= spec.Present || r.Status != activities.RegConfirmed {
			continue
		}
		svc.Now = func() time.Time { return start.Add(time.Duration(j-5) * time.Minute) }
		var err error
		if j%3 == 2 {
			_, err = svc.CheckIn(ctx, actor, id, r.ID)
		} else {
			_, err = svc.CheckInCode(ctx, actor, id, r.Code)
		}
		if err != nil {
			return err
		}
	}
	for k := range spec.WalkIns {
		svc.Now = func() time.Time { return start.Add(time.Duration(10+k) * time.Minute) }
		name := demoNames[(n*7+k+11)%len(demoNames)]
		if _, err := svc.WalkIn(ctx, actor, id, activities.Visitor{Name: name + " (" + fmt.Sprint(k+1) + ")"}); err != nil {
			return err
		}
	}
	svc.Now = nil
	return nil
}

func hasTitle(list []*activities.Activity, title string) bool {
	for _, a := range list {
		if a.Title.IT == title {
			return true
		}
	}
	return false
}

// demoEmail is a demo participant's address, unique per activity.
func demoEmail(name string, n int) string {
	r := strings.NewReplacer(" ", ".", "ò", "o", "'", "")
	return fmt.Sprintf("%s.%d@partecipanti.demo.cantieri.test", strings.ToLower(r.Replace(name)), n)
}

// localAt is clock ("17:30") in Italy, days after now's day.
func localAt(now time.Time, days int, clock string) time.Time {
	t, _ := time.Parse("15:04", clock)
	day := now.In(web.Rome()).AddDate(0, 0, days)
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, web.Rome())
}
