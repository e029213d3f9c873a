// Package app assembles Cantieri: the database, the web stack, every
// feature's routes and the background workers. main and the tests build the
// same App, so what is tested is what runs.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/faq"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/pages"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/assets"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/metrics"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/search"
	"github.com/cantieri/cantieri/internal/territory"
	"github.com/cantieri/cantieri/migrations"
	webfiles "github.com/cantieri/cantieri/web"
)

// App is a running Cantieri instance, minus the listener.
type App struct {
	Config  *config.Config
	DB      *db.DB
	Log     *slog.Logger
	Assets  *assets.Set
	Render  *web.Renderer
	Router  *web.Router
	Handler http.Handler
	// Queue runs background jobs; features register their kinds on it.
	Queue *jobs.Queue
	// Mail sends e-mails over SMTP, or into the outbox without SMTP.
	Mail *mail.Sender
	// Files keeps uploaded files, under <data>/files.
	Files files.Store
	// Cache keeps the public pages anonymous visitors ask for.
	Cache *web.PageCache

	activities *activities.Handlers
}

// LoginURL is where visitors are sent when a page needs an account.
const LoginURL = "/accedi"

// New migrates the database and builds the application on it.
func New(ctx context.Context, cfg *config.Config, d *db.DB, log *slog.Logger) (*App, error) {
	if _, err := d.Migrate(ctx, migrations.FS); err != nil {
		return nil, err
	}
	if err := territory.LoadReference(ctx, d); err != nil {
		return nil, err
	}
	if err := paths.LoadSeeds(ctx, d); err != nil {
		return nil, err
	}
	if _, err := search.IndexTerritories(ctx, d); err != nil {
		return nil, err
	}
	if err := news.ReindexSearch(ctx, d); err != nil {
		return nil, err
	}
	if err := faq.LoadSeed(ctx, d); err != nil {
		return nil, err
	}
	if err := glossary.LoadSeed(ctx, d); err != nil {
		return nil, err
	}
	// The search index follows every feature's content in its own
	// transactions; at start it is brought up to date with what is there
	// (a restored or migrated database), writing only what changed.
	for _, reindex := range []func(context.Context, *db.DB) error{glossary.ReindexSearch, faq.ReindexSearch,
		paths.ReindexSearch, activities.ReindexSearch, pages.ReindexSearch} {
		if err := reindex(ctx, d); err != nil {
			return nil, err
		}
	}
	set, err := assets.New(webfiles.VendorFS())
	if err != nil {
		return nil, fmt.Errorf("app: assets: %w", err)
	}
	if !set.Built() {
		log.Warn("front-end assets are not built: pages will have no style; run `make assets` before building")
	}
	render, err := web.NewRenderer(web.MustSub(webfiles.Layout, "templates"), set, cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if err := render.AddPages("platform", web.MustSub(webfiles.Pages, "pages")); err != nil {
		return nil, err
	}
	mcfg := mail.Config{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUser, Password: cfg.SMTPPassword,
		From: cfg.SMTPFrom, TLS: cfg.SMTPTLS}
	if err := mcfg.Validate(); err != nil {
		return nil, fmt.Errorf("app: e-mail settings: %w", err)
	}
	a := &App{Config: cfg, DB: d, Log: log, Assets: set, Render: render}
	a.Files = files.NewDir(filepath.Join(cfg.DataDir, "files"))
	a.Mail = mail.NewSender(d, mcfg, log)
	a.Queue = jobs.NewQueue(d, log, jobs.Options{Workers: max(cfg.Workers, 1), PollInterval: cfg.JobPollInterval})
	a.Queue.Register(mail.KindSend, a.Mail.Handle)
	a.activities = &activities.Handlers{DB: d, Render: render, BaseURL: cfg.BaseURL, Queue: a.Queue}
	a.Queue.Register(activities.KindReminder, a.activities.Service().Remind)
	a.Queue.Register(calls.KindPurge, calls.NewService(d, a.Files, cfg.BaseURL).Purge)
	a.Queue.Register(newsletter.KindSend, newsletter.NewSender(d, mcfg, cfg.BaseURL, log).Handle)
	a.Router = web.NewRouter(render, log, LoginURL)
	if err := a.routes(); err != nil {
		return nil, err
	}
	cache, err := a.pageCache()
	if err != nil {
		return nil, err
	}
	a.Cache = cache
	stack := &web.Stack{
		Router:   a.Router,
		Log:      log,
		Sessions: a.sessions(),
		Observe:  metrics.ObserveHTTP,
		HTTPS:    strings.HasPrefix(cfg.BaseURL, "https://"),
		Cache:    cache,
	}
	a.Handler = stack.Handler()
	return a, nil
}

// StartWorkers starts the background job workers (none with --workers 0);
// the returned channel is closed when they have stopped after ctx is
// cancelled and the jobs in flight have finished.
func (a *App) StartWorkers(ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	if a.Config.Workers == 0 {
		close(done)
		return done
	}
	go func() {
		defer close(done)
		if err := a.Queue.Run(ctx); err != nil {
			a.Log.Error("job queue stopped", "err", err)
		}
	}()
	return done
}
