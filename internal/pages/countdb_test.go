package pages_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/cantieri/cantieri/internal/pages"
	"github.com/cantieri/cantieri/internal/platform/db"
)

func pagesGrid() map[string][2]int { return pages.GridCells() }

// countingDB opens a second handle on the test database base whose every
// statement (query or exec, in a transaction or not) adds one to the
// returned counter: the query count of a page is read from there. The
// database/sql driver is wrapped, so nothing of the application changes.
func countingDB(t *testing.T, base *db.DB) (*db.DB, *atomic.Int64) {
	t.Helper()
	n := new(atomic.Int64)
	open := func(drv driver.Driver, dsn string) *sql.DB {
		s := sql.OpenDB(countingConnector{drv: drv, dsn: dsn, n: n})
		t.Cleanup(func() { s.Close() })
		return s
	}
	switch base.Engine {
	case db.SQLite:
		q := url.Values{}
		q.Add("_pragma", "foreign_keys(ON)")
		q.Add("_pragma", "busy_timeout(10000)")
		q.Set("_time_format", "sqlite")
		r := open(&sqlite.Driver{}, "file:"+base.Location+"?"+q.Encode())
		q.Set("_txlock", "immediate")
		w := open(&sqlite.Driver{}, "file:"+base.Location+"?"+q.Encode())
		w.SetMaxOpenConns(1)
		base.W.Close() // one writer at a time on the file
		return &db.DB{Engine: db.SQLite, W: w, R: r, Location: base.Location}, n
	default:
		p := open(stdlib.GetDefaultDriver(), base.Location) // the test cluster has no password to redact
		return &db.DB{Engine: db.Postgres, W: p, R: p, Location: base.Location}, n
	}
}

type countingConnector struct {
	drv driver.Driver
	dsn string
	n   *atomic.Int64
}

func (c countingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return countingConn{Conn: conn, n: c.n}, nil
}

func (c countingConnector) Driver() driver.Driver { return c.drv }

// countingConn counts statements and passes everything on to the driver's
// connection, whose optional interfaces it forwards.
type countingConn struct {
	driver.Conn
	n *atomic.Int64
}

func (c countingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.n.Add(1)
	if q, ok := c.Conn.(driver.QueryerContext); ok {
		return q.QueryContext(ctx, query, args)
	}
	return nil, driver.ErrSkip // database/sql prepares the statement instead
}

func (c countingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.n.Add(1)
	if x, ok := c.Conn.(driver.ExecerContext); ok {
		return x.ExecContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c countingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

func (c countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	//lint:ignore SA1019 the fallback for drivers without BeginTx
	return c.Conn.Begin()
}

func (c countingConn) CheckNamedValue(v *driver.NamedValue) error {
	if k, ok := c.Conn.(driver.NamedValueChecker); ok {
		return k.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

func (c countingConn) ResetSession(ctx context.Context) error {
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		return r.ResetSession(ctx)
	}
	return nil
}

func (c countingConn) IsValid() bool {
	if v, ok := c.Conn.(driver.Validator); ok {
		return v.IsValid()
	}
	return true
}
