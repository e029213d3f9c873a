package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// SessionLoader finds the signed-in user of a request, or nil.
type SessionLoader func(w http.ResponseWriter, r *http.Request) (*authz.Principal, error)

// Observer receives one call per request, for metrics.
type Observer func(method, pattern string, status int, d time.Duration)

// Stack wraps the router in the middleware every request goes through, from
// the outside in: request id and security headers, panic recovery, access log
// and metrics, cross-origin protection, language, the page cache (when
// set), session. (Request id and headers come first so the 500 page of a
// panic can show the id.)
type Stack struct {
	Router   *Router
	Log      *slog.Logger
	Sessions SessionLoader
	Observe  Observer
	// HTTPS adds Strict-Transport-Security; set when the base URL is https.
	HTTPS bool
	// Cache, when set, serves anonymous visitors the public pages marked
	// with Router.MarkCacheable from memory (see PageCache).
	Cache *PageCache
}

// CSP is the Content-Security-Policy of every response: only our own
// scripts, styles, fonts and images; no inline script, no framing.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Handler returns the complete handler.
func (s *Stack) Handler() http.Handler {
	var h http.Handler = s.Router
	h = s.session(h)
	if s.Cache != nil {
		h = s.Cache.wrap(s.Router, h)
	}
	h = language(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Router.Error(w, r, &Error{Status: http.StatusForbidden, Key: "error.403.cross_origin"})
	}))
	h = cop.Handler(h)
	h = s.observe(h)
	h = s.recoverer(h)
	h = s.headers(h)
	return h
}

func (s *Stack) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.Router.Error(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Stack) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		r = r.WithContext(context.WithValue(r.Context(), keyRequestID, id))
		h := w.Header()
		h.Set("X-Request-Id", id)
		h.Set("Content-Security-Policy", CSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if s.HTTPS {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// started reports whether the response's header was already sent.
func (w *statusWriter) started() bool { return w.status != 0 }

func (s *Stack) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &routeInfo{}
		r = r.WithContext(context.WithValue(r.Context(), keyRouteInfo, info))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		pattern := routePattern(r.Context())
		if s.Observe != nil {
			s.Observe(r.Method, pattern, sw.status, d)
		}
		if s.Log.Enabled(r.Context(), slog.LevelDebug) || sw.status >= 500 {
			s.Log.Info("request", "request_id", RequestID(r), "method", r.Method, "path", r.URL.Path,
				"route", pattern, "status", sw.status, "bytes", sw.bytes, "duration_ms", float64(d.Microseconds())/1000)
		}
	})
}

func language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, WithLang(r, i18n.FromRequest(r)))
	})
}

func (s *Stack) session(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Sessions != nil && !strings.HasPrefix(r.URL.Path, "/static/") {
			p, err := s.Sessions(w, r)
			if err != nil {
				s.Log.Error("load session", "request_id", RequestID(r), "err", err)
			}
			if p != nil {
				r = WithPrincipal(r, p)
				w.Header().Set("Cache-Control", "private, no-store")
			}
		}
		next.ServeHTTP(w, r)
	})
}
