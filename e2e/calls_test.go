//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
	"github.com/cantieri/cantieri/internal/platform/pdf"
	"github.com/cantieri/cantieri/internal/platform/pdf/pdftest"
)

// demoCoordinator coordinates Lunigiana in the demo data set.
const demoCoordinator = "coordinatrice.lunigiana@demo.cantieri.test"

// callPath is the demo path of Lunigiana, whose zone has the activators'
// training track.
const callPath = "cantiere-della-salute-lunigiana"

// callWindow is how long after the call's form is filled the applications
// may still arrive: the coordinator publishes, three people apply and a
// fourth fills in the form in it. The form takes minutes, so the closing
// time is the first minute boundary at least this far ahead (or as far
// ahead as the accounts took to set up, if longer: a loaded machine).
const callWindow = 60 * time.Second

// window is callWindow, or $E2E_CALL_WINDOW (a Go duration) on a machine
// too loaded for it.
func window(t *testing.T) time.Duration {
	t.Helper()
	s := os.Getenv("E2E_CALL_WINDOW")
	if s == "" {
		return callWindow
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 10*time.Second {
		t.Fatalf("E2E_CALL_WINDOW=%q: want a duration of at least 10s", s)
	}
	return d
}

// applicant is one person applying, with the codes typed in the form.
type applicant struct {
	name, email, cf string
	org             *organisation
	v               *visitor
	app             string // the application's page, /domande/N
	protocol, hash  string
}

type organisation struct{ name, cf, vat string }

// testCalls is the whole cycle of a call in Chromium, as the people of a
// territory live it. The demo coordinator of Lunigiana writes a call for
// community activators on the demo path (declarations, a form with a
// required attachment, two weighted criteria, minimum score, two places,
// ties broken by the first criterion, a commission of two evaluators to
// whom the administrator has granted the role) closing at the first
// minute boundary callWindow ahead, and publishes it. Anna and Bruno
// apply as people, Carla for her association: each saves a draft, comes
// back from "my applications" and submits; Anna first types a wrong
// codice fiscale and is told, with everything she typed kept; each gets
// the receipt page, the receipt e-mail with the same protocol and hash
// through the test's SMTP server, and the receipt PDF. Davide fills in
// the form before the deadline and submits it after: refused with the
// message, nothing submitted. Then the coordinator admits Bruno and
// Carla and asks Anna for her identity document; Anna gets the e-mail and
// uploads it; the coordinator admits her. Both evaluators declare no
// conflict and score every application with reasons (a score above the
// maximum is refused first); Anna and Bruno tie at 20 points and the
// provisional ranking puts Bruno first, by the first criterion, though
// Anna submitted first. The final outcome is published: the public page
// shows protocol numbers and the association, no person's data; every
// applicant gets the outcome e-mail; Bruno, admitted, is enrolled in the
// activators' training track of Lunigiana and holds the activator role
// there; Anna, eligible beyond the places, is not enrolled.
func (e *env) testCalls(t *testing.T) {
	began := time.Now()
	out := e.srv.cli(t, "demo")
	m := regexp.MustCompile(regexp.QuoteMeta(demoCoordinator) + `\s+(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("`cantieri demo` printed no password for %s:\n%s", demoCoordinator, out)
	}
	coordPassword := m[1]
	tag := randomHex(t, 3)

	t.Logf("demo passwords in %s", time.Since(began).Round(time.Second))
	evaluators := []string{"valutatore-uno-" + tag + "@example.org", "valutatrice-due-" + tag + "@example.org"}
	anna := &applicant{name: "Anna Rossi", email: "anna-" + tag + "@example.org", cf: personCF("RSSNNA85M41E715")}
	bruno := &applicant{name: "Bruno Neri", email: "bruno-" + tag + "@example.org", cf: personCF("NREBRN90A01E715")}
	carla := &applicant{name: "Carla Verdi", email: "carla-" + tag + "@example.org", cf: personCF("VRDCRL78C45F023"),
		org: &organisation{name: "Associazione Valle Aperta APS " + tag, cf: partitaIVA("0123456789"), vat: partitaIVA("0123456789")}}
	davide := &applicant{name: "Davide Gialli", email: "davide-" + tag + "@example.org", cf: personCF("GLLDVD88T12E715")}
	people := []*applicant{anna, bruno, carla, davide}

	t.Log("two evaluators and four applicants sign up, at the same time")
	accounts := map[string]string{evaluators[0]: "Franco Valutatore", evaluators[1]: "Gemma Valutatrice"}
	for _, p := range people {
		accounts[p.email] = p.name
	}
	t.Run("sign-ups", func(t *testing.T) {
		for email, name := range accounts {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				e.registerAccount(t, name, email, citizenPassword)
			})
		}
	})
	if t.Failed() {
		t.FailNow()
	}

	t.Log("the administrator grants the evaluators their role in Lunigiana; the applicants log in")
	adm := e.visitor(t, "it")
	e.signIn(t, adm, admin)
	for _, ev := range evaluators {
		e.grantRole(t, adm, ev, "evaluator", "lunigiana", "Valutatore")
	}
	for _, p := range people {
		p.v = e.visitor(t, "it")
		e.logIn(t, p.v, p.email, citizenPassword)
	}
	pdfFile := writePDF(t, "curriculum.pdf", "Curriculum vitae")
	t.Logf("accounts ready in %s", time.Since(began).Round(time.Second))

	t.Log("the coordinator writes the call and publishes it")
	coord := e.visitor(t, "it")
	e.logIn(t, coord, demoCoordinator, coordPassword)
	coord.open(t, "/gestione/bandi", http.StatusOK)
	e.checkCallPage(t, coord, "calls to manage")
	coord.open(t, "/gestione/percorsi/"+callPath+"/bandi/nuovo", http.StatusOK)
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(rome)
	opens := now.Truncate(time.Minute)
	w := window(t)
	if setup := time.Since(began); setup > w { // a loaded machine: the applications will be slow too
		w = setup
	}
	closes := now.Add(w + time.Minute - 1).Truncate(time.Minute)
	title := "Attivatori di comunità in Lunigiana " + tag
	coord.setValues(t, map[string]string{
		`#f-kind`: "activators", `#f-title_it`: title, `#f-title_en`: "Community activators in Lunigiana " + tag,
		`#f-body_it`: "Cerchiamo due attivatori di comunità per il Cantiere della Salute della Lunigiana.",
		`#f-body_en`: "We are looking for two community activators for the Cantiere della Salute of Lunigiana.",
		`#f-opens`:   opens.Format("2006-01-02T15:04"), `#f-closes`: closes.Format("2006-01-02T15:04"),
		`#f-applicants`: "both",
		`#f-declarations`: "Non sussistono a mio carico le cause di esclusione degli artt. 94-98 del D.Lgs. 36/2023 | None of the exclusion grounds of articles 94-98 of Legislative Decree 36/2023 applies to me\n" +
			"Mi impegno a partecipare ai tre workshop formativi | I undertake to attend the three training workshops",
		`#f-fields`: "testo_lungo* | Perché volete diventare attivatori di comunità? | Why do you want to become a community activator?\n" +
			"scelta* | Disponibilità | Availability | Sere feriali = Weekday evenings; Fine settimana = Weekends\n" +
			"file* | Curriculum | CV",
		`#f-criteria`:    "Motivazione | Motivation | 10 | 2\nEsperienza nel volontariato | Volunteering experience | 10 | 1",
		`#f-min_score`:   "12",
		`#f-places`:      "2",
		`#f-tie_break`:   "first_criterion",
		`#f-aggregation`: "mean",
		`#f-commission`:  strings.Join(evaluators, "\n"),
	})
	manage := coord.submit(t, `main form[action$="/bandi/nuovo"] button[type=submit]`, http.StatusOK)
	if !regexp.MustCompile(`^/gestione/bandi/\d+$`).MatchString(manage) {
		t.Fatalf("after creating the call the browser is at %s: %s", manage, coord.text(t, "main"))
	}
	callID := strings.TrimPrefix(manage, "/gestione/bandi/")
	e.checkCallPage(t, coord, "new call saved")
	coord.submit(t, `form[action$="/pubblica"] button[type=submit]`, http.StatusOK)
	coord.expectFlash(t, "call published")
	windowStart := time.Now()
	t.Logf("call %s published; it closes at %s (Italian time)", callID, closes.Format("15:04:05"))

	t.Log("Anna, Bruno and Carla apply: a draft first, then from my applications they submit")
	for _, p := range []*applicant{anna, bruno, carla} {
		e.apply(t, p, callID, pdfFile, p == anna)
	}

	t.Log("Davide fills in the form before the deadline")
	davide.v.open(t, "/bandi/"+callID+"/domanda", http.StatusOK)
	davide.fillApplication(t, davide.cf, pdfFile)
	davide.v.submit(t, `main form[action$="/domanda"] button[type=submit]:not([formaction])`, http.StatusOK)
	davide.v.expectFlash(t, "late draft saved") // the form is ready again, filled in: he only has to click
	used := time.Since(windowStart)
	wait := time.Until(closes.Add(time.Second))
	if wait <= 0 {
		t.Fatalf("the applications took %s, past the closing time: set E2E_CALL_WINDOW above %s", used.Round(time.Second), w)
	}
	t.Logf("publication and applications took %s of the window; waiting %s for the deadline", used.Round(time.Second), wait.Round(time.Second))
	time.Sleep(wait)

	t.Log("Davide submits after the deadline: refused, nothing submitted")
	davide.v.submit(t, `main form button[formaction$="/invia"]`, http.StatusUnprocessableEntity)
	if got := davide.v.text(t, "main"); !strings.Contains(got, "Il termine per le domande è scaduto: la domanda non è stata inviata") {
		t.Errorf("the late submission's page says:\n%s", got)
	}
	e.checkCallPage(t, davide.v, "late submission refused")
	davide.v.open(t, "/domande", http.StatusOK)
	if got := davide.v.text(t, "main"); !strings.Contains(got, "Bozza non inviata") || strings.Contains(got, "Protocollo") {
		t.Errorf("Davide's applications after the deadline:\n%s", got)
	}
	if got := e.mail.To(davide.email); len(got) != 1 { // the address verification only
		t.Errorf("Davide received %d e-mails, want only the verification", len(got))
	}

	t.Log("the receipts: on the page, by e-mail, as PDF")
	for _, p := range []*applicant{anna, bruno, carla} {
		e.checkReceipt(t, p, callID, title)
	}

	t.Log("the coordinator lists the applications: three submitted, in protocol order")
	coord.open(t, manage+"/domande", http.StatusOK)
	e.checkCallPage(t, coord, "applications of the call")
	rows := coord.evalString(t, `[...document.querySelectorAll("main table tbody th a")].map(a => a.textContent.trim() + "=" + a.getAttribute("href")).join(" ")`)
	if want := fmt.Sprintf("%s=%s %s=%s %s=%s", anna.protocol, anna.app, bruno.protocol, bruno.app, carla.protocol, carla.app); rows != want {
		t.Fatalf("the applications listed are %q, want %q", rows, want)
	}
	if strings.Contains(coord.text(t, "main table"), davide.name) {
		t.Error("Davide's late draft is listed among the applications")
	}

	t.Log("admissibility: Bruno and Carla admitted, Anna asked for her identity document")
	for _, p := range []*applicant{bruno, carla} {
		e.admit(t, coord, p)
	}
	coord.open(t, anna.app, http.StatusOK)
	due := time.Now().In(rome).AddDate(0, 0, 7).Format("2006-01-02") + "T12:00"
	coord.setValues(t, map[string]string{`#f-request`: "Manca la copia del documento d'identità: caricatela in PDF.", `#f-due`: due})
	coord.submit(t, `main form[action$="/integrazione"] button[type=submit]`, http.StatusOK)
	coord.expectFlash(t, "documents requested")
	e.checkCallPage(t, coord, "documents requested")
	ask := e.mailWith(t, anna.email, "Documenti da integrare")
	if !strings.Contains(ask.Text, "documento d'identità") || !strings.Contains(ask.Text, e.srv.URL+anna.app) {
		t.Errorf("the request e-mail:\n%s", ask.Text)
	}

	t.Log("Anna follows the e-mail's link and uploads the document")
	anna.v.open(t, mailLink(t, ask.Text, e.srv.URL+"/domande/"), http.StatusOK)
	e.checkCallPage(t, anna.v, "request of documents")
	idDoc := writePDF(t, "documento-identita.pdf", "Carta d'identità di Anna Rossi")
	anna.v.setValues(t, map[string]string{`#f-answer`: "Ecco il documento d'identità."})
	anna.v.upload(t, `#f-file`, idDoc)
	anna.v.submit(t, `main form[action$="/integrazione"] button[type=submit]`, http.StatusOK)
	anna.v.expectFlash(t, "document sent")
	if got := anna.v.text(t, "main"); !strings.Contains(got, "documento-identita.pdf") {
		t.Errorf("Anna's application does not show the document sent:\n%s", got)
	}
	e.admit(t, coord, anna)

	t.Log("the evaluators declare no conflict and score every application")
	// Means: Anna 6 and 8, Bruno 7 and 6 (both 20 weighted), Carla 8.5 and 9 (26).
	scores := [2]map[*applicant][2]int{
		{anna: {5, 9}, bruno: {8, 5}, carla: {9, 9}},
		{anna: {7, 7}, bruno: {6, 7}, carla: {8, 9}},
	}
	for i, email := range evaluators {
		ev := e.visitor(t, "it")
		e.logIn(t, ev, email, citizenPassword)
		ev.open(t, "/commissione", http.StatusOK)
		e.checkCallPage(t, ev, "commission's calls")
		ev.open(t, ev.attr(t, `main a[href="/commissione/bandi/`+callID+`"]`, "href"), http.StatusOK)
		e.checkCallPage(t, ev, "commission's applications")
		for _, p := range []*applicant{anna, bruno, carla} {
			e.score(t, ev, p, scores[i][p], i == 0 && p == anna)
		}
	}

	t.Log("the provisional ranking breaks the tie by the first criterion")
	coord.open(t, manage+"/domande", http.StatusOK)
	coord.submit(t, `main form[action$="/graduatoria"] button[type=submit]`, http.StatusOK)
	coord.expectFlash(t, "provisional ranking")
	e.checkCallPage(t, coord, "provisional ranking")
	results := strings.Split(outcomeRows(t, coord), "\n") // protocol|applicant|time|status|admissibility|total|result
	for i, want := range []struct {
		p   *applicant
		end string
	}{{anna, "|Ammissibile|20,00|Idonea, oltre i posti disponibili"}, {bruno, "|Ammissibile|20,00|Ammessa"}, {carla, "|Ammissibile|26,00|Ammessa"}} {
		if i >= len(results) || !strings.HasPrefix(results[i], want.p.protocol+"|") || !strings.HasSuffix(results[i], want.end) {
			t.Errorf("the coordinator's table, row %d, is not %s…%s:\n%s", i+1, want.p.protocol, want.end, strings.Join(results, "\n"))
		}
	}
	anon := e.visitor(t, "it")
	anon.open(t, "/bandi/"+callID+"/esito", http.StatusOK)
	wantOrder := []string{"1|" + carla.protocol + "|" + carla.org.name + "|26,00|Ammessa",
		"2|" + bruno.protocol + "|Persona (dati riservati)|20,00|Ammessa",
		"3|" + anna.protocol + "|Persona (dati riservati)|20,00|Idonea, oltre i posti disponibili"}
	if got := outcomeRows(t, anon); got != strings.Join(wantOrder, "\n") {
		t.Errorf("the provisional ranking is\n%s\nwant\n%s", got, strings.Join(wantOrder, "\n"))
	}
	if got := anon.text(t, "main"); !strings.Contains(got, "provvisoria") {
		t.Errorf("the outcome page does not say the ranking is provisional:\n%s", got)
	}

	t.Log("the coordinator publishes the final outcome")
	coord.click(t, `#f-confirm`)
	coord.submit(t, `main form[action$="/esito"] button[type=submit]`, http.StatusOK)
	coord.expectFlash(t, "final outcome")
	e.checkCallPage(t, coord, "final outcome published")
	anon.open(t, "/bandi/"+callID+"/esito", http.StatusOK)
	e.checkCallPage(t, anon, "public outcome")
	if got := outcomeRows(t, anon); got != strings.Join(wantOrder, "\n") {
		t.Errorf("the final ranking is\n%s\nwant\n%s", got, strings.Join(wantOrder, "\n"))
	}
	page := anon.text(t, "main")
	for _, p := range []*applicant{anna, bruno, carla, davide} {
		for _, personal := range append(strings.Fields(p.name), p.email, p.cf) {
			if strings.Contains(page, personal) {
				t.Errorf("the public outcome page shows %q", personal)
			}
		}
	}

	t.Log("every applicant receives the outcome e-mail")
	for _, p := range []*applicant{anna, bruno, carla} {
		o := e.mailWith(t, p.email, "Esito dell'avviso")
		if !strings.Contains(o.Text, "Gentile "+p.name) || !strings.Contains(o.Text, e.srv.URL+p.app) {
			t.Errorf("%s's outcome e-mail:\n%s", p.name, o.Text)
		}
	}

	t.Log("Bruno, admitted, is enrolled in the activators' training track; Anna, eligible, is not")
	const track = "Formazione degli attivatori di comunità – Lunigiana"
	bruno.v.open(t, "/account/percorsi-formativi", http.StatusOK)
	e.checkCallPage(t, bruno.v, "admitted activator's tracks")
	if got := bruno.v.text(t, "main"); !strings.Contains(got, track) {
		t.Errorf("Bruno's training tracks page does not show %q:\n%s", track, got)
	}
	anna.v.open(t, "/account/percorsi-formativi", http.StatusOK)
	if got := anna.v.text(t, "main"); strings.Contains(got, track) {
		t.Errorf("Anna, not admitted, is enrolled in %q", track)
	}
	bruno.v.open(t, bruno.app, http.StatusOK)
	if got := bruno.v.text(t, "main h1 + p"); !strings.Contains(got, "Ammessa") {
		t.Errorf("Bruno's application says %q", got)
	}
	adm.open(t, "/admin/utenti?q="+bruno.email, http.StatusOK)
	adm.open(t, adm.attr(t, `main table a[href^="/admin/utenti/"]`, "href"), http.StatusOK)
	if got := adm.text(t, "main table"); !regexp.MustCompile(`Attivatore di comunità\s+Lunigiana`).MatchString(got) {
		t.Errorf("Bruno's roles:\n%s", got)
	}
	t.Logf("the whole cycle took %s, of which %s waiting for the deadline", time.Since(began).Round(time.Second), wait.Round(time.Second))
}

// apply is one applicant's way to a receipt: the call's page, the form,
// a draft saved, "my applications", the draft again, the submission.
// With wrongCF the first submission carries a codice fiscale with a wrong
// check letter, refused with everything typed kept.
func (e *env) apply(t *testing.T, p *applicant, callID, cv string, wrongCF bool) {
	t.Helper()
	v := p.v
	v.open(t, "/bandi", http.StatusOK)
	v.open(t, v.attr(t, `main a[href="/bandi/`+callID+`"]`, "href"), http.StatusOK)
	e.checkCallPage(t, v, "open call")
	v.open(t, v.attr(t, `main a[href="/bandi/`+callID+`/domanda"]`, "href"), http.StatusOK)
	e.checkCallPage(t, v, "application form")
	cf := p.cf
	if wrongCF {
		cf = p.cf[:15] + string(rune('A'+(p.cf[15]-'A'+1)%26))
	}
	p.fillApplication(t, cf, cv)
	v.submit(t, `main form[action$="/domanda"] button[type=submit]:not([formaction])`, http.StatusOK)
	v.expectFlash(t, "draft saved")
	e.checkCallPage(t, v, "draft saved")

	v.open(t, "/domande", http.StatusOK)
	e.checkCallPage(t, v, "my applications")
	v.open(t, v.attr(t, `main a[href^="/domande/"]`, "href"), http.StatusOK)
	v.open(t, v.attr(t, `main a[href="/bandi/`+callID+`/domanda"]`, "href"), http.StatusOK)
	if got := v.attr(t, `#f-tax_code`, "value"); got != cf {
		t.Fatalf("the draft came back with codice fiscale %q, want %q", got, cf)
	}
	if !strings.Contains(v.text(t, "main form"), "curriculum.pdf") {
		t.Errorf("the draft does not show the CV saved:\n%s", v.text(t, "main form"))
	}
	if wrongCF {
		v.submit(t, `main form button[formaction$="/invia"]`, http.StatusUnprocessableEntity)
		if got := v.text(t, "#f-tax_code-error"); !strings.Contains(got, "Il codice fiscale non è valido") {
			t.Errorf("a wrong codice fiscale: the form says %q", got)
		}
		if got := v.attr(t, `#f-tax_code`, "value"); got != cf {
			t.Errorf("the codice fiscale typed was lost: %q", got)
		}
		if got := v.evalString(t, `document.querySelector("main form textarea").value`); !strings.Contains(got, p.name) {
			t.Errorf("the motivation typed was lost: %q", got)
		}
		e.checkCallPage(t, v, "wrong codice fiscale")
		v.fill(t, map[string]string{`#f-tax_code`: p.cf})
	}
	p.app = v.submit(t, `main form button[formaction$="/invia"]`, http.StatusOK)
	if !regexp.MustCompile(`^/domande/\d+$`).MatchString(p.app) {
		t.Fatalf("after submitting %s is at %s: %s", p.name, p.app, v.text(t, "main"))
	}
	v.expectFlash(t, "submitted")
	if wrongCF { // once, while the receipt shows the withdrawal form
		e.checkCallPage(t, v, "receipt")
	}
}

// checkReceipt checks, after the deadline, what p got on submitting: the
// receipt page's protocol number, time to the second and hash, the same
// in the receipt e-mail and in the receipt PDF.
func (e *env) checkReceipt(t *testing.T, p *applicant, callID, title string) {
	t.Helper()
	v := p.v
	v.open(t, p.app, http.StatusOK)
	e.checkCallPage(t, v, "receipt after the deadline")
	receipt := v.text(t, "#ricevuta + dl")
	m := regexp.MustCompile(`(` + callID + `/\d{4})[\s\S]*?(\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2})[\s\S]*?([0-9a-f]{64})`).FindStringSubmatch(receipt)
	if m == nil {
		t.Fatalf("%s's receipt lacks protocol, time to the second or hash:\n%s", p.name, receipt)
	}
	p.protocol, p.hash = m[1], m[3]
	mail := e.mailWith(t, p.email, "Ricevuta della domanda: "+title)
	if !strings.Contains(mail.Text, p.protocol) || !strings.Contains(mail.Text, p.hash) || !strings.Contains(mail.Text, m[2]) {
		t.Errorf("%s's receipt e-mail lacks %s, %s or %s:\n%s", p.name, p.protocol, m[2], p.hash, mail.Text)
	}
	doc := v.fetch(t, v.attr(t, `main a[href$="/ricevuta.pdf"]`, "href"))
	pdftest.Check(t, doc)
	text := strings.Join(strings.Fields(pdftest.Text(t, doc)), " ")
	if !strings.Contains(text, p.protocol) || !strings.Contains(text, p.hash) || !strings.Contains(text, p.name) {
		t.Errorf("%s's receipt PDF lacks protocol, hash or name:\n%s", p.name, text)
	}
}

// fillApplication fills in the call's form: who applies, every
// declaration, the answers and, if cv is not "", the attachment.
func (p *applicant) fillApplication(t *testing.T, cf, cv string) {
	t.Helper()
	v := p.v
	if !v.has(t, `#f-name`) {
		t.Fatalf("%s finds no application form (did the call close? E2E_CALL_WINDOW widens the window):\n%s", p.name, v.text(t, "main"))
	}
	if p.org != nil {
		v.click(t, `#f-kind-org`)
		v.setValues(t, map[string]string{`#f-org_name`: p.org.name, `#f-org_tax_code`: p.org.cf, `#f-org_vat`: p.org.vat,
			`#f-legal_form`: "aps", `#f-runts`: "RUNTS-" + p.org.cf[:6]})
	}
	v.fill(t, map[string]string{`#f-name`: p.name, `#f-tax_code`: cf, `#f-phone`: "0187 123456"})
	for _, id := range strings.Fields(v.evalString(t, `[...document.querySelectorAll('main form input[type=checkbox][name^="d"]:not(:checked)')].map(c => c.id).join(" ")`)) {
		v.click(t, "#"+id)
	}
	v.click(t, `main form input[type=radio][name^="f"]`)
	v.setValues(t, map[string]string{`main form textarea[name^="f"]`: "Sono " + p.name + " e conosco bene le frazioni della Lunigiana."})
	if cv != "" {
		v.upload(t, `main form input[type=file][name^="f"]`, cv)
	}
}

// admit opens p's application as the coordinator and declares it
// admissible.
func (e *env) admit(t *testing.T, coord *visitor, p *applicant) {
	t.Helper()
	coord.open(t, p.app, http.StatusOK)
	e.checkCallPage(t, coord, "application for the coordinator")
	coord.click(t, `#f-decision-ok`)
	coord.submit(t, `main form[action$="/ammissibilita"] button[type=submit]`, http.StatusOK)
	coord.expectFlash(t, "admissibility decided")
	if got := coord.text(t, "main h1 + p"); !strings.Contains(got, "Ammissibile") {
		t.Errorf("after admitting %s the application says %q", p.name, got)
	}
}

// score is an evaluator's sheet for p: the declaration of no conflict,
// then the points of each criterion with a reason. With overMax a score
// above the criterion's maximum is sent first, and refused with the
// points and reasons typed kept.
func (e *env) score(t *testing.T, ev *visitor, p *applicant, points [2]int, overMax bool) {
	t.Helper()
	ev.open(t, ev.attr(t, `main table a[href="/commissione`+p.app+`"]`, "href"), http.StatusOK)
	if ev.has(t, `main a[href^="/domande/"]`) || strings.Contains(ev.text(t, "main"), p.name) {
		t.Fatalf("the evaluator sees %s's application before declaring", p.name)
	}
	e.checkCallPage(t, ev, "declaration of conflicts")
	ev.click(t, `#f-none`)
	ev.submit(t, `main form[action$="/dichiarazione"] button[type=submit]`, http.StatusOK)
	if !strings.Contains(ev.text(t, "main"), p.name) {
		t.Fatalf("after declaring, the evaluator does not see %s's application", p.name)
	}
	e.checkCallPage(t, ev, "score sheet")
	ids := strings.Fields(ev.evalString(t, `[...document.querySelectorAll('main form input[type=number]')].map(i => i.id).join(" ")`))
	if len(ids) != 2 {
		t.Fatalf("the score sheet has the points inputs %v, want two", ids)
	}
	fields := map[string]string{}
	for i, id := range ids {
		fields["#"+id] = strconv.Itoa(points[i])
		fields["#f-r"+strings.TrimPrefix(id, "f-p")] = fmt.Sprintf("%d punti: motivazione chiara di %s.", points[i], p.name)
	}
	if overMax {
		bad := map[string]string{}
		for k, val := range fields {
			bad[k] = val
		}
		bad["#"+ids[0]] = "11"
		ev.setValues(t, bad)
		ev.submit(t, `main form[action^="/commissione/domande/"]:not([action$="/dichiarazione"]) button[type=submit]`, http.StatusUnprocessableEntity)
		if !ev.has(t, "#"+ids[0]+"-error") || ev.attr(t, "#"+ids[0], "value") != "11" {
			t.Errorf("a score above the maximum: no error on its field or the value lost")
		}
		e.checkCallPage(t, ev, "score refused")
	}
	ev.setValues(t, fields)
	ev.submit(t, `main form[action^="/commissione/domande/"]:not([action$="/dichiarazione"]) button[type=submit]`, http.StatusOK)
	ev.expectFlash(t, "scores saved")
}

// outcomeRows reads the outcome table, one line per row, cells joined by |.
func outcomeRows(t *testing.T, v *visitor) string {
	t.Helper()
	return v.evalString(t, `[...document.querySelectorAll("main table tbody tr")].map(r => [...r.children].map(c => c.textContent.trim()).join("|")).join("\n")`)
}

// grantRole grants role in zone to the account of email through the
// administrator's user screen.
func (e *env) grantRole(t *testing.T, adm *visitor, email, role, zone, roleName string) {
	t.Helper()
	adm.open(t, "/admin/utenti?q="+email, http.StatusOK)
	adm.open(t, adm.attr(t, `main table a[href^="/admin/utenti/"]`, "href"), http.StatusOK)
	adm.setValues(t, map[string]string{`#f-role`: role, `#f-zone`: zone})
	adm.submit(t, `main form[action$="/ruoli"] button[type=submit]`, http.StatusOK)
	if !strings.Contains(adm.text(t, "main table"), roleName) {
		t.Fatalf("the role %s was not granted to %s: %s", role, email, adm.text(t, "main"))
	}
}

// mailWith waits for an e-mail to addr whose subject contains subject.
func (e *env) mailWith(t *testing.T, addr, subject string) mailtest.Received {
	t.Helper()
	deadline := time.Now().Add(mailWait)
	for {
		for _, m := range e.mail.To(addr) {
			if strings.Contains(m.Subject, subject) {
				return m
			}
		}
		if time.Now().After(deadline) {
			var got []string
			for _, m := range e.mail.To(addr) {
				got = append(got, m.Subject)
			}
			t.Fatalf("no e-mail %q to %s within %s; received: %q", subject, addr, mailWait, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkCallPage runs the page checks and keeps the page for the Nu Html
// Checker, once per kind of page (where): the same page for the next
// applicant or application is not checked again, which keeps the
// applications short enough for the deadline. The browser's problems
// are still reported, by the next check of that visitor.
func (e *env) checkCallPage(t *testing.T, v *visitor, where string) {
	t.Helper()
	name := "calls-" + where
	if _, err := os.Stat(filepath.Join(e.htmlDir, strings.NewReplacer("/", "_", " ", "_").Replace(name)+".html")); err == nil {
		return
	}
	v.checkPageA11y(t, where)
	saveHTML(t, v, e.htmlDir, name)
}

// writePDF writes a one-page PDF saying text into the test's folder.
func writePDF(t *testing.T, name, text string) string {
	t.Helper()
	d := pdf.New()
	d.AddPage().Text(72, 760, pdf.HelveticaBold, 16, text)
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// personCF completes the first 15 characters of a personal codice fiscale
// with its check letter, computed here as the Agenzia delle Entrate
// describes it: the values of the characters in odd positions from a
// table, those in even positions as they are, the sum modulo 26.
func personCF(first15 string) string {
	odd := [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
		1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23} // A-Z
	sum := 0
	for i, c := range first15 {
		k := int(c - '0')
		if c >= 'A' {
			k = 10 + int(c-'A')
		}
		if i%2 == 0 {
			sum += odd[k]
		} else if c >= 'A' {
			sum += int(c - 'A')
		} else {
			sum += int(c - '0')
		}
	}
	return first15 + string(rune('A'+sum%26))
}

// partitaIVA completes ten digits with the check digit (Luhn).
func partitaIVA(first10 string) string {
	sum := 0
	for i, c := range first10 {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return first10 + strconv.Itoa((10-sum%10)%10)
}
