package paths

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// PhaseChange is what SetPhase writes on a phase. In problems the fields
// are named planned_start, planned_end, actual_start, actual_end, status.
type PhaseChange struct {
	PlannedStart Date
	PlannedEnd   Date
	ActualStart  Date // zero: not started
	ActualEnd    Date // zero: not ended
	Status       PhaseStatus
}

// check records every problem of ch; on is the current day, after which
// nothing can have actually happened yet.
func (ch PhaseChange) check(on Date, pr *problems) {
	if ch.PlannedStart.IsZero() {
		pr.add("planned_start", "paths.err.date_required")
	}
	if ch.PlannedEnd.IsZero() {
		pr.add("planned_end", "paths.err.date_required")
	}
	if !ch.PlannedStart.IsZero() && ch.PlannedEnd.Before(ch.PlannedStart) && !ch.PlannedEnd.IsZero() {
		pr.add("planned_end", "paths.err.end_before_start")
	}
	if ch.ActualStart.After(on) {
		pr.add("actual_start", "paths.err.actual_in_future")
	}
	if ch.ActualEnd.After(on) {
		pr.add("actual_end", "paths.err.actual_in_future")
	}
	if !ch.ActualEnd.IsZero() && ch.ActualStart.IsZero() && !pr.has("actual_start") {
		pr.add("actual_start", "paths.err.actual_end_without_start")
	}
	if !ch.ActualEnd.IsZero() && !ch.ActualStart.IsZero() && ch.ActualEnd.Before(ch.ActualStart) {
		pr.add("actual_end", "paths.err.end_before_start")
	}
	switch ch.Status {
	case PhasePlanned:
		if !ch.ActualStart.IsZero() && !pr.has("actual_start") {
			pr.add("status", "paths.err.planned_has_actual")
		}
	case PhaseInProgress:
		if ch.ActualStart.IsZero() && !pr.has("actual_start") {
			pr.add("actual_start", "paths.err.in_progress_needs_start")
		}
		if !ch.ActualEnd.IsZero() && !pr.has("actual_end") {
			pr.add("actual_end", "paths.err.in_progress_has_end")
		}
	case PhaseDone:
		if ch.ActualStart.IsZero() && !pr.has("actual_start") {
			pr.add("actual_start", "paths.err.done_needs_dates")
		}
		if ch.ActualEnd.IsZero() && !pr.has("actual_end") {
			pr.add("actual_end", "paths.err.done_needs_dates")
		}
	case PhaseSkipped:
	default:
		pr.add("status", "paths.err.status_invalid")
	}
}

// phaseState is what the audit log records of a phase.
type phaseState struct {
	Phase        int         `json:"phase"`
	Name         string      `json:"name"`
	PlannedStart string      `json:"planned_start"`
	PlannedEnd   string      `json:"planned_end"`
	ActualStart  string      `json:"actual_start"`
	ActualEnd    string      `json:"actual_end"`
	Status       PhaseStatus `json:"status"`
}

func (ch PhaseChange) state(position int, name string) phaseState {
	return phaseState{Phase: position, Name: name, PlannedStart: ch.PlannedStart.String(), PlannedEnd: ch.PlannedEnd.String(),
		ActualStart: ch.ActualStart.String(), ActualEnd: ch.ActualEnd.String(), Status: ch.Status}
}

// SetPhase sets a phase's planned and actual dates and its status, and
// records the change in the audit log ("path.phase.status" when the status
// changed, "path.phase.update" otherwise) with the state before and after.
// Invalid input gives an *InvalidError; an unknown phase db.ErrNotFound.
func SetPhase(ctx context.Context, d *db.DB, actor Actor, phaseID int64, ch PhaseChange) error {
	return setPhaseOn(ctx, d, actor, phaseID, ch, today())
}

func setPhaseOn(ctx context.Context, d *db.DB, actor Actor, phaseID int64, ch PhaseChange, on Date) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var slug, zone, name, status string
		var pathID int64
		var position int
		var cur PhaseChange
		err := tx.QueryRow(ctx, `SELECT p.id, p.slug, p.zone_id, f.position, f.name_it, f.planned_start, f.planned_end, f.actual_start, f.actual_end, f.status
FROM path_phases f JOIN paths p ON p.id = f.path_id WHERE f.id = ?`, phaseID).Scan(
			&pathID, &slug, &zone, &position, &name, &cur.PlannedStart, &cur.PlannedEnd, &cur.ActualStart, &cur.ActualEnd, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return err
		}
		cur.Status = PhaseStatus(status)
		var pr problems
		ch.check(on, &pr)
		if err := pr.err(); err != nil {
			return err
		}
		before, after := cur.state(position, name), ch.state(position, name)
		if before == after {
			return nil
		}
		now := db.Now()
		if _, err := tx.Exec(ctx, `UPDATE path_phases SET planned_start = ?, planned_end = ?, actual_start = ?, actual_end = ?, status = ?, updated_at = ?
WHERE id = ?`, ch.PlannedStart, ch.PlannedEnd, ch.ActualStart, ch.ActualEnd, string(ch.Status), now, phaseID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE paths SET updated_at = ? WHERE id = ?`, now, pathID); err != nil {
			return err
		}
		action := "path.phase.update"
		if before.Status != after.Status {
			action = "path.phase.status"
		}
		return actor.record(ctx, tx, action, "path", slug, zone, before, after)
	})
	var inv *InvalidError
	if err != nil && !errors.As(err, &inv) {
		return fmt.Errorf("paths: set phase %d: %w", phaseID, err)
	}
	return err
}
