package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Counts returns how many jobs are in each state; every state is present,
// with zero when there are none.
func Counts(ctx context.Context, d *db.DB) (map[string]int, error) {
	out := make(map[string]int, len(States))
	for _, s := range States {
		out[s] = 0
	}
	rows, err := d.Query(ctx, `SELECT state, COUNT(*) FROM jobs GROUP BY state`)
	if err != nil {
		return nil, fmt.Errorf("jobs: counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("jobs: counts: %w", err)
		}
		out[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("jobs: counts: %w", err)
	}
	return out, nil
}

// Row is a job as an admin screen shows it. The payload is left out on
// purpose: it may hold secrets such as password-reset links.
type Row struct {
	ID          int64
	Kind        string
	State       string
	Attempts    int
	MaxAttempts int
	RunAt       time.Time
	LockedBy    string
	LockedUntil time.Time // zero unless running
	LastError   string
	CreatedAt   time.Time
	FinishedAt  time.Time // zero until done or dead
}

const listColumns = `SELECT id, kind, state, attempts, max_attempts, run_at, locked_by, locked_until, last_error, created_at, finished_at FROM jobs`

// List returns jobs, newest first, in state (every state when empty).
// limit is 50 when not positive and at most 500.
func List(ctx context.Context, d *db.DB, state string, limit, offset int) ([]Row, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	offset = max(offset, 0)
	query, args := listColumns, []any{}
	if state != "" {
		if !slices.Contains(States, state) {
			return nil, fmt.Errorf("jobs: list: unknown state %q", state)
		}
		query += ` WHERE state = ?`
		args = append(args, state)
	}
	query += ` ORDER BY id DESC LIMIT ? OFFSET ?`
	args = append(args, limit, offset)
	out, err := queryRows(ctx, d, query, args...)
	if err != nil {
		return nil, fmt.Errorf("jobs: list: %w", err)
	}
	return out, nil
}

// Get returns one job, or db.ErrNotFound.
func Get(ctx context.Context, d *db.DB, id int64) (Row, error) {
	out, err := queryRows(ctx, d, listColumns+` WHERE id = ?`, id)
	if err != nil {
		return Row{}, fmt.Errorf("jobs: get %d: %w", id, err)
	}
	if len(out) == 0 {
		return Row{}, fmt.Errorf("jobs: get %d: %w", id, db.ErrNotFound)
	}
	return out[0], nil
}

func queryRows(ctx context.Context, d *db.DB, query string, args ...any) ([]Row, error) {
	rows, err := d.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var r Row
		var lockedUntil, finishedAt sql.NullTime
		if err := rows.Scan(&r.ID, &r.Kind, &r.State, &r.Attempts, &r.MaxAttempts, &r.RunAt, &r.LockedBy,
			&lockedUntil, &r.LastError, &r.CreatedAt, &finishedAt); err != nil {
			return nil, err
		}
		r.LockedUntil, r.FinishedAt = lockedUntil.Time, finishedAt.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// ErrNotDead is returned by Retry for a job that exists but is not dead.
var ErrNotDead = errors.New("jobs: job is not dead")

// Retry queues a dead job again, to run now with a fresh set of attempts.
// It returns db.ErrNotFound when there is no such job and ErrNotDead when
// the job is not dead.
func Retry(ctx context.Context, d *db.DB, id int64) error {
	res, err := d.Exec(ctx, `UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?, finished_at = NULL, locked_by = '', locked_until = NULL
WHERE id = ? AND state = 'dead'`, db.Now(), id)
	if err != nil {
		if db.IsUniqueViolation(err) {
			return fmt.Errorf("jobs: retry %d: a job with the same unique key is already queued: %w", id, err)
		}
		return fmt.Errorf("jobs: retry %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("jobs: retry %d: %w", id, err)
	} else if n == 1 {
		return nil
	}
	var state string
	err = d.QueryRow(ctx, `SELECT state FROM jobs WHERE id = ?`, id).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("jobs: retry %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("jobs: retry %d: %w", id, err)
	}
	return fmt.Errorf("jobs: retry %d (%s): %w", id, state, ErrNotDead)
}

// Prune deletes done jobs that finished more than olderThan ago and returns
// how many it deleted. Dead jobs are kept for admins to inspect or retry.
func Prune(ctx context.Context, d *db.DB, olderThan time.Duration) (int64, error) {
	res, err := d.Exec(ctx, `DELETE FROM jobs WHERE state = 'done' AND finished_at < ?`, db.Now().Add(-olderThan))
	if err != nil {
		return 0, fmt.Errorf("jobs: prune: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("jobs: prune: %w", err)
	}
	return n, nil
}
