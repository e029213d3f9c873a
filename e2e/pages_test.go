//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"testing"
)

// pageType is one kind of page the suite checks for accessibility and
// cleanliness, in every language. Adding a page type is one line here.
type pageType struct {
	name string
	path string
	// status is the HTTP status the page answers with; 0 means 200.
	status int
	// as is who visits the page: anyone, a signed-in citizen, or an admin.
	as role
	// follow, when set, is a CSS selector of a link on path to follow, for
	// pages whose URL is only known at run time (a user's own page).
	follow string
	// submit, when set, is a CSS selector of a button clicked before the
	// check, with the form left as it is: the page then shows its errors.
	// submitStatus is the status of the answer (0 means 200).
	submit       string
	submitStatus int
	// mobile also checks the page on a phone-sized viewport.
	mobile bool
}

// role is who is signed in.
type role int

const (
	anyone  role = iota // not signed in
	citizen             // a verified account with no role
	admin               // a regional administrator
)

// pageTypes are every page type that exists. Pages that need a valid
// one-time link (verify, reset, confirm a new address) are checked in the
// account flow, which has the e-mails.
var pageTypes = []pageType{
	{name: "home", path: "/", mobile: true},
	{name: "privacy", path: "/privacy"},
	{name: "legal-notes", path: "/note-legali"},
	{name: "accessibility-statement", path: "/accessibilita"},
	{name: "not-found", path: "/non-esiste", status: http.StatusNotFound},

	{name: "signup", path: "/registrati", mobile: true},
	{name: "signup-errors", path: "/registrati", submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "signup-sent", path: "/registrati/controlla-email"},
	{name: "login", path: "/accedi", mobile: true},
	{name: "login-errors", path: "/accedi", submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "forgot-password", path: "/password-dimenticata"},
	{name: "reset-password-bad-link", path: "/reimposta-password?token=not-a-token", status: http.StatusGone},
	{name: "verify-email-bad-link", path: "/verifica-email?token=not-a-token", status: http.StatusGone},

	{name: "account", path: "/account", as: citizen},
	{name: "account-name", path: "/account/nome", as: citizen},
	{name: "account-password", path: "/account/password", as: citizen},
	{name: "account-password-errors", path: "/account/password", as: citizen, submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "account-email", path: "/account/email", as: citizen},
	{name: "account-email-confirm-bad-link", path: "/account/email/conferma?token=not-a-token", as: citizen, status: http.StatusGone},
	{name: "forbidden", path: "/admin", as: citizen, status: http.StatusForbidden},

	{name: "territories", path: "/territori"},
	{name: "territory", path: "/territori/amiata-grossetana-colline-metallifere-grossetana", mobile: true},
	{name: "paths", path: "/percorsi"},
	{name: "path", path: "/percorsi/cantiere-della-salute-lunigiana", mobile: true},
	{name: "path-schedule", path: "/percorsi/cantiere-della-salute-lunigiana/cronoprogramma", mobile: true},
	{name: "path-unknown", path: "/percorsi/non-esiste", status: http.StatusNotFound},
	{name: "news", path: "/notizie", mobile: true},
	{name: "news-item", path: "/notizie", follow: `main a[href^="/notizie/"]:not([href*="feed"])`, mobile: true},
	{name: "faq", path: "/faq", mobile: true},
	{name: "glossary", path: "/glossario"},
	{name: "glossary-letter", path: "/glossario/lettera/c"},
	{name: "glossary-term", path: "/glossario", follow: `main a[href^="/glossario/"]:not([href*="lettera"]):not([href*="proponi"])`},
	{name: "glossary-propose", path: "/glossario/proponi"},
	{name: "search", path: "/cerca?q=salute"},
	{name: "newsletter", path: "/newsletter", mobile: true},
	{name: "newsletter-errors", path: "/newsletter", submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "newsletter-archive", path: "/newsletter/archivio"},
	{name: "search-empty", path: "/cerca?q=zzzzqqq"},
	{name: "calendar", path: "/calendario", mobile: true},
	{name: "calendar-month", path: "/calendario", follow: `main nav a[href*="mese="]`, mobile: true},
	{name: "activity", path: "/calendario", follow: `main li h3 a[href^="/attivita/"]`, mobile: true},
	{name: "activities-manage", path: "/gestione/attivita", as: admin},
	{name: "tracks-manage", path: "/gestione/percorsi-formativi", as: admin},
	{name: "track", path: "/gestione/percorsi-formativi", follow: `main tbody th a[href^="/gestione/percorsi-formativi/"]`, as: admin},
	{name: "track-new", path: "/gestione/percorsi-formativi/nuovo", as: admin},
	{name: "track-new-errors", path: "/gestione/percorsi-formativi/nuovo", as: admin, submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "my-tracks", path: "/account/percorsi-formativi", as: citizen},
	{name: "certificate-check", path: "/attestati", mobile: true},
	{name: "certificate-unknown", path: "/attestati/2222-3333-4444", status: http.StatusNotFound},
	{name: "certificate-check-errors", path: "/attestati?codice=abc", status: http.StatusUnprocessableEntity},
	{name: "activity-attendance", path: "/gestione/attivita", follow: `main a[href$="/presenze"]`, as: admin},

	{name: "calls", path: "/bandi", mobile: true},
	{name: "call", path: "/bandi", follow: `main h3 a[href^="/bandi/"]`, mobile: true},
	{name: "call-outcome", path: "/bandi", follow: `main a[href$="/esito"]`, mobile: true},
	{name: "call-apply", path: "/bandi", follow: `main a[href$="/domanda"]`, as: citizen, mobile: true},
	{name: "call-apply-errors", path: "/bandi", follow: `main a[href$="/domanda"]`, as: citizen, submit: `main form button[formaction$="/invia"]`, submitStatus: http.StatusUnprocessableEntity},
	{name: "my-applications", path: "/domande", as: citizen},
	{name: "calls-manage", path: "/gestione/bandi", as: admin},
	{name: "call-manage", path: "/gestione/bandi", follow: `main table a[href^="/gestione/bandi/"]`, as: admin},
	{name: "call-new-errors", path: "/gestione/bandi/nuovo", as: admin, submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "commission", path: "/commissione", as: admin},

	{name: "admin", path: "/admin", as: admin},
	{name: "admin-users", path: "/admin/utenti", as: admin},
	{name: "admin-user", path: "/admin/utenti", follow: `main a[href^="/admin/utenti/"]`, as: admin},
	{name: "admin-audit", path: "/admin/audit", as: admin},
	{name: "admin-outbox", path: "/admin/outbox", as: admin},
	{name: "admin-jobs", path: "/admin/jobs", as: admin},
	{name: "manage", path: "/gestione", as: admin},
	{name: "manage-texts", path: "/gestione/testi", as: admin},
	{name: "manage-text", path: "/gestione/testi/programma", as: admin},
	{name: "manage-paths", path: "/gestione/percorsi", as: admin},
	{name: "manage-path", path: "/gestione/percorsi/cantiere-della-salute-lunigiana", as: admin},
	{name: "manage-news", path: "/gestione/notizie", as: admin},
	{name: "manage-faq", path: "/gestione/faq", as: admin},
	{name: "manage-glossary", path: "/gestione/glossario", as: admin},
	{name: "manage-glossary-proposals", path: "/gestione/glossario/proposte", as: admin},
}

// submitButton is the main form's submit button on a page.
const submitButton = `main form button[type=submit]`

// phoneWidth and phoneHeight are the viewport of the mobile checks, in
// CSS pixels: an iPhone SE (2nd gen) or 8.
const phoneWidth, phoneHeight = 375, 667

// testPages checks every page type in Italian and in English, and the
// mobile ones on a phone viewport (in Italian only with pagesItalianOnly).
func (e *env) testPages(t *testing.T) {
	langs := []string{"it", "en"}
	if e.pagesItalianOnly {
		langs = langs[:1]
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			visitors := map[role]*visitor{
				anyone:  e.visitor(t, lang),
				citizen: e.visitor(t, lang),
				admin:   e.visitor(t, lang),
			}
			for _, p := range pageTypes {
				t.Run(p.name, func(t *testing.T) {
					v := visitors[p.as]
					e.signIn(t, v, p.as)
					checkPage(t, v, p, lang)
					saveHTML(t, v, e.htmlDir, lang+"-"+p.name)
				})
			}
		})
	}
	if e.pagesItalianOnly {
		return
	}
	t.Run("mobile", func(t *testing.T) {
		v := e.visitor(t, "it")
		v.viewport(t, phoneWidth, phoneHeight, true)
		for _, p := range pageTypes {
			if !p.mobile {
				continue
			}
			t.Run(p.name, func(t *testing.T) {
				checkPage(t, v, p, "it")
				v.noSidewaysScroll(t, p.name)
			})
		}
	})
}

// checkPage opens the page, follows and submits what p asks, then checks
// the language, the headings, axe-core's WCAG 2.1 AA rules, and that the
// browser saw no error, CSP violation or foreign request on the way.
func checkPage(t *testing.T, v *visitor, p pageType, lang string) {
	t.Helper()
	v.takeProblems() // what came before belongs to another check
	v.open(t, p.path, orOK(p.status))
	if p.follow != "" {
		href := v.attr(t, p.follow, "href")
		if href == "" {
			t.Fatalf("%s: no link %s on %s", p.name, p.follow, p.path)
		}
		v.open(t, href, http.StatusOK)
	}
	if p.submit != "" {
		v.submit(t, p.submit, orOK(p.submitStatus))
	}
	where := fmt.Sprintf("%s (%s)", p.name, lang)
	if got := v.attr(t, "html", "lang"); got != lang {
		t.Errorf("%s: <html lang=%q>, want %q", where, got, lang)
	}
	if !v.has(t, "h1") {
		t.Errorf("%s: no <h1>", where)
	}
	v.axeCheck(t, where)
	v.checkClean(t, where)
}

func orOK(status int) int {
	if status == 0 {
		return http.StatusOK
	}
	return status
}
