package paths

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Limits of the texts of a path, in characters.
const (
	maxTitle   = 200
	maxSummary = 2000
)

// reservedSlugs are words the editing routes use after /gestione/percorsi/.
var reservedSlugs = map[string]bool{"nuovo": true, "nuova": true}

// NewPath is what CreateFromTemplate needs. Field names in problems are the
// form fields: zone, template, edition, title_it, title_en, summary_it,
// summary_en, start_date, slug.
type NewPath struct {
	Zone     string // zone id, e.g. "lunigiana"
	Template string // template slug, e.g. TemplateCantiere
	Edition  string // edition slug, e.g. EditionSecond
	Title    Text
	Summary  Text
	Start    Date
	// Slug is optional: when empty one is made from the Italian title, with
	// a number added if it is taken.
	Slug string
}

// Plan returns the phases a path starting on start gets from t: each
// phase begins OffsetWeeks after start and lasts DurationWeeks, its planned
// end being the last day included.
func (t Template) Plan(start Date) []Phase {
	out := make([]Phase, len(t.Phases))
	for i, pt := range t.Phases {
		s := start.AddDays(7 * pt.OffsetWeeks)
		out[i] = Phase{
			Position: i + 1, Name: pt.Name, Description: pt.Description,
			PlannedStart: s, PlannedEnd: s.AddDays(7*pt.DurationWeeks - 1),
			Status: PhasePlanned, Activities: pt.Activities,
		}
	}
	return out
}

// CreateFromTemplate creates a draft path in a zone from a template: the
// template's phases are copied with planned dates computed from the start
// date. The creation is recorded in the audit log. Invalid input gives an
// *InvalidError listing every problem.
func CreateFromTemplate(ctx context.Context, d *db.DB, actor Actor, in NewPath) (Path, error) {
	var slug string
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var pr problems
		editionID, templateID := checkNewPath(ctx, tx, in, &pr)
		if len(pr.list) > 0 {
			return pr.err()
		}
		var err error
		if slug, err = freeSlug(ctx, tx, "paths", in.Slug, in.Title.IT, "percorso"); err != nil {
			return err
		}
		tmpl, err := templateInTx(ctx, tx, templateID, in.Template)
		if err != nil {
			return err
		}
		now := db.Now()
		var createdBy any
		if actor.ID != 0 {
			createdBy = actor.ID
		}
		id, err := tx.InsertID(ctx, `INSERT INTO paths (slug, zone_id, edition_id, template_id, title_it, title_en, summary_it, summary_en,
	status, start_date, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)`,
			slug, in.Zone, editionID, templateID, in.Title.IT, in.Title.EN, in.Summary.IT, in.Summary.EN, in.Start, createdBy, now, now)
		if err != nil {
			if db.IsUniqueViolation(err) {
				pr.add("slug", "paths.err.slug_taken")
				return pr.err()
			}
			return err
		}
		if err := insertPhases(ctx, tx, id, tmpl.Plan(in.Start), now); err != nil {
			return err
		}
		return actor.record(ctx, tx, "path.create", "path", slug, in.Zone, nil, map[string]any{
			"slug": slug, "template": in.Template, "edition": in.Edition, "title_it": in.Title.IT, "start_date": in.Start.String(), "status": Draft,
		})
	})
	if err != nil {
		var inv *InvalidError
		if errors.As(err, &inv) {
			return Path{}, err
		}
		return Path{}, fmt.Errorf("paths: create %q in %s: %w", in.Title.IT, in.Zone, err)
	}
	return PathBySlug(ctx, d, slug)
}

// Validate returns an *InvalidError listing every problem of in, or nil:
// what CreateFromTemplate would refuse, without creating anything. Forms
// use it when some field could not even be read.
func (in NewPath) Validate(ctx context.Context, d *db.DB) error {
	var pr problems
	checkNewPath(ctx, d, in, &pr)
	return pr.err()
}

// checkNewPath records every problem of in and returns the ids of its
// edition and template.
func checkNewPath(ctx context.Context, tx db.Execer, in NewPath, pr *problems) (editionID, templateID int64) {
	checkZone(ctx, tx, in.Zone, pr)
	if in.Template == "" {
		pr.add("template", "form.required")
	} else if err := tx.QueryRow(ctx, `SELECT id FROM path_templates WHERE slug = ?`, in.Template).Scan(&templateID); err != nil {
		pr.add("template", "paths.err.template_unknown")
	}
	editionID = checkEdition(ctx, tx, in.Edition, in.Start, pr)
	checkTexts(in.Title, in.Summary, pr)
	if in.Slug != "" && (!validSlug(in.Slug) || reservedSlugs[in.Slug]) {
		pr.add("slug", "paths.err.slug_invalid")
	}
	return editionID, templateID
}

func checkZone(ctx context.Context, tx db.Execer, zone string, pr *problems) {
	if zone == "" {
		pr.add("zone", "form.required")
		return
	}
	var n int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM zones WHERE id = ?`, zone).Scan(&n); err != nil || n == 0 {
		pr.add("zone", "paths.err.zone_unknown")
	}
}

// checkEdition finds the edition and checks that start falls within it.
func checkEdition(ctx context.Context, tx db.Execer, slug string, start Date, pr *problems) int64 {
	if start.IsZero() {
		pr.add("start_date", "paths.err.date_required")
	}
	if slug == "" {
		pr.add("edition", "form.required")
		return 0
	}
	var id int64
	var from, to Date
	if err := tx.QueryRow(ctx, `SELECT id, start_date, end_date FROM editions WHERE slug = ?`, slug).Scan(&id, &from, &to); err != nil {
		pr.add("edition", "paths.err.edition_unknown")
		return 0
	}
	if !start.IsZero() && (start.Before(from) || (!to.IsZero() && start.After(to))) {
		pr.add("start_date", "paths.err.start_outside_edition")
	}
	return id
}

func checkTexts(title, summary Text, pr *problems) {
	if title.IT == "" {
		pr.add("title_it", "form.required")
	}
	checkLen(pr, "title_it", title.IT, maxTitle)
	checkLen(pr, "title_en", title.EN, maxTitle)
	checkLen(pr, "summary_it", summary.IT, maxSummary)
	checkLen(pr, "summary_en", summary.EN, maxSummary)
}

func checkLen(pr *problems, field, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		pr.add(field, "form.too_long")
	}
}

// freeSlug returns want when given (the caller checked its form), or a slug
// made from title (fallback when the title has no letters), numbered when
// taken, in table.
func freeSlug(ctx context.Context, tx *db.Tx, table, want, title, fallback string) (string, error) {
	if want != "" {
		return want, nil
	}
	base := Slugify(title)
	if len(base) > maxSlug-4 {
		base = Slugify(base[:maxSlug-4])
	}
	if base == "" || reservedSlugs[base] {
		base = fallback
	}
	for n := 1; n < 1000; n++ {
		s := base
		if n > 1 {
			s = base + "-" + strconv.Itoa(n)
		}
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE slug = ?`, s).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return s, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("no free slug for %q", base)
}

// templateInTx reads template id with its phases inside the transaction.
func templateInTx(ctx context.Context, tx *db.Tx, id int64, slug string) (Template, error) {
	t := Template{ID: id, Slug: slug}
	rows, err := tx.Query(ctx, `SELECT p.id, p.name_it, p.name_en, p.description_it, p.description_en, p.offset_weeks, p.duration_weeks,
	COALESCE(a.id, 0), COALESCE(a.kind, ''), COALESCE(a.planned_count, 0), COALESCE(a.label_it, ''), COALESCE(a.label_en, '')
FROM phase_templates p LEFT JOIN phase_template_activities a ON a.phase_template_id = p.id
WHERE p.template_id = ? ORDER BY p.position, a.position`, id)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	var last int64
	for rows.Next() {
		var pid, aid int64
		var ph PhaseTemplate
		var a PlannedActivity
		if err := rows.Scan(&pid, &ph.Name.IT, &ph.Name.EN, &ph.Description.IT, &ph.Description.EN, &ph.OffsetWeeks, &ph.DurationWeeks,
			&aid, &a.Kind, &a.Count, &a.Label.IT, &a.Label.EN); err != nil {
			return t, err
		}
		if pid != last {
			t.Phases = append(t.Phases, ph)
			last = pid
		}
		if aid != 0 {
			p := &t.Phases[len(t.Phases)-1]
			p.Activities = append(p.Activities, a)
		}
	}
	return t, rows.Err()
}

func insertPhases(ctx context.Context, tx *db.Tx, pathID int64, phases []Phase, now any) error {
	for _, ph := range phases {
		id, err := tx.InsertID(ctx, `INSERT INTO path_phases (path_id, position, name_it, name_en, description_it, description_en,
	planned_start, planned_end, status, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			pathID, ph.Position, ph.Name.IT, ph.Name.EN, ph.Description.IT, ph.Description.EN, ph.PlannedStart, ph.PlannedEnd, string(ph.Status), now)
		if err != nil {
			return fmt.Errorf("phase %d: %w", ph.Position, err)
		}
		for j, a := range ph.Activities {
			if _, err := tx.Exec(ctx, `INSERT INTO phase_activities (phase_id, position, kind, planned_count, label_it, label_en) VALUES (?, ?, ?, ?, ?, ?)`,
				id, j+1, a.Kind, a.Count, a.Label.IT, a.Label.EN); err != nil {
				return fmt.Errorf("phase %d: activity %d: %w", ph.Position, j+1, err)
			}
		}
	}
	return nil
}
