// Command cantieri runs the Cantieri platform: `cantieri serve` starts the
// web server; the other subcommands migrate, load demo data, manage users
// and back up the database. `cantieri help` lists them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Europe/Rome must be known even on a machine without zoneinfo
)

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdout io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "start the web server (SQLite in ./data unless --database is given)", serve},
		{"migrate", "apply pending database migrations; `migrate status` lists them", migrate},
		{"demo", "load the demo data set into the database (accounts get new one-time passwords)", demoCmd},
		{"user", "manage users: `user create-admin EMAIL`, `user reset-password EMAIL`", user},
		{"backup", "write a consistent copy of the SQLite database to FILE while the server runs", backup},
		{"dump", "write every table as canonical text (to FILE or stdout): equal data, equal bytes; checks a restored backup", dumpCmd},
		{"newsletter", "`newsletter send ID` sends a campaign in the foreground; `import FILE`, `bounces FILE`", newsletterCmd},
		{"help", "show this help, or `help COMMAND` for a command's flags", nil},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "cantieri:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage error")

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		usage(stdout)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	name, rest := args[0], args[1:]
	if name == "help" || name == "-h" || name == "--help" {
		if len(rest) > 0 {
			return run(ctx, []string{rest[0], "-h"}, stdout)
		}
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, rest, stdout)
		}
	}
	usage(stdout)
	return fmt.Errorf("%w: unknown command %q", errUsage, name)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Cantieri: the platform of the Cantieri della Salute programme.")
	fmt.Fprintln(w, "\nUsage: cantieri COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nEvery flag has a CANTIERI_* environment twin (for example --database and")
	fmt.Fprintln(w, "CANTIERI_DATABASE_URL); a flag on the command line wins. Run `cantieri help serve`.")
}
