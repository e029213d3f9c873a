package accounts_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestSignUpVerifyLoginLogoutForgotResetAndLoginWithTheNewPassword(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		email := "maria.rossi@example.org"
		c := env.Client()

		res := signUp(c, "Maria Rossi", "Maria.Rossi@Example.org", firstPassword)
		if res.Path() != "/registrati/controlla-email" || !res.Contains("Controlla la tua e-mail") {
			t.Fatalf("after sign-up: %s %d", res.URL, res.Status)
		}
		verify := lastMail(t, env, email, 1)
		if !strings.Contains(verify.Text, "Gentile Maria Rossi") || !strings.Contains(verify.Text, "48 ore") {
			t.Errorf("verification e-mail:\n%s", verify.Text)
		}
		res = c.PostForm("/accedi", url.Values{"email": {email}, "password": {firstPassword}})
		if res.Status != http.StatusForbidden || c.Cookie("session") != "" {
			t.Fatalf("an unverified account logged in: %d", res.Status)
		}

		// Opening the link changes nothing; the button confirms.
		verifyLink := link(t, env, verify, "/verifica-email?token=")
		page := c.Get(verifyLink)
		if page.Status != http.StatusOK || count(t, d, `SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL`) != 0 {
			t.Fatalf("GET of the verification link verified the address (or failed: %d)", page.Status)
		}
		res = c.Submit(page, "main form", nil)
		if res.Path() != "/accedi" || !res.Contains("Indirizzo confermato") {
			t.Fatalf("after verifying: %s\n%s", res.URL, res.Text("main"))
		}

		c.Login(t, email, firstPassword)
		res = c.Get("/account")
		if !res.Contains(email) || !res.Contains("Maria Rossi") {
			t.Fatalf("account page:\n%s", res.Text("main"))
		}
		res = c.Submit(res, `form[action="/esci"]`, nil)
		if res.Path() != "/" || c.Cookie("session") != "" || !res.Contains("Sei uscito") {
			t.Fatalf("after logout: %s, cookie %q", res.URL, c.Cookie("session"))
		}
		if res := c.Get("/account"); res.Path() != "/accedi" {
			t.Fatalf("/account after logout is at %s", res.URL)
		}

		res = c.PostForm("/password-dimenticata", url.Values{"email": {email}})
		if res.Path() != "/password-dimenticata" || !res.Has("main [role=status]") {
			t.Fatalf("forgot password answer: %s", res.URL)
		}
		resetLink := link(t, env, lastMail(t, env, email, 2), "/reimposta-password?token=")
		page = c.Get(resetLink)
		res = c.Submit(page, "main form", url.Values{"password": {secondPassword}, "confirm": {secondPassword}})
		if res.Path() != "/accedi" || !res.Contains("nuova password") {
			t.Fatalf("after reset: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		notice := lastMail(t, env, email, 3)
		if !strings.Contains(notice.Subject, "password") {
			t.Errorf("no password-changed notice, got %q", notice.Subject)
		}

		res = c.PostForm("/accedi", url.Values{"email": {email}, "password": {firstPassword}})
		if res.Status != http.StatusUnprocessableEntity || !res.Has("#form-errors") || c.Cookie("session") != "" {
			t.Fatalf("old password after reset: %d", res.Status)
		}
		c.Login(t, email, secondPassword)

		entries, _, err := audit.List(t.Context(), d, audit.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			seen[e.Action] = true
			for _, pw := range []string{firstPassword, secondPassword} {
				if strings.Contains(e.Before+e.After+e.ActorLabel, pw) {
					t.Errorf("audit entry %s holds a password", e.Action)
				}
			}
		}
		for _, a := range []string{"account.signup", "account.verify_email", "auth.login", "auth.logout", "auth.login_failure", "account.password_reset"} {
			if !seen[a] {
				t.Errorf("audit log has no %s entry", a)
			}
		}
		if u := i18n.Unknown(); len(u) > 0 {
			t.Errorf("message keys missing from the catalogue: %v", u)
		}
	})
}

func TestSignUpAnswersTheSameForRegisteredAndNewAddresses(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "gia.registrata@example.org", firstPassword)
		known := signUp(env.Client(), "Gia Registrata", "gia.registrata@example.org", secondPassword)
		fresh := signUp(env.Client(), "Nuova Persona", "nuova.persona@example.org", secondPassword)
		if known.Status != fresh.Status || known.Path() != fresh.Path() || known.Body != fresh.Body {
			t.Fatalf("sign-up answers differ: %d %s vs %d %s", known.Status, known.URL, fresh.Status, fresh.URL)
		}
		m := lastMail(t, env, "gia.registrata@example.org", 1)
		if !strings.Contains(m.Text, env.URL+"/accedi") || !strings.Contains(m.Text, env.URL+"/password-dimenticata") {
			t.Errorf("the owner of the address is not told how to log in or reset:\n%s", m.Text)
		}
		// The existing account is untouched: its password still works.
		env.Client().Login(t, "gia.registrata@example.org", firstPassword)
	})
}

func TestForgotPasswordAnswersTheSameForRegisteredAndUnknownAddresses(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "registrato@example.org", firstPassword)
		known := env.Client().PostForm("/password-dimenticata", url.Values{"email": {"registrato@example.org"}})
		unknown := env.Client().PostForm("/password-dimenticata", url.Values{"email": {"sconosciuto@example.org"}})
		if known.Status != unknown.Status || known.Body != unknown.Body || len(known.Redirects) != len(unknown.Redirects) {
			t.Fatalf("forgot-password answers differ: %d vs %d", known.Status, unknown.Status)
		}
		lastMail(t, env, "registrato@example.org", 1)
		if n := count(t, d, `SELECT COUNT(*) FROM jobs WHERE payload LIKE ?`, "%sconosciuto@example.org%"); n != 0 {
			t.Errorf("%d e-mails queued for an unknown address", n)
		}
	})
}

func TestDoubleSubmittedSignUpSendsOneVerificationAndNoWarning(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		first := signUp(c, "Doppio Clic", "doppio@example.org", firstPassword)
		second := signUp(c, "Doppio Clic", "doppio@example.org", firstPassword)
		if first.Path() != "/registrati/controlla-email" || second.Body != first.Body {
			t.Fatalf("double submission: %s then %s", first.URL, second.URL)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM jobs WHERE payload LIKE ?`, "%doppio@example.org%"); n != 1 {
			t.Fatalf("%d e-mails queued, want the one verification", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM users WHERE email = ?`, "doppio@example.org"); n != 1 {
			t.Fatalf("%d accounts", n)
		}
	})
}
