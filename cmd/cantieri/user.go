package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/migrations"
)

// user runs `cantieri user create-admin EMAIL` and `cantieri user
// reset-password EMAIL`. Neither ever sets a password: each prints a
// one-time link, valid seven days, where the person chooses their own, and
// also queues it by e-mail (sent by the running server's job queue, or
// kept in the outbox when no SMTP server is configured).
func user(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("user", stdout)
	fs.Usage = func() {
		fmt.Fprintln(stdout, "Usage: cantieri user create-admin EMAIL | reset-password EMAIL [flags]")
		fmt.Fprintln(stdout, "\n  create-admin    create a verified account for EMAIL (or take the existing one), make it")
		fmt.Fprintln(stdout, "                  a regional admin, and print a link to choose the password")
		fmt.Fprintln(stdout, "  reset-password  print a link for EMAIL to choose a new password")
		fmt.Fprintln(stdout, "\nLinks start with --base-url and are valid 7 days. Flags:")
		fs.PrintDefaults()
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fs.Usage()
		return nil
	}
	if len(args) == 0 || (args[0] != "create-admin" && args[0] != "reset-password") {
		fs.Usage()
		return fmt.Errorf("%w: user needs create-admin or reset-password and an e-mail address", errUsage)
	}
	action := args[0]
	cfg, rest, err := parseInterleaved(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: user %s needs exactly one e-mail address, got %q", errUsage, action, rest)
	}
	email := rest[0]
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, migrations.FS); err != nil {
		return err
	}
	svc := accounts.NewService(d, cfg.BaseURL, cfg.Logger())
	switch action {
	case "create-admin":
		link, created, err := svc.CreateAdmin(ctx, email)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(stdout, "Created the account %s, with no password yet, and made it a regional admin.\n", email)
		} else {
			fmt.Fprintf(stdout, "The account %s already exists; it is now a regional admin (its password is unchanged).\n", email)
		}
		fmt.Fprintf(stdout, "To choose the password, open this link within 7 days (it works once):\n\n  %s\n\n", link)
	default:
		link, err := svc.PasswordSetLink(ctx, email)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "To choose a new password for %s, open this link within 7 days (it works once):\n\n  %s\n\n", email, link)
	}
	fmt.Fprintln(stdout, "The link was also queued by e-mail to that address.")
	return nil
}

// parseInterleaved is parseConfig for commands whose arguments may come
// before, between or after the flags (`user create-admin EMAIL --data DIR`).
// It returns the arguments that are not flags.
func parseInterleaved(fs *flag.FlagSet, args []string) (*config.Config, []string, error) {
	cfg := config.Register(fs)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, nil, err
			}
			return nil, nil, fmt.Errorf("%w: %v", errUsage, err)
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if err := cfg.Resolve(fs); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	return cfg, positional, nil
}
