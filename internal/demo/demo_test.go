package demo_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestDemoLoadsTwiceWithoutDuplicatesAndNewPasswords(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var first, second bytes.Buffer
		if err := demo.Load(ctx, d, "http://localhost:8080", log, &first); err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, d, "http://localhost:8080", log, &second); err != nil {
			t.Fatal(err)
		}
		var users, grants, applicants int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE email LIKE '%@demo.cantieri.test'`).Scan(&users); err != nil {
			t.Fatal(err)
		}
		// The demo calls' applicants have accounts of their own, without a
		// password, created once.
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE email LIKE '%@candidati.demo.cantieri.test'`).Scan(&applicants); err != nil {
			t.Fatal(err)
		}
		if applicants != 6 {
			t.Errorf("%d demo applicants after two loads, want 6", applicants)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM role_grants`).Scan(&grants); err != nil {
			t.Fatal(err)
		}
		if users != len(demo.People) {
			t.Errorf("%d users after two loads, want %d", users, len(demo.People))
		}
		want := 0
		for _, p := range demo.People {
			want += len(p.Grants)
		}
		if grants != want {
			t.Errorf("%d grants, want %d", grants, want)
		}
		if first.String() == second.String() || !strings.Contains(second.String(), "admin@demo.cantieri.test") {
			t.Errorf("the second load should print the accounts with new passwords:\n%s", second.String())
		}
	})
}

// counts reads the number of rows of the tables the demo content fills,
// and of the audit entries its changes write.
func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for name, q := range map[string]string{
		"zones":            `SELECT COUNT(*) FROM zones`,
		"paths":            `SELECT COUNT(*) FROM paths`,
		"path_phases":      `SELECT COUNT(*) FROM path_phases`,
		"phase_activities": `SELECT COUNT(*) FROM phase_activities`,
		"solutions":        `SELECT COUNT(*) FROM solutions`,
		"news":             `SELECT COUNT(*) FROM news`,
		"news_zones":       `SELECT COUNT(*) FROM news_zones`,
		"faq_items":        `SELECT COUNT(*) FROM faq_items`,
		"content audit":    `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'path.%' OR action LIKE 'solution.%' OR action LIKE 'news.%'`,
	} {
		var n int
		if err := d.QueryRow(context.Background(), q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = n
	}
	return out
}

func TestDemoContentLoadsOnceWithPilotsAtDifferentPhases(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var out bytes.Buffer
		if err := demo.Load(ctx, d, "http://localhost:8080", log, &out); err != nil {
			t.Fatal(err)
		}
		first := counts(t, d)
		if err := demo.Load(ctx, d, "http://localhost:8080", log, &out); err != nil {
			t.Fatal(err)
		}
		if second := counts(t, d); !maps.Equal(first, second) {
			t.Errorf("a second load changed the content:\nfirst  %v\nsecond %v", first, second)
		}
		want := map[string]int{"zones": 28, "paths": 7, "solutions": 2, "news": 10}
		for k, n := range want {
			if first[k] != n {
				t.Errorf("%d %s, want %d", first[k], k, n)
			}
		}
		if !strings.Contains(out.String(), "7 published paths (0 new)") || !strings.Contains(out.String(), "10 news items (0 new), 8 visible now") {
			t.Errorf("the second load's summary does not say that nothing was added:\n%s", out.String())
		}

		today := paths.DateOf(time.Now().In(web.Rome()))
		seen := map[int]string{}
		for i, slug := range demo.PilotPaths {
			p, err := paths.PathBySlug(ctx, d, slug)
			if err != nil {
				t.Fatal(err)
			}
			if p.IsDraft() || p.EditionSlug != paths.EditionSecond || p.TemplateSlug != paths.TemplateCantiere || p.ZoneID != demo.PilotZones[i] {
				t.Errorf("%s: status %s, edition %s, template %s, zone %s", slug, p.Status, p.EditionSlug, p.TemplateSlug, p.ZoneID)
			}
			if p.Title.EN == "" || p.Summary.EN == "" {
				t.Errorf("%s has no English title or summary", slug)
			}
			g := p.Progress()
			if g.Current == nil {
				t.Errorf("%s has no phase in progress", slug)
				continue
			}
			if other, dup := seen[g.Current.Position]; dup {
				t.Errorf("%s and %s are both at phase %d", slug, other, g.Current.Position)
			}
			seen[g.Current.Position] = slug
			for _, ph := range p.Phases {
				if ph.ActualStart.After(today) || ph.ActualEnd.After(today) {
					t.Errorf("%s phase %d has an actual date after today", slug, ph.Position)
				}
			}
		}
		// Phases ended late show planned against actual on the schedule.
		p, err := paths.PathBySlug(ctx, d, demo.PathAltaValDiCecina)
		if err != nil {
			t.Fatal(err)
		}
		late := 0
		for _, ph := range p.Phases {
			if ph.Status == paths.PhaseDone && ph.ActualEnd.After(ph.PlannedEnd) {
				late++
			}
		}
		if late == 0 {
			t.Errorf("no finished phase of %s ended late", p.Slug)
		}

		amiata, err := paths.PathBySlug(ctx, d, demo.PathAmiataGrossetana)
		if err != nil {
			t.Fatal(err)
		}
		if amiata.EditionSlug != paths.EditionFirst || amiata.Progress().Stage != paths.StageCompleted {
			t.Errorf("Amiata Grossetana: edition %s, stage %s; want the first edition, completed", amiata.EditionSlug, amiata.Progress().Stage)
		}
		sols, err := paths.Solutions(ctx, d, demo.ZoneAmiataGrossetana)
		if err != nil {
			t.Fatal(err)
		}
		if len(sols) != 2 {
			t.Fatalf("Amiata Grossetana has %d solutions, want 2", len(sols))
		}
		for _, s := range sols {
			if s.PathSlug != demo.PathAmiataGrossetana || s.Title.EN == "" || s.Body.EN == "" {
				t.Errorf("solution %s: path %q, English title %q, English body %d bytes", s.Slug, s.PathSlug, s.Title.EN, len(s.Body.EN))
			}
		}

		casa, err := paths.PathBySlug(ctx, d, demo.PathCasaDiComunita)
		if err != nil {
			t.Fatal(err)
		}
		if casa.TemplateSlug != paths.TemplateCasaDiComunita || casa.ZoneID != demo.ZoneFiorentinaSudEst {
			t.Errorf("Casa di Comunità path: template %s, zone %s", casa.TemplateSlug, casa.ZoneID)
		}
		for _, ph := range casa.Phases {
			switch {
			case ph.Position == 1 && (ph.Status != paths.PhaseDone || ph.ActualStart.Month() != 5):
				t.Errorf("the staff's training should be done, started in May: %s from %s", ph.Status, ph.ActualStart)
			case ph.Position > 1 && (ph.Status != paths.PhasePlanned || !ph.PlannedStart.After(today)):
				t.Errorf("phase %d should be planned in the future: %s from %s", ph.Position, ph.Status, ph.PlannedStart)
			}
		}

		latest, err := news.Latest(ctx, d, "", 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(latest) != 8 {
			t.Errorf("%d news items visible, want 8", len(latest))
		}
		for _, title := range []string{demo.NewsScheduledTitle, demo.NewsDraftTitle} {
			slug := news.Slugify(title)
			if _, err := news.BySlug(ctx, d, slug); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("%s is visible (err %v)", slug, err)
			}
			for _, it := range latest {
				if it.Slug == slug {
					t.Errorf("%s is in the list", slug)
				}
			}
		}
		var regionWide, zoned int
		for _, it := range latest {
			if it.TitleEN == "" || it.SummaryEN == "" || it.BodyEN == "" {
				t.Errorf("%s has no English version", it.Slug)
			}
			if it.RegionWide() {
				regionWide++
			} else {
				zoned++
			}
		}
		if regionWide == 0 || zoned == 0 {
			t.Errorf("%d region-wide and %d territorial items; want some of each", regionWide, zoned)
		}
	})
}
