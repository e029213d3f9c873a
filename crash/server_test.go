package crash_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/proctest"
)

// buildBinary builds ./cmd/cantieri as `make build` does (the assets must
// be built: `make test` builds them).
func buildBinary(t *testing.T) string { return proctest.Build(t) }

// startServer starts `cantieri serve` on a free port, on the database dsn
// (SQLite in dataDir when empty), and waits until it is ready. A restart
// is given the dataDir of the server before.
func startServer(t *testing.T, bin, dsn, dataDir string) *proctest.Server {
	t.Helper()
	return proctest.Start(t, bin, proctest.Options{Database: dsn, DataDir: dataDir})
}

// cleanEnv is the environment without CANTIERI_* settings of the person
// running the tests.
func cleanEnv() []string { return proctest.CleanEnv() }

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}
