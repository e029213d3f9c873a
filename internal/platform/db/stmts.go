package db

import (
	"container/list"
	"context"
	"database/sql"
	"sync"
)

// stmtCacheSize bounds how many distinct statements a stmtCache keeps
// prepared. The features' queries are a few hundred constant strings;
// the ones built at run time (lists of placeholders of varying length)
// take the least recently used places in turn.
const stmtCacheSize = 400

// stmtCache keeps the reading statements of a SQLite handle prepared,
// keyed by their SQL text. database/sql with modernc.org/sqlite parses and
// plans every statement anew, which was a fifth of the time of a signed-in
// page (docs/performance.md, "Signed-in pages"); a *sql.Stmt is prepared
// once per connection of the pool and reused. (pgx caches its statements
// itself, so PostgreSQL has no stmtCache.)
//
// A statement pushed out of the cache is closed once no call is using it:
// refs counts the calls between get and put, and database/sql keeps a
// closed statement's connections' statements until the rows it returned
// are closed.
type stmtCache struct {
	db  *sql.DB
	max int

	mu  sync.Mutex
	m   map[string]*cachedStmt
	lru list.List // of *cachedStmt, most recently used first
}

type cachedStmt struct {
	query   string
	stmt    *sql.Stmt
	refs    int
	evicted bool
	elem    *list.Element
}

func newStmtCache(db *sql.DB, max int) *stmtCache {
	return &stmtCache{db: db, max: max, m: map[string]*cachedStmt{}}
}

// get returns the prepared statement of query, preparing it on a miss; the
// caller must put it back.
func (c *stmtCache) get(ctx context.Context, query string) (*cachedStmt, error) {
	c.mu.Lock()
	if cs, ok := c.m[query]; ok {
		cs.refs++
		c.lru.MoveToFront(cs.elem)
		c.mu.Unlock()
		return cs, nil
	}
	c.mu.Unlock()
	stmt, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	var closing []*sql.Stmt
	c.mu.Lock()
	cs, ok := c.m[query]
	if ok {
		// Prepared meanwhile by another call: keep that one.
		closing = append(closing, stmt)
		c.lru.MoveToFront(cs.elem)
	} else {
		cs = &cachedStmt{query: query, stmt: stmt}
		cs.elem = c.lru.PushFront(cs)
		c.m[query] = cs
		for c.lru.Len() > c.max {
			old := c.lru.Remove(c.lru.Back()).(*cachedStmt)
			delete(c.m, old.query)
			old.evicted = true
			if old.refs == 0 {
				closing = append(closing, old.stmt)
			}
		}
	}
	cs.refs++
	c.mu.Unlock()
	for _, s := range closing {
		s.Close()
	}
	return cs, nil
}

// put ends a call's use of cs, closing it if it was pushed out meanwhile.
func (c *stmtCache) put(cs *cachedStmt) {
	c.mu.Lock()
	cs.refs--
	closeIt := cs.evicted && cs.refs == 0
	c.mu.Unlock()
	if closeIt {
		cs.stmt.Close()
	}
}

// len is how many statements are cached, for tests.
func (c *stmtCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// close closes every cached statement (with the handle).
func (c *stmtCache) close() {
	c.mu.Lock()
	var closing []*sql.Stmt
	for _, cs := range c.m {
		cs.evicted = true
		if cs.refs == 0 {
			closing = append(closing, cs.stmt)
		}
	}
	c.m = map[string]*cachedStmt{}
	c.lru.Init()
	c.mu.Unlock()
	for _, s := range closing {
		s.Close()
	}
}

func (c *stmtCache) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	cs, err := c.get(ctx, query)
	if err != nil {
		return nil, err
	}
	defer c.put(cs)
	return cs.stmt.QueryContext(ctx, args...)
}

func (c *stmtCache) queryRow(ctx context.Context, query string, args []any) *sql.Row {
	cs, err := c.get(ctx, query)
	if err != nil {
		// A *sql.Row cannot be made with an error outside database/sql:
		// let the pool report it (it prepares the statement again and
		// fails the same way, on Scan).
		return c.db.QueryRowContext(ctx, query, args...)
	}
	defer c.put(cs)
	return cs.stmt.QueryRowContext(ctx, args...)
}
