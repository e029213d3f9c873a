package accounts_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func failLogin(t *testing.T, c *apptest.Client, email string) {
	t.Helper()
	res := c.PostForm("/accedi", url.Values{"email": {email}, "password": {"not the password at all"}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("failed login for %s: status %d, want 422", email, res.Status)
	}
}

func TestFailedLoginsAreThrottledPerEmailTheSameWayForUnknownAddresses(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "vittima@example.org", firstPassword)
		c := env.Client()
		for range accounts.MaxFailuresPerEmail {
			failLogin(t, c, "vittima@example.org")
			failLogin(t, c, "nessuno@example.org")
		}
		// Even the right password is refused now; the page does not tell
		// whether the account exists.
		known := c.PostForm("/accedi", url.Values{"email": {"vittima@example.org"}, "password": {firstPassword}})
		unknown := c.PostForm("/accedi", url.Values{"email": {"nessuno@example.org"}, "password": {firstPassword}})
		if known.Status != http.StatusTooManyRequests || unknown.Status != http.StatusTooManyRequests {
			t.Fatalf("statuses %d and %d, want 429", known.Status, unknown.Status)
		}
		if known.Body != unknown.Body {
			t.Error("the throttling page differs between a registered and an unknown address")
		}
		if !known.Contains("15 minuti") || !known.Has(`a[href="/password-dimenticata"]`) || c.Cookie("session") != "" {
			t.Errorf("throttling page does not say to wait or offer the reset:\n%s", known.Text("main"))
		}
		// Another account from the same address is not affected.
		env.CreateUser(t, "altra@example.org", secondPassword)
		env.Client().Login(t, "altra@example.org", secondPassword)

		// Once the failures leave the window, the owner can log in again.
		exec(t, d, `UPDATE login_failures SET at = ?`, db.Now().Add(-accounts.ThrottleWindow-time.Minute))
		env.Client().Login(t, "vittima@example.org", firstPassword)
	})
}

func TestFailedLoginsAreThrottledPerClientAddress(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "onesta@example.org", firstPassword)
		c := env.Client()
		for i := range accounts.MaxFailuresPerIP {
			failLogin(t, c, fmt.Sprintf("tentativo%d@example.org", i))
		}
		res := env.Client().PostForm("/accedi", url.Values{"email": {"onesta@example.org"}, "password": {firstPassword}})
		if res.Status != http.StatusTooManyRequests {
			t.Fatalf("after %d failures from one address: status %d, want 429", accounts.MaxFailuresPerIP, res.Status)
		}
	})
}

func TestOldLoginFailuresAndExpiredSessionsArePruned(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		id := env.CreateUser(t, "pulizia@example.org", firstPassword)
		old := db.Now().Add(-accounts.ThrottleWindow - time.Minute)
		exec(t, d, `INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?), (?, ?, ?)`,
			"a@example.org", "192.0.2.1", old, "b@example.org", "192.0.2.1", db.Now())
		exec(t, d, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)`,
			"stale", id, old, db.Now().Add(time.Hour), db.Now().Add(-accounts.SessionIdle-time.Hour),
			"live", id, db.Now(), db.Now().Add(time.Hour), db.Now())
		s := env.Accounts()
		if err := s.PruneLoginFailures(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := s.PruneSessions(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM login_failures`); n != 1 {
			t.Errorf("%d login failures left, want the recent one", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions WHERE id_hash = 'live'`); n != 1 || count(t, d, `SELECT COUNT(*) FROM sessions`) != 1 {
			t.Errorf("sessions left: want only the live one")
		}
	})
}
