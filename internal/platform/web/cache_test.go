package web_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// cacheStack is a stack with a page cache in front of routes that count
// their renderings; the session loader signs in whoever sends the
// "session" cookie.
type cacheStack struct {
	h       http.Handler
	cache   *web.PageCache
	version atomic.Uint64
	renders atomic.Int64
	// gate, when set, holds /slow's renderings until it is closed.
	gate chan struct{}
}

func newCacheStack(t *testing.T, ttl time.Duration) *cacheStack {
	t.Helper()
	cs := &cacheStack{}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rt := web.NewRouter(nil, log, "/accedi")
	page := func(body string, extra func(w http.ResponseWriter)) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			n := cs.renders.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if extra != nil {
				extra(w)
			}
			who := "anonymous"
			if p := web.Principal(r); p != nil {
				who = p.Email
			}
			_, err := fmt.Fprintf(w, "<p>%s %s %s rendering %d %s</p>", body, web.Lang(r), r.URL.RequestURI(), n, strings.Repeat("x", 500))
			_, _ = fmt.Fprintf(w, "<p>%s</p>", who)
			return err
		}
	}
	rt.Handle("GET /public", authz.ViewPublic, page("public", nil))
	rt.Handle("GET /cookie", authz.ViewPublic, page("cookie", func(w http.ResponseWriter) {
		http.SetCookie(w, &http.Cookie{Name: "x", Value: "1"})
	}))
	rt.Handle("GET /private-cc", authz.ViewPublic, page("private", func(w http.ResponseWriter) {
		w.Header().Set("Cache-Control", "private, no-store")
	}))
	rt.Handle("GET /missing", authz.ViewPublic, page("missing", func(w http.ResponseWriter) { w.WriteHeader(http.StatusNotFound) }))
	rt.Handle("GET /slow", authz.ViewPublic, func(w http.ResponseWriter, r *http.Request) error {
		n := cs.renders.Add(1)
		if cs.gate != nil {
			<-cs.gate
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, err := fmt.Fprintf(w, "<p>slow rendering %d</p>", n)
		return err
	})
	rt.Handle("GET /notmarked", authz.ViewPublic, page("not marked", nil))
	rt.Handle("GET /account", authz.UseAccount, page("account", nil))
	if err := rt.MarkCacheable("GET /public", "GET /cookie", "GET /private-cc", "GET /missing", "GET /slow"); err != nil {
		t.Fatal(err)
	}
	cs.cache = &web.PageCache{Version: cs.version.Load, TTL: ttl}
	s := &web.Stack{Router: rt, Log: log, Cache: cs.cache, Sessions: func(w http.ResponseWriter, r *http.Request) (*authz.Principal, error) {
		if c, err := r.Cookie("session"); err == nil {
			return &authz.Principal{UserID: 7, Email: c.Value}, nil
		}
		return nil, nil
	}}
	cs.h = s.Handler()
	return cs
}

func (cs *cacheStack) get(target string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	cs.h.ServeHTTP(rec, req)
	return rec
}

func TestPageCacheServesAnonymousVisitorsTheSameBytes(t *testing.T) {
	cs := newCacheStack(t, time.Hour)
	first := cs.get("/public")
	second := cs.get("/public")
	if first.Code != 200 || second.Code != 200 {
		t.Fatalf("status %d, %d", first.Code, second.Code)
	}
	if cs.renders.Load() != 1 || first.Body.String() != second.Body.String() {
		t.Errorf("%d renderings; bodies equal: %v", cs.renders.Load(), first.Body.String() == second.Body.String())
	}
	if second.Header().Get("Content-Type") != "text/html; charset=utf-8" || second.Header().Get("X-Request-Id") == "" {
		t.Errorf("cached headers: %v", second.Header())
	}
	if second.Header().Get("X-Request-Id") == first.Header().Get("X-Request-Id") {
		t.Error("the request id of a cached page is the first request's")
	}
	if cs.cache.Hits() != 1 || cs.cache.Misses() != 1 {
		t.Errorf("hits %d, misses %d", cs.cache.Hits(), cs.cache.Misses())
	}
	// Another query string, another language: other pages.
	cs.get("/public?page=2")
	en := cs.get("/public?lang=en")
	if !strings.Contains(en.Body.String(), "public en /public?lang=en") {
		t.Errorf("English page: %s", en.Body.String())
	}
	cs.get("/public", &http.Cookie{Name: "lang", Value: "en"})
	if got := cs.get("/public", &http.Cookie{Name: "lang", Value: "en"}); !strings.Contains(got.Body.String(), "public en /public ") {
		t.Errorf("page for the language cookie: %s", got.Body.String())
	}
	if cs.renders.Load() != 4 {
		t.Errorf("%d renderings, want 4 (/public in Italian, page 2, ?lang=en, English by cookie)", cs.renders.Load())
	}
}

func TestPageCacheNeverServesOrKeepsASignedInPage(t *testing.T) {
	cs := newCacheStack(t, time.Hour)
	cs.get("/public") // cached for anonymous visitors
	mine := cs.get("/public", &http.Cookie{Name: "session", Value: "anna@example.test"})
	if !strings.Contains(mine.Body.String(), "anna@example.test") {
		t.Errorf("signed-in visitor got someone else's page: %s", mine.Body.String())
	}
	// A signed-in rendering is never stored for the others.
	cs.get("/public", &http.Cookie{Name: "session", Value: "anna@example.test"})
	for range 3 {
		if got := cs.get("/public"); strings.Contains(got.Body.String(), "anna@example.test") {
			t.Fatalf("anonymous visitor got a signed-in page: %s", got.Body.String())
		}
	}
	// A flash message (any cookie but the language) skips the cache too.
	if cs.get("/public", &http.Cookie{Name: "flash", Value: "saved"}); cs.renders.Load() != 4 {
		t.Errorf("%d renderings, want 4", cs.renders.Load())
	}
	if rec := cs.get("/account"); rec.Code != http.StatusSeeOther {
		t.Errorf("private page for an anonymous visitor: %d", rec.Code)
	}
}

func TestPageCacheKeepsOnlyPublicCacheableResponses(t *testing.T) {
	cs := newCacheStack(t, time.Hour)
	for _, path := range []string{"/cookie", "/private-cc", "/missing", "/notmarked"} {
		before := cs.renders.Load()
		a, b := cs.get(path), cs.get(path)
		if cs.renders.Load()-before != 2 {
			t.Errorf("%s: rendered %d times for 2 requests, want 2 (not cacheable)", path, cs.renders.Load()-before)
		}
		if a.Code != b.Code || (path == "/cookie" && b.Header().Get("Set-Cookie") == "") {
			t.Errorf("%s: status %d then %d, Set-Cookie %q", path, a.Code, b.Code, b.Header().Get("Set-Cookie"))
		}
	}
}

func TestPageCacheIsStaleAfterAWriteOrItsTTL(t *testing.T) {
	cs := newCacheStack(t, time.Hour)
	cs.get("/public")
	cs.version.Add(1)
	if got := cs.get("/public"); !strings.Contains(got.Body.String(), "rendering 2") {
		t.Errorf("after a write: %s", got.Body.String())
	}
	short := newCacheStack(t, time.Millisecond)
	short.get("/public")
	time.Sleep(5 * time.Millisecond)
	if short.get("/public"); short.renders.Load() != 2 {
		t.Errorf("after the TTL: %d renderings, want 2", short.renders.Load())
	}
}

func TestPageCacheSendsGzipToWhoAcceptsIt(t *testing.T) {
	cs := newCacheStack(t, time.Hour)
	plain := cs.get("/public")
	req := httptest.NewRequest(http.MethodGet, "/public", nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	rec := httptest.NewRecorder()
	cs.h.ServeHTTP(rec, req)
	if rec.Header().Get("Content-Encoding") != "gzip" || rec.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("headers: %v", rec.Header())
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, plain.Body.Bytes()) {
		t.Errorf("gzip body differs from the page")
	}
	if again := cs.get("/public"); again.Header().Get("Content-Encoding") != "" || again.Body.String() != plain.Body.String() {
		t.Errorf("a client without gzip got %q", again.Header().Get("Content-Encoding"))
	}
}

func TestMarkCacheableRefusesPrivateAndUnknownRoutes(t *testing.T) {
	rt := web.NewRouter(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), "/accedi")
	h := func(w http.ResponseWriter, r *http.Request) error { return nil }
	rt.Handle("GET /account", authz.UseAccount, h)
	rt.HandleZone("GET /zone/{z}", authz.ViewPublic, web.ZoneParam("z"), h)
	rt.Handle("POST /form", authz.ViewPublic, h)
	for _, p := range []string{"GET /account", "GET /zone/{z}", "POST /form", "GET /nowhere"} {
		if err := rt.MarkCacheable(p); err == nil {
			t.Errorf("MarkCacheable(%q) accepted", p)
		}
	}
}

func TestPageCacheRendersAPageOnceForConcurrentVisitors(t *testing.T) {
	cs := newCacheStack(t, time.Hour)
	cs.gate = make(chan struct{})
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	get := func(i int) {
		defer wg.Done()
		bodies[i] = cs.get("/slow").Body.String()
	}
	wg.Add(1)
	go get(0)
	for cs.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	for i := 1; i < len(bodies); i++ {
		wg.Add(1)
		go get(i)
	}
	time.Sleep(20 * time.Millisecond) // let them queue behind the first
	close(cs.gate)
	wg.Wait()
	if n := cs.renders.Load(); n != 1 {
		t.Errorf("%d renderings for %d concurrent requests, want 1", n, len(bodies))
	}
	for i, b := range bodies {
		if b != "<p>slow rendering 1</p>" {
			t.Errorf("request %d got %q", i, b)
		}
	}
}

func TestPageCacheServesTheOldCopyWhileItIsRenderedAgain(t *testing.T) {
	cs := newCacheStack(t, time.Millisecond)
	cs.get("/slow")
	time.Sleep(5 * time.Millisecond)
	cs.gate = make(chan struct{})
	done := make(chan string)
	go func() { done <- cs.get("/slow").Body.String() }()
	for cs.renders.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	// The copy is past its TTL and being rendered again: served as is.
	if got := cs.get("/slow").Body.String(); got != "<p>slow rendering 1</p>" {
		t.Errorf("during the new rendering: %q", got)
	}
	// After a write, nobody gets it: they wait for the new rendering.
	cs.version.Add(1)
	go func() { done <- cs.get("/slow").Body.String() }()
	time.Sleep(10 * time.Millisecond)
	close(cs.gate)
	for range 2 {
		if got := <-done; got == "<p>slow rendering 1</p>" {
			t.Errorf("got the old copy after a write or as the renderer: %q", got)
		}
	}
}
