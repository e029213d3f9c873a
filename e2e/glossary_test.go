//go:build e2e

package e2e

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// testGlossary is the life of a reader's proposal in Chromium: a visitor
// without an account proposes a new term, leaving her e-mail address; an
// administrator grants the glossary editor role to a newly registered
// account; that editor accepts the proposal with an edit of the
// definition; the term is then found by the search box in the header with
// a query in the plural and without accents; and the proposer receives
// the acceptance e-mail at the test's SMTP server.
func (e *env) testGlossary(t *testing.T) {
	const term = "Farmacia di prossimità"
	const slug = "farmacia-di-prossimita"
	proposerEmail := "proponente-" + randomHex(t, 3) + "@example.org"

	t.Log("a visitor without an account proposes a term")
	proposer := e.visitor(t, "it")
	proposer.open(t, "/glossario/proponi", http.StatusOK)
	proposer.setValues(t, map[string]string{`#f-term_it`: term,
		`#f-definition_it`: "Una farmacia vicino a casa dove si misura la pressione.",
		`#f-name`:          "Lucia Verdi", `#f-email`: proposerEmail})
	proposer.click(t, `#f-consent`)
	if got := proposer.submit(t, `main form[action="/glossario/proponi"] button[type=submit]`, http.StatusOK); got != "/glossario/proposta-inviata" {
		t.Fatalf("after proposing, the browser is at %s: %s", got, proposer.text(t, "main"))
	}
	proposer.checkClean(t, "glossary proposal sent")

	t.Log("an administrator makes a new account a glossary editor")
	editorEmail := "redattrice-" + randomHex(t, 3) + "@example.org"
	e.registerAccount(t, "Elena Redattrice", editorEmail, citizenPassword)
	adm := e.visitor(t, "it")
	e.signIn(t, adm, admin)
	adm.open(t, "/admin/utenti?q="+editorEmail, http.StatusOK)
	user := adm.attr(t, `main table a[href^="/admin/utenti/"]`, "href")
	adm.open(t, user, http.StatusOK)
	adm.setValues(t, map[string]string{`#f-role`: "glossary_editor", `#f-zone`: "*"})
	adm.submit(t, `main form[action$="/ruoli"] button[type=submit]`, http.StatusOK)
	if !strings.Contains(adm.text(t, "main"), "Redattore del glossario") {
		t.Fatalf("the role was not granted: %s", adm.text(t, "main"))
	}

	t.Log("the editor accepts the proposal with an edit of the definition")
	editor := e.visitor(t, "it")
	e.logIn(t, editor, editorEmail, citizenPassword)
	editor.open(t, "/gestione/glossario/proposte", http.StatusOK)
	review := evalString(t, editor, `[...document.querySelectorAll('main a[href^="/gestione/glossario/proposte/"]')]
		.filter(a => a.textContent.includes("`+term+`")).map(a => a.getAttribute("href")).join(" ")`)
	if review == "" || strings.Contains(review, " ") {
		t.Fatalf("the queue has no single link to the proposal: %q", review)
	}
	editor.open(t, review, http.StatusOK)
	edited := "Una farmacia vicino a casa dove si misura la pressione e si prenotano le visite senza prenotazione online."
	editor.setValues(t, map[string]string{`#f-definition_it`: edited})
	editor.click(t, `#f-status-published`)
	editor.submit(t, `main form[action$="/accetta"] button[type=submit][value=save]`, http.StatusOK)
	editor.checkClean(t, "proposal accepted")
	editor.open(t, "/glossario/"+slug, http.StatusOK)
	if got := editor.text(t, "main"); !strings.Contains(got, edited) {
		t.Fatalf("the term page does not show the edited definition: %s", got)
	}

	t.Log("a visitor finds the term with the header search box: plural, no accents")
	reader := e.visitor(t, "it")
	reader.setValues(t, map[string]string{`#header-search-q`: "farmacie prossimita"})
	if got := reader.submit(t, `header form[action="/cerca"] button[type=submit]`, http.StatusOK); got != "/cerca?q=farmacie+prossimita" {
		t.Fatalf("the search box led to %s", got)
	}
	hits := evalString(t, reader, `[...document.querySelectorAll('ol.search-results a')].map(a => a.getAttribute("href")).join(" ")`)
	if !strings.Contains(" "+hits+" ", " /glossario/"+slug+" ") {
		t.Fatalf("the accepted term is not among the results: %q; page: %s", hits, reader.text(t, "main"))
	}
	if snippet := reader.text(t, "ol.search-results"); !strings.Contains(snippet, "prenotazione") {
		t.Errorf("the result does not show the edited definition: %s", snippet)
	}
	reader.checkClean(t, "search results")

	t.Log("the proposer receives the acceptance e-mail")
	m := e.mail.WaitFor(t, proposerEmail, 1, mailWait)[0]
	if !strings.Contains(m.Subject, "«"+term+"» è stata accettata") || !strings.Contains(m.Text, "Gentile Lucia Verdi") ||
		!strings.Contains(m.Text, "/glossario/"+slug) {
		t.Errorf("acceptance e-mail %q:\n%s", m.Subject, m.Text)
	}
}

// evalString runs a JavaScript expression giving a string in v's page.
func evalString(t *testing.T, v *visitor, expr string) string {
	t.Helper()
	s, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}
