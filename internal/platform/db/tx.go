package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Tx is a writing transaction. On SQLite it started with BEGIN IMMEDIATE on
// the single writer connection, so it never fails half-way for lock reasons.
type Tx struct {
	tx *sql.Tx
	db *DB
}

// Engine reports which engine the transaction runs on.
func (t *Tx) Engine() Engine { return t.db.Engine }

// Exec runs a statement in the transaction.
func (t *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.db.Q(query), args...)
}

// Query runs a query in the transaction.
func (t *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.db.Q(query), args...)
}

// QueryRow runs a query that returns at most one row in the transaction.
func (t *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.Q(query), args...)
}

// InsertID runs an INSERT … RETURNING id and returns the new id. Both engines
// support RETURNING.
func (t *Tx) InsertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// Execer is what both *DB and *Tx offer for writing; helpers that may run
// inside or outside a transaction take it.
type Execer interface {
	Exec(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRow(ctx context.Context, query string, args ...any) *sql.Row
	Query(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// InsertID runs an INSERT … RETURNING id outside a transaction.
func (d *DB) InsertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := d.W.QueryRowContext(ctx, d.Q(query+" RETURNING id"), args...).Scan(&id)
	if err == nil {
		d.wrote()
	}
	return id, err
}

// Tx runs fn in a writing transaction, committing if fn returns nil and
// rolling back otherwise.
func (d *DB) Tx(ctx context.Context, fn func(tx *Tx) error) (err error) {
	stx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
		if err != nil {
			if rbErr := stx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, rbErr)
			}
			return
		}
		if cErr := stx.Commit(); cErr != nil {
			err = fmt.Errorf("db: commit: %w", cErr)
		}
		// Even a failed commit may have written (PostgreSQL reports some
		// errors after the commit): a needless change of version only
		// costs a cache miss.
		d.wrote()
	}()
	return fn(&Tx{tx: stx, db: d})
}

// SkipLocked is appended to a SELECT that claims rows for work: on
// PostgreSQL it lets several instances claim different rows at once; SQLite
// has a single writer, which already serialises claims.
func (d *DB) SkipLocked() string {
	if d.Engine == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ForUpdate is appended to a SELECT inside a transaction to lock the rows
// it reads until the transaction ends, so that decisions taken on them
// (such as "is there a place left?") cannot race: on PostgreSQL it is FOR
// UPDATE; SQLite's transactions start IMMEDIATE on the single writer
// connection, which already serialises them.
func (d *DB) ForUpdate() string {
	if d.Engine == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// IsUniqueViolation reports whether err is a unique-constraint violation on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	var c interface{ SQLState() string }
	if errors.As(err, &c) {
		return c.SQLState() == "23505"
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
