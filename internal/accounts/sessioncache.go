package accounts

import (
	"sync"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
)

// sessionCacheTTL bounds how long a session read from the database is used
// again without reading it anew. Within this process every write goes
// through the db package and changes db.DB.Version, which empties the
// cache at once (a logout, a revoked role, a disabled user, a changed
// password take effect on the very next request); the TTL bounds how late
// this process sees such a write made by another one (a second instance on
// the same PostgreSQL database, a `cantieri` command on the same SQLite
// file), as the page cache's does.
const sessionCacheTTL = time.Second

// sessionCacheMax bounds the sessions kept; when full the cache is emptied
// (it refills with the sessions in use within a request each).
const sessionCacheMax = 10_000

// sessionCache keeps the sessions read by Load, keyed by the hash of the
// cookie's secret (so only who holds the secret reaches an entry), each
// valid while the database's version is the one read before the session
// was, and for sessionCacheTTL at most. A signed-in page then sends no
// query for its session and its user's roles (docs/performance.md,
// "Signed-in pages").
type sessionCache struct {
	mu      sync.Mutex
	version uint64 // the database version of every entry
	m       map[string]cachedSession
}

type cachedSession struct {
	p        authz.Principal
	expires  time.Time
	lastSeen time.Time
	read     time.Time // when it was read from the database
}

// get returns the session of hash if it was read at database version
// version less than sessionCacheTTL before now.
func (c *sessionCache) get(hash string, version uint64, now time.Time) (cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return cachedSession{}, false
	}
	cs, ok := c.m[hash]
	if !ok || now.Sub(cs.read) >= sessionCacheTTL || now.Before(cs.read) {
		return cachedSession{}, false
	}
	return cs, true
}

// put keeps cs for hash, read at database version version (taken before
// the reading started, so a write committed meanwhile makes it stale).
func (c *sessionCache) put(hash string, version uint64, cs cachedSession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if version < c.version {
		return // read before a write the cache already knows of
	}
	if version != c.version || c.m == nil || len(c.m) >= sessionCacheMax {
		c.m = map[string]cachedSession{}
		c.version = version
	}
	c.m[hash] = cs
}

// principal is a copy of the cached principal, so no request can change
// what another gets.
func (cs cachedSession) principal() *authz.Principal {
	p := cs.p
	p.Grants = append([]authz.Grant(nil), cs.p.Grants...)
	return &p
}
