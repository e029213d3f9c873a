package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sort"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// ZoneFunc tells which territory a request concerns, for the permission
// check. It returns NotFound() (or another *Error) when the record named by
// the request does not exist.
type ZoneFunc func(r *http.Request) (string, error)

// ZoneParam reads the zone from the path parameter name.
func ZoneParam(name string) ZoneFunc {
	return func(r *http.Request) (string, error) { return r.PathValue(name), nil }
}

// Route is one registered route and the permission it requires.
type Route struct {
	Pattern string
	Action  authz.Action
	// Territorial is true when the route checks the action in a zone taken
	// from the request.
	Territorial bool
}

// Router is the application's ServeMux plus the one place where every
// request is checked against the policy before its handler runs.
type Router struct {
	mux      *http.ServeMux
	routes   []Route
	render   *Renderer
	log      *slog.Logger
	loginURL string
	// cacheable holds the patterns the page cache may keep.
	cacheable map[string]bool
}

// NewRouter returns a router that renders error pages with render and sends
// visitors who need to sign in to loginURL.
func NewRouter(render *Renderer, log *slog.Logger, loginURL string) *Router {
	rt := &Router{mux: http.NewServeMux(), render: render, log: log, loginURL: loginURL}
	return rt
}

// Handle registers h for pattern; the user must be allowed action (not
// tied to a territory).
func (rt *Router) Handle(pattern string, action authz.Action, h HandlerFunc) {
	rt.add(pattern, action, nil, h)
}

// HandleZone registers h for pattern; the user must be allowed action in
// the zone that zone returns for the request.
func (rt *Router) HandleZone(pattern string, action authz.Action, zone ZoneFunc, h HandlerFunc) {
	rt.add(pattern, action, zone, h)
}

// HandleHTTP registers a plain http.Handler (static files, probes,
// metrics) behind the same permission check.
func (rt *Router) HandleHTTP(pattern string, action authz.Action, h http.Handler) {
	rt.add(pattern, action, nil, func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	})
}

func (rt *Router) add(pattern string, action authz.Action, zone ZoneFunc, h HandlerFunc) {
	rt.routes = append(rt.routes, Route{Pattern: pattern, Action: action, Territorial: zone != nil})
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(keyRouteInfo).(*routeInfo); ok {
			info.pattern = pattern
		}
		z := ""
		if zone != nil {
			var err error
			if z, err = zone(r); err != nil {
				rt.Error(w, r, err)
				return
			}
		}
		p := Principal(r)
		if !authz.Can(p, action, z) {
			if p == nil {
				rt.toLogin(w, r)
				return
			}
			rt.Error(w, r, Forbidden())
			return
		}
		if err := h(w, r); err != nil {
			rt.Error(w, r, err)
		}
	})
}

// Routes lists every registered route, sorted, for the authorisation
// matrix test.
func (rt *Router) Routes() []Route {
	out := append([]Route(nil), rt.routes...)
	sort.Slice(out, func(i, j int) bool { return out[i].Pattern < out[j].Pattern })
	return out
}

func (rt *Router) toLogin(w http.ResponseWriter, r *http.Request) {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		next = r.Referer()
		if u, err := url.Parse(next); err == nil {
			next = u.RequestURI()
		} else {
			next = "/"
		}
	}
	SetFlash(w, "flash.login_required")
	http.Redirect(w, r, rt.loginURL+"?next="+url.QueryEscape(LocalURL(next)), http.StatusSeeOther)
}

// Error writes the error page for err: 4xx pages explain the problem, a
// 500 page shows the request id and logs the cause.
func (rt *Router) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, key := statusOf(err)
	if status >= 500 {
		rt.log.Error("request failed", "request_id", RequestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if errors.Is(err, context.Canceled) {
		return
	}
	if sw, ok := w.(*statusWriter); ok && sw.started() {
		// The page was already on its way (the client went away while it
		// was written): another page cannot follow it.
		if status < 500 {
			rt.log.Warn("error after the response started", "request_id", RequestID(r), "path", r.URL.Path, "err", err)
		}
		return
	}
	data := ErrorData{Status: status, Key: key}
	if rerr := rt.render.Render(w, r, status, "platform/error", data); rerr != nil {
		rt.log.Error("error page failed", "request_id", RequestID(r), "err", rerr)
		http.Error(w, i18n.T(Lang(r), key)+" ("+RequestID(r)+")", status)
	}
}

// ErrorData is what the error page shows.
type ErrorData struct {
	Status int
	Key    string
}

// ServeHTTP dispatches to the registered routes.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rt.mux.ServeHTTP(w, r)
}

// NotFoundHandler answers every path no route matches with the 404 page.
func (rt *Router) NotFoundHandler() HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { return NotFound() }
}

type routeInfo struct{ pattern string }

const keyRouteInfo ctxKey = 100

// RoutePattern returns the pattern of the route that served r, once the
// router has dispatched it; middleware use it to label metrics and logs.
func routePattern(ctx context.Context) string {
	if info, ok := ctx.Value(keyRouteInfo).(*routeInfo); ok && info.pattern != "" {
		return info.pattern
	}
	return "unmatched"
}
