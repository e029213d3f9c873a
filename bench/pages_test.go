package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// demoApp builds the application, as `cantieri serve` does, on d loaded
// with the demo data, and returns it with the demo accounts' passwords.
func demoApp(tb testing.TB, d *db.DB) (*app.App, map[string]string) {
	tb.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var out bytes.Buffer
	if err := demo.Load(ctx, d, "http://localhost:8080", log, &out); err != nil {
		tb.Fatal(err)
	}
	pw, err := passwords(&out)
	if err != nil {
		tb.Fatal(err)
	}
	cfg := config.Defaults()
	cfg.DataDir = tb.TempDir()
	a, err := app.New(ctx, cfg, d, log)
	if err != nil {
		tb.Fatal(err)
	}
	return a, pw
}

// get requests path with the given cookies (a Cookie header's value).
func get(h http.Handler, path, cookie string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	h.ServeHTTP(rec, req)
	return rec
}

// signIn logs in through the login form and returns the session cookie.
func signIn(tb testing.TB, h http.Handler, email, password string) string {
	tb.Helper()
	form := url.Values{"email": {email}, "password": {password}, "next": {"/account"}}
	req := httptest.NewRequest(http.MethodPost, "/accedi", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "session" && c.Value != "" {
			return c.Name + "=" + c.Value
		}
	}
	tb.Fatalf("signing in as %s: status %d, no session", email, rec.Code)
	return ""
}

// bypass is a cookie that makes the page cache let a request through
// (it keeps only requests without cookies but the language one), so the
// page is rendered.
const bypass = "bench=1"

// cookieFor is the Cookie header of a page's request: its account's
// session, or bypass for an anonymous visitor.
func cookieFor(tb testing.TB, h http.Handler, pw map[string]string, sessions map[string]string, p page) string {
	if p.As == "" {
		return bypass
	}
	if sessions[p.As] == "" {
		sessions[p.As] = signIn(tb, h, p.As, pw[p.As])
	}
	return sessions[p.As]
}

// TestPagesServeTheDemo checks that every page the load benchmark measures
// answers 200 with its content on both engines, anonymous and signed in,
// so neither benchmark measures an error page.
func TestPagesServeTheDemo(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a, pw := demoApp(t, d)
		sessions := map[string]string{}
		for _, p := range pagesFor(0) {
			rec := get(a.Handler, p.Path, cookieFor(t, a.Handler, pw, sessions, p))
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), p.Want) {
				t.Errorf("%s: status %d, contains %q: %v", p.Path, rec.Code, p.Want, strings.Contains(rec.Body.String(), p.Want))
			}
		}
	})
}

// queriesPerPage is how many SQL statements each measured page sends
// when rendered (the page cache bypassed), on both engines, with every
// list of the page holding rows (a generated data set on the demo): a
// list must not add a query per row. On the demo alone a page may send
// fewer (an empty list skips the query of its details). A change here is
// a change of the page's cost: update the number with the reason in the
// commit.
var queriesPerPage = map[string]int64{
	"home":                    11,
	"territory":               10,
	"path":                    5,
	"schedule":                4,
	"calendar":                6,
	"news list":               3,
	"news item":               2,
	"account (participant)":   1,
	"dashboard (coordinator)": 0,
}

// countQueries renders each page once and returns how many statements it
// sent, by page name.
func countQueries(t *testing.T, a *app.App, d *db.DB, list []page, pw, sessions map[string]string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, p := range list {
		cookie := cookieFor(t, a.Handler, pw, sessions, p)
		// A session's first request may write its last-seen time; the
		// second finds the session in the loader's cache, as every request
		// after it does until the next write (accounts.sessionCache).
		get(a.Handler, p.Path, cookie)
		before := d.Queries()
		rec := get(a.Handler, p.Path, cookie)
		out[p.Name] = d.Queries() - before
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", p.Path, rec.Code)
		}
	}
	return out
}

// TestQueriesPerPage asserts the number of queries of every measured page
// on the demo with a small generated data set on top (tens of paths and
// news items, hundreds of activities, thousands of sign-ups: a query per
// row would show), and that the demo alone needs no more.
func TestQueriesPerPage(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a, pw := demoApp(t, d)
		sessions := map[string]string{}
		onDemo := countQueries(t, a, d, pagesFor(0), pw, sessions)
		small := demo.ScaleCounts{Users: 300, Paths: 30, Activities: 400, Registrations: 4000, News: 60}
		if _, err := demo.LoadScale(context.Background(), d, demo.ScaleOptions{Scale: 1, Seed: 7, Counts: &small}); err != nil {
			t.Fatal(err)
		}
		onScale := countQueries(t, a, d, pagesFor(1), pw, sessions)
		for _, p := range pagesFor(1) {
			want, ok := queriesPerPage[p.Name]
			if !ok {
				t.Errorf("%s: no expected number of queries", p.Name)
				continue
			}
			if onScale[p.Name] != want || onDemo[p.Name] > want {
				t.Errorf("%s: %d queries with a generated data set, %d on the demo alone; want %d (at most on the demo)",
					p.Name, onScale[p.Name], onDemo[p.Name], want)
			}
		}
	})
}

// TestAnonymousPagesComeFromTheCache checks that a second anonymous
// request of each public page sends no query and gets the same bytes.
func TestAnonymousPagesComeFromTheCache(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a, _ := demoApp(t, d)
		for _, p := range pages {
			first := get(a.Handler, p.Path, "")
			before := d.Queries()
			second := get(a.Handler, p.Path, "")
			if n := d.Queries() - before; n != 0 {
				t.Errorf("%s: %d queries for a cached page", p.Path, n)
			}
			if first.Code != http.StatusOK || second.Body.String() != first.Body.String() {
				t.Errorf("%s: status %d; same bytes: %v", p.Path, first.Code, second.Body.String() == first.Body.String())
			}
		}
	})
}

// BenchmarkPages renders each measured page through the application's
// handler, in-process (no network, no HTTP parsing, the page cache
// bypassed), on SQLite and on PostgreSQL: what one request costs the
// server.
//
//	go test -run '^$' -bench Pages -benchmem ./bench/
func BenchmarkPages(b *testing.B) {
	engines := []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			a, pw := demoApp(b, e.open(b))
			sessions := map[string]string{}
			for _, p := range pagesFor(0) {
				cookie := cookieFor(b, a.Handler, pw, sessions, p)
				b.Run(strings.ReplaceAll(p.Name, " ", "_"), func(b *testing.B) {
					b.ReportAllocs()
					var size int
					cpu := ownCPU()
					for b.Loop() {
						rec := get(a.Handler, p.Path, cookie)
						if rec.Code != http.StatusOK {
							b.Fatalf("%s: status %d", p.Path, rec.Code)
						}
						size = rec.Body.Len()
					}
					b.ReportMetric(float64(size), "bytes/page")
					// The processor time of the whole process (the
					// collector's included) per request: steadier than
					// ns/op on a shared machine.
					b.ReportMetric(float64(ownCPU()-cpu)/float64(b.N), "cpu-ns/op")
				})
			}
		})
	}
}

// ownCPU is the processor time this process has used (user and
// system), from getrusage.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
