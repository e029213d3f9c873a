package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// PageCache keeps the public pages anonymous visitors ask for, as
// rendered, so that the next visitors get the same bytes without a query
// or a template. It is safe only because of what it refuses:
//
//   - only GET requests of routes marked with Router.MarkCacheable, which
//     must be public (authz.ViewPublic, no territory);
//   - only requests without any cookie but the language one, and without
//     an Authorization header: no session, no flash message;
//   - only 200 responses of HTML, XML or JSON without Set-Cookie and
//     without a private or no-store Cache-Control.
//
// Pages carry no per-request value (no CSRF token: cross-origin
// protection is by header; no CSP nonce; the request id is shown only on
// error pages, never stored). An entry is keyed by language and request
// URI (path and query), and is stale as soon as Version changes (every
// write through the database handle) or after TTL, which bounds how late
// a page is for what changes with time (a scheduled news item, the next
// activities) or is written by another instance.
type PageCache struct {
	// Version returns the current version of the content (db.DB.Version).
	Version func() uint64
	// TTL is how long an entry is served at most [1s].
	TTL time.Duration
	// MaxEntries bounds the number of pages kept [4096]; when full, the
	// cache is emptied.
	MaxEntries int
	// MaxBody is the largest page kept [1 MiB].
	MaxBody int

	mu      sync.Mutex
	entries map[string]*cachedPage
	flights map[string]*flight

	hits, misses atomic.Int64
}

type cachedPage struct {
	version uint64
	expires time.Time
	status  int
	header  http.Header
	body    []byte
	gz      []byte // body compressed, nil when not smaller
}

// Hits and Misses count the cacheable requests answered from the cache
// and rendered, since start.
func (c *PageCache) Hits() int64   { return c.hits.Load() }
func (c *PageCache) Misses() int64 { return c.misses.Load() }

// MarkCacheable lets the page cache keep the responses of the routes
// registered with these patterns. Each must be registered and public.
func (rt *Router) MarkCacheable(patterns ...string) error {
	if rt.cacheable == nil {
		rt.cacheable = map[string]bool{}
	}
	for _, p := range patterns {
		found := false
		for _, r := range rt.routes {
			if r.Pattern != p {
				continue
			}
			found = true
			if r.Action != authz.ViewPublic || r.Territorial || !strings.HasPrefix(p, "GET ") {
				return fmt.Errorf("web: %s cannot be cached: only public GET routes can", p)
			}
		}
		if !found {
			return fmt.Errorf("web: no route %s to cache", p)
		}
		rt.cacheable[p] = true
	}
	return nil
}

// cacheableRoute reports whether the route that will serve r was marked
// cacheable.
func (rt *Router) cacheableRoute(r *http.Request) bool {
	if len(rt.cacheable) == 0 {
		return false
	}
	_, pattern := rt.mux.Handler(r)
	return rt.cacheable[pattern]
}

// anonymous reports whether r can only see what everyone sees: no cookie
// but the language choice, no credentials.
func anonymous(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return false
	}
	for _, c := range r.Cookies() {
		if c.Name != i18n.CookieName {
			return false
		}
	}
	return true
}

// flight is a rendering under way of a page, which the other requests
// for the page wait for instead of rendering it too.
type flight struct {
	version uint64
	done    chan struct{}
	page    *cachedPage // set before done is closed when it can be shared
}

// wrap returns next behind the cache. One request renders a page that is
// missing or stale while the others for it wait (at a change of version)
// or get the previous copy (at the end of its TTL): under load, the
// pages never all expire at once.
func (c *PageCache) wrap(rt *Router, next http.Handler) http.Handler {
	ttl := c.TTL
	if ttl <= 0 {
		ttl = time.Second
	}
	maxEntries, maxBody := c.MaxEntries, c.MaxBody
	if maxEntries <= 0 {
		maxEntries = 4096
	}
	if maxBody <= 0 {
		maxBody = 1 << 20
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !anonymous(r) || !rt.cacheableRoute(r) {
			next.ServeHTTP(w, r)
			return
		}
		key := string(Lang(r)) + " " + r.URL.RequestURI()
		// The version is read before rendering: a write during it leaves
		// the entry stale at once.
		version := c.Version()
		now := time.Now()
		c.mu.Lock()
		e := c.entries[key]
		f := c.flights[key]
		switch {
		case e != nil && e.version == version && (now.Before(e.expires) || f != nil):
			// Fresh, or only old and already being rendered again.
			c.mu.Unlock()
			c.hits.Add(1)
			e.write(w, r)
			return
		case f != nil && f.version == version:
			c.mu.Unlock()
			select {
			case <-f.done:
			case <-r.Context().Done():
				return
			}
			if f.page != nil {
				c.hits.Add(1)
				f.page.write(w, r)
				return
			}
			// Not shareable (an error page, a cookie): render it here.
			c.misses.Add(1)
			next.ServeHTTP(w, r)
			return
		}
		f = &flight{version: version, done: make(chan struct{})}
		if c.flights == nil {
			c.flights = map[string]*flight{}
		}
		c.flights[key] = f
		c.mu.Unlock()
		defer func() {
			c.mu.Lock()
			if c.flights[key] == f {
				delete(c.flights, key)
			}
			c.mu.Unlock()
			close(f.done)
		}()
		c.misses.Add(1)
		rec := &pageRecorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		e = rec.page()
		if e.storable(maxBody) {
			e.version, e.expires = version, now.Add(ttl)
			e.compress()
			f.page = e
			c.mu.Lock()
			if c.entries == nil || len(c.entries) >= maxEntries {
				c.entries = map[string]*cachedPage{}
			}
			c.entries[key] = e
			c.mu.Unlock()
		}
		e.write(w, r)
	})
}

// storable reports whether a response may be given to other visitors.
func (e *cachedPage) storable(maxBody int) bool {
	if e.status != http.StatusOK || len(e.body) > maxBody || len(e.header.Values("Set-Cookie")) > 0 {
		return false
	}
	cc := strings.ToLower(e.header.Get("Cache-Control"))
	if strings.Contains(cc, "private") || strings.Contains(cc, "no-store") {
		return false
	}
	ct := e.header.Get("Content-Type")
	return strings.HasPrefix(ct, "text/html") || strings.Contains(ct, "xml") || strings.HasPrefix(ct, "application/json")
}

// compress keeps a gzip copy of the body, for the clients that accept it,
// when it is smaller.
func (e *cachedPage) compress() {
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return
	}
	if _, err := zw.Write(e.body); err != nil || zw.Close() != nil {
		return
	}
	if b.Len() < len(e.body) {
		e.gz = b.Bytes()
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.TrimSpace(strings.ReplaceAll(q, " ", "")) != "q=0" {
				return true
			}
		}
	}
	return false
}

// write sends the page, compressed when it can be.
func (e *cachedPage) write(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = slices.Clone(v)
	}
	body := e.body
	if e.gz != nil {
		h.Set("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body = e.gz
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(len(body)))
		}
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(body)
}

// pageRecorder keeps a response instead of sending it.
type pageRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (p *pageRecorder) Header() http.Header { return p.header }

func (p *pageRecorder) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

func (p *pageRecorder) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return p.body.Write(b)
}

func (p *pageRecorder) page() *cachedPage {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return &cachedPage{status: p.status, header: p.header, body: bytes.Clone(p.body.Bytes())}
}
