package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// itemColumns reads an item with its cover's hash and size; the zones
// come from loadZones.
const itemColumns = `SELECT n.id, n.slug, n.title_it, n.title_en, n.summary_it, n.summary_en, n.body_it, n.body_en,
COALESCE(n.cover_file_id, 0), COALESCE(f.hash, ''), COALESCE(f.width, 0), COALESCE(f.height, 0), n.cover_alt_it, n.cover_alt_en,
n.status, n.publish_at, COALESCE(n.author_id, 0), n.author_name, n.created_at, n.updated_at
FROM news n LEFT JOIN files f ON f.id = n.cover_file_id`

// visible is the condition for items visitors see; its one argument is now.
const visible = `n.status IN ('published', 'scheduled') AND n.publish_at <= ?`

// inZone restricts to items of one territory; its argument is the zone.
const inZone = ` AND EXISTS (SELECT 1 FROM news_zones nz WHERE nz.news_id = n.id AND nz.zone_id = ?)`

const newestFirst = ` ORDER BY n.publish_at DESC, n.id DESC`

func scanItem(row interface{ Scan(...any) error }) (*Item, error) {
	it := &Item{}
	var status string
	var at sql.NullTime
	err := row.Scan(&it.ID, &it.Slug, &it.TitleIT, &it.TitleEN, &it.SummaryIT, &it.SummaryEN, &it.BodyIT, &it.BodyEN,
		&it.CoverFileID, &it.CoverHash, &it.CoverWidth, &it.CoverHeight, &it.CoverAltIT, &it.CoverAltEN,
		&status, &at, &it.AuthorID, &it.AuthorName, &it.CreatedAt, &it.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	it.Status = Status(status)
	if at.Valid {
		it.PublishAt = at.Time.UTC()
	}
	it.CreatedAt, it.UpdatedAt = it.CreatedAt.UTC(), it.UpdatedAt.UTC()
	return it, nil
}

// queryItems runs an item query and loads the zones of what it finds.
func queryItems(ctx context.Context, ex db.Execer, query string, args ...any) ([]*Item, error) {
	rows, err := ex.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var out []*Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, loadZones(ctx, ex, out)
}

func loadZones(ctx context.Context, ex db.Execer, items []*Item) error {
	if len(items) == 0 {
		return nil
	}
	byID := make(map[int64]*Item, len(items))
	ph := make([]string, 0, len(items))
	args := make([]any, 0, len(items))
	for _, it := range items {
		byID[it.ID] = it
		it.Zones = nil
		ph = append(ph, "?")
		args = append(args, it.ID)
	}
	rows, err := ex.Query(ctx, `SELECT news_id, zone_id FROM news_zones WHERE news_id IN (`+strings.Join(ph, ", ")+`) ORDER BY zone_id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var z string
		if err := rows.Scan(&id, &z); err != nil {
			return err
		}
		byID[id].Zones = append(byID[id].Zones, z)
	}
	return rows.Err()
}

func queryOne(ctx context.Context, ex db.Execer, query string, args ...any) (*Item, error) {
	items, err := queryItems(ctx, ex, query, args...)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, db.ErrNotFound
	}
	return items[0], nil
}

// byID returns any item, visible or not.
func byID(ctx context.Context, ex db.Execer, id int64) (*Item, error) {
	it, err := queryOne(ctx, ex, itemColumns+` WHERE n.id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("news: item %d: %w", id, err)
	}
	return it, nil
}

// zonesOf returns the zones of item id, or db.ErrNotFound.
func zonesOf(ctx context.Context, d *db.DB, id int64) ([]string, error) {
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM news WHERE id = ?`, id).Scan(&n); err != nil {
		return nil, fmt.Errorf("news: zones of %d: %w", id, err)
	}
	if n == 0 {
		return nil, db.ErrNotFound
	}
	rows, err := d.Query(ctx, `SELECT zone_id FROM news_zones WHERE news_id = ? ORDER BY zone_id`, id)
	if err != nil {
		return nil, fmt.Errorf("news: zones of %d: %w", id, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var z string
		if err := rows.Scan(&z); err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	return out, rows.Err()
}

// page lists visible items of zone ("" for all), newest first, and counts
// them all.
func page(ctx context.Context, d *db.DB, zone string, now time.Time, limit, offset int) ([]*Item, int, error) {
	where, args := ` WHERE `+visible, []any{now}
	if zone != "" {
		where += inZone
		args = append(args, zone)
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM news n`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("news: count: %w", err)
	}
	// The page's ids first, from the index news_visible alone, then the
	// rows of those: ordering the rows themselves read and sorted every
	// visible item with its texts (5,000 at scale 10, 35 ms of the home
	// page's processor time; docs/performance.md, "What is slow at scale").
	ids := ` WHERE n.id IN (SELECT n.id FROM news n` + where + newestFirst + ` LIMIT ? OFFSET ?)`
	items, err := queryItems(ctx, d, itemColumns+ids+newestFirst, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("news: page: %w", err)
	}
	return items, total, nil
}

// editable lists the items whose every zone is in zones (all items when
// all is true), newest changes first, at most limit.
func editable(ctx context.Context, d *db.DB, zones []string, all bool, limit int) ([]*Item, error) {
	q, args := itemColumns, []any{}
	if !all {
		if len(zones) == 0 {
			return nil, nil
		}
		ph := strings.TrimSuffix(strings.Repeat("?, ", len(zones)), ", ")
		q += ` WHERE EXISTS (SELECT 1 FROM news_zones nz WHERE nz.news_id = n.id AND nz.zone_id IN (` + ph + `))
AND NOT EXISTS (SELECT 1 FROM news_zones nz WHERE nz.news_id = n.id AND nz.zone_id NOT IN (` + ph + `))`
		for range 2 {
			for _, z := range zones {
				args = append(args, z)
			}
		}
	}
	items, err := queryItems(ctx, d, q+` ORDER BY n.updated_at DESC, n.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("news: editable: %w", err)
	}
	return items, nil
}

// setZones replaces the zones of item id.
func setZones(ctx context.Context, tx *db.Tx, id int64, zones []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM news_zones WHERE news_id = ?`, id); err != nil {
		return err
	}
	for _, z := range zones {
		if _, err := tx.Exec(ctx, `INSERT INTO news_zones (news_id, zone_id) VALUES (?, ?)`, id, z); err != nil {
			return err
		}
	}
	return nil
}

// normaliseZones sorts zones and drops duplicates and empty ids.
func normaliseZones(zones []string) []string {
	out := slices.DeleteFunc(slices.Clone(zones), func(z string) bool { return strings.TrimSpace(z) == "" })
	slices.Sort(out)
	return slices.Compact(out)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.Time(t)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
