package search

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestEnginesAgreeOnGeneratedQueries is the conformance suite's catch-all:
// on a generated corpus of 1,500 documents, 300 generated queries (with
// filters and pages) give on PostgreSQL exactly what they give on SQLite:
// the same total, the same hits in the same order with the same ranks,
// titles, snippets, dates and zones.
func TestEnginesAgreeOnGeneratedQueries(t *testing.T) {
	now := time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC)
	g := newGen(1)
	docs := g.docs(1500, now)
	lite, pg := dbtest.SQLite(t), dbtest.Postgres(t)
	for _, d := range []*db.DB{lite, pg} {
		if _, err := reindexAll(d, docs); err != nil {
			t.Fatal(err)
		}
	}
	nonEmpty := 0
	for range 300 {
		q := g.query()
		q.Now = now
		a, err := Search(context.Background(), lite, q)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Search(context.Background(), pg, q)
		if err != nil {
			t.Fatal(err)
		}
		if diff := compare(a, b); diff != "" {
			t.Errorf("%+v: sqlite and postgres differ: %s", q, diff)
		}
		if len(a.Hits) > 0 {
			nonEmpty++
		}
	}
	// The test means something only if most queries find something.
	if nonEmpty < 150 {
		t.Errorf("only %d of 300 queries found anything", nonEmpty)
	}
}

func reindexAll(d *db.DB, docs []Document) (int, error) {
	byKind := map[string][]Document{}
	for _, doc := range docs {
		byKind[doc.Kind] = append(byKind[doc.Kind], doc)
	}
	n := 0
	for _, k := range Kinds {
		m, err := Reindex(context.Background(), d, k, byKind[k])
		if err != nil {
			return n, err
		}
		n += m
	}
	return n, nil
}

func compare(a, b Results) string {
	if a.Total != b.Total || a.Page != b.Page || a.Pages != b.Pages || len(a.Hits) != len(b.Hits) {
		return fmt.Sprintf("total %d/%d, page %d/%d of %d/%d, %d/%d hits", a.Total, b.Total, a.Page, b.Page, a.Pages, b.Pages, len(a.Hits), len(b.Hits))
	}
	for i := range a.Hits {
		x, y := a.Hits[i], b.Hits[i]
		if x.Ref != y.Ref || x.Rank != y.Rank || x.TitleHTML != y.TitleHTML || x.Snippet != y.Snippet ||
			!x.Date.Equal(y.Date) || !slices.Equal(x.ZoneIDs, y.ZoneIDs) || x.URL != y.URL || x.Kind != y.Kind {
			return fmt.Sprintf("hit %d: %s (rank %d) / %s (rank %d)", i, x.Ref, x.Rank, y.Ref, y.Rank)
		}
	}
	return ""
}
