package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func newApp(t *testing.T, d *db.DB) *app.App {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func get(t *testing.T, h http.Handler, path string, mod ...func(*http.Request)) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for _, m := range mod {
		m(req)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	for _, path := range []string{"/", "/no-such-page", "/healthz"} {
		rec := get(t, a.Handler, path)
		h := rec.Header()
		for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "X-Request-Id"} {
			if h.Get(name) == "" {
				t.Errorf("%s: header %s missing", path, name)
			}
		}
		if csp := h.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP allows inline code: %s", path, csp)
		}
	}
}

func TestUnknownPageIsAHelpful404InTheVisitorsLanguage(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	rec := get(t, a.Handler, "/percorsi/non-esiste")
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Pagina non trovata") ||
		!strings.Contains(rec.Body.String(), `href="/"`) {
		t.Fatalf("status %d, body %s", rec.Code, rec.Body.String())
	}
	rec = get(t, a.Handler, "/percorsi/non-esiste", func(r *http.Request) { r.Header.Set("Accept-Language", "en-GB,en") })
	if !strings.Contains(rec.Body.String(), "Page not found") || !strings.Contains(rec.Body.String(), `<html lang="en">`) {
		t.Fatalf("English 404 expected, got %s", rec.Body.String())
	}
}

func TestLanguageSwitchSetsCookieAndReturnsOnlyToLocalPages(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	cases := map[string]string{
		"/lingua/en?next=/privacy":             "/privacy",
		"/lingua/en?next=//evil.example":       "/",
		"/lingua/en?next=https://evil.example": "/",
	}
	for path, want := range cases {
		rec := get(t, a.Handler, path)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
			t.Errorf("%s: %d to %q, want %q", path, rec.Code, rec.Header().Get("Location"), want)
		}
		if !strings.Contains(rec.Header().Get("Set-Cookie"), "lang=en") {
			t.Errorf("%s: no lang cookie", path)
		}
	}
	if rec := get(t, a.Handler, "/lingua/xx"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown language: %d", rec.Code)
	}
	rec := get(t, a.Handler, "/privacy", func(r *http.Request) { r.AddCookie(&http.Cookie{Name: "lang", Value: "en"}) })
	if !strings.Contains(rec.Body.String(), "Privacy notice") {
		t.Error("the lang cookie did not switch the page to English")
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	req := httptest.NewRequest(http.MethodPost, "/lingua/en", strings.NewReader("a=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	rec := httptest.NewRecorder()
	a.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "altro sito") {
		t.Fatalf("status %d, body %s", rec.Code, rec.Body.String())
	}
}

func TestProbesAndMetrics(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		if rec := get(t, a.Handler, "/healthz"); rec.Code != 200 {
			t.Errorf("healthz %d", rec.Code)
		}
		if rec := get(t, a.Handler, "/readyz"); rec.Code != 200 {
			t.Errorf("readyz %d", rec.Code)
		}
		local := func(r *http.Request) { r.RemoteAddr = "127.0.0.1:5555" }
		rec := get(t, a.Handler, "/metrics", local)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "cantieri_http_requests_total") {
			t.Errorf("metrics from loopback: %d", rec.Code)
		}
		remote := func(r *http.Request) { r.RemoteAddr = "203.0.113.9:5555" }
		if rec := get(t, a.Handler, "/metrics", remote); rec.Code != http.StatusNotFound {
			t.Errorf("metrics from a public address: %d, want 404", rec.Code)
		}
		d.Close()
		if rec := get(t, a.Handler, "/readyz"); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("readyz with the database closed: %d", rec.Code)
		}
	})
}

func TestLanguageVersionsHaveTheirOwnURLs(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	body := get(t, a.Handler, "/privacy?lang=en").Body.String()
	if !strings.Contains(body, "Privacy notice") || !strings.Contains(body, `<link rel="canonical" href="http://localhost:8080/privacy?lang=en">`) {
		t.Fatalf("English version by URL: %s", body)
	}
	body = get(t, a.Handler, "/privacy").Body.String()
	if !strings.Contains(body, `<link rel="canonical" href="http://localhost:8080/privacy">`) ||
		!strings.Contains(body, `hreflang="en" href="http://localhost:8080/privacy?lang=en"`) {
		t.Fatalf("Italian version: canonical and alternate missing")
	}
}
