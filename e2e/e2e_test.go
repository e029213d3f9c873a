//go:build e2e

package e2e

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

// TestE2E builds the binary once, starts one Chromium, and runs the whole
// suite against the binary on each engine, the two engines in parallel.
// Each engine gets its own server, database, data folder and SMTP server.
func TestE2E(t *testing.T) {
	bin := buildBinary(t)
	browser := startBrowser(t)
	engines := []struct {
		name     string
		database func(t *testing.T) string
	}{
		{"sqlite", func(*testing.T) string { return "" }},
		{"postgres", func(t *testing.T) string { return dbtest.PostgresURL(t) }},
	}
	for _, engine := range engines {
		t.Run(engine.name, func(t *testing.T) {
			t.Parallel()
			mail := mailtest.Start(t)
			srv := startServer(t, bin, engine.database(t), mail.Addr())
			srv.loadDemo(t)
			e := &env{srv: srv, mail: mail, browser: browser, htmlDir: t.TempDir()}
			// The page types' templates are the same on both engines: the
			// English and phone passes run once, on SQLite; PostgreSQL
			// renders every page type in Italian (a 500 or a different
			// page on that engine still shows), to keep CI in its budget.
			e.pagesItalianOnly = engine.name == "postgres"
			t.Run("activities", e.testActivities) // before a11y: it publishes the activity its page types show
			t.Run("attendance", e.testAttendance) // before html-validity, which checks the pages it saves
			t.Run("glossary", e.testGlossary)
			t.Run("tracks", e.testTracks) // before html-validity, which checks the pages it saves
			t.Run("calls", e.testCalls)   // before html-validity, which checks the pages it saves
			t.Run("a11y", e.testPages)
			t.Run("html-validity", func(t *testing.T) { checkValidity(t, e.htmlDir) })
			t.Run("accounts", e.testAccountFlow)
			// Both engines: what is stored, and how it reads back, is each
			// engine's; PostgreSQL gets the sample of the corpus in every
			// form, to keep CI in its budget (docs/security.md).
			e.xssSampleOnly = engine.name == "postgres"
			t.Run("xss", e.testXSS)
			// Last: SIGTERM must end the server with status 0.
			t.Run("graceful-shutdown", srv.stop)
		})
	}
}

// env is one running cantieri with its SMTP server and the shared browser.
type env struct {
	srv     *server
	mail    *mailtest.Server
	browser context.Context
	// htmlDir keeps every checked page for the Nu Html Checker.
	htmlDir string

	// pagesItalianOnly checks the page types in Italian only, without
	// the English and phone passes.
	pagesItalianOnly bool
	// xssSampleOnly gives every form of the XSS suite the sample of the
	// corpus (xssSampleIndexes) rather than all of it.
	xssSampleOnly bool

	accountsMu sync.Mutex
	accounts   map[role]string // e-mail of the citizen and the admin, once created
}

// visitor opens a new visitor (its own cookies) that reads the site in
// lang, chosen with the language switch as a person would: headless
// Chromium asks for English, which the site would otherwise follow.
func (e *env) visitor(t *testing.T, lang string) *visitor {
	t.Helper()
	v := newVisitor(t, e.browser, e.srv.URL)
	v.open(t, "/lingua/"+lang+"?next=/", http.StatusOK)
	if got := v.attr(t, "html", "lang"); got != lang {
		t.Fatalf("after /lingua/%s the home page has <html lang=%q>", lang, got)
	}
	v.checkClean(t, "language switch")
	return v
}
