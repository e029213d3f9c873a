// Package apptest runs the real Cantieri application for tests: app.New on
// a test database, behind a real HTTP server (httptest), with e-mails going
// out over SMTP to a real test server (mailtest) through the job queue. Each
// Client has its own cookie jar, like one browser.
//
//	func TestSomething(t *testing.T) {
//		dbtest.Engines(t, func(t *testing.T, d *db.DB) {
//			env := apptest.New(t, d)
//			env.CreateUser(t, "ada@example.org", "a long passphrase", authz.Grant{Role: authz.Coordinator, ZoneID: "lunigiana"})
//			c := env.Client()
//			c.Login(t, "ada@example.org", "a long passphrase")
//			res := c.Get("/account")
//			if res.Status != 200 || !res.Contains("ada@example.org") { … }
//			mails := env.Mail.WaitFor(t, "ada@example.org", 1, apptest.MailWait)
//		})
//	}
//
// Set CANTIERI_TEST_LOG=1 to see the application's log on stderr.
package apptest

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
	"github.com/cantieri/cantieri/internal/roles"
)

// MailWait is a generous bound for an e-mail to arrive through the queue;
// tests wait for messages, they never assert on how long they took.
const MailWait = 30 * time.Second

// Env is a running application.
type Env struct {
	t testing.TB
	// App is the application, built exactly as `cantieri serve` builds it.
	App *app.App
	// DB is the database the application runs on.
	DB *db.DB
	// Mail is the SMTP server that receives every e-mail the app sends.
	Mail *mailtest.Server
	// Server is the HTTP server; URL is its base URL, also the app's
	// configured --base-url, so links in e-mails point at it.
	Server *httptest.Server
	URL    string
	// Log is the application's logger.
	Log *slog.Logger
}

// Option changes the environment before the app is built.
type Option func(*settings)

type settings struct {
	cfg *config.Config
	log *slog.Logger
}

// WithConfig lets the test change the configuration (its SMTP settings and
// base URL are set by New afterwards).
func WithConfig(fn func(*config.Config)) Option { return func(s *settings) { fn(s.cfg) } }

// WithLog sets the application's logger.
func WithLog(l *slog.Logger) Option { return func(s *settings) { s.log = l } }

// New starts the application on d (a fresh database from dbtest) and stops
// it when the test ends.
func New(t testing.TB, d *db.DB, opts ...Option) *Env {
	t.Helper()
	s := &settings{cfg: config.Defaults(), log: defaultLog()}
	s.cfg.DataDir = t.TempDir() // never the default ./data, inside the source tree
	for _, o := range opts {
		o(s)
	}
	env := &Env{t: t, DB: d, Log: s.log, Mail: mailtest.Start(t)}
	mc := env.Mail.Config()
	s.cfg.SMTPHost, s.cfg.SMTPPort, s.cfg.SMTPFrom, s.cfg.SMTPTLS = mc.Host, mc.Port, mc.From, mc.TLS
	s.cfg.JobPollInterval = 25 * time.Millisecond

	// The listener exists before the app, so the app knows its own URL.
	env.Server = httptest.NewUnstartedServer(nil)
	env.URL = "http://" + env.Server.Listener.Addr().String()
	s.cfg.BaseURL = env.URL

	ctx := context.Background()
	a, err := app.New(ctx, s.cfg, d, s.log)
	if err != nil {
		t.Fatalf("apptest: build the app: %v", err)
	}
	env.App = a
	env.Server.Config.Handler = a.Handler
	env.Server.Start()
	t.Cleanup(env.Server.Close)

	workCtx, stop := context.WithCancel(ctx)
	done := a.StartWorkers(workCtx)
	t.Cleanup(func() {
		stop()
		<-done
	})
	return env
}

func defaultLog() *slog.Logger {
	if os.Getenv("CANTIERI_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Accounts returns the account service of the app's database.
func (e *Env) Accounts() *accounts.Service {
	return accounts.NewService(e.DB, e.URL, e.Log)
}

// CreateUser creates a verified account with password (the password
// policy is not applied), named after the part of the address before the
// @, and grants it the given roles; it returns the user's id.
func (e *Env) CreateUser(t testing.TB, email, password string, grants ...authz.Grant) int64 {
	t.Helper()
	ctx := context.Background()
	id, err := e.Accounts().CreateUser(ctx, accounts.NewUser{Email: email, Name: localPart(email), Password: password, Verified: true})
	if err != nil {
		t.Fatalf("apptest: create user %s: %v", email, err)
	}
	for _, g := range grants {
		if err := roles.Grant(ctx, e.DB, roles.Actor{Label: "apptest"}, id, g.Role, g.ZoneID); err != nil {
			t.Fatalf("apptest: grant %s in %q to %s: %v", g.Role, g.ZoneID, email, err)
		}
	}
	return id
}

func localPart(email string) string {
	local, _, _ := strings.Cut(email, "@")
	return local
}
