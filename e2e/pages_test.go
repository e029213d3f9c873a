//go:build e2e

package e2e

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// pageType is one kind of page the suite checks for accessibility and
// cleanliness, in every language. Adding a page type is one line here.
type pageType struct {
	name string
	path string
	// status is the HTTP status the page answers with; 0 means 200.
	status int
	// admin visits the page signed in as an administrator.
	admin bool
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

// pageTypes are every page type that exists. Keep them in the order a
// visitor would meet them; signed-in pages last.
var pageTypes = []pageType{
	{name: "home", path: "/", mobile: true},
	{name: "privacy", path: "/privacy"},
	{name: "legal-notes", path: "/note-legali"},
	{name: "accessibility-statement", path: "/accessibilita"},
	{name: "not-found", path: "/non-esiste", status: http.StatusNotFound},

	{name: "signup", path: "/registrati", mobile: true},
	{name: "signup-errors", path: "/registrati", submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "login", path: "/accedi"},
	{name: "login-errors", path: "/accedi", submit: submitButton, submitStatus: http.StatusUnprocessableEntity},
	{name: "forgot-password", path: "/password-dimenticata"},
	{name: "reset-password-bad-link", path: "/reimposta-password?token=not-a-token", status: http.StatusGone},
	{name: "verify-email-bad-link", path: "/verifica-email?token=not-a-token", status: http.StatusGone},

	{name: "account", path: "/account", admin: true},
	{name: "account-password", path: "/account/password", admin: true},
	{name: "account-email", path: "/account/email", admin: true},
	{name: "admin", path: "/admin", admin: true},
	{name: "admin-users", path: "/admin/utenti", admin: true},
	{name: "admin-user", path: "/admin/utenti", follow: `main a[href^="/admin/utenti/"]`, admin: true},
	{name: "admin-audit", path: "/admin/audit", admin: true},
	{name: "admin-outbox", path: "/admin/outbox", admin: true},
	{name: "admin-jobs", path: "/admin/jobs", admin: true},
}

// submitButton is the main form's submit button on a page.
const submitButton = `main form button[type=submit]`

// phone is the viewport of the mobile checks: an iPhone SE / 8.
const phoneWidth, phoneHeight = 375, 667

// testPages checks every page type in Italian and in English, and the
// mobile ones on a phone viewport.
func (e *env) testPages(t *testing.T) {
	for _, lang := range []string{"it", "en"} {
		t.Run(lang, func(t *testing.T) {
			anon := e.visitor(t, lang)
			admin := e.visitor(t, lang)
			for _, p := range pageTypes {
				t.Run(p.name, func(t *testing.T) {
					v := anon
					if p.admin {
						v = admin
						e.signInAdmin(t, v)
					}
					checkPage(t, v, p, lang)
				})
			}
		})
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
				// WCAG 1.4.10: content reflows, with no sideways scrolling.
				w, err := chromedp.Run(v.ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
				if err != nil {
					t.Fatal(err)
				}
				if w[0] > w[1] {
					t.Errorf("%s scrolls sideways on a %dpx wide phone: the page is %dpx wide", p.name, w[1], w[0])
				}
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
