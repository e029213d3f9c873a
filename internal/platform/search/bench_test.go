package search

import (
	"context"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// BenchmarkSearch measures search latency on a generated corpus of 50,000
// documents (CANTIERI_SEARCH_BENCH_DOCS to change it) on both engines,
// over a mix of 200 generated queries with filters and pages, snippets
// included. It reports the median and 99th percentile per query:
//
//	go test -run '^$' -bench Search -benchtime 2000x ./internal/platform/search/
func BenchmarkSearch(b *testing.B) {
	n := 50000
	if s := os.Getenv("CANTIERI_SEARCH_BENCH_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	docs := newGen(1).docs(n, now)
	g := newGen(2)
	queries := make([]Query, 200)
	for i := range queries {
		queries[i] = g.query()
		queries[i].Now = now
	}
	for _, e := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(e.name, func(b *testing.B) {
			d := e.open(b)
			start := time.Now()
			if _, err := reindexAll(d, docs); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: indexed %d documents in %s", e.name, n, time.Since(start).Round(time.Millisecond))
			if d.Engine == db.Postgres {
				if _, err := d.Exec(context.Background(), `ANALYZE search_documents`); err != nil {
					b.Fatal(err)
				}
			}
			b.Run("query", func(b *testing.B) {
				lat := make([]time.Duration, 0, b.N)
				hits := 0
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					t0 := time.Now()
					res, err := Search(context.Background(), d, queries[i%len(queries)])
					lat = append(lat, time.Since(t0))
					if err != nil {
						b.Fatal(err)
					}
					hits += res.Total
				}
				b.StopTimer()
				slices.Sort(lat)
				ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
				b.ReportMetric(ms(0.50), "p50-ms")
				b.ReportMetric(ms(0.99), "p99-ms")
				b.ReportMetric(ms(1), "max-ms")
				b.ReportMetric(float64(hits)/float64(b.N), "hits/query")
			})
		})
	}
}
