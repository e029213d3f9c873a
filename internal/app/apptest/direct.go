package apptest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// Direct serves one request straight to h (an app's router) as p (nil:
// a visitor), reading the site in lang (Italian when not given): no HTTP
// server, cookies or session, for the handler tests that check what one
// principal may do. body and contentType are the request's, or nil and "".
func Direct(h http.Handler, p *authz.Principal, method, target string, body io.Reader, contentType string, lang ...i18n.Lang) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, body)
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	l := i18n.IT
	if len(lang) > 0 {
		l = lang[0]
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, web.WithLang(web.WithPrincipal(r, p), l))
	return w
}

// FormBody is form as a browser posts it and its content type; nil and ""
// for a nil form.
func FormBody(form url.Values) (io.Reader, string) {
	if form == nil {
		return nil, ""
	}
	return strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
}

// LoadReference loads the reference data (zones, comuni) and the built-in
// path templates on a fresh database, as the app does at start.
func LoadReference(t testing.TB, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	if err := territory.LoadReference(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := paths.LoadSeeds(ctx, d); err != nil {
		t.Fatal(err)
	}
}

// DraftPath creates a path of the Cantiere della Salute template, second
// edition from 12 January 2026, in zone with slug, not yet published.
func DraftPath(t testing.TB, d *db.DB, zone, slug, title string) paths.Path {
	t.Helper()
	created, err := paths.CreateFromTemplate(context.Background(), d, paths.Actor{Label: "test"}, paths.NewPath{Zone: zone,
		Template: paths.TemplateCantiere, Edition: paths.EditionSecond, Title: paths.Text{IT: title},
		Start: paths.MustDate("2026-01-12"), Slug: slug})
	if err != nil {
		t.Fatal(err)
	}
	return created
}

// PublishedPath is DraftPath published, as read back with its phases.
func PublishedPath(t testing.TB, d *db.DB, zone, slug, title string) paths.Path {
	t.Helper()
	ctx := context.Background()
	created := DraftPath(t, d, zone, slug, title)
	if err := paths.Publish(ctx, d, paths.Actor{Label: "test"}, created.ID); err != nil {
		t.Fatal(err)
	}
	p, err := paths.PathBySlug(ctx, d, slug)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// InsertUser adds a verified account without a password and returns its id.
func InsertUser(t testing.TB, d *db.DB, email, name string) int64 {
	t.Helper()
	now := db.Now()
	id, err := d.InsertID(context.Background(), `INSERT INTO users (email, name, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		email, name, now, now, now)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
