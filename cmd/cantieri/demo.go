package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/migrations"
)

// demoCmd loads the demo data set into the configured database.
func demoCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("demo", stdout)
	cfg, err := parseConfig(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, migrations.FS); err != nil {
		return err
	}
	return demo.Load(ctx, d, cfg.BaseURL, cfg.Logger(), stdout)
}
