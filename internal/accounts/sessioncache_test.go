package accounts_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/roles"
)

// The sessions kept in memory by the session loader (sessionCache) must
// never outlive a change: a logout, a revoked role or a disabled user
// takes effect on the very next request, even one that a moment before
// was answered from the cache.

func TestLogoutEndsACachedSessionAtTheNextRequest(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "uscita@example.org", firstPassword)
		owner := env.Client()
		owner.Login(t, "uscita@example.org", firstPassword)
		copied := env.Client() // the same session from elsewhere
		copied.SetCookie(&http.Cookie{Name: "session", Value: owner.Cookie("session")})
		for range 3 {
			if res := copied.Get("/account"); res.Status != http.StatusOK || res.Path() != "/account" {
				t.Fatalf("the session before the logout: %d at %s", res.Status, res.URL)
			}
		}
		owner.PostForm("/esci", nil)
		if res := copied.Get("/account"); res.Path() != "/accedi" {
			t.Fatalf("the session still works right after the logout: %s", res.URL)
		}
	})
}

func TestRevokedRoleIsGoneAtTheNextRequest(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		env := apptest.New(t, d)
		id := env.CreateUser(t, "revocata@example.org", firstPassword, authz.Grant{Role: authz.Admin})
		c := env.Client()
		c.Login(t, "revocata@example.org", firstPassword)
		for range 3 {
			if res := c.Get("/admin"); res.Status != http.StatusOK {
				t.Fatalf("/admin with the role: %d", res.Status)
			}
		}
		grants, err := roles.List(ctx, d, id)
		if err != nil || len(grants) != 1 {
			t.Fatalf("grants: %v %v", grants, err)
		}
		if err := roles.Revoke(ctx, d, roles.Actor{Label: "test"}, id, grants[0].ID); err != nil {
			t.Fatal(err)
		}
		if res := c.Get("/admin"); res.Status != http.StatusForbidden {
			t.Fatalf("/admin right after the role was revoked: %d", res.Status)
		}
		if res := c.Get("/account"); res.Status != http.StatusOK || res.Path() != "/account" {
			t.Fatalf("the session itself should still work: %d at %s", res.Status, res.URL)
		}
	})
}

func TestDisabledUserLosesACachedSessionAtTheNextRequest(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "fermata@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "fermata@example.org", firstPassword)
		c.Get("/account")
		c.Get("/account")
		exec(t, d, `UPDATE users SET disabled = TRUE WHERE email = ?`, "fermata@example.org")
		if res := c.Get("/account"); res.Path() != "/accedi" {
			t.Fatalf("a disabled user's cached session still works: %s", res.URL)
		}
	})
}

// TestSessionWrittenElsewhereIsReadAgainWithinASecond: a write the
// process does not see (another instance, a command on the same file;
// here a statement past the db package) reaches the loader within the
// cache's time to live.
func TestSessionWrittenElsewhereIsReadAgainWithinASecond(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "altrove@example.org", firstPassword)
		c := env.Client()
		c.Login(t, "altrove@example.org", firstPassword)
		c.Get("/account")
		if _, err := d.W.ExecContext(context.Background(), d.Q(`DELETE FROM sessions WHERE id_hash = ?`), hashOf(c.Cookie("session"))); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(1100 * time.Millisecond)
		for {
			res := c.Get("/account")
			if res.Path() == "/accedi" {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("a session deleted elsewhere still works after more than a second: %s", res.URL)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}
