//go:build e2e

package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Passwords that satisfy the policy (long, not common, not made of the
// name or the address).
const (
	firstPassword   = "Tramonto-sul-Serchio-2026"
	secondPassword  = "Colline-di-Lucca-al-mattino"
	citizenPassword = "Mura-di-Lucca-in-bicicletta"
	adminPassword   = "Ponte-Vecchio-sotto-la-pioggia"
)

// mailWait is how long an e-mail may take: it goes through the job queue.
const mailWait = 30 * time.Second

// testAccountFlow is the account life cycle in Chromium, through the forms:
// sign up; a login before verifying is refused with an explanation; verify
// the address with the link e-mailed to the test's SMTP server; log in; log
// out; reset the password with the e-mailed link; the old password is
// refused, the new one works, the used link is refused.
func (e *env) testAccountFlow(t *testing.T) {
	v := e.visitor(t, "it")
	email := "cittadina-" + randomHex(t, 4) + "@example.org"

	t.Log("sign up")
	v.open(t, "/registrati", http.StatusOK)
	v.checkPageA11y(t, "sign-up form")
	v.fill(t, map[string]string{
		`input[name=name]`:     "Maria Rossi",
		`input[name=email]`:    email,
		`input[name=password]`: firstPassword,
		`input[name=confirm]`:  firstPassword,
	})
	v.click(t, `input[name=privacy]`)
	if got := v.submit(t, submitButton, http.StatusOK); got != "/registrati/controlla-email" {
		t.Fatalf("after sign-up the browser is at %s, want /registrati/controlla-email", got)
	}
	v.checkPageA11y(t, "check-your-e-mail page")

	t.Log("logging in before verifying explains what to do")
	v.open(t, "/accedi", http.StatusOK)
	v.fill(t, map[string]string{`input[name=email]`: email, `input[name=password]`: firstPassword})
	v.submit(t, submitButton, http.StatusForbidden)
	v.checkPageA11y(t, "unverified-account page")

	t.Log("verify the address with the e-mailed link")
	verifyMail := e.mail.WaitFor(t, email, 1, mailWait)[0]
	if strings.TrimSpace(verifyMail.Subject) == "" {
		t.Errorf("verification e-mail has no subject")
	}
	link := mailLink(t, verifyMail.Text, e.srv.URL+"/verifica-email?token=")
	v.open(t, link, http.StatusOK)
	v.checkPageA11y(t, "verify page")
	if got := v.submit(t, submitButton, http.StatusOK); !strings.HasPrefix(got, "/accedi") {
		t.Fatalf("after verifying, the browser is at %s, want /accedi", got)
	}
	v.expectFlash(t, "after verifying")

	t.Log("log in")
	e.logIn(t, v, email, firstPassword)
	v.open(t, "/account", http.StatusOK)
	if page := v.text(t, "main"); !strings.Contains(page, email) {
		t.Errorf("/account does not show %s:\n%s", email, page)
	}
	v.checkPageA11y(t, "account page of a citizen")

	t.Log("log out")
	e.logOut(t, v)

	t.Log("ask for a password reset")
	v.open(t, "/password-dimenticata", http.StatusOK)
	v.fill(t, map[string]string{`input[name=email]`: email})
	v.submit(t, submitButton, http.StatusOK)
	v.expectFlash(t, "after asking for a reset")
	v.checkClean(t, "forgot-password answer")
	msgs := e.mail.WaitFor(t, email, 2, mailWait)
	resetMail := msgs[len(msgs)-1]
	link = mailLink(t, resetMail.Text, e.srv.URL+"/reimposta-password?token=")

	t.Log("set a new password with the e-mailed link")
	v.open(t, link, http.StatusOK)
	v.checkPageA11y(t, "reset form")
	v.fill(t, map[string]string{
		`input[name=password]`: secondPassword,
		`input[name=confirm]`:  secondPassword,
	})
	if got := v.submit(t, submitButton, http.StatusOK); !strings.HasPrefix(got, "/accedi") {
		t.Fatalf("after the reset, the browser is at %s, want /accedi", got)
	}
	v.expectFlash(t, "after the reset")

	t.Log("the old password is refused, the new one works")
	v.fill(t, map[string]string{`input[name=email]`: email, `input[name=password]`: firstPassword})
	if got := v.submit(t, submitButton, http.StatusUnprocessableEntity); !strings.HasPrefix(got, "/accedi") {
		t.Errorf("login with the old password ended at %s", got)
	}
	if !v.has(t, "#form-errors") {
		t.Errorf("login with the old password shows no error summary")
	}
	v.checkPageA11y(t, "login refused")
	e.logIn(t, v, email, secondPassword)
	v.open(t, "/account", http.StatusOK)
	v.checkClean(t, "account after the reset")

	t.Log("the reset link works only once")
	v.open(t, link, http.StatusGone)
	v.checkClean(t, "used reset link")
}

// logIn signs the visitor in through the login form and fails unless the
// session works: /account opens without a detour to the login page.
func (e *env) logIn(t *testing.T, v *visitor, email, password string) {
	t.Helper()
	v.open(t, "/accedi", http.StatusOK)
	v.fill(t, map[string]string{`input[name=email]`: email, `input[name=password]`: password})
	v.submit(t, submitButton, http.StatusOK)
	if got := v.open(t, "/account", http.StatusOK); got != "/account" {
		t.Fatalf("after logging in as %s, /account sent the browser to %s", email, got)
	}
	v.checkClean(t, "log in")
}

// logOut clicks the logout button and checks that /account then asks for
// a login.
func (e *env) logOut(t *testing.T, v *visitor) {
	t.Helper()
	v.open(t, "/account", http.StatusOK)
	v.submit(t, `form[action="/esci"] button[type=submit]`, http.StatusOK)
	if got := v.open(t, "/account", http.StatusOK); !strings.HasPrefix(got, "/accedi") {
		t.Fatalf("after logging out, /account is at %s, want the login page", got)
	}
	v.checkClean(t, "log out")
}

// signIn signs v in as who, once: the citizen and the administrator of
// this server are created the first time they are needed.
func (e *env) signIn(t *testing.T, v *visitor, who role) {
	t.Helper()
	if who == anyone || v.signedIn {
		return
	}
	e.logIn(t, v, e.account(t, who), passwordOf[who])
	v.signedIn = true
}

// passwordOf is the password of each kind of account the suite creates.
var passwordOf = map[role]string{citizen: citizenPassword, admin: adminPassword}

// account returns the e-mail address of this server's account for who,
// creating it the first time.
func (e *env) account(t *testing.T, who role) string {
	t.Helper()
	e.accountsMu.Lock()
	defer e.accountsMu.Unlock()
	if email := e.accounts[who]; email != "" {
		return email
	}
	var email string
	switch who {
	case citizen:
		email = e.registerCitizen(t)
	case admin:
		email = e.createAdmin(t)
	}
	if e.accounts == nil {
		e.accounts = map[role]string{}
	}
	e.accounts[who] = email
	return email
}

// registerCitizen signs up through the form and verifies the address with
// the e-mailed link, as a citizen would.
func (e *env) registerCitizen(t *testing.T) string {
	t.Helper()
	email := "cittadino-" + randomHex(t, 4) + "@example.org"
	e.registerAccount(t, "Giovanni Bianchi", email, citizenPassword)
	return email
}

// registerAccount signs name up with email and password through the form
// and verifies the address with the e-mailed link.
func (e *env) registerAccount(t *testing.T, name, email, password string) {
	t.Helper()
	v := newVisitor(t, e.browser, e.srv.URL)
	v.open(t, "/registrati", http.StatusOK)
	v.fill(t, map[string]string{
		`input[name=name]`:     name,
		`input[name=email]`:    email,
		`input[name=password]`: password,
		`input[name=confirm]`:  password,
	})
	v.click(t, `input[name=privacy]`)
	v.submit(t, submitButton, http.StatusOK)
	link := mailLink(t, e.mail.WaitFor(t, email, 1, mailWait)[0].Text, e.srv.URL+"/verifica-email?token=")
	v.open(t, link, http.StatusOK)
	v.submit(t, submitButton, http.StatusOK)
	v.checkClean(t, "account sign-up")
}

// createAdmin creates an administrator with `cantieri user create-admin`,
// as an operator would, and sets its password with the link it prints.
func (e *env) createAdmin(t *testing.T) string {
	t.Helper()
	email := "admin-" + randomHex(t, 4) + "@example.org"
	out := e.srv.cli(t, "user", "create-admin", email)
	link := mailLink(t, out, e.srv.URL+"/")
	v := newVisitor(t, e.browser, e.srv.URL)
	v.open(t, link, http.StatusOK)
	v.fill(t, map[string]string{
		`input[name=password]`: adminPassword,
		`input[name=confirm]`:  adminPassword,
	})
	v.submit(t, submitButton, http.StatusOK)
	v.checkClean(t, "admin password set")
	return email
}

// mailLink returns the first link in text that starts with prefix.
func mailLink(t *testing.T, text, prefix string) string {
	t.Helper()
	link, err := findLink(text, prefix)
	if err != nil {
		t.Fatal(err)
	}
	return link
}

// checkPageA11y runs axe-core on the current page and checks that the
// browser reported no problem.
func (v *visitor) checkPageA11y(t *testing.T, where string) {
	t.Helper()
	v.axeCheck(t, where)
	v.checkClean(t, where)
}

// expectFlash fails unless the page shows a confirmation message.
func (v *visitor) expectFlash(t *testing.T, where string) {
	t.Helper()
	if !v.has(t, `main [role=status]`) {
		t.Errorf("%s: no confirmation message on the page", where)
	}
}

// click clicks the first element matching sel.
func (v *visitor) click(t *testing.T, sel string) {
	t.Helper()
	if err := chromedp.Do(v.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
