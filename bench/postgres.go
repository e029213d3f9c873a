package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the driver the application uses
)

// startPostgres starts a throw-away PostgreSQL cluster in dir, listening
// only on a Unix socket there, with a database "cantieri", the way
// internal/platform/db/dbtest does for the tests (as the postgres user
// when run as root). Unlike the tests' cluster it keeps PostgreSQL's
// default durability settings. data is its data directory; stop shuts it
// down and removes dir.
func startPostgres(dir string) (url, data string, stop func(), err error) {
	bin, err := postgresBin()
	if err != nil {
		return "", "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", nil, err
	}
	asRoot := os.Geteuid() == 0
	run := func(name string, args ...string) error {
		path := filepath.Join(bin, name)
		cmd := exec.Command(path, args...)
		if asRoot {
			cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(string(out)))
		}
		return nil
	}
	if asRoot {
		// The postgres user must reach dir through its parents.
		if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
			return "", "", nil, err
		}
		if out, err := exec.Command("chown", "postgres:postgres", dir).CombinedOutput(); err != nil {
			return "", "", nil, fmt.Errorf("chown %s: %v: %s", dir, err, out)
		}
	}
	data = filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"); err != nil {
		return "", "", nil, err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c max_connections=200", dir)
	if err := run("pg_ctl", "-D", data, "-o", opts, "-w", "-t", "60", "-l", filepath.Join(dir, "log"), "start"); err != nil {
		return "", "", nil, err
	}
	stop = func() {
		_ = run("pg_ctl", "-D", data, "-m", "fast", "stop")
		os.RemoveAll(dir)
	}
	admin := "postgres://postgres@/postgres?host=" + dir + "&sslmode=disable"
	c, err := sql.Open("pgx", admin)
	if err == nil {
		deadline := time.Now().Add(30 * time.Second)
		for err = c.Ping(); err != nil && time.Now().Before(deadline); err = c.Ping() {
			time.Sleep(100 * time.Millisecond)
		}
		if err == nil {
			_, err = c.Exec("CREATE DATABASE cantieri")
		}
		c.Close()
	}
	if err != nil {
		stop()
		return "", "", nil, err
	}
	return "postgres://postgres@/cantieri?host=" + dir + "&sslmode=disable", data, stop, nil
}

func postgresBin() (string, error) {
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
