package demo_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/itid"
)

var smallScale = demo.ScaleCounts{Users: 400, Paths: 40, Activities: 500, Registrations: 6000, News: 80, Applications: 100}

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
		`SELECT a.email || '|' || a.tax_code || '|' || a.org_tax_code || '|' || a.status || '|' || COALESCE(r.protocol, 0) || '|' ||
			COALESCE(o.outcome, '') FROM applications a LEFT JOIN application_receipts r ON r.id = a.receipt_id
			LEFT JOIN application_outcomes o ON o.application_id = a.id WHERE a.email LIKE '%@scala.cantieri.test' ORDER BY a.email, a.call_id`,
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
			got.Registrations < smallScale.Registrations || got.News != smallScale.News || got.Phases != smallScale.Paths*6 ||
			got.Applications != smallScale.Applications {
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
		checkApplications(t, d, now)
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

// checkApplications checks the generated calls and applications: their
// number, receipts numbered without gaps in every call whose hashes the
// calls package verifies, valid tax codes, and a published outcome for
// every closed call.
func checkApplications(t *testing.T, d *db.DB, now time.Time) {
	t.Helper()
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := d.QueryRow(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const mine = `a.email LIKE '%@scala.cantieri.test'`
	if n := count(`SELECT COUNT(*) FROM applications a WHERE ` + mine); n != smallScale.Applications {
		t.Errorf("%d applications stored, want %d", n, smallScale.Applications)
	}
	rows, err := d.Query(ctx, `SELECT DISTINCT a.call_id FROM applications a WHERE `+mine+` ORDER BY a.call_id`)
	if err != nil {
		t.Fatal(err)
	}
	var callIDs []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		callIDs = append(callIDs, id)
	}
	rows.Close()
	if len(callIDs) != smallScale.Applications/20 {
		t.Fatalf("applications to %d calls, want %d", len(callIDs), smallScale.Applications/20)
	}
	var open, final, persons, orgs, withdrawn, receipts int
	for _, id := range callIDs {
		c, err := calls.Get(ctx, d, id)
		if err != nil {
			t.Fatal(err)
		}
		apps, err := calls.ListApplications(ctx, d, id)
		if err != nil {
			t.Fatal(err)
		}
		// Protocol numbers 1…n without gaps, and the next one n+1.
		var next int
		if err := d.QueryRow(ctx, `SELECT next_protocol FROM calls WHERE id = ?`, id).Scan(&next); err != nil {
			t.Fatal(err)
		}
		if next != len(apps)+1 {
			t.Errorf("call %d: next protocol %d after %d receipts", id, next, len(apps))
		}
		for i, a := range apps {
			r := a.Receipt
			receipts++
			if r.Protocol != i+1 {
				t.Errorf("call %d: receipt %d has protocol %d", id, i+1, r.Protocol)
			}
			content, err := calls.Canonical(c, a, r.Protocol, r.SubmittedAt)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(content)
			if string(content) != r.Content || hex.EncodeToString(sum[:]) != r.SHA256 {
				t.Errorf("application %d: receipt %s does not verify:\n%s\n%s", a.ID, r.Number(), content, r.Content)
			}
			if !itid.ValidPersonCF(a.TaxCode) {
				t.Errorf("application %d: codice fiscale %q", a.ID, a.TaxCode)
			}
			switch a.Kind {
			case calls.Organisation:
				orgs++
				if !itid.ValidPartitaIVA(a.OrgVAT) || a.OrgTaxCode != a.OrgVAT || a.OrgName == "" {
					t.Errorf("application %d: organisation %q %q", a.ID, a.OrgName, a.OrgVAT)
				}
			default:
				persons++
			}
			if a.Status == calls.AppWithdrawn {
				withdrawn++
				if r.WithdrawnAt.IsZero() || r.WithdrawnAt.Before(r.SubmittedAt) {
					t.Errorf("application %d withdrawn at %v, submitted at %v", a.ID, r.WithdrawnAt, r.SubmittedAt)
				}
			}
			if c.ClosedAt(now) && a.Status == calls.AppSubmitted && a.Eval.Outcome == nil {
				t.Errorf("application %d to closed call %d has no outcome", a.ID, id)
			}
		}
		switch {
		case c.OpenAt(now):
			open++
		case c.Status == calls.Final:
			final++
		default:
			t.Errorf("call %d: status %s, closes %v", id, c.Status, c.Closes)
		}
	}
	if open == 0 || final == 0 || persons == 0 || orgs == 0 || withdrawn == 0 || receipts == smallScale.Applications {
		t.Errorf("%d open and %d decided calls, %d people, %d organisations, %d withdrawn, %d receipts for %d applications",
			open, final, persons, orgs, withdrawn, receipts, smallScale.Applications)
	}
	if n := count(`SELECT COUNT(*) FROM outbox WHERE to_addr LIKE '%@scala.cantieri.test'`); n != 0 {
		t.Errorf("%d e-mails queued for the generated people", n)
	}
}
