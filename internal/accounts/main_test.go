package accounts_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// Passwords that satisfy the policy.
const (
	firstPassword  = "Tramonto-sul-Serchio-2026"
	secondPassword = "Colline di Lucca al mattino"
)

// signUp submits the sign-up form.
func signUp(c *apptest.Client, name, email, password string) *apptest.Response {
	return c.PostForm("/registrati", url.Values{"name": {name}, "email": {email}, "password": {password},
		"confirm": {password}, "privacy": {"1"}})
}

// link returns the link in m that starts with the app's URL and path.
func link(t *testing.T, env *apptest.Env, m mailtest.Received, path string) string {
	t.Helper()
	for _, l := range m.Links() {
		if strings.HasPrefix(l, env.URL+path) {
			return l
		}
	}
	t.Fatalf("no link to %s in the e-mail %q:\n%s", path, m.Subject, m.Text)
	return ""
}

// lastMail waits for the n-th e-mail to addr and returns it.
func lastMail(t *testing.T, env *apptest.Env, addr string, n int) mailtest.Received {
	t.Helper()
	got := env.Mail.WaitFor(t, addr, n, apptest.MailWait)
	m := got[n-1]
	if strings.Contains(m.Text, "⟦") || strings.Contains(m.Subject, "⟦") {
		t.Errorf("e-mail %q uses a missing message key:\n%s", m.Subject, m.Text)
	}
	return m
}

// count runs a COUNT(*) query.
func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// exec runs a writing statement.
func exec(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	if _, err := d.Exec(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// hashOf is how the database stores a secret (a session cookie, a token).
func hashOf(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// tokenOf extracts the token of a one-time link.
func tokenOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}
