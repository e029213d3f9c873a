package paths

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// PathChange is what UpdatePath changes. The zone, template and slug of a
// path never change: its address stays valid.
type PathChange struct {
	Edition string // edition slug
	Title   Text
	Summary Text
	Start   Date
	// ShiftPhases moves the planned dates of every phase by as many days as
	// the start moved; actual dates never move.
	ShiftPhases bool
}

// pathState is what the audit log records of a path.
type pathState struct {
	Edition   string `json:"edition"`
	TitleIT   string `json:"title_it"`
	TitleEN   string `json:"title_en"`
	SummaryIT string `json:"summary_it"`
	SummaryEN string `json:"summary_en"`
	Start     string `json:"start_date"`
	Status    Status `json:"status"`
}

type pathRow struct {
	slug, zone string
	pathState
}

func lockPath(ctx context.Context, tx *db.Tx, id int64) (pathRow, error) {
	var r pathRow
	var status string
	err := tx.QueryRow(ctx, `SELECT p.slug, p.zone_id, e.slug, p.title_it, p.title_en, p.summary_it, p.summary_en, p.start_date, p.status
FROM paths p JOIN editions e ON e.id = p.edition_id WHERE p.id = ?`, id).Scan(
		&r.slug, &r.zone, &r.Edition, &r.TitleIT, &r.TitleEN, &r.SummaryIT, &r.SummaryEN, &r.Start, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return r, db.ErrNotFound
	}
	r.Status = Status(status)
	return r, err
}

// Validate returns an *InvalidError listing every problem of ch, or nil,
// without changing anything.
func (ch PathChange) Validate(ctx context.Context, d *db.DB) error {
	var pr problems
	checkEdition(ctx, d, ch.Edition, ch.Start, &pr)
	checkTexts(ch.Title, ch.Summary, &pr)
	return pr.err()
}

// UpdatePath changes a path's texts, edition and start date, recording the
// change with the state before and after in the audit log. Invalid input
// gives an *InvalidError; an unknown id db.ErrNotFound.
func UpdatePath(ctx context.Context, d *db.DB, actor Actor, id int64, ch PathChange) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		before, err := lockPath(ctx, tx, id)
		if err != nil {
			return err
		}
		var pr problems
		editionID := checkEdition(ctx, tx, ch.Edition, ch.Start, &pr)
		checkTexts(ch.Title, ch.Summary, &pr)
		if err := pr.err(); err != nil {
			return err
		}
		after := before.pathState
		after.Edition, after.TitleIT, after.TitleEN = ch.Edition, ch.Title.IT, ch.Title.EN
		after.SummaryIT, after.SummaryEN, after.Start = ch.Summary.IT, ch.Summary.EN, ch.Start.String()
		if after == before.pathState {
			return nil
		}
		now := db.Now()
		if _, err := tx.Exec(ctx, `UPDATE paths SET edition_id = ?, title_it = ?, title_en = ?, summary_it = ?, summary_en = ?,
	start_date = ?, updated_at = ? WHERE id = ?`,
			editionID, ch.Title.IT, ch.Title.EN, ch.Summary.IT, ch.Summary.EN, ch.Start, now, id); err != nil {
			return err
		}
		if old, _ := ParseDate(before.Start); ch.ShiftPhases && !old.IsZero() && before.Start != after.Start {
			if err := shiftPlanned(ctx, tx, id, old.DaysUntil(ch.Start), now); err != nil {
				return err
			}
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		return actor.record(ctx, tx, "path.update", "path", before.slug, before.zone, before.pathState, after)
	})
	return wrapChange(err, fmt.Sprintf("update path %d", id))
}

// shiftPlanned moves the planned dates of a path's phases by days.
func shiftPlanned(ctx context.Context, tx *db.Tx, pathID int64, days int, now any) error {
	rows, err := tx.Query(ctx, `SELECT id, planned_start, planned_end FROM path_phases WHERE path_id = ?`, pathID)
	if err != nil {
		return err
	}
	type plan struct {
		id         int64
		start, end Date
	}
	var plans []plan
	for rows.Next() {
		var p plan
		if err := rows.Scan(&p.id, &p.start, &p.end); err != nil {
			rows.Close()
			return err
		}
		plans = append(plans, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range plans {
		if _, err := tx.Exec(ctx, `UPDATE path_phases SET planned_start = ?, planned_end = ?, updated_at = ? WHERE id = ?`,
			p.start.AddDays(days), p.end.AddDays(days), now, p.id); err != nil {
			return err
		}
	}
	return nil
}

// Publish makes a draft path public and records the publication in the
// audit log. Publishing a published path changes nothing.
func Publish(ctx context.Context, d *db.DB, actor Actor, id int64) error {
	return setStatus(ctx, d, actor, id, Published)
}

// Unpublish turns a published path back into a draft, recording it.
func Unpublish(ctx context.Context, d *db.DB, actor Actor, id int64) error {
	return setStatus(ctx, d, actor, id, Draft)
}

func setStatus(ctx context.Context, d *db.DB, actor Actor, id int64, to Status) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		before, err := lockPath(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status == to {
			return nil
		}
		now := db.Now()
		q := `UPDATE paths SET status = ?, updated_at = ? WHERE id = ?`
		args := []any{string(to), now, id}
		action := "path.unpublish"
		if to == Published {
			q = `UPDATE paths SET status = ?, updated_at = ?, published_at = ? WHERE id = ?`
			args = []any{string(to), now, now, id}
			action = "path.publish"
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		for _, hook := range visibilityHooks {
			if err := hook(ctx, tx, id); err != nil {
				return err
			}
		}
		return actor.record(ctx, tx, action, "path", before.slug, before.zone,
			map[string]any{"status": before.Status}, map[string]any{"status": to})
	})
	return wrapChange(err, fmt.Sprintf("set path %d %s", id, to))
}

// wrapChange keeps *InvalidError and db.ErrNotFound recognisable and adds
// context to the rest.
func wrapChange(err error, what string) error {
	var inv *InvalidError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &inv):
		return err
	}
	return fmt.Errorf("paths: %s: %w", what, err)
}
