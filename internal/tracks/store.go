package tracks

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
)

// Actor is who makes a change, as the audit log records it.
type Actor struct {
	ID        int64
	Label     string
	IP        string
	RequestID string
}

func (a Actor) record(ctx context.Context, tx *db.Tx, action, entity string, id int64, zone string, before, after any) error {
	return audit.Record(ctx, tx, audit.Entry{
		ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: entity, EntityID: fmt.Sprint(id), ZoneID: zone,
		Before: audit.JSON(before), After: audit.JSON(after), IP: a.IP, RequestID: a.RequestID,
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const trackSelect = `SELECT t.id, COALESCE(t.zone_id, ''), COALESCE(z.name, ''), t.kind, t.title_it, t.title_en,
	t.description_it, t.description_en, t.rule, t.rule_min, t.created_at, t.updated_at
FROM training_tracks t LEFT JOIN zones z ON z.id = t.zone_id`

func scanTrack(sc interface{ Scan(...any) error }) (*Track, error) {
	var t Track
	var kind, rule string
	err := sc.Scan(&t.ID, &t.ZoneID, &t.ZoneName, &kind, &t.Title.IT, &t.Title.EN, &t.Description.IT, &t.Description.EN,
		&rule, &t.Min, &t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return nil, err
	}
	t.Kind, t.Rule = Kind(kind), Rule(rule)
	return &t, nil
}

// queryTracks runs trackSelect with where and loads each track's
// activities.
func queryTracks(ctx context.Context, ex db.Execer, where string, args ...any) ([]*Track, error) {
	rows, err := ex.Query(ctx, trackSelect+" WHERE "+where+" ORDER BY z.name, t.title_it, t.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Track
	byID := map[int64]*Track{}
	for rows.Next() {
		t, err := scanTrack(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, t)
		byID[t.ID] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(list) == 0 {
		return nil, nil
	}
	ids := make([]any, 0, len(list))
	for _, t := range list {
		ids = append(ids, t.ID)
	}
	arows, err := ex.Query(ctx, `SELECT ta.track_id, ta.activity_id FROM training_track_activities ta
		JOIN activities a ON a.id = ta.activity_id
		WHERE ta.track_id IN (`+placeholders(len(ids))+`) ORDER BY a.starts_at, a.id`, ids...)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var tid, aid int64
		if err := arows.Scan(&tid, &aid); err != nil {
			return nil, err
		}
		byID[tid].ActivityIDs = append(byID[tid].ActivityIDs, aid)
	}
	return list, arows.Err()
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// Get returns the track id with its activities (db.ErrNotFound when
// there is none).
func Get(ctx context.Context, ex db.Execer, id int64) (*Track, error) {
	list, err := queryTracks(ctx, ex, "t.id = ?", id)
	if err != nil {
		return nil, fmt.Errorf("tracks: get %d: %w", id, err)
	}
	if len(list) == 0 {
		return nil, db.ErrNotFound
	}
	return list[0], nil
}

// List returns the tracks of the given zones (every track when all),
// region-wide ones included when all.
func List(ctx context.Context, ex db.Execer, zones []string, all bool) ([]*Track, error) {
	where, args := "1 = 1", []any{}
	if !all {
		if len(zones) == 0 {
			return nil, nil
		}
		where = "t.zone_id IN (" + placeholders(len(zones)) + ")"
		for _, z := range zones {
			args = append(args, z)
		}
	}
	list, err := queryTracks(ctx, ex, where, args...)
	if err != nil {
		return nil, fmt.Errorf("tracks: list: %w", err)
	}
	return list, nil
}

// ForKind returns the tracks of kind in zone ("" for the region-wide
// ones), oldest first: the calls feature asks for "the activators' track
// of zone X" to enrol the activators it admitted.
func ForKind(ctx context.Context, ex db.Execer, zone string, kind Kind) ([]*Track, error) {
	where, args := "t.zone_id = ? AND t.kind = ?", []any{zone, string(kind)}
	if zone == "" {
		where, args = "t.zone_id IS NULL AND t.kind = ?", []any{string(kind)}
	}
	list, err := queryTracks(ctx, ex, where, args...)
	if err != nil {
		return nil, fmt.Errorf("tracks: for kind %s in %q: %w", kind, zone, err)
	}
	return list, nil
}

// Input is what a coordinator sets on a track.
type Input struct {
	ZoneID      string
	Kind        Kind
	Title       Text
	Description Text
	Rule        Rule
	Min         int
	ActivityIDs []int64
}

// Create stores a new track and returns its id.
func Create(ctx context.Context, d *db.DB, a Actor, in Input) (int64, error) {
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		err := tx.QueryRow(ctx, `INSERT INTO training_tracks (zone_id, kind, title_it, title_en, description_it, description_en, rule, rule_min, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			nullStr(in.ZoneID), string(in.Kind), in.Title.IT, in.Title.EN, in.Description.IT, in.Description.EN, string(in.Rule), in.Min,
			nullID(a.ID), now, now).Scan(&id)
		if err != nil {
			return err
		}
		if err := setActivities(ctx, tx, id, in.ActivityIDs); err != nil {
			return err
		}
		return a.record(ctx, tx, "track.create", "training_track", id, in.ZoneID, nil, in)
	})
	if err != nil {
		return 0, fmt.Errorf("tracks: create: %w", err)
	}
	return id, nil
}

// Update changes a track's texts, rule and activities (not its zone).
func Update(ctx context.Context, d *db.DB, a Actor, id int64, in Input) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		before, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		in.ZoneID = before.ZoneID
		if _, err := tx.Exec(ctx, `UPDATE training_tracks SET kind = ?, title_it = ?, title_en = ?, description_it = ?, description_en = ?,
			rule = ?, rule_min = ?, updated_at = ? WHERE id = ?`,
			string(in.Kind), in.Title.IT, in.Title.EN, in.Description.IT, in.Description.EN, string(in.Rule), in.Min, db.Now(), id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM training_track_activities WHERE track_id = ?`, id); err != nil {
			return err
		}
		if err := setActivities(ctx, tx, id, in.ActivityIDs); err != nil {
			return err
		}
		return a.record(ctx, tx, "track.update", "training_track", id, before.ZoneID, before, in)
	})
	if err != nil {
		return fmt.Errorf("tracks: update %d: %w", id, err)
	}
	return nil
}

func setActivities(ctx context.Context, tx *db.Tx, id int64, activityIDs []int64) error {
	seen := map[int64]bool{}
	for _, aid := range activityIDs {
		if seen[aid] {
			continue
		}
		seen[aid] = true
		if _, err := tx.Exec(ctx, `INSERT INTO training_track_activities (track_id, activity_id) VALUES (?, ?)`, id, aid); err != nil {
			return err
		}
	}
	return nil
}

// ErrNoPerson is returned by Enroll for a person with neither an account
// nor an e-mail address: nothing could find them again.
var ErrNoPerson = errors.New("tracks: a person needs an account or an e-mail address")

// Enroll enrols p in track trackID within tx, the transaction of the
// caller's own change (the calls feature admits an activator and enrols
// them at once), with source FromCall. It is idempotent: a person already
// enrolled (same account, or same e-mail address) is left as they are. The
// enrolment is in the audit log. A person with neither an account nor an
// address is ErrNoPerson; an unknown track, db.ErrNotFound.
func Enroll(ctx context.Context, tx *db.Tx, trackID int64, p Person) error {
	return enroll(ctx, tx, Actor{Label: "tracks.Enroll"}, trackID, p, FromCall)
}

func enroll(ctx context.Context, tx *db.Tx, a Actor, trackID int64, p Person, src Source) error {
	email := normEmail(p.Email)
	if p.UserID == 0 && email == "" {
		return ErrNoPerson
	}
	var zone sql.NullString
	if err := tx.QueryRow(ctx, `SELECT zone_id FROM training_tracks WHERE id = ?`, trackID).Scan(&zone); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("tracks: enroll in %d: %w", trackID, db.ErrNotFound)
		}
		return fmt.Errorf("tracks: enroll in %d: %w", trackID, err)
	}
	var n int
	err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM training_enrolments WHERE track_id = ? AND (user_id = ? OR email_norm = ?)`,
		trackID, p.UserID, nullStr(email)).Scan(&n)
	if err != nil {
		return fmt.Errorf("tracks: enroll in %d: %w", trackID, err)
	}
	if n > 0 {
		return nil
	}
	id, err := tx.InsertID(ctx, `INSERT INTO training_enrolments (track_id, user_id, name, email, email_norm, source, enrolled_by, enrolled_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, trackID, nullID(p.UserID), strings.TrimSpace(p.Name), strings.TrimSpace(p.Email), nullStr(email),
		string(src), nullID(a.ID), db.Now())
	if err != nil {
		return fmt.Errorf("tracks: enroll in %d: %w", trackID, err)
	}
	return a.record(ctx, tx, "track.enrol", "training_enrolment", id, zone.String, nil, map[string]any{"track": trackID, "source": src})
}

// Enrolments lists the people enrolled in a track, in order of enrolment.
func Enrolments(ctx context.Context, ex db.Execer, trackID int64) ([]Enrolment, error) {
	rows, err := ex.Query(ctx, `SELECT id, track_id, COALESCE(user_id, 0), name, email, source, enrolled_at
		FROM training_enrolments WHERE track_id = ? ORDER BY enrolled_at, id`, trackID)
	if err != nil {
		return nil, fmt.Errorf("tracks: enrolments of %d: %w", trackID, err)
	}
	defer rows.Close()
	var out []Enrolment
	for rows.Next() {
		var e Enrolment
		var src string
		if err := rows.Scan(&e.ID, &e.TrackID, &e.Person.UserID, &e.Person.Name, &e.Person.Email, &src, &e.EnrolledAt); err != nil {
			return nil, fmt.Errorf("tracks: enrolments of %d: %w", trackID, err)
		}
		e.Source = Source(src)
		out = append(out, e)
	}
	return out, rows.Err()
}
