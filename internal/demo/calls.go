package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
)

// The demo calls, after the programme's documents (seeds 000 and 004):
// one open for community activators in Lunigiana, one closed and being
// scored in Fiorentina Nord-Ovest, one for co-design with third-sector
// bodies whose outcome is published.
const (
	callOpenTitle     = "Manifestazione d'interesse per attivatori di comunità – Lunigiana"
	callScoringTitle  = "Manifestazione d'interesse per attivatori di comunità – Fiorentina Nord-Ovest"
	callOutcomeTitle  = "Avviso di coprogettazione con gli enti del Terzo settore – Fiorentina Nord-Ovest"
	demoEvaluator     = "valutatrice@demo.cantieri.test"
	demoApplicantsDom = "@candidati.demo.cantieri.test"
)

var (
	activatorDeclarations = "Non sussistono a mio carico le cause di esclusione degli artt. 94-98 del D.Lgs. 36/2023 | None of the exclusion grounds of articles 94-98 of Legislative Decree 36/2023 applies to me\n" +
		"Mi impegno a partecipare ai tre workshop formativi | I undertake to attend the three training workshops"
	activatorFields = "testo_lungo* | Perché volete diventare attivatori di comunità? | Why do you want to become a community activator?\n" +
		"scelta* | Disponibilità | Availability | Sere feriali = Weekday evenings; Fine settimana = Weekends; Entrambi = Both\n" +
		"numero | Anni di esperienza nel volontariato | Years of volunteering\n" +
		"file | Curriculum (facoltativo) | CV (optional)"
	activatorCriteria    = "Motivazione | Motivation | 10 | 2\nConoscenza del territorio | Knowledge of the area | 10 | 1\nEsperienza nel volontariato | Volunteering experience | 10 | 1"
	codesignDeclarations = "Requisiti generali: nessuna causa di esclusione (D.Lgs. 36/2023) | General requirements: no exclusion grounds (Legislative Decree 36/2023)\n" +
		"Idoneità professionale: iscrizione al RUNTS o registro equivalente | Professional suitability: entered in the RUNTS or an equivalent register\n" +
		"Comprovata esperienza nei servizi per cittadini di paesi terzi | Proven experience in services for third-country nationals\n" +
		"Cofinanziamento del progetto | Co-financing of the project | importo"
	codesignFields   = "testo_lungo* | Proposta progettuale | Project proposal\ntesto_lungo* | Rete di partner sul territorio | Network of local partners\nfile | Relazione sulle attività (PDF) | Activity report (PDF)"
	codesignCriteria = "Qualità della proposta progettuale | Quality of the proposal | 40 | 1\nStrategia di rete | Network strategy | 30 | 1\nEsperienza | Experience | 20 | 1\nCofinanziamento | Co-financing | 10 | 1"
)

// loadCalls adds the demo calls (each once, by title) and returns how
// many it added.
func loadCalls(ctx context.Context, d *db.DB, baseURL string, log *slog.Logger) (int, error) {
	existing, err := calls.ListForEditor(ctx, d, nil, true, true)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, c := range existing {
		have[c.Title.IT] = true
	}
	acc := accounts.NewService(d, baseURL, log)
	s := calls.NewService(d, files.NewDir(""), baseURL) // no attachments in the demo
	actor := calls.Actor{Label: "cantieri demo"}
	now := time.Now()
	added := 0
	for _, spec := range []struct {
		title string
		load  func() error
	}{
		{callOpenTitle, func() error { return demoOpenCall(ctx, d, s, actor, now) }},
		{callScoringTitle, func() error { return demoScoringCall(ctx, d, s, acc, actor, now) }},
		{callOutcomeTitle, func() error { return demoOutcomeCall(ctx, d, s, acc, actor, now) }},
	} {
		if have[spec.title] {
			continue
		}
		if err := spec.load(); err != nil {
			return added, fmt.Errorf("demo: call %q: %w", spec.title, err)
		}
		added++
	}
	return added, nil
}

func parsed(decls, fields, criteria string) ([]calls.Declaration, []calls.Field, []calls.Criterion) {
	ds, _ := calls.ParseDeclarations(decls)
	fs, _ := calls.ParseFields(fields)
	cs, _ := calls.ParseCriteria(criteria)
	return ds, fs, cs
}

// createCall creates and publishes a call in path slug at the instant at.
func createCall(ctx context.Context, d *db.DB, s *calls.Service, actor calls.Actor, slug string, in calls.Input, at time.Time) (*calls.Call, error) {
	p, err := paths.PathBySlug(ctx, d, slug)
	if err != nil {
		return nil, err
	}
	s.Now = func() time.Time { return at }
	id, err := s.Create(ctx, actor, calls.Place{ZoneID: p.ZoneID, PathID: p.ID}, in)
	if err != nil {
		return nil, err
	}
	if err := s.Publish(ctx, actor, id); err != nil {
		return nil, err
	}
	return calls.Get(ctx, d, id)
}

func demoOpenCall(ctx context.Context, d *db.DB, s *calls.Service, actor calls.Actor, now time.Time) error {
	ds, fs, cs := parsed(activatorDeclarations, activatorFields, activatorCriteria)
	_, err := createCall(ctx, d, s, actor, PathLunigiana, calls.Input{Kind: calls.Activators,
		Title: calls.Text{IT: callOpenTitle, EN: "Call for community activators – Lunigiana"},
		Body: calls.Text{IT: "La Società della Salute della Lunigiana cerca persone disponibili a diventare attivatori di comunità: collegano i cittadini ai servizi, ascoltano i bisogni del territorio e partecipano ai tre workshop formativi del percorso.\n\nPossono candidarsi le persone maggiorenni che vivono o lavorano in Lunigiana.",
			EN: "The Società della Salute of Lunigiana is looking for people willing to become community activators: they connect citizens with services, listen to the area's needs and attend the path's three training workshops.\n\nAdults who live or work in Lunigiana may apply."},
		Opens: now.Add(-10 * 24 * time.Hour), Closes: localAt(now, 20, "12:00"), Applicants: calls.People, MinScore: 20, Places: 12,
		TieBreak: calls.ByFirstCriterion, Aggregation: calls.Mean, RetentionMonths: 24,
		Declarations: ds, Fields: fs, Criteria: cs, Commission: []string{demoEvaluator}}, now.Add(-10*24*time.Hour))
	return err
}

// applicant creates an account without a password for a demo applicant.
func applicant(ctx context.Context, acc *accounts.Service, local, name string) (int64, string, error) {
	email := local + demoApplicantsDom
	id, err := acc.EnsureUser(ctx, accounts.NewUser{Email: email, Name: name, Verified: true})
	return id, email, err
}

// applyAt submits an application at the instant at.
func applyAt(ctx context.Context, s *calls.Service, actor calls.Actor, c *calls.Call, user int64, dr calls.DraftInput, at time.Time) (*calls.Application, error) {
	s.Now = func() time.Time { return at }
	v, err := s.SaveDraft(ctx, actor, c.ID, user, dr)
	if err != nil {
		return nil, err
	}
	if _, err := s.Submit(ctx, actor, c.ID, user, v); err != nil {
		return nil, err
	}
	return calls.ApplicationOf(ctx, s.DB, c.ID, user)
}

// answers fills every declaration and the non-file fields of c.
func answers(c *calls.Call, texts ...string) (map[int64]string, map[int64]int64) {
	vals, decl := map[int64]string{}, map[int64]int64{}
	i := 0
	for _, f := range c.Fields {
		switch f.Kind {
		case calls.LongText, calls.ShortText:
			if i < len(texts) {
				vals[f.ID] = texts[i]
				i++
			}
		case calls.Choice:
			vals[f.ID] = "2"
		case calls.Number:
			vals[f.ID] = "4"
		}
	}
	for _, dc := range c.Declarations {
		decl[dc.ID] = 0
		if dc.WithAmount {
			decl[dc.ID] = 1500000
		}
	}
	return vals, decl
}

func demoScoringCall(ctx context.Context, d *db.DB, s *calls.Service, acc *accounts.Service, actor calls.Actor, now time.Time) error {
	ds, fs, cs := parsed(activatorDeclarations, activatorFields, activatorCriteria)
	start := now.Add(-40 * 24 * time.Hour)
	c, err := createCall(ctx, d, s, actor, PathFiorentinaNordOvest, calls.Input{Kind: calls.Activators,
		Title: calls.Text{IT: callScoringTitle, EN: "Call for community activators – Fiorentina Nord-Ovest"},
		Body:  calls.Text{IT: "La Società della Salute cerca attivatori di comunità per i comuni della zona.", EN: "The Società della Salute is looking for community activators in the area's comuni."},
		Opens: start, Closes: now.Add(-3 * 24 * time.Hour), Applicants: calls.People, MinScore: 20, Places: 0,
		TieBreak: calls.BySubmission, Aggregation: calls.Mean, RetentionMonths: 24,
		Declarations: ds, Fields: fs, Criteria: cs, Commission: []string{demoEvaluator}}, start)
	if err != nil {
		return err
	}
	people := []struct{ local, name, cf, why string }{
		{"chiara.neri", "Chiara Neri", "NRECHR90A41D612C", "Lavoro da anni con le associazioni di Sesto Fiorentino e conosco le famiglie del quartiere."},
		{"davide.fabbri", "Davide Fabbri", "FBBDVD85M12D612Y", "Vorrei aiutare gli anziani soli a orientarsi tra i servizi della Casa della Salute."},
		{"lucia.ferri", "Lucia Ferri", "FRRLCU78E55D612U", "Faccio la volontaria in una pubblica assistenza: voglio portare quell'esperienza nel percorso."},
	}
	var apps []*calls.Application
	for i, pp := range people {
		u, email, err := applicant(ctx, acc, pp.local, pp.name)
		if err != nil {
			return err
		}
		vals, decl := answers(c, pp.why)
		a, err := applyAt(ctx, s, actor, c, u, calls.DraftInput{Lang: "it", Values: vals, Declared: decl,
			Applicant: calls.Applicant{Kind: calls.Person, Name: pp.name, TaxCode: pp.cf, Email: email}}, start.Add(time.Duration(i+1)*48*time.Hour))
		if err != nil {
			return err
		}
		apps = append(apps, a)
	}
	s.Now = func() time.Time { return now.Add(-2 * 24 * time.Hour) }
	if err := s.Decide(ctx, actor, apps[0].ID, calls.Admissible, ""); err != nil {
		return err
	}
	if err := s.Decide(ctx, actor, apps[1].ID, calls.Admissible, ""); err != nil {
		return err
	}
	if err := s.RequestDocuments(ctx, actor, apps[2].ID, "Manca la copia di un documento d'identità valido.", now.Add(5*24*time.Hour)); err != nil {
		return err
	}
	var ev int64
	if err := d.QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, demoEvaluator).Scan(&ev); err != nil {
		return err
	}
	if err := s.DeclareConflict(ctx, actor, apps[0].ID, ev, true); err != nil {
		return err
	}
	sc := map[int64]calls.ScoreInput{}
	for i, cr := range c.Criteria {
		sc[cr.ID] = calls.ScoreInput{Points: fmt.Sprint(8 - i), Reason: "Motivazione chiara e legata al territorio."}
	}
	s.Now = nil
	return s.SaveScores(ctx, actor, apps[0].ID, ev, false, sc)
}

func demoOutcomeCall(ctx context.Context, d *db.DB, s *calls.Service, acc *accounts.Service, actor calls.Actor, now time.Time) error {
	ds, fs, cs := parsed(codesignDeclarations, codesignFields, codesignCriteria)
	start := now.Add(-90 * 24 * time.Hour)
	c, err := createCall(ctx, d, s, actor, PathFiorentinaNordOvest, calls.Input{Kind: calls.Codesign,
		Title: calls.Text{IT: callOutcomeTitle, EN: "Call for co-design with third-sector bodies – Fiorentina Nord-Ovest"},
		Body: calls.Text{IT: "Coprogettazione di un percorso innovativo e sperimentale di interventi integrati con il sistema di presa in carico dei servizi rivolti a cittadini di paesi terzi (modello one stop shop). Sono ammesse più proposte progettuali che raggiungono il punteggio minimo; con le ammesse si costruisce la partnership.",
			EN: "Co-design of an innovative, experimental path of interventions integrated with the services for third-country nationals (one-stop-shop model). Every proposal reaching the minimum score is admitted; the partnership is built from them."},
		Opens: start, Closes: start.Add(30 * 24 * time.Hour), Applicants: calls.Organisations, MinScore: 60, Places: 0,
		TieBreak: calls.ByFirstCriterion, Aggregation: calls.Consensus, RetentionMonths: 60,
		Declarations: ds, Fields: fs, Criteria: cs, Commission: []string{demoEvaluator}}, start)
	if err != nil {
		return err
	}
	orgs := []struct {
		local, rep, cf, org, orgCF, form string
		points                           []string
	}{
		{"presidenza.mondoaperto", "Giovanni Sarti", "SRTGNN70A01D612U", "Mondo Aperto APS", "94012340488", "aps", []string{"34", "25", "18", "8"}},
		{"legale.lamano", "Francesca Rosi", "RSOFNC75B42D612P", "Cooperativa sociale La Mano", "01114601006", "social_coop", []string{"30", "22", "16", "6"}},
		{"segreteria.ponti", "Alberto Meucci", "MCCLRT68C03D612S", "Associazione Ponti", "94056780482", "association", []string{"20", "15", "10", "5"}},
	}
	var ev int64
	if err := d.QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, demoEvaluator).Scan(&ev); err != nil {
		return err
	}
	var ids []int64
	for i, o := range orgs {
		u, email, err := applicant(ctx, acc, o.local, o.rep)
		if err != nil {
			return err
		}
		vals, decl := answers(c, "Sportello unico con mediazione linguistico-culturale in tre comuni.", "Rete con le scuole, i centri per l'impiego e le parrocchie.")
		a, err := applyAt(ctx, s, actor, c, u, calls.DraftInput{Lang: "it", Values: vals, Declared: decl,
			Applicant: calls.Applicant{Kind: calls.Organisation, Name: o.rep, TaxCode: o.cf, Email: email, OrgName: o.org,
				OrgTaxCode: o.orgCF, LegalForm: o.form}}, start.Add(time.Duration(i+2)*24*time.Hour))
		if err != nil {
			return err
		}
		ids = append(ids, a.ID)
	}
	s.Now = func() time.Time { return start.Add(35 * 24 * time.Hour) }
	for i, id := range ids {
		if err := s.Decide(ctx, actor, id, calls.Admissible, ""); err != nil {
			return err
		}
		if err := s.DeclareConflict(ctx, actor, id, ev, true); err != nil {
			return err
		}
		sc := map[int64]calls.ScoreInput{}
		for k, cr := range c.Criteria {
			sc[cr.ID] = calls.ScoreInput{Points: orgs[i].points[k], Reason: "Valutazione concordata in commissione (verbale n. 2)."}
		}
		if err := s.SaveScores(ctx, actor, id, ev, true, sc); err != nil {
			return err
		}
	}
	if _, err := s.Rank(ctx, actor, c.ID, false); err != nil {
		return err
	}
	s.Now = func() time.Time { return start.Add(45 * 24 * time.Hour) }
	_, err = s.Rank(ctx, actor, c.ID, true)
	s.Now = nil
	return err
}
