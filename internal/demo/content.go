package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/faq"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// The zones the demo content is about, by id.
const (
	ZoneLunigiana           = "lunigiana"
	ZoneValdichianaAretina  = "valdichiana-aretina"
	ZoneFiorentinaNordOvest = "fiorentina-nord-ovest"
	ZoneAltaValDiCecina     = "alta-val-di-cecina-valdera"
	ZoneAmiataSenese        = "amiata-senese-val-d-orcia-valdichiana-senese"
	ZoneAmiataGrossetana    = "amiata-grossetana-colline-metallifere-grossetana"
	ZoneFiorentinaSudEst    = "fiorentina-sud-est"
)

// PilotZones are the five pilot territories of the programme (seeds 000
// and 001), each with a path of the second edition at its own stage.
var PilotZones = []string{ZoneLunigiana, ZoneValdichianaAretina, ZoneFiorentinaNordOvest, ZoneAltaValDiCecina, ZoneAmiataSenese}

// phaseRun says how a phase of a demo path went against its plan: its
// status, and how many days after the planned dates it actually started
// and ended (negative: before). A phase without a run is still planned.
type phaseRun struct {
	Status             paths.PhaseStatus
	StartLate, EndLate int
}

func done(startLate, endLate int) phaseRun { return phaseRun{paths.PhaseDone, startLate, endLate} }
func running(startLate int) phaseRun {
	return phaseRun{Status: paths.PhaseInProgress, StartLate: startLate}
}

// pathSpec is a demo path: what CreateFromTemplate needs, when it starts
// (from the day of the first load, so the demo stays current), how its
// phases went, and optionally a new plan for its phases.
type pathSpec struct {
	Slug, Zone, Template, Edition string
	Title, Summary                paths.Text
	Start                         func(today paths.Date) paths.Date
	Runs                          []phaseRun
	// Replan, when set, returns new planned dates for the phases of plan,
	// the template's plan from the path's start.
	Replan func(plan []paths.Phase, today paths.Date) []paths.Phase
}

// daysAgo is a Start for a path that began n days before the first load.
func daysAgo(n int) func(paths.Date) paths.Date {
	return func(today paths.Date) paths.Date { return today.AddDays(-n) }
}

// on is a Start for a path with a fixed date.
func on(iso string) func(paths.Date) paths.Date {
	d := paths.MustDate(iso)
	return func(paths.Date) paths.Date { return d }
}

// newsSpec is a demo news item. Its publication time is worked out from
// now: At is nil for a draft.
type newsSpec struct {
	news.Input
	At func(now time.Time) time.Time
}

// dayAt returns a publication time days after now (negative: before) at
// hour:00 in Rome, never later than an hour ago for a past day.
func dayAt(days, hour int) func(time.Time) time.Time {
	return func(now time.Time) time.Time {
		d := now.In(web.Rome()).AddDate(0, 0, days)
		t := time.Date(d.Year(), d.Month(), d.Day(), hour, 0, 0, 0, web.Rome())
		if days <= 0 && t.After(now.Add(-time.Hour)) {
			t = now.Add(-time.Hour)
		}
		return t
	}
}

// Summary is what a load found and added.
type Summary struct {
	Zones             int
	Paths, PathsNew   int
	Solutions, SolNew int
	News, NewsNew     int
	NewsVisible       int
	Scheduled         []string // slugs of items scheduled for later
	Drafts            []string // slugs of draft items
	FAQ               int
	// Lines describe each demo path: zone, slug, where it stands.
	Lines []string
}

// loadContent writes the programme's demo content: paths, solutions and
// news. Existing content is recognised by its slug and left alone, so a
// second load adds nothing.
func loadContent(ctx context.Context, d *db.DB) (Summary, error) {
	var s Summary
	if err := paths.LoadSeeds(ctx, d); err != nil {
		return s, fmt.Errorf("demo: path templates: %w", err)
	}
	if err := faq.LoadSeed(ctx, d); err != nil {
		return s, fmt.Errorf("demo: FAQ: %w", err)
	}
	now := time.Now()
	today := paths.DateOf(now.In(web.Rome()))
	actor := paths.Actor{Label: "cantieri demo"}
	for _, spec := range demoPaths() {
		p, added, err := ensurePath(ctx, d, actor, spec, today)
		if err != nil {
			return s, err
		}
		s.Paths++
		if added {
			s.PathsNew++
		}
		s.Lines = append(s.Lines, describe(p))
	}
	for _, in := range demoSolutions() {
		_, err := paths.SolutionBySlug(ctx, d, in.Slug)
		switch {
		case errors.Is(err, db.ErrNotFound):
			if _, err := paths.CreateSolution(ctx, d, actor, in); err != nil {
				return s, fmt.Errorf("demo: solution %s: %w", in.Slug, err)
			}
			s.SolNew++
		case err != nil:
			return s, fmt.Errorf("demo: %w", err)
		}
		s.Solutions++
	}
	author := news.Actor{Label: "cantieri demo", Name: "Redazione Cantieri della Salute"}
	for _, spec := range demoNews() {
		in := spec.Input
		slug := news.Slugify(in.TitleIT)
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM news WHERE slug = ?`, slug).Scan(&n); err != nil {
			return s, fmt.Errorf("demo: news %s: %w", slug, err)
		}
		if n == 0 {
			if spec.At != nil {
				in.PublishAt = spec.At(now)
			}
			if _, err := news.Create(ctx, d, in, author); err != nil {
				return s, fmt.Errorf("demo: news %s: %w", slug, err)
			}
			s.NewsNew++
		}
		s.News++
		switch in.Status {
		case news.Draft:
			s.Drafts = append(s.Drafts, slug)
		case news.Scheduled:
			var at time.Time
			if err := d.QueryRow(ctx, `SELECT publish_at FROM news WHERE slug = ?`, slug).Scan(&at); err != nil {
				return s, fmt.Errorf("demo: news %s: %w", slug, err)
			}
			s.Scheduled = append(s.Scheduled, slug+" (on "+at.In(web.Rome()).Format("2006-01-02 15:04")+")")
		}
	}
	counts := []struct {
		q   string
		dst *int
	}{
		{`SELECT COUNT(*) FROM zones`, &s.Zones},
		{`SELECT COUNT(*) FROM faq_items`, &s.FAQ},
		{`SELECT COUNT(*) FROM news WHERE status IN ('published', 'scheduled') AND publish_at <= ?`, &s.NewsVisible},
	}
	for _, c := range counts {
		var args []any
		if strings.Contains(c.q, "?") {
			args = append(args, db.Now())
		}
		if err := d.QueryRow(ctx, c.q, args...).Scan(c.dst); err != nil {
			return s, fmt.Errorf("demo: count: %w", err)
		}
	}
	return s, nil
}

// ensurePath creates the path of spec unless a published path has its
// slug already. A draft left by an interrupted load is completed: its
// phases are set again from its stored start, and it is published.
func ensurePath(ctx context.Context, d *db.DB, actor paths.Actor, spec pathSpec, today paths.Date) (paths.Path, bool, error) {
	p, err := paths.PathBySlug(ctx, d, spec.Slug)
	added := false
	switch {
	case err == nil && !p.IsDraft():
		return p, false, nil
	case err == nil:
	case errors.Is(err, db.ErrNotFound):
		p, err = paths.CreateFromTemplate(ctx, d, actor, paths.NewPath{
			Zone: spec.Zone, Template: spec.Template, Edition: spec.Edition,
			Title: spec.Title, Summary: spec.Summary, Start: spec.Start(today), Slug: spec.Slug,
		})
		if err != nil {
			return p, false, fmt.Errorf("demo: path %s: %w", spec.Slug, err)
		}
		added = true
	default:
		return p, false, fmt.Errorf("demo: %w", err)
	}
	tmpl, err := paths.TemplateBySlug(ctx, d, spec.Template)
	if err != nil {
		return p, false, fmt.Errorf("demo: path %s: %w", spec.Slug, err)
	}
	plan := tmpl.Plan(p.Start)
	if spec.Replan != nil {
		plan = spec.Replan(plan, today)
	}
	if len(plan) != len(p.Phases) {
		return p, false, fmt.Errorf("demo: path %s has %d phases, its template %d", spec.Slug, len(p.Phases), len(plan))
	}
	for i, ph := range p.Phases {
		ch := phaseChange(plan[i], spec.Runs, i, today)
		if err := paths.SetPhase(ctx, d, actor, ph.ID, ch); err != nil {
			return p, false, fmt.Errorf("demo: path %s phase %d: %w", spec.Slug, ph.Position, err)
		}
	}
	if err := paths.Publish(ctx, d, actor, p.ID); err != nil {
		return p, false, fmt.Errorf("demo: path %s: %w", spec.Slug, err)
	}
	p, err = paths.PathBySlug(ctx, d, spec.Slug)
	return p, added, err
}

// phaseChange is the state of phase i after runs: its planned dates, and
// actual dates moved from them, never after today.
func phaseChange(plan paths.Phase, runs []phaseRun, i int, today paths.Date) paths.PhaseChange {
	ch := paths.PhaseChange{PlannedStart: plan.PlannedStart, PlannedEnd: plan.PlannedEnd, Status: paths.PhasePlanned}
	if i >= len(runs) || runs[i].Status == paths.PhasePlanned || runs[i].Status == "" {
		return ch
	}
	r := runs[i]
	ch.Status = r.Status
	ch.ActualStart = plan.PlannedStart.AddDays(r.StartLate).Min(today)
	if r.Status == paths.PhaseDone {
		ch.ActualEnd = plan.PlannedEnd.AddDays(r.EndLate).Min(today).Max(ch.ActualStart)
	}
	return ch
}

// describe says where a path stands, for the terminal.
func describe(p paths.Path) string {
	g := p.Progress()
	stage := "not started"
	switch {
	case g.Stage == paths.StageCompleted:
		stage = "completed"
	case g.Current != nil:
		stage = fmt.Sprintf("phase %d/%d in progress: %s", g.Current.Position, g.Total, g.Current.Name.IT)
	case g.Next != nil:
		stage = fmt.Sprintf("next: phase %d/%d, %s", g.Next.Position, g.Total, g.Next.Name.IT)
	}
	return fmt.Sprintf("%s, %s: %s\n      /percorsi/%s", p.ZoneName, p.EditionName.IT, stage, p.Slug)
}

// print writes the summary for the person running the demo.
func (s Summary) print(out io.Writer, baseURL string) {
	fmt.Fprintln(out, "Demo content:")
	fmt.Fprintf(out, "  %d territories (zone-distretto), %d FAQ questions\n", s.Zones, s.FAQ)
	fmt.Fprintf(out, "  %d published paths (%d new):\n", s.Paths, s.PathsNew)
	for _, l := range s.Lines {
		fmt.Fprintf(out, "    %s\n", l)
	}
	fmt.Fprintf(out, "  %d tested solutions (%d new)\n", s.Solutions, s.SolNew)
	fmt.Fprintf(out, "  %d news items (%d new), %d visible now\n", s.News, s.NewsNew, s.NewsVisible)
	fmt.Fprintf(out, "    scheduled: %s\n    draft: %s\n", list(s.Scheduled), list(s.Drafts))
	fmt.Fprintf(out, "Public site: %s/ — territories at %s/territori, news at %s/notizie\n", baseURL, baseURL, baseURL)
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}
