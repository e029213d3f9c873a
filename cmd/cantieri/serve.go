package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/metrics"
	"github.com/cantieri/cantieri/migrations"
)

func newFlags(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("cantieri "+name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	return fs
}

// parseConfig declares the common flags, parses args and resolves the
// environment twins.
func parseConfig(fs *flag.FlagSet, args []string) (*config.Config, error) {
	cfg := config.Register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if err := cfg.Resolve(fs); err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	return cfg, nil
}

func openDB(ctx context.Context, cfg *config.Config) (*db.DB, error) {
	return db.Open(ctx, cfg.Database, cfg.DataDir)
}

// openMigrated opens the database and brings its schema up to date, for
// the commands that work on it outside the server.
func openMigrated(ctx context.Context, cfg *config.Config) (*db.DB, error) {
	d, err := openDB(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if _, err := d.Migrate(ctx, migrations.FS); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func serve(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("serve", stdout)
	cfg, err := parseConfig(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	log := cfg.Logger()
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := app.New(ctx, cfg, d, log)
	if err != nil {
		return err
	}
	metrics.NewGaugeVecFunc("cantieri_jobs", "Background jobs by state.", []string{"state"}, func(emit metrics.Emit) {
		counts, err := jobs.Counts(context.Background(), d)
		if err != nil {
			return
		}
		for state, n := range counts {
			emit(float64(n), state)
		}
	})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	workCtx, stopWork := context.WithCancel(context.Background())
	workDone := a.StartWorkers(workCtx)
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "Cantieri is serving %s (database: %s %s)\n", cfg.BaseURL, d.Engine, d.Location)
	log.Info("serving", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "engine", d.Engine)

	select {
	case err := <-serveErr:
		stopWork()
		<-workDone
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests and jobs in flight", "timeout", cfg.ShutdownTimeout)
	shutCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	stopWork()
	select {
	case <-workDone:
	case <-shutCtx.Done():
		log.Warn("jobs still running at the end of the shutdown timeout; they will be retried")
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}
