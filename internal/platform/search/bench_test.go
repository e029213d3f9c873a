package search

import (
	"context"
	"os"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// BenchmarkSearch measures search latency on a generated corpus of 50,000
// documents (CANTIERI_SEARCH_BENCH_DOCS to change it) on both engines,
// snippets included, for several sets of queries: broad (words found in a
// third or more of the documents), narrow (rare words), broad with a
// territory or a kind filter, prefixes (a word cut short), and the mix of
// generated queries the agreement test uses. It reports the median, 99th
// percentile and maximum per query of each set, and the processor time
// per query of the test process:
//
//	CANTIERI_SEARCH_BENCH_DOCS=50000 go test -timeout 60m -run '^$' -bench Search -benchtime 300x ./internal/platform/search/
//
// Documents are indexed one by one in the generated order, kinds mixed,
// as a site indexes its items while they are published.
func BenchmarkSearch(b *testing.B) {
	n := 50000
	if s := os.Getenv("CANTIERI_SEARCH_BENCH_DOCS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	g := newGen(1)
	docs := g.docs(n, now)
	// Rare words: from the far end of the invented tail (each in a few
	// documents at most).
	var narrow []Query
	for i := range 50 {
		narrow = append(narrow, Query{Text: g.tail[len(g.tail)/2+i*97]})
	}
	broadWords := []string{"salute", "sanità servizi", "comunità", "ospedali", "medico di famiglia", "servizi sociali"}
	var broad, zone, kind, prefix []Query
	for i, w := range broadWords {
		broad = append(broad, Query{Text: w}, Query{Text: w, Page: 3})
		zone = append(zone, Query{Text: w, Zone: g.zones[i*5%len(g.zones)]})
		kind = append(kind, Query{Text: w, Kinds: []string{Kinds[i%len(Kinds)]}}, Query{Text: w, Kinds: []string{KindGlossary}})
	}
	for _, w := range []string{"vacc", "sal", "osped", "citta", "prev", "assist"} {
		prefix = append(prefix, Query{Text: w})
	}
	mixGen := newGen(2)
	mix := make([]Query, 200)
	for i := range mix {
		mix[i] = mixGen.query()
	}
	sets := []struct {
		name    string
		queries []Query
	}{{"broad", broad}, {"narrow", narrow}, {"zone", zone}, {"kind", kind}, {"prefix", prefix}, {"mix", mix}}

	for _, e := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		b.Run(e.name, func(b *testing.B) {
			d := e.open(b)
			ctx := context.Background()
			start := time.Now()
			for i := 0; i < len(docs); i += 500 {
				if err := d.Tx(ctx, func(tx *db.Tx) error {
					for _, doc := range docs[i:min(i+500, len(docs))] {
						if err := Index(ctx, tx, doc); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.Logf("%s: indexed %d documents in %s", e.name, n, time.Since(start).Round(time.Millisecond))
			if d.Engine == db.Postgres {
				if _, err := d.Exec(ctx, `ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			for _, set := range sets {
				b.Run(set.name, func(b *testing.B) {
					lat := make([]time.Duration, 0, b.N)
					hits := 0
					cpu0 := processCPU()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						q := set.queries[i%len(set.queries)]
						q.Now, q.Lang = now, "it"
						t0 := time.Now()
						res, err := Search(ctx, d, q)
						lat = append(lat, time.Since(t0))
						if err != nil {
							b.Fatal(err)
						}
						hits += res.Total
					}
					b.StopTimer()
					cpu := processCPU() - cpu0
					slices.Sort(lat)
					ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
					b.ReportMetric(ms(0.50), "p50-ms")
					b.ReportMetric(ms(0.99), "p99-ms")
					b.ReportMetric(ms(1), "max-ms")
					b.ReportMetric(float64(hits)/float64(b.N), "total/query")
					// Processor time of this process per query: the whole
					// cost on SQLite (in-process), the client's share on
					// PostgreSQL. Unlike latency, a loaded machine does
					// not inflate it much.
					b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/query")
				})
			}
		})
	}
}

// processCPU is the user and system time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
