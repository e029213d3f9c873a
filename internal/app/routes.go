package app

import (
	"net/http"
	"net/netip"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/admin"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/faq"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/materials"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/pages"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/metrics"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/search"
	"github.com/cantieri/cantieri/internal/tracks"
)

// routes registers every feature's routes. Each feature lists its own
// routes in one function; this is the one place that calls them all.
func (a *App) routes() error {
	rt := a.Router
	rt.HandleHTTP("GET /static/", authz.ViewPublic, a.Assets.Handler())
	rt.Handle("GET /healthz", authz.ViewPublic, a.healthz)
	rt.Handle("GET /readyz", authz.ViewPublic, a.readyz)
	rt.Handle("GET /metrics", authz.ViewPublic, a.metrics)
	rt.Handle("/", authz.ViewPublic, rt.NotFoundHandler())
	mats := &materials.Handlers{DB: a.DB, Render: a.Render, Files: a.Files, MaxBytes: int64(a.Config.MaxMaterialMB) << 20}
	a.activities.Materials = mats
	features := []interface{ Register(*web.Router) error }{
		&pages.Handlers{DB: a.DB, Render: a.Render, BaseURL: a.Config.BaseURL, Upcoming: upcomingActivities{DB: a.DB}},
		&accounts.Handlers{Render: a.Render, Accounts: a.accounts()},
		&admin.Handlers{DB: a.DB, Render: a.Render},
		&search.Handlers{DB: a.DB, Render: a.Render},
		&files.Handlers{DB: a.DB, Store: a.Files},
		&news.Handlers{DB: a.DB, Render: a.Render, Files: a.Files, BaseURL: a.Config.BaseURL},
		&newsletter.Handlers{DB: a.DB, Render: a.Render, Queue: a.Queue, BaseURL: a.Config.BaseURL, MailFrom: a.Config.SMTPFrom},
		&faq.Handlers{DB: a.DB, Render: a.Render},
		&paths.Handlers{DB: a.DB, Render: a.Render, Extras: zoneExtras{DB: a.DB}},
		&glossary.Handlers{DB: a.DB, Render: a.Render, BaseURL: a.Config.BaseURL},
		a.activities,
		&calls.Handlers{DB: a.DB, Render: a.Render, Files: a.Files, BaseURL: a.Config.BaseURL, Queue: a.Queue},
		&tracks.Handlers{DB: a.DB, Render: a.Render, BaseURL: a.Config.BaseURL},
		mats,
	}
	for _, f := range features {
		if err := f.Register(rt); err != nil {
			return err
		}
	}
	return nil
}

func (a *App) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

// metrics serves Prometheus metrics to the networks allowed by
// --metrics-allow (loopback by default); to anyone else it does not exist.
func (a *App) metrics(w http.ResponseWriter, r *http.Request) error {
	ip, err := netip.ParseAddr(audit.ClientIP(r))
	if err != nil || !a.Config.MetricsAllowed(ip) {
		return web.NotFound()
	}
	metrics.Handler().ServeHTTP(w, r)
	return nil
}

// readyz answers 200 only when the database answers, so a load balancer
// stops sending traffic to an instance that lost its database.
func (a *App) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.DB.Ping(r.Context()); err != nil {
		a.Log.Error("readiness: database unreachable", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err := w.Write([]byte("database unavailable\n"))
		return err
	}
	_, err := w.Write([]byte("ready\n"))
	return err
}
