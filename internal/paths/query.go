package paths

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Every function returning paths runs a constant number of queries: one for
// the paths, one for the phases of all of them, and one more for the
// planned activities where they are shown (PathBySlug).

const pathSelect = `SELECT p.id, p.slug, p.zone_id, z.name, p.edition_id, e.slug, e.name_it, e.name_en,
	COALESCE(t.slug, ''), COALESCE(t.name_it, ''), COALESCE(t.name_en, ''),
	p.title_it, p.title_en, p.summary_it, p.summary_en, p.status, p.start_date, p.published_at, p.created_at, p.updated_at
FROM paths p JOIN zones z ON z.id = p.zone_id JOIN editions e ON e.id = p.edition_id
LEFT JOIN path_templates t ON t.id = p.template_id`

// today is the current day in Italy.
func today() Date { return DateOf(time.Now().In(web.Rome())) }

func scanPath(rows *sql.Rows) (Path, error) {
	var p Path
	var published sql.NullTime
	var status string
	err := rows.Scan(&p.ID, &p.Slug, &p.ZoneID, &p.ZoneName, &p.EditionID, &p.EditionSlug, &p.EditionName.IT, &p.EditionName.EN,
		&p.TemplateSlug, &p.TemplateName.IT, &p.TemplateName.EN,
		&p.Title.IT, &p.Title.EN, &p.Summary.IT, &p.Summary.EN, &status, &p.Start, &published, &p.CreatedAt, &p.UpdatedAt)
	p.Status = Status(status)
	if published.Valid {
		p.PublishedAt = published.Time
	}
	return p, err
}

// queryPaths runs pathSelect with the conditions and order given, then
// loads the phases of every path found.
func queryPaths(ctx context.Context, q db.Execer, where, order string, args ...any) ([]Path, error) {
	query := pathSelect
	if where != "" {
		query += " WHERE " + where
	}
	rows, err := q.Query(ctx, query+" ORDER BY "+order, args...)
	if err != nil {
		return nil, err
	}
	var out []Path
	for rows.Next() {
		p, err := scanPath(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := attachPhases(ctx, q, out, false); err != nil {
		return nil, err
	}
	return out, nil
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

const phaseColumns = `id, path_id, position, name_it, name_en, description_it, description_en,
	planned_start, planned_end, actual_start, actual_end, status`

func scanPhase(rows *sql.Rows) (Phase, error) {
	var ph Phase
	var status string
	err := rows.Scan(&ph.ID, &ph.PathID, &ph.Position, &ph.Name.IT, &ph.Name.EN, &ph.Description.IT, &ph.Description.EN,
		&ph.PlannedStart, &ph.PlannedEnd, &ph.ActualStart, &ph.ActualEnd, &status)
	ph.Status = PhaseStatus(status)
	return ph, err
}

// attachPhases loads the phases of paths in one query, and their planned
// activities in a second one when withActivities.
func attachPhases(ctx context.Context, q db.Execer, paths []Path, withActivities bool) error {
	if len(paths) == 0 {
		return nil
	}
	ids := make([]any, len(paths))
	index := make(map[int64]int, len(paths))
	for i, p := range paths {
		ids[i] = p.ID
		index[p.ID] = i
	}
	in := placeholders(len(ids))
	rows, err := q.Query(ctx, `SELECT `+phaseColumns+` FROM path_phases WHERE path_id IN (`+in+`) ORDER BY path_id, position`, ids...)
	if err != nil {
		return fmt.Errorf("phases: %w", err)
	}
	phaseAt := map[int64][2]int{} // phase id -> path index, phase index
	for rows.Next() {
		ph, err := scanPhase(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("phases: %w", err)
		}
		i := index[ph.PathID]
		phaseAt[ph.ID] = [2]int{i, len(paths[i].Phases)}
		paths[i].Phases = append(paths[i].Phases, ph)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("phases: %w", err)
	}
	if !withActivities {
		return nil
	}
	rows, err = q.Query(ctx, `SELECT a.phase_id, a.kind, a.planned_count, a.label_it, a.label_en FROM phase_activities a
JOIN path_phases f ON f.id = a.phase_id WHERE f.path_id IN (`+in+`) ORDER BY a.phase_id, a.position`, ids...)
	if err != nil {
		return fmt.Errorf("planned activities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var phaseID int64
		var a PlannedActivity
		if err := rows.Scan(&phaseID, &a.Kind, &a.Count, &a.Label.IT, &a.Label.EN); err != nil {
			return fmt.Errorf("planned activities: %w", err)
		}
		if at, ok := phaseAt[phaseID]; ok {
			ph := &paths[at[0]].Phases[at[1]]
			ph.Activities = append(ph.Activities, a)
		}
	}
	return rows.Err()
}
