package paths

import (
	"context"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// PathBySlug returns the path with its phases and their planned
// activities, whatever its status (callers decide who may see a draft), or
// db.ErrNotFound. Three queries.
func PathBySlug(ctx context.Context, d *db.DB, slug string) (Path, error) {
	return pathWhere(ctx, d, "p.slug = ?", slug)
}

func pathWhere(ctx context.Context, q db.Execer, where string, args ...any) (Path, error) {
	found, err := queryPaths(ctx, q, where, "p.id", args...)
	if err != nil {
		return Path{}, fmt.Errorf("paths: path %v: %w", args, err)
	}
	if len(found) == 0 {
		return Path{}, fmt.Errorf("paths: path %v: %w", args, db.ErrNotFound)
	}
	found[0].Phases = nil
	if err := attachPhases(ctx, q, found[:1], true); err != nil {
		return Path{}, fmt.Errorf("paths: path %v: %w", args, err)
	}
	return found[0], nil
}

// PathsForZone lists the paths of zone with their phases, the newest
// edition first and, within it, the latest start first. Drafts are included
// only when includeDrafts (for those who may edit the zone). Two queries.
func PathsForZone(ctx context.Context, d *db.DB, zone string, includeDrafts bool) ([]Path, error) {
	where := "p.zone_id = ?"
	if !includeDrafts {
		where += " AND p.status = 'published'"
	}
	out, err := queryPaths(ctx, d, where, "e.start_date DESC, p.start_date DESC, p.id DESC", zone)
	if err != nil {
		return nil, fmt.Errorf("paths: paths of zone %s: %w", zone, err)
	}
	return out, nil
}

// Recent lists the published paths most recently published first, with
// their phases, at most limit of them. Two queries.
func Recent(ctx context.Context, d *db.DB, limit int) ([]Path, error) {
	out, err := queryPaths(ctx, d, "p.status = 'published'", "p.published_at DESC, p.id DESC LIMIT ?", clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("paths: recent: %w", err)
	}
	return out, nil
}

// Active lists the published paths under way today (in Italy): started,
// with a phase in progress or still planned to end today or later. Latest
// start first, at most limit. Two queries.
func Active(ctx context.Context, d *db.DB, limit int) ([]Path, error) {
	return ActiveOn(ctx, d, today(), limit)
}

// ActiveOn is Active as seen on day.
func ActiveOn(ctx context.Context, d *db.DB, day Date, limit int) ([]Path, error) {
	out, err := queryPaths(ctx, d, `p.status = 'published' AND p.start_date <= ? AND EXISTS (SELECT 1 FROM path_phases f
	WHERE f.path_id = p.id AND (f.status = 'in_progress' OR (f.status = 'planned' AND f.planned_end >= ?)))`,
		"p.start_date DESC, p.id DESC LIMIT ?", day, day, clampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("paths: active: %w", err)
	}
	return out, nil
}

func clampLimit(n int) int { return min(max(n, 1), 500) }

// ListPublished returns one page of the published paths (of one edition
// when editionID is not 0), by edition then start, and how many there are
// in all. Three queries.
func ListPublished(ctx context.Context, d *db.DB, editionID int64, limit, offset int) ([]Path, int, error) {
	where, args := "p.status = 'published'", []any{}
	if editionID != 0 {
		where += " AND p.edition_id = ?"
		args = append(args, editionID)
	}
	return listPage(ctx, d, where, args, limit, offset)
}

// ListEditable returns one page of the paths of zones (of every zone when
// all), drafts included, for the editing screens, and how many in all.
func ListEditable(ctx context.Context, d *db.DB, zones []string, all bool, limit, offset int) ([]Path, int, error) {
	if all {
		return listPage(ctx, d, "", nil, limit, offset)
	}
	if len(zones) == 0 {
		return nil, 0, nil
	}
	args := make([]any, len(zones))
	for i, z := range zones {
		args[i] = z
	}
	return listPage(ctx, d, "p.zone_id IN ("+placeholders(len(zones))+")", args, limit, offset)
}

func listPage(ctx context.Context, d *db.DB, where string, args []any, limit, offset int) ([]Path, int, error) {
	count := `SELECT COUNT(*) FROM paths p`
	if where != "" {
		count += " WHERE " + where
	}
	var total int
	if err := d.QueryRow(ctx, count, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("paths: count: %w", err)
	}
	out, err := queryPaths(ctx, d, where, "e.start_date DESC, p.start_date DESC, p.id DESC LIMIT ? OFFSET ?",
		append(args, clampLimit(limit), max(offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("paths: list: %w", err)
	}
	return out, total, nil
}

// PublishedCounts returns how many published paths each zone has (zones
// with none are absent). One query.
func PublishedCounts(ctx context.Context, d *db.DB) (map[string]int, error) {
	rows, err := d.Query(ctx, `SELECT zone_id, COUNT(*) FROM paths WHERE status = 'published' GROUP BY zone_id`)
	if err != nil {
		return nil, fmt.Errorf("paths: counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var z string
		var n int
		if err := rows.Scan(&z, &n); err != nil {
			return nil, fmt.Errorf("paths: counts: %w", err)
		}
		out[z] = n
	}
	return out, rows.Err()
}
