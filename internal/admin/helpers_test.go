package admin_test

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
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// env is the real application on a test database, with one admin.
type env struct {
	t     *testing.T
	a     *app.App
	d     *db.DB
	admin *authz.Principal
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
	id := e.user("admin@example.org", "Anna Amministratrice", true)
	e.grant(id, authz.Admin, "")
	e.admin = &authz.Principal{UserID: id, Email: "admin@example.org", Grants: []authz.Grant{{Role: authz.Admin}}}
	return e
}

// user creates an account directly in the users table (owned by the
// accounts feature; the test only needs rows to look at).
func (e *env) user(email, name string, verified bool) int64 {
	e.t.Helper()
	now := db.Now()
	var verifiedAt any
	if verified {
		verifiedAt = now
	}
	id, err := e.d.InsertID(context.Background(), `INSERT INTO users (email, name, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		email, name, verifiedAt, now, now)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) grant(userID int64, r authz.Role, zone string) {
	e.t.Helper()
	var z any
	if zone != "" {
		z = zone
	}
	if _, err := e.d.Exec(context.Background(), `INSERT INTO role_grants (user_id, role, zone_id, created_at) VALUES (?, ?, ?, ?)`,
		userID, string(r), z, db.Now()); err != nil {
		e.t.Fatal(err)
	}
}

// do sends a request as p (nil for a visitor) straight to the router, in
// Italian unless lang is given; form, when not nil, is the POST body.
func (e *env) do(p *authz.Principal, method, target string, form url.Values, lang ...i18n.Lang) *httptest.ResponseRecorder {
	body, ct := apptest.FormBody(form)
	return apptest.Direct(e.a.Router, p, method, target, body, ct, lang...)
}

func (e *env) get(target string) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do(e.admin, http.MethodGet, target, nil)
}

func (e *env) post(target string, form url.Values) *httptest.ResponseRecorder {
	e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return e.do(e.admin, http.MethodPost, target, form)
}

// expect fails unless the response has status and its body contains every
// text given.
func expect(t *testing.T, w *httptest.ResponseRecorder, status int, texts ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%s", w.Code, status, w.Body.String())
	}
	for _, s := range texts {
		if !strings.Contains(w.Body.String(), s) {
			t.Errorf("body lacks %q:\n%s", s, w.Body.String())
		}
	}
}

// expectRedirect fails unless the response is a 303 to location.
func expectRedirect(t *testing.T, w *httptest.ResponseRecorder, location string) {
	t.Helper()
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != location {
		t.Fatalf("got %d to %q, want 303 to %q; body:\n%s", w.Code, w.Header().Get("Location"), location, w.Body.String())
	}
}
