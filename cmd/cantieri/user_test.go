package main

import (
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var linkRE = regexp.MustCompile(`https?://\S+`)

// cli runs cantieri with args against d and the app of env, and returns
// its output and the first link in it.
func cli(t *testing.T, env *apptest.Env, d *db.DB, args ...string) (string, string, error) {
	t.Helper()
	var out bytes.Buffer
	full := append(args[:2:2], "--database", d.Location, "--base-url", env.URL, "--log-level", "error")
	full = append(full, args[2:]...)
	err := run(context.Background(), full, &out)
	return out.String(), linkRE.FindString(out.String()), err
}

func TestCreateAdminPrintsAWorkingLinkAndSetsNoPassword(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		out, link, err := cli(t, env, d, "user", "create-admin", "Capo@Example.org")
		if err != nil {
			t.Fatalf("create-admin: %v\n%s", err, out)
		}
		if !strings.HasPrefix(link, env.URL+"/reimposta-password?token=") {
			t.Fatalf("no password-set link in the output:\n%s", out)
		}
		var hash string
		var verified bool
		if err := d.QueryRow(context.Background(), `SELECT password_hash, email_verified_at IS NOT NULL FROM users WHERE email = ?`,
			"capo@example.org").Scan(&hash, &verified); err != nil {
			t.Fatal(err)
		}
		if hash != "" || !verified {
			t.Fatalf("admin created with password hash %q, verified %v", hash, verified)
		}
		// The same link arrives by e-mail.
		m := env.Mail.WaitFor(t, "capo@example.org", 1, apptest.MailWait)[0]
		if !strings.Contains(m.Text, link) {
			t.Errorf("the e-mail does not carry the printed link:\n%s", m.Text)
		}

		c := env.Client()
		res := c.Submit(c.Get(link), "main form", url.Values{"password": {"Ponte-Vecchio-sotto-la-pioggia"}, "confirm": {"Ponte-Vecchio-sotto-la-pioggia"}})
		if res.Path() != "/accedi" {
			t.Fatalf("setting the password ended at %s (%d)", res.URL, res.Status)
		}
		c.Login(t, "capo@example.org", "Ponte-Vecchio-sotto-la-pioggia")
		if !c.Get("/account").Contains("Amministrazione regionale") {
			t.Fatal("the new account is not an admin")
		}

		// Running it again keeps the account and its password.
		out, _, err = cli(t, env, d, "user", "create-admin", "capo@example.org")
		if err != nil || !strings.Contains(out, "already exists") {
			t.Fatalf("second create-admin: %v\n%s", err, out)
		}
		env.Client().Login(t, "capo@example.org", "Ponte-Vecchio-sotto-la-pioggia")
	})
}

func TestResetPasswordPrintsALinkOnlyForAnExistingAccount(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "smemorato@example.org", "Tramonto-sul-Serchio-2026")
		out, link, err := cli(t, env, d, "user", "reset-password", "smemorato@example.org")
		if err != nil || !strings.HasPrefix(link, env.URL+"/reimposta-password?token=") {
			t.Fatalf("reset-password: %v\n%s", err, out)
		}
		c := env.Client()
		c.Submit(c.Get(link), "main form", url.Values{"password": {"Colline di Lucca al mattino"}, "confirm": {"Colline di Lucca al mattino"}})
		c.Login(t, "smemorato@example.org", "Colline di Lucca al mattino")

		if out, _, err := cli(t, env, d, "user", "reset-password", "nessuno@example.org"); err == nil {
			t.Fatalf("reset-password for an unknown address succeeded:\n%s", out)
		}
		if err := run(context.Background(), []string{"user", "create-admin"}, &bytes.Buffer{}); err == nil {
			t.Fatal("create-admin without an address succeeded")
		}
	})
}
