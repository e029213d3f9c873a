package paths_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestTemplateInstantiationComputesPlannedDatesFromTheStart(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.path(zoneA, "Cantiere della Salute – Lunigiana", "2024-03-04")
		want := [][2]string{ // offset and duration in weeks from seeds.go; the end is the last day included
			{"2024-03-04", "2024-04-14"}, {"2024-04-01", "2024-06-30"}, {"2024-04-15", "2024-06-30"},
			{"2024-07-01", "2024-09-08"}, {"2024-09-09", "2024-12-01"}, {"2024-11-18", "2024-12-29"},
		}
		if len(p.Phases) != len(want) {
			t.Fatalf("%d phases, want %d", len(p.Phases), len(want))
		}
		for i, ph := range p.Phases {
			if got := [2]string{ph.PlannedStart.String(), ph.PlannedEnd.String()}; got != want[i] {
				t.Errorf("phase %d %q planned %v, want %v", i+1, ph.Name.IT, got, want[i])
			}
			if ph.Status != paths.PhasePlanned || !ph.ActualStart.IsZero() || ph.Position != i+1 {
				t.Errorf("phase %d starts as %s, actual start %q, position %d", i+1, ph.Status, ph.ActualStart, ph.Position)
			}
		}
		if p.Slug != "cantiere-della-salute-lunigiana" || p.Status != paths.Draft || p.ZoneName != "Lunigiana" {
			t.Errorf("slug %q, status %s, zone %q", p.Slug, p.Status, p.ZoneName)
		}
		if got := p.End().String(); got != "2024-12-29" {
			t.Errorf("the schedule ends %s, want 2024-12-29 (43 weeks: about 10 months)", got)
		}
		acts := p.Phases[1].Activities
		if len(acts) != 2 || acts[0].Count != 3 || acts[0].Label.IT != "3 incontri generali" || acts[1].Label.EN != "3 thematic meetings" {
			t.Errorf("phase 2 activities: %+v", acts)
		}
		// A second path with the same title gets its own address.
		if q := e.path(zoneA, "Cantiere della Salute – Lunigiana", "2025-01-13"); q.Slug != "cantiere-della-salute-lunigiana-2" {
			t.Errorf("second slug %q", q.Slug)
		}
		entries, _, err := audit.List(context.Background(), d, audit.Filter{Action: "path.create", EntityID: p.Slug})
		if err != nil || len(entries) != 1 || entries[0].ZoneID != zoneA || !strings.Contains(entries[0].After, `"template":"cantiere-della-salute"`) {
			t.Errorf("creation audit: %+v, %v", entries, err)
		}
	})
}

func TestBuiltInTemplatesFollowTheSeeds(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		newEnv(t, d)
		all, err := paths.Templates(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]struct{ phases, months int }{
			paths.TemplateCantiere: {6, 10}, paths.TemplateCasaDiComunita: {4, 7}, paths.TemplateCoprogettazione: {5, 12},
		}
		if len(all) != len(want) {
			t.Fatalf("%d templates, want %d", len(all), len(want))
		}
		for _, tm := range all {
			w := want[tm.Slug]
			if len(tm.Phases) != w.phases || tm.DurationMonths != w.months {
				t.Errorf("%s: %d phases, %d months; want %d, %d", tm.Slug, len(tm.Phases), tm.DurationMonths, w.phases, w.months)
			}
			last := tm.Phases[len(tm.Phases)-1]
			weeks := last.OffsetWeeks + last.DurationWeeks
			if months := float64(weeks) * 7 / 30.44; months < float64(tm.DurationMonths)-1 || months > float64(tm.DurationMonths)+0.5 {
				t.Errorf("%s: phases span %d weeks (%.1f months), the template says %d months", tm.Slug, weeks, months, tm.DurationMonths)
			}
			for _, ph := range tm.Phases {
				if ph.Name.IT == "" || ph.Name.EN == "" || ph.Description.IT == "" || ph.Description.EN == "" || len(ph.Activities) == 0 {
					t.Errorf("%s: phase %+v lacks a text or its activities", tm.Slug, ph.Name)
				}
				for _, a := range ph.Activities {
					n := strconv.Itoa(a.Count) + " "
					if a.Count > 1 && (!strings.HasPrefix(a.Label.IT, n) || !strings.HasPrefix(a.Label.EN, n)) {
						t.Errorf("%s: activity %q does not say its count %d", tm.Slug, a.Label.IT, a.Count)
					}
				}
			}
		}
		// The 10-month timing of seed 000: 4 months of capacity building
		// (phases 1-3), then 6 of participatory design (phases 4-6).
		c := all[0]
		if c.Slug != paths.TemplateCantiere || c.Phases[3].OffsetWeeks != 17 || c.Phases[2].OffsetWeeks+c.Phases[2].DurationWeeks != 17 {
			t.Errorf("capacity building does not end where design starts: %+v", c.Phases)
		}
	})
}

func TestSeedsLoadOnceAndRepairChangedTemplates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		newEnv(t, d) // loads the seeds
		count := func() (n int) {
			if err := d.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM editions) + (SELECT COUNT(*) FROM path_templates)
	+ (SELECT COUNT(*) FROM phase_templates) + (SELECT COUNT(*) FROM phase_template_activities)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		if err := paths.LoadSeeds(ctx, d); err != nil {
			t.Fatal(err)
		}
		if count() != before {
			t.Fatalf("loading again changed the row count: %d to %d", before, count())
		}
		// Someone damaged a template: the next start puts it back.
		if _, err := d.Exec(ctx, `DELETE FROM phase_templates WHERE position = 2`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE path_templates SET definition_hash = 'x'`); err != nil {
			t.Fatal(err)
		}
		if err := paths.LoadSeeds(ctx, d); err != nil {
			t.Fatal(err)
		}
		if count() != before {
			t.Fatalf("after repair %d rows, want %d", count(), before)
		}
		eds, err := paths.Editions(ctx, d)
		if err != nil || len(eds) != 2 || eds[1].Slug != paths.EditionFirst || eds[1].Start.String() != "2020-01-01" ||
			eds[1].End.String() != "2022-12-31" || !eds[0].End.IsZero() {
			t.Errorf("editions: %+v, %v", eds, err)
		}
	})
}

func TestCreatingAPathReportsEveryProblemAtOnce(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		newEnv(t, d)
		_, err := paths.CreateFromTemplate(context.Background(), d, paths.Actor{}, paths.NewPath{
			Zone: "atlantide", Template: "nessuno", Edition: paths.EditionFirst, Start: paths.MustDate("2024-01-01"),
			Title: paths.Text{EN: strings.Repeat("x", 201)}, Slug: "Non Valido",
		})
		var inv *paths.InvalidError
		if !errors.As(err, &inv) {
			t.Fatalf("got %v, want an *InvalidError", err)
		}
		got := map[string]string{}
		for _, p := range inv.Problems {
			got[p.Field] = p.Key
		}
		want := map[string]string{
			"zone": "paths.err.zone_unknown", "template": "paths.err.template_unknown", "title_it": "form.required",
			"title_en": "form.too_long", "slug": "paths.err.slug_invalid", "start_date": "paths.err.start_outside_edition",
		}
		for f, k := range want {
			if got[f] != k {
				t.Errorf("field %s: got %q, want %q (all: %v)", f, got[f], k, got)
			}
		}
		var n int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM paths`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d paths stored after a refused creation (%v)", n, err)
		}
	})
}

func TestListsLoadThePhasesOfEveryPath(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		old := e.path(zoneA, "Primo", "2023-02-06")
		cur := e.path(zoneA, "Secondo", "2024-03-04")
		draft := e.path(zoneA, "Terzo", "2025-01-06")
		other := e.path(zoneB, "Altrove", "2024-05-06")
		for _, p := range []paths.Path{old, cur, other} {
			e.publish(p)
		}
		e.setPhase(cur, 1, paths.PhaseChange{PlannedStart: cur.Phases[0].PlannedStart, PlannedEnd: cur.Phases[0].PlannedEnd,
			ActualStart: paths.MustDate("2024-03-05"), Status: paths.PhaseInProgress})

		public, err := paths.PathsForZone(ctx, d, zoneA, false)
		if err != nil || len(public) != 2 || public[0].Slug != cur.Slug || public[1].Slug != old.Slug {
			t.Fatalf("public paths of A: %v, %v", slugs(public), err)
		}
		for _, p := range public {
			if len(p.Phases) != 6 {
				t.Errorf("%s has %d phases loaded", p.Slug, len(p.Phases))
			}
		}
		all, err := paths.PathsForZone(ctx, d, zoneA, true)
		if err != nil || len(all) != 3 || all[0].Slug != draft.Slug {
			t.Errorf("all paths of A: %v, %v", slugs(all), err)
		}
		active, err := paths.ActiveOn(ctx, d, paths.MustDate("2024-06-01"), 10)
		if err != nil || len(active) != 2 || active[0].Slug != other.Slug || active[1].Slug != cur.Slug {
			t.Errorf("active on 2024-06-01: %v, %v", slugs(active), err)
		}
		active, err = paths.ActiveOn(ctx, d, paths.MustDate("2026-01-01"), 10)
		if err != nil || len(active) != 1 || active[0].Slug != cur.Slug {
			t.Errorf("active on 2026-01-01 (only the phase left in progress): %v, %v", slugs(active), err)
		}
		recent, err := paths.Recent(ctx, d, 2)
		if err != nil || len(recent) != 2 || recent[0].Slug != other.Slug || len(recent[0].Phases) != 6 {
			t.Errorf("recent: %v, %v", slugs(recent), err)
		}
		if _, err := paths.PathBySlug(ctx, d, "non-esiste"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown slug: %v", err)
		}
	})
}

func slugs(ps []paths.Path) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Slug
	}
	return out
}

func TestPhaseRulesRejectImpossibleDatesAndStatuses(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.path(zoneA, "Regole", "2024-03-04")
		d1, d2, future := paths.MustDate("2024-03-04"), paths.MustDate("2024-03-20"), paths.MustDate("2199-01-01")
		cases := []struct {
			name string
			ch   paths.PhaseChange
			want map[string]string
		}{
			{"planned end before start", paths.PhaseChange{PlannedStart: d2, PlannedEnd: d1, Status: paths.PhasePlanned},
				map[string]string{"planned_end": "paths.err.end_before_start"}},
			{"no planned dates", paths.PhaseChange{Status: paths.PhasePlanned},
				map[string]string{"planned_start": "paths.err.date_required", "planned_end": "paths.err.date_required"}},
			{"actual end before start", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, ActualStart: d2, ActualEnd: d1, Status: paths.PhaseDone},
				map[string]string{"actual_end": "paths.err.end_before_start"}},
			{"done without dates", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, Status: paths.PhaseDone},
				map[string]string{"actual_start": "paths.err.done_needs_dates", "actual_end": "paths.err.done_needs_dates"}},
			{"in progress with an end", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, ActualStart: d1, ActualEnd: d2, Status: paths.PhaseInProgress},
				map[string]string{"actual_end": "paths.err.in_progress_has_end"}},
			{"planned but started", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, ActualStart: d1, Status: paths.PhasePlanned},
				map[string]string{"status": "paths.err.planned_has_actual"}},
			{"end without start", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, ActualEnd: d2, Status: paths.PhaseSkipped},
				map[string]string{"actual_start": "paths.err.actual_end_without_start"}},
			{"actual in the future", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, ActualStart: future, Status: paths.PhaseInProgress},
				map[string]string{"actual_start": "paths.err.actual_in_future"}},
			{"unknown status", paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2, Status: "finita"},
				map[string]string{"status": "paths.err.status_invalid"}},
		}
		for _, c := range cases {
			err := paths.SetPhase(context.Background(), d, paths.Actor{}, p.Phases[0].ID, c.ch)
			var inv *paths.InvalidError
			if !errors.As(err, &inv) {
				t.Errorf("%s: got %v, want an *InvalidError", c.name, err)
				continue
			}
			got := map[string]string{}
			for _, pr := range inv.Problems {
				got[pr.Field] = pr.Key
			}
			for f, k := range c.want {
				if got[f] != k {
					t.Errorf("%s: field %s got %q, want %q (all %v)", c.name, f, got[f], k, got)
				}
			}
		}
		if err := paths.SetPhase(context.Background(), d, paths.Actor{}, 999999, paths.PhaseChange{PlannedStart: d1, PlannedEnd: d2,
			Status: paths.PhasePlanned}); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown phase: %v", err)
		}
	})
}

func TestDatesParseOnlyRealISODays(t *testing.T) {
	for _, s := range []string{"", "2024-02-30", "2024-13-01", "24-01-01", "2024-1-1", "01/02/2024", "1800-01-01", "2024-01-01T00:00:00Z", " 2024-01-01"} {
		if _, err := paths.ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	d := paths.MustDate("2024-02-28")
	if d.AddDays(1).String() != "2024-02-29" || d.AddDays(2).String() != "2024-03-01" || d.DaysUntil(paths.MustDate("2024-03-01")) != 2 {
		t.Error("day arithmetic is wrong across a leap day")
	}
	if (paths.Date{}).String() != "" || !(paths.Date{}).IsZero() {
		t.Error("the zero Date is not empty")
	}
}

func FuzzParseDate(f *testing.F) {
	f.Add("2024-03-04")
	f.Add("2024-02-30")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := paths.ParseDate(s)
		if err == nil && d.String() != s {
			t.Errorf("ParseDate(%q) = %s", s, d)
		}
	})
}

func TestSlugifyMakesReadableAddresses(t *testing.T) {
	cases := map[string]string{
		"Cantiere della Salute – Lunigiana":           "cantiere-della-salute-lunigiana",
		"Casa di Comunità di Pontassieve":             "casa-di-comunita-di-pontassieve",
		"  Camper   della Salute!! ":                  "camper-della-salute",
		"Mediatori neuro-culturali (2021)":            "mediatori-neuro-culturali-2021",
		"Ελληνικά":                                    "",
		strings.Repeat("parola ", 30):                 strings.TrimRight(strings.Repeat("parola-", 30)[:80], "-"),
		"Amiata Grossetana - Colline Metallifere":     "amiata-grossetana-colline-metallifere",
		"L'attivazione della cittadinanza: perché sì": "l-attivazione-della-cittadinanza-perche-si",
	}
	for in, want := range cases {
		if got := paths.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzSlugify(f *testing.F) {
	f.Add("Cantiere della Salute – Lunigiana")
	f.Fuzz(func(t *testing.T, s string) {
		out := paths.Slugify(s)
		if len(out) > 80 || strings.HasPrefix(out, "-") || strings.HasSuffix(out, "-") || strings.Contains(out, "--") {
			t.Errorf("Slugify(%q) = %q", s, out)
		}
	})
}
