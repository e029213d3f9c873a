package accounts_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestAccountPageListsRolesWithTheirTerritories(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "coordinatrice@example.org", firstPassword,
			authz.Grant{Role: authz.Coordinator, ZoneID: "lunigiana"}, authz.Grant{Role: authz.Monitor})
		c := env.Client()
		c.Login(t, "coordinatrice@example.org", firstPassword)
		main := c.Get("/account").Text("main")
		for _, want := range []string{"coordinatrice@example.org", "Coordinamento — Lunigiana", "Monitoraggio e valutazione — tutti i territori"} {
			if !strings.Contains(main, want) {
				t.Errorf("account page lacks %q:\n%s", want, main)
			}
		}
	})
}

func TestChangeNameKeepsWhatWasTypedOnError(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "nome@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "nome@example.org", firstPassword)
		bad := c.PostForm("/account/nome", url.Values{"name": {"Anna\x00Neri"}})
		if bad.Status != http.StatusUnprocessableEntity || !bad.Has("#f-name-error") {
			t.Fatalf("name with a NUL: %d", bad.Status)
		}
		res := c.Submit(c.Get("/account/nome"), "main form", url.Values{"name": {"  Anna   Neri "}})
		if res.Path() != "/account" || !res.Contains("Anna Neri") || !res.Has("main [role=status]") {
			t.Fatalf("after renaming: %s\n%s", res.URL, res.Text("main"))
		}
	})
}

func TestChangePasswordNeedsTheCurrentOneAndEndsOtherSessions(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "cambio@example.org", firstPassword)
		other := env.Client()
		other.Login(t, "cambio@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "cambio@example.org", firstPassword)

		wrong := c.PostForm("/account/password", url.Values{"current": {"not my password"}, "password": {secondPassword}, "confirm": {secondPassword}})
		if wrong.Status != http.StatusUnprocessableEntity || !strings.Contains(wrong.Text("#f-current-error"), "non è corretta") {
			t.Fatalf("wrong current password: %d", wrong.Status)
		}
		weak := c.PostForm("/account/password", url.Values{"current": {firstPassword}, "password": {"password123"}, "confirm": {"password123"}})
		if weak.Status != http.StatusUnprocessableEntity || !weak.Has("#f-password-error") {
			t.Fatalf("weak new password: %d", weak.Status)
		}
		res := c.PostForm("/account/password", url.Values{"current": {firstPassword}, "password": {secondPassword}, "confirm": {secondPassword}})
		if res.Path() != "/account" || !res.Contains("Password cambiata") {
			t.Fatalf("after the change: %s %d", res.URL, res.Status)
		}
		if res := c.Get("/account"); res.Path() != "/account" {
			t.Fatal("the session that changed the password was ended")
		}
		if res := other.Get("/account"); res.Path() != "/accedi" {
			t.Fatal("another session survived the password change")
		}
		if m := lastMail(t, env, "cambio@example.org", 1); !strings.Contains(m.Subject, "password") {
			t.Errorf("notice e-mail: %q", m.Subject)
		}
		env.Client().Login(t, "cambio@example.org", secondPassword)
	})
}

func TestChangeEmailIsConfirmedByTheNewAddressAndNoticedToTheOld(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "vecchio@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "vecchio@example.org", firstPassword)

		same := c.PostForm("/account/email", url.Values{"email": {"Vecchio@example.org"}, "current": {firstPassword}})
		if same.Status != http.StatusUnprocessableEntity || !same.Has("#f-email-error") {
			t.Fatalf("same address: %d", same.Status)
		}
		wrong := c.PostForm("/account/email", url.Values{"email": {"nuovo@example.org"}, "current": {"sbagliata!"}})
		if wrong.Status != http.StatusUnprocessableEntity || wrong.Attr("#f-email", "value") != "nuovo@example.org" {
			t.Fatalf("wrong password: %d", wrong.Status)
		}
		res := c.PostForm("/account/email", url.Values{"email": {"nuovo@example.org"}, "current": {firstPassword}})
		if res.Path() != "/account" || !res.Has("main [role=status]") {
			t.Fatalf("after asking: %s %d", res.URL, res.Status)
		}
		if m := lastMail(t, env, "vecchio@example.org", 1); !strings.Contains(m.Text, "n***@example.org") {
			t.Errorf("the old address was not told:\n%s", m.Text)
		}
		confirm := link(t, env, lastMail(t, env, "nuovo@example.org", 1), "/account/email/conferma?token=")

		// Another account cannot use the link.
		env.CreateUser(t, "estraneo@example.org", secondPassword)
		stranger := env.Client()
		stranger.Login(t, "estraneo@example.org", secondPassword)
		if res := stranger.Get(confirm); res.Status != http.StatusGone {
			t.Errorf("someone else's confirmation link: %d", res.Status)
		}

		page := c.Get(confirm)
		if !page.Contains("nuovo@example.org") {
			t.Fatalf("confirmation page:\n%s", page.Text("main"))
		}
		res = c.Submit(page, "main form", nil)
		if res.Path() != "/account" || !res.Contains("nuovo@example.org") {
			t.Fatalf("after confirming: %s\n%s", res.URL, res.Text("main"))
		}
		lastMail(t, env, "vecchio@example.org", 2)
		if res := c.Submit(page, "main form", nil); res.Status != http.StatusGone {
			t.Errorf("confirmation link used twice: %d", res.Status)
		}
		env.Client().Login(t, "nuovo@example.org", firstPassword)
	})
}

func TestChangeToAnAddressInUseTellsThatAddressNotTheRequester(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "richiedente@example.org", firstPassword)
		env.CreateUser(t, "occupato@example.org", secondPassword)
		c := env.Client()
		c.Login(t, "richiedente@example.org", firstPassword)
		taken := c.PostForm("/account/email", url.Values{"email": {"occupato@example.org"}, "current": {firstPassword}})
		free := c.PostForm("/account/email", url.Values{"email": {"libero@example.org"}, "current": {firstPassword}})
		if taken.Status != free.Status || taken.Path() != free.Path() || taken.Text("main") != free.Text("main") {
			t.Fatalf("answers differ: %d %s vs %d %s", taken.Status, taken.URL, free.Status, free.URL)
		}
		m := lastMail(t, env, "occupato@example.org", 1)
		for _, l := range m.Links() {
			if strings.Contains(l, "/account/email/conferma") {
				t.Fatalf("the address in use received a confirmation link:\n%s", m.Text)
			}
		}
	})
}
