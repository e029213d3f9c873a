package crash_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// A backup taken while the server is under load restores to the same
// data: the canonical dump (`cantieri dump`) of the restored copy equals
// the live database's, on SQLite (`cantieri backup`, VACUUM INTO) and on
// PostgreSQL (pg_dump and pg_restore, as `cantieri backup` tells).
func TestABackupTakenUnderLoadRestoresTheSameData(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary; skipped with -short")
	}
	bin := buildBinary(t)
	t.Run("sqlite", func(t *testing.T) {
		dataDir := t.TempDir()
		copyFile := filepath.Join(t.TempDir(), "copia.db")
		backupUnderLoad(t, bin, "", dataDir, func() {
			cli(t, bin, "backup", "--data", dataDir, copyFile)
		}, func() string { return copyFile })
	})
	t.Run("postgres", func(t *testing.T) {
		live := dbtest.PostgresURL(t)
		restored := dbtest.PostgresURL(t)
		archive := filepath.Join(t.TempDir(), "cantieri.pgdump")
		pgBin := postgresBin(t)
		backupUnderLoad(t, bin, live, t.TempDir(), func() {
			run(t, exec.Command(filepath.Join(pgBin, "pg_dump"), "--format=custom", "--file="+archive, live))
		}, func() string {
			run(t, exec.Command(filepath.Join(pgBin, "pg_restore"), "--no-owner", "--exit-on-error", "--dbname="+restored, archive))
			return restored
		})
	})
}

// backupUnderLoad loads the demo data, waits for the server's own work to
// settle, then takes the backup while readers load the public pages, and
// compares the dumps of the live database and of the restored backup.
func backupUnderLoad(t *testing.T, bin, dsn, dataDir string, backup func(), restore func() string) {
	srv := startServer(t, bin, dsn, dataDir)
	dbFlags := []string{"--data", dataDir}
	if dsn != "" {
		dbFlags = append(dbFlags, "--database", dsn)
	}
	cli(t, bin, append([]string{"demo"}, dbFlags...)...)
	waitForIdleJobs(t, dsn, dataDir)

	// Readers on the public pages, as the benchmark does.
	stop := make(chan struct{})
	var served, failed atomic.Int64
	var wg sync.WaitGroup
	pages := []string{"/", "/calendario", "/notizie", "/territori/amiata-grossetana-colline-metallifere-grossetana", "/glossario", "/faq"}
	for w := range 8 {
		wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(srv.URL + pages[i%len(pages)])
				if err != nil {
					failed.Add(1)
					continue
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
				}
				served.Add(1)
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	before := cli(t, bin, append([]string{"dump"}, dbFlags...)...)
	backup()
	after := cli(t, bin, append([]string{"dump"}, dbFlags...)...)
	close(stop)
	wg.Wait()
	t.Logf("%d pages served during the backup, %d failed", served.Load(), failed.Load())
	if served.Load() == 0 || failed.Load() > 0 {
		t.Fatalf("the load did not run cleanly: %d served, %d failed", served.Load(), failed.Load())
	}
	if before != after {
		t.Fatalf("the live data changed while the backup was taken; the comparison would prove nothing:\n%s", firstDifference(before, after))
	}
	srv.Stop(t)

	target := restore()
	restored := cli(t, bin, "dump", "--data", t.TempDir(), "--database", target)
	if restored != before {
		t.Fatalf("the restored backup differs from the live data:\n%s", firstDifference(before, restored))
	}
	if !strings.Contains(before, "## activities (") || strings.Contains(before, "## news: 0 rows") {
		t.Fatalf("the dump does not hold the demo data:\n%.600s", before)
	}
	t.Logf("dump of %d bytes identical before and after the restore", len(before))

	// The restored copy serves.
	again := startServer(t, bin, target, t.TempDir())
	resp, err := http.Get(again.URL + "/")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the restored copy does not serve the home page: %v %v", resp, err)
	}
	resp.Body.Close()
	again.Stop(t)
}

// waitForIdleJobs waits until the jobs the demo queued have run.
func waitForIdleJobs(t *testing.T, dsn, dataDir string) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running') AND run_at <= ?`, db.Now()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs still waiting after 60 s", n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// cli runs a cantieri command and returns its standard output.
func cli(t *testing.T, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = cleanEnv()
	return run(t, cmd)
}

func run(t *testing.T, cmd *exec.Cmd) string {
	t.Helper()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, errb.String())
	}
	return out.String()
}

// firstDifference shows where two dumps part.
func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d:\n- %.300s\n+ %.300s", i+1, x, y)
		}
	}
	return "(no difference)"
}

// postgresBin finds the folder of pg_dump and pg_restore, as dbtest finds
// initdb: on PATH, or under Debian's /usr/lib/postgresql/*/bin.
func postgresBin(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("pg_dump"); err == nil {
		return filepath.Dir(p)
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump")
	if len(matches) == 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("pg_dump not found (PostgreSQL's client binaries)")
		}
		t.Skip("pg_dump not found")
	}
	return filepath.Dir(matches[len(matches)-1])
}
