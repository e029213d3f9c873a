// Package jobs is Cantieri's persistent job queue: one table, portable SQL,
// the same code on SQLite and PostgreSQL. A job is enqueued with the change
// that causes it (in the same transaction), claimed by one worker at a time
// under a lease, retried with exponential backoff, and kept in the table so
// admins can see what happened. See docs/jobs.md.
package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// DefaultMaxAttempts is how many times a job runs before it is dead, unless
// MaxAttempts says otherwise.
const DefaultMaxAttempts = 8

// The states a job goes through: queued → running → done, or back to queued
// for a retry, or dead when it failed for good.
const (
	StateQueued  = "queued"
	StateRunning = "running"
	StateDone    = "done"
	StateDead    = "dead"
)

// States lists every state, in the order an admin screen shows them.
var States = []string{StateQueued, StateRunning, StateDone, StateDead}

// Option changes how Enqueue stores a job.
type Option func(*enqueueOptions)

type enqueueOptions struct {
	runAt       time.Time
	maxAttempts int
	uniqueKey   string
}

// RunAt delays the job until t.
func RunAt(t time.Time) Option { return func(o *enqueueOptions) { o.runAt = t } }

// MaxAttempts sets how many times the job may run before it is dead.
func MaxAttempts(n int) Option { return func(o *enqueueOptions) { o.maxAttempts = n } }

// UniqueKey makes the enqueue a no-op, returning the existing job's id,
// while another job with the same key is queued or running. Once that job
// is done or dead, the key is free again.
func UniqueKey(key string) Option { return func(o *enqueueOptions) { o.uniqueKey = key } }

const insertJob = `INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at, unique_key, created_at)
VALUES (?, ?, 'queued', 0, ?, ?, ?, ?) ON CONFLICT DO NOTHING`

// inserter is implemented by *db.DB and *db.Tx: an INSERT … RETURNING id on
// the connection that writes (db.DB.QueryRow would use the read pool).
type inserter interface {
	InsertID(ctx context.Context, query string, args ...any) (int64, error)
}

// Enqueue stores a job of the given kind whose payload is JSON-encoded from
// payload, and returns its id. ex may be a transaction, so that the job
// exists if and only if the change that caused it commits; in that case
// nothing runs the job before the commit.
func Enqueue(ctx context.Context, ex db.Execer, kind string, payload any, opts ...Option) (int64, error) {
	o := enqueueOptions{maxAttempts: DefaultMaxAttempts}
	for _, opt := range opts {
		opt(&o)
	}
	if kind == "" {
		return 0, errors.New("jobs: enqueue: empty kind")
	}
	if o.maxAttempts < 1 {
		return 0, fmt.Errorf("jobs: enqueue %s: max attempts %d < 1", kind, o.maxAttempts)
	}
	body := []byte("{}")
	if payload != nil {
		var err error
		if body, err = json.Marshal(payload); err != nil {
			return 0, fmt.Errorf("jobs: enqueue %s: encode payload: %w", kind, err)
		}
	}
	now := db.Now()
	runAt := now
	if !o.runAt.IsZero() {
		runAt = db.Time(o.runAt)
	}
	var key any
	if o.uniqueKey != "" {
		key = o.uniqueKey
	}
	// A conflicting job may finish between the INSERT that saw it and the
	// SELECT that looks it up; then the key is free and the INSERT is tried
	// again.
	for range 3 {
		id, err := insertID(ctx, ex, insertJob, kind, string(body), o.maxAttempts, runAt, key, now)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) || o.uniqueKey == "" {
			return 0, fmt.Errorf("jobs: enqueue %s: %w", kind, err)
		}
		err = ex.QueryRow(ctx, `SELECT id FROM jobs WHERE unique_key = ? AND state IN ('queued', 'running')`, o.uniqueKey).Scan(&id)
		if err == nil {
			return id, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("jobs: enqueue %s: find job with key %q: %w", kind, o.uniqueKey, err)
		}
	}
	return 0, fmt.Errorf("jobs: enqueue %s: key %q keeps conflicting", kind, o.uniqueKey)
}

func insertID(ctx context.Context, ex db.Execer, query string, args ...any) (int64, error) {
	if ins, ok := ex.(inserter); ok {
		return ins.InsertID(ctx, query, args...)
	}
	var id int64
	err := ex.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}
