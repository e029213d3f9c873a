package activities

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

// The calendar reads the path's slug, title and status and the phase's
// position and name with each activity: a read-only join on the paths
// feature's tables, so that a list of activities stays one query (see
// docs/activities.md). Writing goes through the paths API only.
const activitySelect = `SELECT a.id, a.path_id, p.slug, p.title_it, p.title_en, p.status, a.phase_id, f.position, f.name_it, f.name_en,
	a.zone_id, z.name, a.kind, a.title_it, a.title_en, a.description_it, a.description_en, a.starts_at, a.ends_at,
	a.mode, a.venue_name, a.venue_address, COALESCE(a.venue_comune, ''), COALESCE(c.name, ''), a.online_url, COALESCE(a.capacity, 0),
	a.signup_opens_at, a.signup_closes_at, a.step_free, a.hearing_loop, a.interpreter_on_request, a.accessibility_it, a.accessibility_en,
	a.status, a.sequence, a.published_at, a.cancelled_at, a.created_at, a.updated_at,
	(SELECT COUNT(*) FROM activity_registrations r WHERE r.activity_id = a.id AND r.status = 'confirmed'),
	(SELECT COUNT(*) FROM activity_registrations r WHERE r.activity_id = a.id AND r.status = 'waiting')
FROM activities a JOIN paths p ON p.id = a.path_id JOIN path_phases f ON f.id = a.phase_id JOIN zones z ON z.id = a.zone_id
LEFT JOIN comuni c ON c.istat_code = a.venue_comune`

// publicCond selects what anyone may see.
const publicCond = `a.status IN ('published', 'cancelled') AND p.status = 'published'`

// publicOnly is publicCond on the activities table alone, for the lists
// that select a page of ids first (page): the status term is the
// condition of the index activities_public (migration 0016), and the
// path's status is checked for the activities that index finds.
const publicOnly = `a.status IN ('published', 'cancelled') AND EXISTS (SELECT 1 FROM paths p WHERE p.id = a.path_id AND p.status = 'published')`

func scanActivity(sc interface{ Scan(...any) error }) (*Activity, error) {
	var a Activity
	var pathStatus, kind, mode, status string
	var opens, closes, published, cancelled sql.NullTime
	err := sc.Scan(&a.ID, &a.PathID, &a.PathSlug, &a.PathTitle.IT, &a.PathTitle.EN, &pathStatus, &a.PhaseID, &a.PhasePosition,
		&a.PhaseName.IT, &a.PhaseName.EN, &a.ZoneID, &a.ZoneName, &kind, &a.Title.IT, &a.Title.EN, &a.Description.IT, &a.Description.EN,
		&a.Start, &a.End, &mode, &a.VenueName, &a.VenueAddress, &a.ComuneCode, &a.ComuneName, &a.OnlineURL, &a.Capacity,
		&opens, &closes, &a.StepFree, &a.HearingLoop, &a.Interpreter, &a.Accessibility.IT, &a.Accessibility.EN,
		&status, &a.Sequence, &published, &cancelled, &a.CreatedAt, &a.UpdatedAt, &a.Confirmed, &a.Waiting)
	if err != nil {
		return nil, err
	}
	a.PathPublished = pathStatus == "published"
	a.Kind, a.Mode, a.Status = Kind(kind), Mode(mode), Status(status)
	a.Start, a.End = a.Start.UTC(), a.End.UTC()
	a.SignupOpens, a.SignupCloses = nullTime(opens), nullTime(closes)
	a.PublishedAt, a.CancelledAt = nullTime(published), nullTime(cancelled)
	return &a, nil
}

func nullTime(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// nullable stores a zero time as NULL.
func nullable(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return db.Time(t)
}

// Get returns the activity with its audiences and counts, whatever its
// status (db.ErrNotFound when there is none).
func Get(ctx context.Context, q db.Execer, id int64) (*Activity, error) {
	list, err := query(ctx, q, "a.id = ?", "a.id", id)
	if err != nil {
		return nil, fmt.Errorf("activities: get %d: %w", id, err)
	}
	if len(list) == 0 {
		return nil, db.ErrNotFound
	}
	return list[0], nil
}

// query runs activitySelect with where and order, then loads the
// audiences of every activity found in one more query.
func query(ctx context.Context, q db.Execer, where, order string, args ...any) ([]*Activity, error) {
	sqlText := activitySelect
	if where != "" {
		sqlText += " WHERE " + where
	}
	rows, err := q.Query(ctx, sqlText+" ORDER BY "+order, args...)
	if err != nil {
		return nil, err
	}
	var out []*Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, attachAudiences(ctx, q, out)
}

func attachAudiences(ctx context.Context, q db.Execer, list []*Activity) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]any, len(list))
	byID := make(map[int64]*Activity, len(list))
	for i, a := range list {
		ids[i] = a.ID
		byID[a.ID] = a
	}
	// In chunks: SQLite takes at most 32,766 parameters in a statement,
	// and a reindex of a large data set reads every activity.
	const chunk = 1000
	for len(ids) > 0 {
		part := ids[:min(chunk, len(ids))]
		ids = ids[len(part):]
		if err := readAudiences(ctx, q, part, byID); err != nil {
			return err
		}
	}
	for _, a := range list { // in the order of Audiences
		sorted := a.Audiences[:0:0]
		for _, au := range Audiences {
			if a.HasAudience(au) {
				sorted = append(sorted, au)
			}
		}
		a.Audiences = sorted
	}
	return nil
}

func readAudiences(ctx context.Context, q db.Execer, ids []any, byID map[int64]*Activity) error {
	rows, err := q.Query(ctx, `SELECT activity_id, audience FROM activity_audiences WHERE activity_id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return fmt.Errorf("audiences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var au string
		if err := rows.Scan(&id, &au); err != nil {
			return fmt.Errorf("audiences: %w", err)
		}
		byID[id].Audiences = append(byID[id].Audiences, Audience(au))
	}
	return rows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// Filter selects activities for the calendar. Empty fields select all.
type Filter struct {
	Zone     string
	PathSlug string
	Kind     Kind
	Audience Audience
	Mode     Mode
	// From and To bound the start (From inclusive, To exclusive); an
	// activity still under way at From counts too.
	From time.Time
	To   time.Time
}

// where is the condition selecting f's activities, on the activities
// table alone (alias a).
func (f Filter) where() (string, []any) {
	conds := []string{publicOnly}
	var args []any
	if f.Zone != "" {
		conds = append(conds, "a.zone_id = ?")
		args = append(args, f.Zone)
	}
	if f.PathSlug != "" {
		conds = append(conds, "a.path_id = (SELECT id FROM paths WHERE slug = ?)")
		args = append(args, f.PathSlug)
	}
	if f.Kind != "" {
		conds = append(conds, "a.kind = ?")
		args = append(args, string(f.Kind))
	}
	if f.Mode != "" {
		conds = append(conds, "a.mode = ?")
		args = append(args, string(f.Mode))
	}
	if f.Audience != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM activity_audiences x WHERE x.activity_id = a.id AND x.audience = ?)")
		args = append(args, string(f.Audience))
	}
	if !f.From.IsZero() {
		conds = append(conds, "a.ends_at > ?")
		args = append(args, db.Time(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "a.starts_at < ?")
		args = append(args, db.Time(f.To))
	}
	return strings.Join(conds, " AND "), args
}

// List returns a page of the public activities f selects, soonest first,
// and how many there are in all.
func List(ctx context.Context, d *db.DB, f Filter, limit, offset int) ([]*Activity, int, error) {
	where, args := f.where()
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM activities a WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("activities: count: %w", err)
	}
	list, err := page(ctx, d, where, soonestFirst, args, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("activities: list: %w", err)
	}
	return list, total, nil
}

// page returns the activities where selects, soonest first, from offset:
// their ids are chosen first, from the index of the public activities by
// end (activities_public) without reading a row when f has no filter on
// kind, mode or audience, and only the rows of the page are read, joined
// and counted. Ordering the joined rows instead made both engines read,
// count the sign-ups of and sort every activity not yet ended (7,700 at
// scale 10; docs/performance.md).
func page(ctx context.Context, q db.Execer, where, order string, args []any, limit, offset int) ([]*Activity, error) {
	ids := `a.id IN (SELECT a.id FROM activities a WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?)`
	return query(ctx, q, ids, order, append(slices.Clip(args), clampLimit(limit), max(offset, 0))...)
}

// The orders of page.
const (
	soonestFirst = "a.starts_at, a.id"
	latestFirst  = "a.starts_at DESC, a.id DESC"
)

// maxList bounds every list, whatever the caller asks.
const maxList = 500

func clampLimit(n int) int {
	if n <= 0 || n > maxList {
		return maxList
	}
	return n
}

// Upcoming returns the next n public activities that have not ended, in
// zone (every zone when empty), soonest first: for the home and territory
// pages. Cancelled ones are included, marked by their Status, so that
// nobody travels to an activity that will not happen.
func Upcoming(ctx context.Context, d *db.DB, zone string, n int) ([]*Activity, error) {
	where, args := Filter{Zone: zone, From: time.Now()}.where()
	list, err := page(ctx, d, where, soonestFirst, args, n, 0)
	if err != nil {
		return nil, fmt.Errorf("activities: upcoming: %w", err)
	}
	return list, nil
}

// ForEditor lists the activities of the given zones (every zone when all),
// drafts included, newest start first.
func ForEditor(ctx context.Context, d *db.DB, zones []string, all bool, limit, offset int) ([]*Activity, int, error) {
	where, args := "1 = 1", []any{}
	if !all {
		if len(zones) == 0 {
			return nil, 0, nil
		}
		where = "a.zone_id IN (" + placeholders(len(zones)) + ")"
		for _, z := range zones {
			args = append(args, z)
		}
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM activities a WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("activities: count for editor: %w", err)
	}
	// A page of ids first (page): the list of every zone counted and
	// sorted all 50,000 activities with their sign-ups at scale 10.
	list, err := page(ctx, d, where, latestFirst, args, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("activities: list for editor: %w", err)
	}
	return list, total, nil
}

// ForPath lists the activities of a path, drafts included when
// withDrafts, in order of time.
func ForPath(ctx context.Context, d *db.DB, pathID int64, withDrafts bool) ([]*Activity, error) {
	where := "a.path_id = ?"
	if !withDrafts {
		where += " AND " + publicCond
	}
	list, err := query(ctx, d, where, "a.starts_at, a.id LIMIT "+fmt.Sprint(maxList), pathID)
	if err != nil {
		return nil, fmt.Errorf("activities: for path %d: %w", pathID, err)
	}
	return list, nil
}

// Feed lists the public activities for a calendar feed: those that ended
// less than feedPast ago and every later one, at most maxList.
func Feed(ctx context.Context, d *db.DB, f Filter) ([]*Activity, error) {
	f.From = time.Now().Add(-feedPast)
	list, _, err := List(ctx, d, f, maxList, 0)
	return list, err
}

// feedPast is how far back a feed goes.
const feedPast = 180 * 24 * time.Hour

// zoneOf returns the zone of activity id (db.ErrNotFound when unknown).
func zoneOf(ctx context.Context, d *db.DB, id int64) (string, error) {
	var zone string
	err := d.QueryRow(ctx, `SELECT zone_id FROM activities WHERE id = ?`, id).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", db.ErrNotFound
	}
	return zone, err
}
