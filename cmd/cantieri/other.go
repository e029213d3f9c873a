package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/migrations"
)

func migrate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("migrate", stdout)
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
	if fs.Arg(0) == "status" {
		st, err := d.MigrationStatus(ctx, migrations.FS)
		if err != nil {
			return err
		}
		for _, s := range st {
			at := s.AppliedAt
			if at == "" {
				at = "pending"
			}
			fmt.Fprintf(stdout, "%04d  %-32s %s\n", s.Version, s.Name, at)
		}
		return nil
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: migrate takes no argument but `status`", errUsage)
	}
	n, err := d.Migrate(ctx, migrations.FS)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s) on %s\n", n, d.Engine)
	return nil
}

func backup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("backup", stdout)
	cfg, err := parseConfig(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: backup needs one argument, the file to write", errUsage)
	}
	target := fs.Arg(0)
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if d.Engine == db.Postgres {
		fmt.Fprintln(stdout, "On PostgreSQL use its own tools, which take a consistent snapshot while Cantieri runs:")
		fmt.Fprintln(stdout, "  pg_dump --format=custom --file="+target+" \"$CANTIERI_DATABASE_URL\"")
		fmt.Fprintln(stdout, "and restore with: pg_restore --clean --if-exists --dbname=\"$CANTIERI_DATABASE_URL\" "+target)
		return nil
	}
	if _, err := os.Stat(target); err == nil {
		return fmt.Errorf("backup: %s already exists; choose a new file name", target)
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if err := d.Backup(ctx, abs); err != nil {
		return err
	}
	info, err := os.Stat(abs)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes), a consistent copy of %s\n", abs, info.Size(), d.Location)
	return nil
}

// dumpCmd writes the database as canonical text: compare the dumps (or
// their SHA-256) of a database and of its restored backup to prove the
// backup complete.
func dumpCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("dump", stdout)
	cfg, err := parseConfig(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return fmt.Errorf("%w: dump takes at most one argument, the file to write", errUsage)
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if fs.NArg() == 0 {
		return d.Dump(ctx, stdout)
	}
	f, err := os.OpenFile(fs.Arg(0), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("dump: %w", err)
	}
	if err := d.Dump(ctx, f); err != nil {
		f.Close()
		_ = os.Remove(fs.Arg(0))
		return err
	}
	return f.Close()
}
