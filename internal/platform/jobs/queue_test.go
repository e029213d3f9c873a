package jobs_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

func TestJobRunsOnceAndIsDone(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		type greeting struct{ Name string }
		got := make(chan jobs.Job, 10)
		q.Register("greet", func(ctx context.Context, j jobs.Job) error {
			got <- j
			return nil
		})
		start(t, q)
		id, err := q.Enqueue(context.Background(), d, "greet", greeting{Name: "Lucca"})
		if err != nil {
			t.Fatal(err)
		}
		r := waitState(t, d, id, jobs.StateDone)
		j := <-got
		var g greeting
		if err := json.Unmarshal(j.Payload, &g); err != nil || g.Name != "Lucca" {
			t.Fatalf("payload %s decoded to %+v, %v", j.Payload, g, err)
		}
		if j.ID != id || j.Kind != "greet" || j.Attempt != 1 || j.MaxAttempts != jobs.DefaultMaxAttempts {
			t.Fatalf("handler got %+v", j)
		}
		if r.Attempts != 1 || r.LastError != "" || r.FinishedAt.IsZero() || r.LockedBy != "" || !r.LockedUntil.IsZero() {
			t.Fatalf("done row %+v", r)
		}
		if len(got) != 0 {
			t.Fatalf("job ran %d more times", len(got))
		}
	})
}

// TestRunningAJobLeavesTheContentVersion checks that the queue's own
// bookkeeping (claim, done) does not make the page cache stale: a queue of
// thousands of e-mails draining would otherwise re-render every page.
func TestRunningAJobLeavesTheContentVersion(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		q.Register("noop", func(context.Context, jobs.Job) error { return nil })
		id, err := q.Enqueue(context.Background(), d, "noop", struct{}{})
		if err != nil {
			t.Fatal(err)
		}
		before := d.Version()
		start(t, q)
		waitState(t, d, id, jobs.StateDone)
		if d.Version() != before {
			t.Errorf("version went from %d to %d while the queue ran a job that wrote nothing", before, d.Version())
		}
	})
}

func TestFailedJobIsRetriedAfterBackoffThenSucceeds(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		const backoff = 150 * time.Millisecond
		o := fastOptions()
		var backoffAsked []int
		o.Backoff = func(attempt int) time.Duration {
			backoffAsked = append(backoffAsked, attempt) // one job: no concurrent calls
			return backoff
		}
		q := jobs.NewQueue(d, testLog(t), o)
		var (
			mu       sync.Mutex
			runs     []time.Time
			seenErrs []string
		)
		q.Register("flaky", func(ctx context.Context, j jobs.Job) error {
			r, err := jobs.Get(ctx, d, j.ID)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			runs = append(runs, time.Now())
			seenErrs = append(seenErrs, r.LastError)
			if j.Attempt < 3 {
				return errors.New("temporary failure " + string(rune('0'+j.Attempt)))
			}
			return nil
		})
		start(t, q)
		id, err := q.Enqueue(context.Background(), d, "flaky", nil)
		if err != nil {
			t.Fatal(err)
		}
		r := waitState(t, d, id, jobs.StateDone)
		mu.Lock()
		defer mu.Unlock()
		if len(runs) != 3 || r.Attempts != 3 {
			t.Fatalf("ran %d times, attempts %d; want 3", len(runs), r.Attempts)
		}
		for i := 1; i < len(runs); i++ {
			if gap := runs[i].Sub(runs[i-1]); gap < backoff {
				t.Errorf("retry %d ran %v after the failure, before its backoff of %v", i, gap, backoff)
			}
		}
		if seenErrs[0] != "" || seenErrs[1] != "temporary failure 1" || seenErrs[2] != "temporary failure 2" {
			t.Errorf("last_error seen by each run: %q", seenErrs)
		}
		if len(backoffAsked) != 2 || backoffAsked[0] != 1 || backoffAsked[1] != 2 {
			t.Errorf("backoff asked for attempts %v, want [1 2]", backoffAsked)
		}
		if r.LastError != "" {
			t.Errorf("done job keeps last_error %q", r.LastError)
		}
	})
}

func TestPermanentErrorKillsJobWithoutRetry(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		var runs atomic.Int32
		q.Register("bad", func(ctx context.Context, j jobs.Job) error {
			runs.Add(1)
			return jobs.Permanent(errors.New("payload names no recipient"))
		})
		start(t, q)
		id := enqueue(t, d, "bad", nil)
		r := waitState(t, d, id, jobs.StateDead)
		if runs.Load() != 1 || r.Attempts != 1 {
			t.Fatalf("ran %d times, attempts %d; want 1", runs.Load(), r.Attempts)
		}
		if r.LastError != "payload names no recipient" || r.FinishedAt.IsZero() {
			t.Fatalf("dead row %+v", r)
		}
	})
}

func TestJobDiesAfterMaxAttempts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		var runs atomic.Int32
		q.Register("doomed", func(ctx context.Context, j jobs.Job) error {
			runs.Add(1)
			return errBoom
		})
		start(t, q)
		id := enqueue(t, d, "doomed", nil, jobs.MaxAttempts(3))
		r := waitState(t, d, id, jobs.StateDead)
		if runs.Load() != 3 || r.Attempts != 3 || r.MaxAttempts != 3 || r.LastError != "boom" {
			t.Fatalf("ran %d times; row %+v", runs.Load(), r)
		}
	})
}

func TestPanickingHandlerCountsAsFailure(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		q.Register("panics", func(ctx context.Context, j jobs.Job) error {
			var m map[string]int
			//lint:ignore SA5000 the handler panics on purpose: the test needs a real runtime panic
			m["x"]++ // nil map write
			return nil
		})
		q.Register("fine", func(ctx context.Context, j jobs.Job) error { return nil })
		start(t, q)
		id := enqueue(t, d, "panics", nil, jobs.MaxAttempts(2))
		r := waitState(t, d, id, jobs.StateDead)
		if r.Attempts != 2 || !strings.Contains(r.LastError, "panicked") || !strings.Contains(r.LastError, "nil map") {
			t.Fatalf("row %+v", r)
		}
		// The workers survived the panics.
		waitState(t, d, enqueue(t, d, "fine", nil), jobs.StateDone)
	})
}

func TestJobOfUnknownKindIsDead(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		start(t, q)
		id := enqueue(t, d, "nobody.handles.this", nil)
		r := waitState(t, d, id, jobs.StateDead)
		if r.Attempts != 1 || r.LastError != `jobs: no handler registered for kind "nobody.handles.this"` {
			t.Fatalf("row %+v", r)
		}
	})
}

func TestUniqueKeyDeduplicatesWhileQueuedOrRunning(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		first := enqueue(t, d, "digest", nil, jobs.UniqueKey("digest:zone-7"))
		if again := enqueue(t, d, "digest", map[string]int{"other": 1}, jobs.UniqueKey("digest:zone-7")); again != first {
			t.Fatalf("second enqueue with the same key got id %d, want %d", again, first)
		}
		if other := enqueue(t, d, "digest", nil, jobs.UniqueKey("digest:zone-8")); other == first {
			t.Fatal("a different key got the same job")
		}
		if plain := enqueue(t, d, "digest", nil); plain == first {
			t.Fatal("a job without key got the keyed job's id")
		}

		// Inside a transaction a duplicate is a no-op too, and does not
		// abort the transaction (it would on PostgreSQL if it raised a
		// unique violation).
		err := d.Tx(ctx, func(tx *db.Tx) error {
			id, err := jobs.Enqueue(ctx, tx, "digest", nil, jobs.UniqueKey("digest:zone-9"))
			if err != nil {
				return err
			}
			dup, err := jobs.Enqueue(ctx, tx, "digest", nil, jobs.UniqueKey("digest:zone-9"))
			if err != nil {
				return err
			}
			if dup != id {
				t.Errorf("duplicate inside a transaction got %d, want %d", dup, id)
			}
			_, err = jobs.Enqueue(ctx, tx, "digest", nil, jobs.UniqueKey("digest:zone-7"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		counts, err := jobs.Counts(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if counts[jobs.StateQueued] != 4 {
			t.Fatalf("%d queued jobs, want 4", counts[jobs.StateQueued])
		}

		// Once the job has run, the key is free again.
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		q.Register("digest", func(ctx context.Context, j jobs.Job) error { return nil })
		stop := start(t, q)
		waitState(t, d, first, jobs.StateDone)
		stop()
		if next := enqueue(t, d, "digest", nil, jobs.UniqueKey("digest:zone-7")); next == first {
			t.Fatal("the key of a done job still deduplicates")
		}
	})
}

func TestEnqueueInRolledBackTransactionLeavesNoJob(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := jobs.Enqueue(ctx, tx, "mail", nil); err != nil {
				return err
			}
			return errBoom
		})
		if !errors.Is(err, errBoom) {
			t.Fatal(err)
		}
		rows, err := jobs.List(ctx, d, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 0 {
			t.Fatalf("rolled back enqueue left %+v", rows)
		}
	})
}

func TestDelayedJobWaitsForRunAt(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		var ranAt atomic.Int64
		q.Register("later", func(ctx context.Context, j jobs.Job) error {
			ranAt.Store(time.Now().UnixNano())
			return nil
		})
		start(t, q)
		runAt := time.Now().Add(300 * time.Millisecond)
		id := enqueue(t, d, "later", nil, jobs.RunAt(runAt))
		waitState(t, d, id, jobs.StateDone)
		if got := time.Unix(0, ranAt.Load()); got.Before(runAt) {
			t.Fatalf("ran at %v, before its run_at %v", got, runAt)
		}
	})
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := jobs.Enqueue(ctx, d, "", nil); err == nil {
			t.Error("empty kind accepted")
		}
		if _, err := jobs.Enqueue(ctx, d, "k", nil, jobs.MaxAttempts(0)); err == nil {
			t.Error("zero max attempts accepted")
		}
		if _, err := jobs.Enqueue(ctx, d, "k", func() {}); err == nil {
			t.Error("unencodable payload accepted")
		}
	})
}
