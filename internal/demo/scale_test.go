package demo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

var smallScale = demo.ScaleCounts{Users: 400, Paths: 40, Activities: 500, Registrations: 6000, News: 80}

// loadSmall loads the demo and a small generated data set into d.
func loadSmall(t *testing.T, d *db.DB, now time.Time, progress io.Writer) demo.ScaleCounts {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, d, "http://localhost:8080", slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard); err != nil {
		t.Fatal(err)
	}
	got, err := demo.LoadScale(ctx, d, demo.ScaleOptions{Scale: 1, Seed: 42, Now: now, Counts: &smallScale, Progress: progress})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// digest sums what a data set holds, ids aside, so two loads can be
// compared across engines.
func digest(t *testing.T, d *db.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT email || '|' || name FROM users WHERE email LIKE '%@scala.cantieri.test' ORDER BY email`,
		`SELECT slug || '|' || zone_id || '|' || title_it || '|' || start_date FROM paths WHERE slug LIKE 'scala-%' ORDER BY slug`,
		`SELECT a.title_it || '|' || a.kind || '|' || a.status || '|' || p.slug FROM activities a JOIN paths p ON p.id = a.path_id
			WHERE p.slug LIKE 'scala-%' ORDER BY a.id`,
		`SELECT r.email || '|' || r.status FROM activity_registrations r WHERE r.cancel_token_hash LIKE 'scala-%' ORDER BY r.id`,
		`SELECT slug || '|' || title_en FROM news WHERE slug LIKE 'scala-%' ORDER BY slug`,
	} {
		rows, err := d.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestScaleDataSetHasItsSizeAndIsTheSameOnBothEngines(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	digests := map[db.Engine]string{}
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		var progress bytes.Buffer
		got := loadSmall(t, d, now, &progress)
		if got.Users != smallScale.Users || got.Paths != smallScale.Paths || got.Activities != smallScale.Activities ||
			got.Registrations < smallScale.Registrations || got.News != smallScale.News || got.Phases != smallScale.Paths*6 {
			t.Errorf("counts %+v for %+v", got, smallScale)
		}
		if got.Attendances == 0 || got.Attendances >= got.Registrations {
			t.Errorf("%d attendances for %d sign-ups", got.Attendances, got.Registrations)
		}
		count := func(q string) int {
			var n int
			if err := d.QueryRow(ctx, q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM activity_registrations WHERE cancel_token_hash LIKE 'scala-%'`); n != got.Registrations {
			t.Errorf("%d sign-ups stored, %d reported", n, got.Registrations)
		}
		// Every zone has paths; people sign up at most once per activity.
		if n := count(`SELECT COUNT(DISTINCT zone_id) FROM paths WHERE slug LIKE 'scala-%'`); n != 28 {
			t.Errorf("paths in %d zones, want the 28", n)
		}
		if n := count(`SELECT COUNT(*) FROM (SELECT activity_id, user_id FROM activity_registrations WHERE user_id IS NOT NULL GROUP BY activity_id, user_id HAVING COUNT(*) > 1) x`); n != 0 {
			t.Errorf("%d people signed up twice to an activity", n)
		}
		// The generated content is in the site search.
		if n := count(`SELECT COUNT(*) FROM search_documents WHERE kind = 'news'`); n < smallScale.News {
			t.Errorf("%d news documents in the search index, want at least %d", n, smallScale.News)
		}
		if n := count(`SELECT COUNT(*) FROM search_documents WHERE kind = 'path'`); n < smallScale.Paths {
			t.Errorf("%d path documents in the search index, want at least %d", n, smallScale.Paths)
		}
		if !strings.Contains(progress.String(), "sign-ups") || !strings.Contains(progress.String(), "100%") {
			t.Errorf("progress display: %q", progress.String())
		}
		_, err := demo.LoadScale(ctx, d, demo.ScaleOptions{Scale: 1, Counts: &smallScale})
		if !errors.Is(err, demo.ErrScaleLoaded) {
			t.Errorf("second load: %v, want ErrScaleLoaded", err)
		}
		digests[d.Engine] = digest(t, d)
	})
	if len(digests) == 2 && digests[db.SQLite] != digests[db.Postgres] {
		t.Errorf("the same seed gave different data sets: %v", digests)
	}
}

func TestScaleCountsAtTen(t *testing.T) {
	c := demo.ScaleCountsFor(10)
	if c.Users < 100_000 || c.Paths < 2_000 || c.Activities < 50_000 || c.Registrations < 1_000_000 || c.News < 5_000 || c.Applications < 10_000 {
		t.Errorf("scale 10: %+v", c)
	}
}
