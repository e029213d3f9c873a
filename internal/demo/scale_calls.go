package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/itid"
)

// The calls of the scale data set: about twenty applications each, one
// call in five still open, the others closed with their evaluation done
// and their outcome published. Calls are created and published, and
// ranked, through the calls feature's service (with its checks and audit
// lines); the applications, their receipts and scores, far more numerous,
// are written in bulk, each receipt hashed over calls.Canonical as a
// submission is.
const (
	scaleAppsPerCall = 20
	scaleOpenEvery   = 5 // one call in five is open
)

// scaleCallSpec is a generated call as its applications need it.
type scaleCallSpec struct {
	call       *calls.Call
	open       bool
	evaluators []int64
	apps       []scaleApp
}

// scaleApp is a generated application.
type scaleApp struct {
	user      int64
	app       calls.Application
	submitted time.Time // zero: a draft never submitted
	withdrawn time.Time
	content   string
	hash      string
	protocol  int
}

// scaleLegalForms are the organisations' forms, with a word for their
// names.
var scaleLegalForms = [][2]string{
	{"aps", "APS"}, {"odv", "ODV"}, {"social_coop", "Cooperativa sociale"}, {"association", "Associazione"},
	{"foundation", "Fondazione"}, {"social_enterprise", "Impresa sociale"},
}

var scaleOrgWords = []string{"Il Ponte", "La Rete", "Insieme", "Casa Comune", "Il Girasole", "Orizzonti", "La Via", "Mani Aperte",
	"Il Faro", "Terra Viva", "Il Cerchio", "Sentieri", "La Bussola", "Nuovi Passi", "L'Approdo"}

var scaleMotivations = []string{
	"Vivo in questo territorio da sempre e conosco le persone che faticano a raggiungere i servizi.",
	"Faccio volontariato in una pubblica assistenza e vorrei portare quell'esperienza nel percorso.",
	"Lavoro con i giovani del quartiere e vedo ogni giorno quanto conti avere qualcuno a cui rivolgersi.",
	"Ho assistito un familiare per anni: so cosa vuol dire orientarsi tra gli sportelli.",
	"Vorrei aiutare gli anziani soli a conoscere la Casa della Comunità e le sue attività.",
}

var scaleProposals = []string{
	"Uno sportello di prossimità nei comuni più lontani, aperto due giorni a settimana con operatori e volontari.",
	"Gruppi di cammino e incontri sulla salute nelle frazioni, con il trasporto organizzato dalle associazioni.",
	"Una rete di punti di ascolto per i giovani nelle scuole e nei centri sportivi, collegata al consultorio.",
	"Mediazione linguistico-culturale negli ambulatori e nelle farmacie, con materiali tradotti.",
}

func (g *scaleGen) applications(ctx context.Context) error {
	n := g.want.Applications
	if n <= 0 || len(g.spaths) == 0 || len(g.users) < 2*scaleAppsPerCall {
		return nil
	}
	nCalls := max(1, n/scaleAppsPerCall)
	svc := calls.NewService(g.d, files.NewDir(""), "http://localhost:8080") // no attachments
	actor := calls.Actor{Label: "cantieri demo --scale"}
	cadastral, err := g.cadastralCodes(ctx)
	if err != nil {
		return err
	}

	g.p.start("calls", nCalls)
	specs := make([]*scaleCallSpec, nCalls)
	for i := range specs {
		sp, err := g.createCall(ctx, svc, actor, i)
		if err != nil {
			return fmt.Errorf("call %d: %w", i+1, err)
		}
		specs[i] = sp
		g.p.add(1)
		g.p.show(false)
	}
	g.p.done()

	// How many applications each call gets: about twenty, n in all.
	counts := make([]int, nCalls)
	total := 0
	for i := range counts {
		counts[i] = scaleAppsPerCall/2 + g.r.IntN(scaleAppsPerCall+1)
		total += counts[i]
	}
	for i := 0; total != n; i = (i + 1) % nCalls {
		switch {
		case total < n && counts[i] < 2*scaleAppsPerCall:
			counts[i]++
			total++
		case total > n && counts[i] > 1:
			counts[i]--
			total--
		}
	}
	for i, sp := range specs {
		if err := g.fillApplications(sp, counts[i], cadastral); err != nil {
			return err
		}
	}
	if err := g.writeApplications(ctx, specs, n); err != nil {
		return err
	}
	if err := g.evaluate(ctx, specs); err != nil {
		return err
	}
	g.p.start("rankings", 0)
	for _, sp := range specs {
		if sp.open {
			continue
		}
		c := sp.call
		svc.Now = func() time.Time { return c.Closes.Add(10 * 24 * time.Hour) }
		if _, err := svc.Rank(ctx, actor, c.ID, false); err != nil {
			return fmt.Errorf("rank call %d: %w", c.ID, err)
		}
		svc.Now = func() time.Time { return c.Closes.Add(20 * 24 * time.Hour) }
		if _, err := svc.Rank(ctx, actor, c.ID, true); err != nil {
			return fmt.Errorf("publish the outcome of call %d: %w", c.ID, err)
		}
		g.p.add(1)
		g.p.show(false)
	}
	g.p.done()
	// The outcome's e-mails to the generated people (a reserved test
	// domain) are not kept: a server started on the data set would
	// otherwise spend its first minutes sending thousands of them.
	if _, err := g.d.Exec(ctx, `DELETE FROM outbox WHERE to_addr LIKE ?`, "%@"+ScaleDomain); err != nil {
		return err
	}
	g.got.Applications = n
	return nil
}

// cadastralCodes maps a comune's ISTAT code to its cadastral (Belfiore)
// code, the place of birth in a codice fiscale.
func (g *scaleGen) cadastralCodes(ctx context.Context) (map[string]string, error) {
	rows, err := g.d.Query(ctx, `SELECT istat_code, cadastral_code FROM comuni`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, cad string
		if err := rows.Scan(&code, &cad); err != nil {
			return nil, err
		}
		out[code] = cad
	}
	return out, rows.Err()
}

// createCall creates and publishes the i-th call in a generated path: for
// activators (people) or co-design (organisations), open or closed.
func (g *scaleGen) createCall(ctx context.Context, svc *calls.Service, actor calls.Actor, i int) (*scaleCallSpec, error) {
	p := &g.spaths[(i*7)%len(g.spaths)]
	t := scaleThemes[p.theme]
	open := i%scaleOpenEvery == 0
	var opens time.Time
	if open {
		opens = g.o.Now.Add(-time.Duration(1+g.r.IntN(20)) * 24 * time.Hour)
	} else {
		// Closed at least a month ago, within three years.
		opens = g.o.Now.Add(-time.Duration(60+g.r.IntN(3*365-60)) * 24 * time.Hour)
	}
	opens = db.Time(opens.Truncate(time.Hour))
	closes := opens.Add(30 * 24 * time.Hour)
	// Two evaluators among the generated people.
	e1, e2 := (i*2)%len(g.users), (i*2+1)%len(g.users)
	in := calls.Input{Opens: opens, Closes: closes, RetentionMonths: 60, Commission: []string{g.userEmails[e1], g.userEmails[e2]}}
	if i%3 == 2 {
		in.Kind, in.Applicants, in.Aggregation, in.TieBreak = calls.Codesign, calls.Organisations, calls.Consensus, calls.ByFirstCriterion
		in.Title = calls.Text{IT: fmt.Sprintf("Avviso di coprogettazione con gli enti del Terzo settore – %s: %s (%d)", p.zone.name, t[0], i+1),
			EN: fmt.Sprintf("Call for co-design with third-sector bodies – %s: %s (%d)", p.zone.name, t[1], i+1)}
		in.Body = calls.Text{IT: fmt.Sprintf("Coprogettazione di interventi su %s con gli enti del Terzo settore della zona %s. Sono ammesse le proposte che raggiungono il punteggio minimo.", t[0], p.zone.name),
			EN: fmt.Sprintf("Co-design of interventions on %s with the third-sector bodies of the %s zone. Every proposal reaching the minimum score is admitted.", t[1], p.zone.name)}
		in.MinScore = 60
		in.Declarations, in.Fields, in.Criteria = parsed(codesignDeclarations, codesignFields, codesignCriteria)
	} else {
		in.Kind, in.Applicants, in.Aggregation, in.TieBreak = calls.Activators, calls.People, calls.Mean, calls.BySubmission
		in.Title = calls.Text{IT: fmt.Sprintf("Manifestazione d'interesse per attivatori di comunità – %s (%d)", p.zone.name, i+1),
			EN: fmt.Sprintf("Call for community activators – %s (%d)", p.zone.name, i+1)}
		in.Body = calls.Text{IT: fmt.Sprintf("La Società della Salute cerca attivatori di comunità che lavorino su %s.", t[0]),
			EN: fmt.Sprintf("The Società della Salute is looking for community activators to work on %s.", t[1])}
		in.MinScore, in.Places = 20, 5
		in.Declarations, in.Fields, in.Criteria = parsed(activatorDeclarations, activatorFields, activatorCriteria)
	}
	svc.Now = func() time.Time { return opens.Add(-7 * 24 * time.Hour) }
	id, err := svc.Create(ctx, actor, calls.Place{ZoneID: p.zone.id, PathID: p.id}, in)
	if err != nil {
		return nil, err
	}
	if err := svc.Publish(ctx, actor, id); err != nil {
		return nil, err
	}
	c, err := calls.Get(ctx, g.d, id)
	if err != nil {
		return nil, err
	}
	return &scaleCallSpec{call: c, open: open, evaluators: []int64{g.users[e1], g.users[e2]}}, nil
}

// fillApplications draws n applications to sp's call from distinct
// people (not its evaluators), with their answers, and the receipts of
// those submitted, numbered from 1 in order of submission.
func (g *scaleGen) fillApplications(sp *scaleCallSpec, n int, cadastral map[string]string) error {
	c := sp.call
	users := len(g.users)
	first := g.r.IntN(users)
	window := c.Closes.Sub(c.Opens)
	if sp.open {
		window = g.o.Now.Sub(c.Opens)
	}
	for k := 0; len(sp.apps) < n; k++ {
		u := (first + k*7919) % users
		if slices.Contains(sp.evaluators, g.users[u]) {
			continue
		}
		sa := scaleApp{user: g.users[u]}
		a := &sa.app
		a.CallID, a.UserID, a.Lang = c.ID, g.users[u], "it"
		firstName, surname, _ := strings.Cut(g.userNames[u], " ")
		zone := g.zones[g.r.IntN(len(g.zones))]
		born := zone.comuni[g.r.IntN(len(zone.comuni))]
		female := slices.Index(scaleFirstNames, firstName) < 30
		birth := g.o.Now.AddDate(-18-g.r.IntN(60), 0, -g.r.IntN(365))
		cf, err := scaleTaxCode(firstName, surname, birth, female, cadastral[born.code])
		if err != nil {
			return err
		}
		a.Applicant = calls.Applicant{Kind: calls.Person, Name: g.userNames[u], TaxCode: cf, Email: g.userEmails[u]}
		if c.Applicants == calls.Organisations {
			form := scaleLegalForms[g.r.IntN(len(scaleLegalForms))]
			vat, err := scalePartitaIVA(g.r.IntN(9_999_999) + 1)
			if err != nil {
				return err
			}
			a.Kind, a.OrgName, a.OrgTaxCode, a.OrgVAT, a.LegalForm = calls.Organisation,
				fmt.Sprintf("%s %s %s", form[1], g.pick(scaleOrgWords), born.name), vat, vat, form[0]
		}
		a.Values, a.Declared = map[int64]calls.Value{}, map[int64]int64{}
		for _, f := range c.Fields {
			switch f.Kind {
			case calls.LongText, calls.ShortText:
				if c.Kind == calls.Codesign {
					a.Values[f.ID] = calls.Value{Text: scaleProposals[g.r.IntN(len(scaleProposals))]}
				} else {
					a.Values[f.ID] = calls.Value{Text: scaleMotivations[g.r.IntN(len(scaleMotivations))]}
				}
			case calls.Choice:
				a.Values[f.ID] = calls.Value{Text: fmt.Sprint(1 + g.r.IntN(max(1, len(f.Options))))}
			case calls.Number:
				a.Values[f.ID] = calls.Value{Text: fmt.Sprint(g.r.IntN(20))}
			}
		}
		for _, d := range c.Declarations {
			a.Declared[d.ID] = 0
			if d.WithAmount {
				a.Declared[d.ID] = int64(1+g.r.IntN(50)) * 100_000
			}
		}
		// One in ten never submitted (a draft); the eighth of every twenty
		// withdrawn before the deadline.
		switch {
		case g.r.IntN(10) == 0:
			a.Status = calls.AppDraft
		default:
			a.Status = calls.AppSubmitted
			sa.submitted = db.Time(c.Opens.Add(time.Duration(g.r.Int64N(int64(window)))))
			if len(sp.apps)%20 == 7 {
				a.Status = calls.AppWithdrawn
				limit := c.Closes
				if sp.open {
					limit = g.o.Now
				}
				sa.withdrawn = db.Time(sa.submitted.Add(time.Duration(g.r.Int64N(int64(limit.Sub(sa.submitted))/2 + 1))))
			}
		}
		sp.apps = append(sp.apps, sa)
	}
	// Receipts in order of submission: protocol numbers 1, 2, … without
	// gaps, each hashed as Submit hashes it.
	order := make([]*scaleApp, 0, len(sp.apps))
	for i := range sp.apps {
		if !sp.apps[i].submitted.IsZero() {
			order = append(order, &sp.apps[i])
		}
	}
	slices.SortStableFunc(order, func(x, y *scaleApp) int { return x.submitted.Compare(y.submitted) })
	for i, sa := range order {
		sa.protocol = i + 1
		content, err := calls.Canonical(c, &sa.app, sa.protocol, sa.submitted)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(content)
		sa.content, sa.hash = string(content), hex.EncodeToString(sum[:])
	}
	return nil
}

// writeApplications writes the applications, their answers and receipts,
// and links each application to its receipt.
func (g *scaleGen) writeApplications(ctx context.Context, specs []*scaleCallSpec, n int) error {
	g.p.start("applications", n)
	firstCall, lastCall := specs[0].call.ID, specs[len(specs)-1].call.ID
	err := g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO applications (call_id, user_id, applicant_kind, name, tax_code, email, org_name, org_tax_code, org_vat,
	org_legal_form, lang, status, version, created_at, updated_at)`, 15)
		for _, sp := range specs {
			for _, sa := range sp.apps {
				a := &sa.app
				created := sp.call.Opens.Add(time.Hour)
				if !sa.submitted.IsZero() && sa.submitted.Before(created) {
					created = sa.submitted
				}
				updated := created
				version := 1
				switch {
				case !sa.withdrawn.IsZero():
					updated, version = sa.withdrawn, 3
				case !sa.submitted.IsZero():
					updated, version = sa.submitted, 2
				}
				if err := b.add(ctx, g.p, a.CallID, a.UserID, a.Kind, a.Name, a.TaxCode, a.Email, a.OrgName, a.OrgTaxCode, a.OrgVAT,
					a.LegalForm, a.Lang, a.Status, version, created, updated); err != nil {
					return err
				}
			}
		}
		if err := b.flush(ctx, g.p); err != nil {
			return err
		}
		ids := map[[2]int64]int64{}
		rows, err := tx.Query(ctx, `SELECT id, call_id, user_id FROM applications WHERE call_id BETWEEN ? AND ?`, firstCall, lastCall)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id, call, user int64
			if err := rows.Scan(&id, &call, &user); err != nil {
				rows.Close()
				return err
			}
			ids[[2]int64{call, user}] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		vals := newBulk(tx, `INSERT INTO application_values (application_id, field_id, value)`, 3)
		decls := newBulk(tx, `INSERT INTO application_declarations (application_id, declaration_id, amount_cents)`, 3)
		recs := newBulk(tx, `INSERT INTO application_receipts (call_id, application_id, protocol, submitted_at, sha256, content, withdrawn_at)`, 7)
		for _, sp := range specs {
			for i := range sp.apps {
				sa := &sp.apps[i]
				id, ok := ids[[2]int64{sa.app.CallID, sa.user}]
				if !ok {
					return fmt.Errorf("application of %d to call %d not found after writing it", sa.user, sa.app.CallID)
				}
				sa.app.ID = id
				for _, f := range sp.call.Fields {
					if v, ok := sa.app.Values[f.ID]; ok {
						if err := vals.add(ctx, nil, id, f.ID, v.Text); err != nil {
							return err
						}
					}
				}
				for _, d := range sp.call.Declarations {
					var amount any
					if d.WithAmount {
						amount = sa.app.Declared[d.ID]
					}
					if err := decls.add(ctx, nil, id, d.ID, amount); err != nil {
						return err
					}
				}
				if sa.protocol > 0 {
					var withdrawn any
					if !sa.withdrawn.IsZero() {
						withdrawn = sa.withdrawn
					}
					if err := recs.add(ctx, nil, sa.app.CallID, id, sa.protocol, sa.submitted, sa.hash, sa.content, withdrawn); err != nil {
						return err
					}
				}
			}
		}
		for _, b := range []*bulk{vals, decls, recs} {
			if err := b.flush(ctx, nil); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET receipt_id = (SELECT r.id FROM application_receipts r WHERE r.application_id = applications.id)
WHERE call_id BETWEEN ? AND ? AND status <> 'draft'`, firstCall, lastCall); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE calls SET next_protocol = 1 + (SELECT COUNT(*) FROM application_receipts r WHERE r.call_id = calls.id)
WHERE id BETWEEN ? AND ?`, firstCall, lastCall)
		return err
	})
	g.p.done()
	return err
}

// evaluate records, for every closed call, the admissibility of each
// submitted application (one in fifteen inadmissible), the evaluators'
// declarations of no conflict of interest and their scores: each
// evaluator's sheet for a mean, the commission's consensus sheet
// otherwise.
func (g *scaleGen) evaluate(ctx context.Context, specs []*scaleCallSpec) error {
	g.p.start("scores", 0)
	err := g.d.Tx(ctx, func(tx *db.Tx) error {
		reviews := newBulk(tx, `INSERT INTO application_reviews (application_id, status, reason, reviewed_by, updated_at)`, 5)
		conflicts := newBulk(tx, `INSERT INTO conflict_declarations (application_id, user_id, no_conflict, declared_at)`, 4)
		scores := newBulk(tx, `INSERT INTO application_scores (application_id, criterion_id, evaluator_id, points, reason, recorded_by, updated_at)`, 7)
		for _, sp := range specs {
			if sp.open {
				continue
			}
			c := sp.call
			at := c.Closes.Add(3 * 24 * time.Hour)
			for _, sa := range sp.apps {
				if sa.app.Status != calls.AppSubmitted {
					continue
				}
				if g.r.IntN(15) == 0 {
					if err := reviews.add(ctx, nil, sa.app.ID, calls.Inadmissible, "Domanda priva della copia del documento d'identità.", nil, at); err != nil {
						return err
					}
					continue
				}
				if err := reviews.add(ctx, nil, sa.app.ID, calls.Admissible, "", nil, at); err != nil {
					return err
				}
				for _, ev := range sp.evaluators {
					if err := conflicts.add(ctx, nil, sa.app.ID, ev, true, at); err != nil {
						return err
					}
				}
				// A quality from 30% to 100% of the points, the same for
				// the application's criteria give or take.
				quality := 30 + g.r.IntN(71)
				sheet := func(evaluator any, recorder int64) error {
					for _, cr := range c.Criteria {
						pts := min(cr.MaxPoints, max(0, cr.MaxPoints*(quality+g.r.IntN(21)-10)/100))
						if err := scores.add(ctx, g.p, sa.app.ID, cr.ID, evaluator, pts, "Valutazione motivata nel verbale della commissione.", recorder, at); err != nil {
							return err
						}
					}
					return nil
				}
				if c.Aggregation == calls.Consensus {
					if err := sheet(nil, sp.evaluators[0]); err != nil {
						return err
					}
					continue
				}
				for _, ev := range sp.evaluators {
					if err := sheet(ev, ev); err != nil {
						return err
					}
				}
			}
		}
		for _, b := range []*bulk{reviews, conflicts, scores} {
			if err := b.flush(ctx, nil); err != nil {
				return err
			}
		}
		return nil
	})
	g.p.done()
	return err
}

// scaleTaxCode is the codice fiscale of a person: three letters of the
// surname and of the first name, the date of birth (the day plus 40 for
// a woman), the cadastral code of the place of birth and the check
// letter, found by asking itid which letter is valid.
func scaleTaxCode(first, surname string, birth time.Time, female bool, place string) (string, error) {
	day := birth.Day()
	if female {
		day += 40
	}
	head := cfPart(surname, false) + cfPart(first, true) + fmt.Sprintf("%02d%c%02d", birth.Year()%100, "ABCDEHLMPRST"[birth.Month()-1], day) + place
	for c := byte('A'); c <= 'Z'; c++ {
		if cf := head + string(c); itid.ValidPersonCF(cf) {
			return cf, nil
		}
	}
	return "", fmt.Errorf("no valid codice fiscale for %s %s (%q)", first, surname, head)
}

// cfPart is the three letters of a surname or first name in a codice
// fiscale: its consonants, then its vowels, then X; a first name with
// four consonants or more gives the first, third and fourth.
func cfPart(name string, first bool) string {
	var cons, vows []byte
	upper := strings.ToUpper(asciiLower(name))
	for i := 0; i < len(upper); i++ {
		switch c := upper[i]; {
		case strings.IndexByte("AEIOU", c) >= 0:
			vows = append(vows, c)
		case c >= 'A' && c <= 'Z':
			cons = append(cons, c)
		}
	}
	if first && len(cons) >= 4 {
		cons = []byte{cons[0], cons[2], cons[3]}
	}
	out := append(append(cons, vows...), 'X', 'X', 'X')
	return string(out[:3])
}

// scalePartitaIVA is the partita IVA of holder number holder registered
// in Florence (office code 048), with the check digit itid accepts.
func scalePartitaIVA(holder int) (string, error) {
	head := fmt.Sprintf("%07d048", holder)
	for d := range 10 {
		if v := fmt.Sprintf("%s%d", head, d); itid.ValidPartitaIVA(v) {
			return v, nil
		}
	}
	return "", fmt.Errorf("no check digit for %s", head)
}
