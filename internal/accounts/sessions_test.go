package accounts_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestLoginGivesANewSessionAndDeletesTheOldOne(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "sessione@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "sessione@example.org", firstPassword)
		first := c.Cookie("session")
		c.Login(t, "sessione@example.org", firstPassword)
		second := c.Cookie("session")
		if first == "" || second == first {
			t.Fatalf("session cookie not renewed at login: %q then %q", first, second)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE id_hash = ?`, hashOf(first)); n != 0 {
			t.Fatal("the session of before the login still exists")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE id_hash = ?`, hashOf(second)); n != 1 {
			t.Fatal("the new session is not stored by its hash")
		}
		// The old cookie opens nothing, and is cleared.
		old := env.Client()
		old.SetCookie(&http.Cookie{Name: "session", Value: first})
		if res := old.Get("/account"); res.Path() != "/accedi" || old.Cookie("session") != "" {
			t.Fatalf("old session cookie: at %s, cookie %q", res.URL, old.Cookie("session"))
		}
	})
}

func TestSessionCookieIsHttpOnlyAndLax(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "cookie@example.org", firstPassword)
		c := env.Client()
		c.FollowRedirects = false
		res := c.PostForm("/accedi", url.Values{"email": {"cookie@example.org"}, "password": {firstPassword}})
		sc := res.Header.Get("Set-Cookie")
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(sc, "session=") || !strings.Contains(sc, "HttpOnly") ||
			!strings.Contains(sc, "SameSite=Lax") || strings.Contains(sc, "Secure") {
			t.Fatalf("login answer %d with Set-Cookie %q", res.Status, sc)
		}
	})
}

func TestLoginReturnsOnlyToPagesOfTheSite(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "next@example.org", firstPassword)
		for next, want := range map[string]string{
			"/account":             "/account",
			"//evil.com":           "/",
			"https://evil.com":     "/",
			"/\\evil.com":          "/",
			"/\t/evil.com":         "/",
			"javascript:alert(1)":  "/",
			"":                     "/",
			"/account/email?x=%2F": "/account/email?x=%2F",
		} {
			c := env.Client()
			c.FollowRedirects = false
			res := c.PostForm("/accedi", url.Values{"email": {"next@example.org"}, "password": {firstPassword}, "next": {next}})
			if res.Status != http.StatusSeeOther || res.Location() != want {
				t.Errorf("next=%q: %d to %q, want %q", next, res.Status, res.Location(), want)
			}
		}
	})
}

func TestProtectedPageSendsVisitorsToLoginAndBack(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "ritorno@example.org", firstPassword)
		c := env.Client()
		page := c.Get("/account/password")
		if page.Path() != "/accedi" || !page.Contains("Accedi per continuare") {
			t.Fatalf("/account/password without a session: %s", page.URL)
		}
		res := c.Submit(page, "main form", url.Values{"email": {"ritorno@example.org"}, "password": {firstPassword}})
		if res.Path() != "/account/password" {
			t.Fatalf("after login the visitor is at %s, want /account/password", res.URL)
		}
	})
}

func TestResetEndsEverySessionOfTheUser(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "rubata@example.org", firstPassword)
		thief := env.Client()
		thief.Login(t, "rubata@example.org", firstPassword)
		l := resetLink(t, env, "rubata@example.org", 1)
		owner := env.Client()
		owner.Submit(owner.Get(l), "main form", url.Values{"password": {secondPassword}, "confirm": {secondPassword}})
		if res := thief.Get("/account"); res.Path() != "/accedi" {
			t.Fatalf("a session opened before the reset still works: %s", res.URL)
		}
	})
}

func TestDisabledUserCannotLogInAndLosesTheirSession(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "sospeso@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "sospeso@example.org", firstPassword)
		exec(t, d, `UPDATE users SET disabled = TRUE WHERE email = ?`, "sospeso@example.org")
		if res := c.Get("/account"); res.Path() != "/accedi" {
			t.Fatalf("a disabled user's session still works: %s", res.URL)
		}
		res := env.Client().PostForm("/accedi", url.Values{"email": {"sospeso@example.org"}, "password": {firstPassword}})
		if res.Status != http.StatusForbidden || !res.Contains("sospeso") {
			t.Fatalf("disabled login: %d\n%s", res.Status, res.Text("main"))
		}
	})
}

func TestLogoutWithoutSessionJustGoesHome(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		if res := env.Client().PostForm("/esci", nil); res.Status != http.StatusOK || res.Path() != "/" {
			t.Fatalf("logout without a session: %d at %s", res.Status, res.URL)
		}
	})
}
