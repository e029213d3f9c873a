// Package db opens Cantieri's database on SQLite or PostgreSQL and hides the
// few differences between the two engines behind small helpers, so features
// write one portable SQL dialect with `?` placeholders.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Engine names a database engine.
type Engine string

// The two supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is a handle on the database. On SQLite writes go through a single
// connection whose transactions start with BEGIN IMMEDIATE, and reads through
// a pool; on PostgreSQL both are the same pool.
type DB struct {
	Engine Engine
	// W is used for every statement that writes.
	W *sql.DB
	// R is used for reads outside transactions.
	R *sql.DB
	// Location is where the data lives: a file path or a redacted URL.
	Location string

	rebound sync.Map // query -> rebound query (PostgreSQL only)

	// reads keeps R's statements prepared (SQLite only; nil on
	// PostgreSQL, whose driver caches them), see stmtCache.
	reads *stmtCache

	// queries counts the statements sent through the helpers (every one
	// passes through Q); version counts the writes (see Version).
	queries atomic.Int64
	version atomic.Uint64
}

// Queries is how many statements have gone through this handle's helpers
// (Query, QueryRow, Exec, InsertID, Tx and their Tx twins; anything that
// calls Q) since it was opened: tests take the difference around a
// request to count the queries a page makes.
func (d *DB) Queries() int64 { return d.queries.Load() }

// Version changes after every write made through this handle: a
// committed transaction, an Exec that changed rows, an InsertID. Caches
// of what the database holds (the page cache of internal/platform/web)
// compare it to know they are stale. Writes by other processes do not
// change it: such caches must also expire with time.
func (d *DB) Version() uint64 { return d.version.Load() }

// wrote records a write for Version.
func (d *DB) wrote() { d.version.Add(1) }

// ErrNotFound is returned by helpers when a row that must exist does not.
var ErrNotFound = errors.New("db: not found")

// Open connects to the database named by dsn. An empty dsn means SQLite in
// dataDir/cantieri.db; a dsn starting with postgres:// or postgresql:// means
// PostgreSQL; anything else is taken as a SQLite file path.
func Open(ctx context.Context, dsn, dataDir string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	path := dsn
	if path == "" {
		if dataDir == "" {
			dataDir = "data"
		}
		if err := os.MkdirAll(dataDir, 0o750); err != nil {
			return nil, fmt.Errorf("db: create data directory: %w", err)
		}
		path = filepath.Join(dataDir, "cantieri.db")
	}
	path = strings.TrimPrefix(path, "sqlite://")
	path = strings.TrimPrefix(path, "file:")
	return openSQLite(ctx, path)
}

func sqliteDSN(path string, immediate bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Add("_pragma", "cache_size(-20000)")
	q.Set("_time_format", "sqlite")
	if immediate {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	w, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		return nil, fmt.Errorf("db: open sqlite writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, false)+"&_pragma=query_only(ON)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: open sqlite readers: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxIdleTime(0)
	r.SetConnMaxLifetime(0)
	return &DB{Engine: SQLite, W: w, R: r, Location: path, reads: newStmtCache(r, stmtCacheSize)}, nil
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: open postgres: %w", err)
	}
	p.SetMaxOpenConns(max(8, runtime.NumCPU()*4))
	p.SetMaxIdleConns(max(8, runtime.NumCPU()*4))
	p.SetConnMaxIdleTime(5 * time.Minute)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("db: connect to postgres: %w", err)
	}
	return &DB{Engine: Postgres, W: p, R: p, Location: redact(dsn)}, nil
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres"
	}
	return u.Redacted()
}

// Close closes every connection.
func (d *DB) Close() error {
	if d.reads != nil {
		d.reads.close()
	}
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	return d.R.PingContext(ctx)
}

// Q adapts a portable query to the engine: `?` placeholders become `$1`,
// `$2`… on PostgreSQL. Question marks inside single-quoted strings are kept.
func (d *DB) Q(query string) string {
	d.queries.Add(1)
	if d.Engine != Postgres {
		return query
	}
	if v, ok := d.rebound.Load(query); ok {
		return v.(string)
	}
	out := rebind(query)
	d.rebound.Store(query, out)
	return out
}

func rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inString := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inString = !inString
			b.WriteByte(c)
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Exec runs a writing statement outside a transaction.
func (d *DB) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := d.W.ExecContext(ctx, d.Q(query), args...)
	if err == nil {
		if n, nerr := res.RowsAffected(); nerr != nil || n != 0 {
			d.wrote()
		}
	}
	return res, err
}

// ExecUnseen is Exec for a write that no page and no session shows: the
// job queue's own bookkeeping and the outbox of e-mails not sent. It leaves
// Version as it is, so the caches that compare it (the page cache, the
// session loader's) stay valid while a queue of thousands of e-mails
// drains. Anything a person can see written must go through Exec or Tx.
func (d *DB) ExecUnseen(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return d.W.ExecContext(ctx, d.Q(query), args...)
}

// Query runs a reading query on the read pool.
func (d *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if d.reads != nil {
		return d.reads.query(ctx, d.Q(query), args)
	}
	return d.R.QueryContext(ctx, d.Q(query), args...)
}

// QueryRow runs a reading query that returns at most one row.
func (d *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if d.reads != nil {
		return d.reads.queryRow(ctx, d.Q(query), args)
	}
	return d.R.QueryRowContext(ctx, d.Q(query), args...)
}

// Now is the current time as stored: UTC, microsecond precision (the
// precision PostgreSQL keeps), so values round-trip identically on both
// engines.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// Time normalises t the way Now does.
func Time(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
