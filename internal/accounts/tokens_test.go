package accounts_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// resetLink asks for a password reset for email and returns the e-mailed
// link (the n-th e-mail to that address).
func resetLink(t *testing.T, env *apptest.Env, email string, n int) string {
	t.Helper()
	env.Client().PostForm("/password-dimenticata", url.Values{"email": {email}})
	return link(t, env, lastMail(t, env, email, n), "/reimposta-password?token=")
}

func TestExpiredResetLinkIsRefusedWithAWayToGetANewOne(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "scaduto@example.org", firstPassword)
		l := resetLink(t, env, "scaduto@example.org", 1)
		c := env.Client()
		form := c.Get(l)
		if form.Status != http.StatusOK {
			t.Fatalf("fresh link: %d", form.Status)
		}
		exec(t, d, `UPDATE account_tokens SET expires_at = ? WHERE token_hash = ?`, db.Now().Add(-time.Minute), hashOf(tokenOf(t, l)))
		for _, res := range []*apptest.Response{
			c.Get(l),
			c.Submit(form, "main form", url.Values{"password": {secondPassword}, "confirm": {secondPassword}}),
		} {
			if res.Status != http.StatusGone || !res.Contains("scaduto") || !res.Has(`main a[href="/password-dimenticata"]`) {
				t.Errorf("expired link: %d\n%s", res.Status, res.Text("main"))
			}
		}
		env.Client().Login(t, "scaduto@example.org", firstPassword)
	})
}

func TestResetLinkWorksOnceAndASecondSubmitIsExplained(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "unavolta@example.org", firstPassword)
		earlier := resetLink(t, env, "unavolta@example.org", 1)
		l := resetLink(t, env, "unavolta@example.org", 2)
		c := env.Client()
		form := c.Get(l)
		fields := url.Values{"password": {secondPassword}, "confirm": {secondPassword}}
		if res := c.Submit(form, "main form", fields); res.Path() != "/accedi" {
			t.Fatalf("first use: %s %d", res.URL, res.Status)
		}
		// The double click, the reopened link and the older e-mail's link.
		again := c.Submit(form, "main form", fields)
		if again.Status != http.StatusGone || !again.Contains("già stato usato") {
			t.Errorf("second submit: %d\n%s", again.Status, again.Text("main"))
		}
		if res := c.Get(l); res.Status != http.StatusGone {
			t.Errorf("used link reopened: %d", res.Status)
		}
		if res := c.Get(earlier); res.Status != http.StatusGone {
			t.Errorf("older link still works after a reset: %d", res.Status)
		}
		env.Client().Login(t, "unavolta@example.org", secondPassword)
	})
}

func TestGarbledLinksAreExplainedNotErrors(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		for _, path := range []string{"/reimposta-password?token=not-a-token", "/verifica-email?token=", "/verifica-email",
			"/reimposta-password?token=" + url.QueryEscape("\xff\xfe"), "/verifica-email?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"} {
			if res := c.Get(path); res.Status != http.StatusGone || !res.Contains("non è valido") {
				t.Errorf("%s: %d", path, res.Status)
			}
		}
		res := c.PostForm("/verifica-email", url.Values{"token": {"garbage"}})
		if res.Status != http.StatusGone {
			t.Errorf("POST of a garbage verification token: %d", res.Status)
		}
	})
}

func TestVerificationLinkClickedTwiceStillConfirms(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		signUp(c, "Due Volte", "duevolte@example.org", firstPassword)
		page := c.Get(link(t, env, lastMail(t, env, "duevolte@example.org", 1), "/verifica-email?token="))
		c.Submit(page, "main form", nil)
		if res := c.Submit(page, "main form", nil); res.Path() != "/accedi" || !res.Contains("Indirizzo confermato") {
			t.Fatalf("second confirmation: %s %d", res.URL, res.Status)
		}
	})
}

func TestUnverifiedLoginResendsALinkAtMostEveryTenMinutes(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		signUp(c, "Senza Conferma", "senzaconferma@example.org", firstPassword)
		lastMail(t, env, "senzaconferma@example.org", 1)
		login := url.Values{"email": {"senzaconferma@example.org"}, "password": {firstPassword}}
		if res := c.PostForm("/accedi", login); res.Status != http.StatusForbidden || !res.Contains("non è ancora attivo") {
			t.Fatalf("unverified login: %d", res.Status)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM account_tokens`); n != 1 {
			t.Fatalf("%d links right after sign-up, want 1", n)
		}
		// The first link expired long ago: the next login sends a new one.
		exec(t, d, `UPDATE account_tokens SET created_at = ?, expires_at = ?`, db.Now().Add(-72*time.Hour), db.Now().Add(-24*time.Hour))
		c.PostForm("/accedi", login)
		page := c.Get(link(t, env, lastMail(t, env, "senzaconferma@example.org", 2), "/verifica-email?token="))
		c.Submit(page, "main form", nil)
		c.Login(t, "senzaconferma@example.org", firstPassword)
	})
}
