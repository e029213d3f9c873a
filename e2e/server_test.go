//go:build e2e

package e2e

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/proctest"
)

// buildBinary builds ./cmd/cantieri into a temporary folder, as `make
// build` does, and returns its path. The assets must be built first (make
// assets): the binary embeds whatever web/static/vendor holds.
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "web", "static", "vendor", "manifest.json")); err != nil {
		t.Fatalf("the assets are not built (run `make assets` first, or `make e2e`): %v", err)
	}
	return proctest.Build(t)
}

// repoRoot is the folder holding go.mod, above the test's directory.
func repoRoot() (string, error) { return proctest.RepoRoot() }

// server is the cantieri binary running as a child process.
type server struct{ *proctest.Server }

// startServer runs `cantieri serve` on a free port with a fresh data folder
// and database (SQLite unless database is a PostgreSQL URL), sending
// e-mails to the SMTP server at smtpAddr, and waits until /readyz answers.
// The test's cleanup stops it if the test did not.
func startServer(t *testing.T, bin, database, smtpAddr string) *server {
	t.Helper()
	return &server{proctest.Start(t, bin, proctest.Options{
		Database: database,
		SMTPAddr: smtpAddr,
		Args:     []string{"--shutdown-timeout", "15s"},
	})}
}

// stop sends SIGTERM and fails the test unless the server exits with
// status 0 within the shutdown timeout: a graceful shutdown.
func (s *server) stop(t *testing.T) { s.Stop(t) }

// cli runs another command of the binary on the server's database (such as
// `user create-admin`) and returns its standard output.
func (s *server) cli(t *testing.T, args ...string) string { return s.Run(t, args...) }

var errNoLink = errors.New("no link found")

// findLink returns the first URL in text that starts with prefix.
func findLink(text, prefix string) (string, error) {
	i := strings.Index(text, prefix)
	if i < 0 {
		return "", fmt.Errorf("%w starting with %s in:\n%s", errNoLink, prefix, text)
	}
	end := strings.IndexAny(text[i:], " \t\r\n<>\"'")
	if end < 0 {
		return text[i:], nil
	}
	return text[i : i+end], nil
}
