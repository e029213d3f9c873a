package jobs

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/metrics"
)

var (
	jobsProcessed = metrics.NewCounterVec("cantieri_jobs_processed_total",
		"Job runs by kind and outcome (done, retry, dead).", "kind", "outcome")
	jobDuration = metrics.NewHistogramVec("cantieri_job_duration_seconds",
		"Time spent running jobs, by kind.",
		[]float64{0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300}, "kind")
)

// claimSQL takes the next due job: a queued one whose time has come, or a
// running one whose lease expired because its worker died. On PostgreSQL,
// SKIP LOCKED lets concurrent claimers pass over the row another is taking;
// on SQLite the statement runs under the database's single write lock.
func claimSQL(d *db.DB) string {
	return `UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1
WHERE id = (
	SELECT id FROM jobs
	WHERE (state = 'queued' AND run_at <= ?) OR (state = 'running' AND locked_until <= ?)
	ORDER BY run_at, id
	LIMIT 1` + d.SkipLocked() + `
)
RETURNING id, kind, payload, attempts, max_attempts`
}

// bookkeeping returns a context for the queue's own statements: they must
// complete even while the queue is stopping.
func bookkeeping() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

func (q *Queue) claimOne(ctx context.Context) (Job, bool, error) {
	if ctx.Err() != nil {
		return Job{}, false, nil
	}
	bctx, cancel := bookkeeping()
	defer cancel()
	now := db.Now()
	var j Job
	var payload string
	err := q.d.W.QueryRowContext(bctx, q.d.Q(q.claim), q.o.WorkerID, now.Add(q.o.Lease), now, now).
		Scan(&j.ID, &j.Kind, &payload, &j.Attempt, &j.MaxAttempts)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, false, nil
	}
	if err != nil {
		return Job{}, false, err
	}
	j.Payload = []byte(payload)
	return j, true, nil
}

// Every statement on a claimed job matches the claim (worker and attempt),
// so a worker whose lease was taken over cannot overwrite the new owner's
// outcome.
const owned = ` WHERE id = ? AND state = 'running' AND locked_by = ? AND attempts = ?`

func (q *Queue) exec(query string, args ...any) (bool, error) {
	ctx, cancel := bookkeeping()
	defer cancel()
	res, err := q.d.ExecUnseen(ctx, query, args...) // the queue's state is shown on no cached page
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (q *Queue) extend(j Job) (bool, error) {
	return q.exec(`UPDATE jobs SET locked_until = ?`+owned,
		db.Now().Add(q.o.Lease), j.ID, q.o.WorkerID, j.Attempt)
}

func (q *Queue) markDone(j Job) (bool, error) {
	return q.exec(`UPDATE jobs SET state = 'done', finished_at = ?, locked_by = '', locked_until = NULL, last_error = ''`+owned,
		db.Now(), j.ID, q.o.WorkerID, j.Attempt)
}

func (q *Queue) markDead(j Job, cause error) (bool, error) {
	return q.exec(`UPDATE jobs SET state = 'dead', finished_at = ?, locked_by = '', locked_until = NULL, last_error = ?`+owned,
		db.Now(), errorText(cause), j.ID, q.o.WorkerID, j.Attempt)
}

func (q *Queue) markRetry(j Job, cause error, after time.Duration) (bool, error) {
	return q.exec(`UPDATE jobs SET state = 'queued', run_at = ?, locked_by = '', locked_until = NULL, last_error = ?`+owned,
		db.Now().Add(after), errorText(cause), j.ID, q.o.WorkerID, j.Attempt)
}

// maxErrorLen bounds last_error: a handler's error may carry a whole
// server response.
const maxErrorLen = 2000

func errorText(err error) string {
	s := err.Error()
	if len(s) > maxErrorLen {
		s = s[:maxErrorLen] + "…"
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return s
}

// pruneLoop deletes old finished jobs now and then, so the table does not
// grow without bound. Every instance does it; the DELETE is idempotent.
func (q *Queue) pruneLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		pctx, cancel := context.WithTimeout(ctx, time.Minute)
		n, err := Prune(pctx, q.d, q.o.KeepDone)
		cancel()
		if err != nil && ctx.Err() == nil {
			q.log.Error("jobs: prune failed", "err", err)
		} else if n > 0 {
			q.log.Info("jobs: pruned finished jobs", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
