package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/db"
)

// demoCmd loads the demo data set into the configured database, and with
// --scale N a large generated data set on top of it.
func demoCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("demo", stdout)
	scale := fs.Int("scale", 0, "also generate a large data set: N x (10,000 people, 200 paths, 5,000 activities, 100,000 sign-ups, 500 news items); into a fresh database")
	seed := fs.Uint64("seed", 1, "seed of the generated data set (--scale): the same seed, scale and day give the same data")
	cfg, err := parseConfig(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if *scale < 0 {
		return fmt.Errorf("%w: --scale must be 0 or more", errUsage)
	}
	d, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := demo.Load(ctx, d, cfg.BaseURL, cfg.Logger(), stdout); err != nil {
		return err
	}
	if *scale == 0 {
		return nil
	}
	fmt.Fprintf(stdout, "Generating the data set of scale %d (seed %d)…\n", *scale, *seed)
	start := time.Now()
	n, err := demo.LoadScale(ctx, d, demo.ScaleOptions{Scale: *scale, Seed: *seed, Progress: os.Stderr})
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "Scale %d: %d people, %d paths (%d phases), %d activities, %d sign-ups, %d attendances, %d news items, %d applications in %s\n",
		*scale, n.Users, n.Paths, n.Phases, n.Activities, n.Registrations, n.Attendances, n.News, n.Applications, took.Round(100*time.Millisecond))
	if size, err := dbSize(ctx, d); err == nil {
		fmt.Fprintf(stdout, "Database size: %.1f MiB (%s)\n", float64(size)/(1<<20), d.Engine)
	}
	return nil
}

// dbSize is the size of the database: the SQLite file and its write-ahead
// log, or what pg_database_size reports.
func dbSize(ctx context.Context, d *db.DB) (int64, error) {
	if d.Engine == db.Postgres {
		var n int64
		err := d.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&n)
		return n, err
	}
	// Fold the write-ahead log back into the file first.
	if _, err := d.Exec(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return 0, err
	}
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(d.Location + suffix); err == nil { // #nosec G703 -- the database path is the operator's own --database flag
			total += fi.Size()
		}
	}
	return total, nil
}
