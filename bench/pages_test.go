package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// demoApp builds the application, as `cantieri serve` does, on d loaded
// with the demo data.
func demoApp(tb testing.TB, d *db.DB) http.Handler {
	tb.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := demo.Load(ctx, d, "http://localhost:8080", log, io.Discard); err != nil {
		tb.Fatal(err)
	}
	cfg := config.Defaults()
	cfg.DataDir = tb.TempDir()
	a, err := app.New(ctx, cfg, d, log)
	if err != nil {
		tb.Fatal(err)
	}
	return a.Handler
}

func get(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// TestPagesServeTheDemo checks that every page the load benchmark measures
// answers 200 with its content on both engines, so neither benchmark
// measures an error page.
func TestPagesServeTheDemo(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		h := demoApp(t, d)
		for _, p := range pages {
			rec := get(h, p.Path)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), p.Want) {
				t.Errorf("%s: status %d, contains %q: %v", p.Path, rec.Code, p.Want, strings.Contains(rec.Body.String(), p.Want))
			}
		}
	})
}

// BenchmarkPages renders each public page through the application's
// handler, in-process (no network, no HTTP parsing), on SQLite and on
// PostgreSQL: what one request costs the server.
//
//	go test -run '^$' -bench Pages -benchmem ./bench/
func BenchmarkPages(b *testing.B) {
	engines := []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			h := demoApp(b, e.open(b))
			for _, p := range pages {
				b.Run(strings.ReplaceAll(p.Name, " ", "_"), func(b *testing.B) {
					b.ReportAllocs()
					var size int
					for b.Loop() {
						rec := get(h, p.Path)
						if rec.Code != http.StatusOK {
							b.Fatalf("%s: status %d", p.Path, rec.Code)
						}
						size = rec.Body.Len()
					}
					b.ReportMetric(float64(size), "bytes/page")
				})
			}
		})
	}
}
