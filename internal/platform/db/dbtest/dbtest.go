// Package dbtest runs database tests on both engines: SQLite in a temporary
// file, and PostgreSQL in a throw-away cluster this package starts (or the
// server named by CANTIERI_TEST_POSTGRES). Under CI=true a missing
// PostgreSQL is a failure, never a skip.
//
// A package that uses it declares
//
//	func TestMain(m *testing.M) { dbtest.Main(m) }
//
// so the cluster it may start is stopped when the tests end.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/migrations"
)

var (
	pgOnce    sync.Once
	pgBaseURL string // URL with database name placeholder "%s"
	pgErr     error
	pgStop    func()
)

// Main runs the package's tests and stops the PostgreSQL cluster, if one was
// started.
func Main(m *testing.M) {
	code := m.Run()
	if templateName != "" {
		dropDatabase(templateName)
	}
	if pgStop != nil {
		pgStop()
	}
	os.Exit(code)
}

// Engines runs fn once per engine, as subtests named "sqlite" and
// "postgres", each on a fresh, fully migrated database.
func Engines(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// Postgres returns a fresh migrated PostgreSQL database. It is a copy of a
// template database migrated once per test process, which is much faster
// than migrating every test's database.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	requirePostgres(t)
	templateOnce.Do(func() {
		name := "tmpl_" + randomHex(8)
		url, err := createDatabase(name, "")
		if err != nil {
			templateErr = err
			return
		}
		d, err := db.Open(context.Background(), url, "")
		if err != nil {
			templateErr = err
			return
		}
		_, templateErr = d.Migrate(context.Background(), migrations.FS)
		d.Close()
		templateName = name
	})
	if templateErr != nil {
		t.Fatalf("dbtest: template database: %v", templateErr)
	}
	name := "t_" + randomHex(8)
	url, err := createDatabase(name, templateName)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropDatabase(name) })
	d, err := db.Open(context.Background(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

// PostgresURL creates an empty database and returns its URL. It skips the
// test when PostgreSQL is unavailable, except under CI=true where it fails.
func PostgresURL(t testing.TB) string {
	t.Helper()
	requirePostgres(t)
	name := "t_" + randomHex(8)
	url, err := createDatabase(name, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropDatabase(name) })
	return url
}

// requirePostgres starts the server once; without one it skips the test,
// or fails it under CI=true.
func requirePostgres(t testing.TB) {
	t.Helper()
	pgOnce.Do(startPostgres)
	if pgErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true: %v", pgErr)
		}
		t.Skipf("PostgreSQL unavailable (set CANTIERI_TEST_POSTGRES or install it): %v", pgErr)
	}
}

// createDatabase creates database name, as a copy of template when given.
func createDatabase(name, template string) (string, error) {
	admin, err := sql.Open("pgx", fmt.Sprintf(pgBaseURL, "postgres"))
	if err != nil {
		return "", err
	}
	defer admin.Close()
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + template
	}
	if _, err := admin.Exec(q); err != nil {
		return "", fmt.Errorf("create test database: %w", err)
	}
	return fmt.Sprintf(pgBaseURL, name), nil
}

func dropDatabase(name string) {
	a, err := sql.Open("pgx", fmt.Sprintf(pgBaseURL, "postgres"))
	if err == nil {
		_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		a.Close()
	}
}

func migrate(t testing.TB, d *db.DB) {
	t.Helper()
	if _, err := d.Migrate(context.Background(), migrations.FS); err != nil {
		t.Fatal(err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// startPostgres uses CANTIERI_TEST_POSTGRES (a URL whose database part is
// replaced) or starts a cluster with initdb and pg_ctl on a Unix socket.
func startPostgres() {
	if u := os.Getenv("CANTIERI_TEST_POSTGRES"); u != "" {
		pgBaseURL, pgErr = withDatabasePlaceholder(u)
		return
	}
	bin, err := findPostgresBin()
	if err != nil {
		pgErr = err
		return
	}
	dir, err := os.MkdirTemp("", "cantieri-pg-")
	if err != nil {
		pgErr = err
		return
	}
	asRoot := os.Geteuid() == 0
	run := func(name string, args ...string) error {
		cmdPath := filepath.Join(bin, name)
		var cmd *exec.Cmd
		if asRoot {
			cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", cmdPath}, args...)...)
		} else {
			cmd = exec.Command(cmdPath, args...)
		}
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if asRoot {
		if err := exec.Command("chown", "postgres:postgres", dir).Run(); err != nil {
			pgErr = fmt.Errorf("chown %s to postgres: %w", dir, err)
			return
		}
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"); err != nil {
		pgErr = err
		return
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", dir)
	if err := run("pg_ctl", "-D", data, "-o", opts, "-w", "-t", "60", "-l", filepath.Join(dir, "log"), "start"); err != nil {
		pgErr = err
		return
	}
	pgStop = func() {
		_ = run("pg_ctl", "-D", data, "-m", "immediate", "stop")
		os.RemoveAll(dir)
	}
	pgBaseURL = "postgres://postgres@/%s?host=" + dir + "&sslmode=disable"
	// Wait until connections are accepted.
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := sql.Open("pgx", fmt.Sprintf(pgBaseURL, "postgres"))
		if err == nil {
			err = c.Ping()
			c.Close()
		}
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			pgErr = err
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func withDatabasePlaceholder(u string) (string, error) {
	// postgres://user@host:port/dbname?params -> replace dbname with %s
	scheme, rest, ok := strings.Cut(u, "://")
	if !ok {
		return "", fmt.Errorf("CANTIERI_TEST_POSTGRES %q is not a URL", u)
	}
	rest = strings.ReplaceAll(rest, "%", "%%")
	authority, pathAndQuery, _ := strings.Cut(rest, "/")
	_, query, hasQuery := strings.Cut(pathAndQuery, "?")
	out := scheme + "://" + authority + "/%s"
	if hasQuery {
		out += "?" + query
	}
	return out, nil
}

func findPostgresBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p), nil
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(matches) == 0 {
		return "", fmt.Errorf("pg_ctl not found on PATH or under /usr/lib/postgresql/*/bin")
	}
	sort.Strings(matches)
	return filepath.Dir(matches[len(matches)-1]), nil
}
