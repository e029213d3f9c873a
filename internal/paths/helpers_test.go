package paths_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// The zones of the tests: coordinators are granted zone A.
const (
	zoneA = "lunigiana"
	zoneB = "valdichiana-aretina"
)

// env is the real application on a test database, with an admin, a
// coordinator of zone A and one of zone B.
type env struct {
	t            *testing.T
	a            *app.App
	d            *db.DB
	admin        *authz.Principal
	coordA       *authz.Principal
	coordB       *authz.Principal
	participant  *authz.Principal
	committeeOfA *authz.Principal
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, a: a, d: d}
	e.admin = e.user("admin@example.org", authz.Grant{Role: authz.Admin})
	e.coordA = e.user("coord.a@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
	e.coordB = e.user("coord.b@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneB})
	e.participant = e.user("cittadina@example.org")
	e.committeeOfA = e.user("comitato@example.org", authz.Grant{Role: authz.CommitteeMember, ZoneID: zoneA})
	return e
}

// user creates an account with grants directly in the tables of other
// features (the test needs rows, not their flows) and returns its
// principal.
func (e *env) user(email string, grants ...authz.Grant) *authz.Principal {
	e.t.Helper()
	ctx := context.Background()
	now := db.Now()
	id, err := e.d.InsertID(ctx, `INSERT INTO users (email, name, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		email, email, now, now, now)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, g := range grants {
		var zone any
		if g.ZoneID != "" {
			zone = g.ZoneID
		}
		if _, err := e.d.Exec(ctx, `INSERT INTO role_grants (user_id, role, zone_id, created_at) VALUES (?, ?, ?, ?)`,
			id, string(g.Role), zone, now); err != nil {
			e.t.Fatal(err)
		}
	}
	return &authz.Principal{UserID: id, Email: email, Grants: grants}
}

// do sends a request as p (nil for a visitor) to the router, in Italian
// unless lang is given; form, when not nil, is the POST body.
func (e *env) do(p *authz.Principal, method, target string, form url.Values, lang ...i18n.Lang) *httptest.ResponseRecorder {
	body, ct := apptest.FormBody(form)
	return apptest.Direct(e.a.Router, p, method, target, body, ct, lang...)
}

func (e *env) get(p *authz.Principal, target string, lang ...i18n.Lang) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do(p, http.MethodGet, target, nil, lang...)
}

func (e *env) post(p *authz.Principal, target string, form url.Values) *httptest.ResponseRecorder {
	e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return e.do(p, http.MethodPost, target, form)
}

// path creates a path through the Go API, as the demo loader does.
func (e *env) path(zone, title, start string) paths.Path {
	e.t.Helper()
	p, err := paths.CreateFromTemplate(context.Background(), e.d, paths.Actor{Label: "test"}, paths.NewPath{
		Zone: zone, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
		Title: paths.Text{IT: title, EN: title + " (EN)"}, Summary: paths.Text{IT: "Sintesi di " + title}, Start: paths.MustDate(start),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) publish(p paths.Path) {
	e.t.Helper()
	if err := paths.Publish(context.Background(), e.d, paths.Actor{Label: "test"}, p.ID); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) setPhase(p paths.Path, n int, ch paths.PhaseChange) {
	e.t.Helper()
	if err := paths.SetPhase(context.Background(), e.d, paths.Actor{Label: "test"}, p.Phases[n-1].ID, ch); err != nil {
		e.t.Fatal(err)
	}
}

func doc(w *httptest.ResponseRecorder) *apptest.Node { return apptest.ParseHTML(w.Body.String()) }

// expect fails unless the response has status and its body contains every
// text given.
func expect(t *testing.T, w *httptest.ResponseRecorder, status int, texts ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%s", w.Code, status, w.Body.String())
	}
	for _, s := range texts {
		if !strings.Contains(w.Body.String(), s) {
			t.Errorf("body lacks %q", s)
		}
	}
	if strings.Contains(w.Body.String(), "⟦") {
		t.Errorf("body shows a message key missing from the catalogue:\n%s", w.Body.String())
	}
}

// expectRedirect fails unless the response is a 303 to location.
func expectRedirect(t *testing.T, w *httptest.ResponseRecorder, location string) {
	t.Helper()
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != location {
		t.Fatalf("got %d to %q, want 303 to %q; body:\n%s", w.Code, w.Header().Get("Location"), location, w.Body.String())
	}
}
