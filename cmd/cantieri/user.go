package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/platform/config"
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
	action, email, cfg, help, err := parseAction(fs, args, "user", "an e-mail address", "create-admin", "reset-password")
	if help || err != nil {
		return err
	}
	d, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
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

// parseAction reads a command whose first argument is an action (`user
// create-admin EMAIL`) followed by exactly one argument, with flags before,
// between or after them. help is true when the person asked for the usage
// (printed): the command then does nothing. A missing or unknown action, or
// a wrong number of arguments, is a usage error that names what is wanted.
func parseAction(fs *flag.FlagSet, args []string, command, argument string, actions ...string) (action, arg string, cfg *config.Config, help bool, err error) {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fs.Usage()
		return "", "", nil, true, nil
	}
	if len(args) == 0 || !slices.Contains(actions, args[0]) {
		fs.Usage()
		return "", "", nil, false, fmt.Errorf("%w: %s needs %s and %s", errUsage, command, strings.Join(actions, " or "), argument)
	}
	action = args[0]
	cfg, rest, err := parseInterleaved(fs, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return "", "", nil, true, nil
	}
	if err != nil {
		return "", "", nil, false, err
	}
	if len(rest) != 1 {
		return "", "", nil, false, fmt.Errorf("%w: %s %s takes exactly one argument (%s), got %q", errUsage, command, action, argument, rest)
	}
	return action, rest[0], cfg, false, nil
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
