package jobs_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// testLog writes warnings and errors into the test's output.
func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// fastOptions keeps tests quick: short polls and retries.
func fastOptions() jobs.Options {
	return jobs.Options{
		Workers:      2,
		PollInterval: 20 * time.Millisecond,
		Backoff:      func(int) time.Duration { return 10 * time.Millisecond },
	}
}

// start runs q in the background and returns a function that stops it and
// waits for Run to return. The test's cleanup stops it too.
func start(t *testing.T, q *jobs.Queue) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()
	stopped := false
	stop = func() {
		t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return after its context was cancelled")
		}
	}
	t.Cleanup(stop)
	return stop
}

// waitState polls until job id is in state, and returns its row.
func waitState(t *testing.T, d *db.DB, id int64, state string) jobs.Row {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := jobs.Get(context.Background(), d, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.State == state {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d is %s (attempts %d, last error %q), want %s", id, r.State, r.Attempts, r.LastError, state)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitFor polls cond until it holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func enqueue(t *testing.T, ex db.Execer, kind string, payload any, opts ...jobs.Option) int64 {
	t.Helper()
	id, err := jobs.Enqueue(context.Background(), ex, kind, payload, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// reopen opens a second, independent handle on the same database, as
// another process would.
func reopen(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	d2, err := db.Open(context.Background(), d.Location, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d2.Close() })
	return d2
}

var errBoom = errors.New("boom")
