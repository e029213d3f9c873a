package paths

import (
	"context"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Editions lists the editions, newest first.
func Editions(ctx context.Context, d *db.DB) ([]Edition, error) {
	rows, err := d.Query(ctx, `SELECT id, slug, name_it, name_en, start_date, end_date FROM editions ORDER BY start_date DESC, id DESC`)
	if err != nil {
		return nil, fmt.Errorf("paths: editions: %w", err)
	}
	defer rows.Close()
	var out []Edition
	for rows.Next() {
		var e Edition
		if err := rows.Scan(&e.ID, &e.Slug, &e.Name.IT, &e.Name.EN, &e.Start, &e.End); err != nil {
			return nil, fmt.Errorf("paths: editions: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("paths: editions: %w", err)
	}
	return out, nil
}

// Templates lists the path templates with their phases and planned
// activities, in the order of seeds.go (by id). Two queries.
func Templates(ctx context.Context, d *db.DB) ([]Template, error) {
	rows, err := d.Query(ctx, `SELECT id, slug, name_it, name_en, description_it, description_en, duration_months FROM path_templates ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("paths: templates: %w", err)
	}
	var out []Template
	index := map[int64]int{}
	for rows.Next() {
		var t Template
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name.IT, &t.Name.EN, &t.Description.IT, &t.Description.EN, &t.DurationMonths); err != nil {
			rows.Close()
			return nil, fmt.Errorf("paths: templates: %w", err)
		}
		index[t.ID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("paths: templates: %w", err)
	}
	rows, err = d.Query(ctx, `SELECT p.template_id, p.id, p.name_it, p.name_en, p.description_it, p.description_en, p.offset_weeks, p.duration_weeks,
	COALESCE(a.kind, ''), COALESCE(a.planned_count, 0), COALESCE(a.label_it, ''), COALESCE(a.label_en, ''), COALESCE(a.id, 0)
FROM phase_templates p LEFT JOIN phase_template_activities a ON a.phase_template_id = p.id
ORDER BY p.template_id, p.position, a.position`)
	if err != nil {
		return nil, fmt.Errorf("paths: template phases: %w", err)
	}
	defer rows.Close()
	var lastPhase int64
	for rows.Next() {
		var tid, pid, aid int64
		var ph PhaseTemplate
		var a PlannedActivity
		if err := rows.Scan(&tid, &pid, &ph.Name.IT, &ph.Name.EN, &ph.Description.IT, &ph.Description.EN, &ph.OffsetWeeks, &ph.DurationWeeks,
			&a.Kind, &a.Count, &a.Label.IT, &a.Label.EN, &aid); err != nil {
			return nil, fmt.Errorf("paths: template phases: %w", err)
		}
		i, ok := index[tid]
		if !ok {
			continue
		}
		t := &out[i]
		if pid != lastPhase {
			t.Phases = append(t.Phases, ph)
			lastPhase = pid
		}
		if aid != 0 {
			last := &t.Phases[len(t.Phases)-1]
			last.Activities = append(last.Activities, a)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("paths: template phases: %w", err)
	}
	return out, nil
}

// TemplateBySlug returns one template with its phases, or db.ErrNotFound.
func TemplateBySlug(ctx context.Context, d *db.DB, slug string) (Template, error) {
	all, err := Templates(ctx, d)
	if err != nil {
		return Template{}, err
	}
	for _, t := range all {
		if t.Slug == slug {
			return t, nil
		}
	}
	return Template{}, fmt.Errorf("paths: template %q: %w", slug, db.ErrNotFound)
}
