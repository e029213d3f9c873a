package jobs_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

// insertRunning stores a job as a worker that then crashed would have left
// it: running, locked by that worker until lockedUntil.
func insertRunning(t *testing.T, d *db.DB, kind string, attempts, maxAttempts int, runAt, lockedUntil time.Time) int64 {
	t.Helper()
	id, err := d.InsertID(context.Background(), `INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at, locked_by, locked_until, created_at)
VALUES (?, '{}', 'running', ?, ?, ?, 'crashed-worker', ?, ?)`, kind, attempts, maxAttempts, db.Time(runAt), db.Time(lockedUntil), db.Now())
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestJobOfCrashedWorkerIsReclaimedWhenLeaseExpires(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		now := time.Now()
		// Earliest run_at: a claim that ignored leases would take it first.
		alive := insertRunning(t, d, "work", 1, 5, now.Add(-time.Hour), now.Add(time.Hour))
		crashed := insertRunning(t, d, "work", 1, 5, now.Add(-time.Minute), now.Add(-time.Second))
		crashedOnLast := insertRunning(t, d, "work", 3, 3, now.Add(-time.Minute), now.Add(-time.Second))

		q := jobs.NewQueue(d, testLog(t), fastOptions())
		var runs sync.Map
		q.Register("work", func(ctx context.Context, j jobs.Job) error {
			runs.Store(j.ID, j.Attempt)
			return nil
		})
		start(t, q)
		r := waitState(t, d, crashed, jobs.StateDone)
		if r.Attempts != 2 {
			t.Errorf("reclaimed job has %d attempts, want 2", r.Attempts)
		}
		if a, _ := runs.Load(crashed); a != 2 {
			t.Errorf("handler saw attempt %v, want 2", a)
		}

		// A job whose worker died on its last attempt is not run again.
		r = waitState(t, d, crashedOnLast, jobs.StateDead)
		if !strings.Contains(r.LastError, "lease expired") {
			t.Errorf("last_error %q", r.LastError)
		}
		if _, ran := runs.Load(crashedOnLast); ran {
			t.Error("job that crashed its worker on the last attempt ran again")
		}

		// After a later job completed, the job with a live lease is still
		// untouched.
		waitState(t, d, enqueue(t, d, "work", nil), jobs.StateDone)
		r, err := jobs.Get(context.Background(), d, alive)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != jobs.StateRunning || r.LockedBy != "crashed-worker" || r.Attempts != 1 {
			t.Errorf("job with a live lease was taken: %+v", r)
		}
	})
}

func TestLongJobKeepsItsLeaseWhileRunning(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		o := fastOptions()
		o.Lease = 300 * time.Millisecond
		var runs atomic.Int32
		handler := func(ctx context.Context, j jobs.Job) error {
			runs.Add(1)
			select {
			case <-time.After(4 * o.Lease): // outlives several leases
				return nil
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		for range 2 {
			q := jobs.NewQueue(reopen(t, d), testLog(t), o)
			q.Register("long", handler)
			start(t, q)
		}
		id := enqueue(t, d, "long", nil)
		r := waitState(t, d, id, jobs.StateDone)
		if runs.Load() != 1 || r.Attempts != 1 {
			t.Fatalf("a job renewing its lease ran %d times (attempts %d)", runs.Load(), r.Attempts)
		}
	})
}

func TestHandlerIsCancelledWhenItsLeaseIsTaken(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		o := fastOptions()
		o.Lease = 150 * time.Millisecond
		q := jobs.NewQueue(d, testLog(t), o)
		started := make(chan struct{})
		cause := make(chan error, 1)
		q.Register("stolen", func(ctx context.Context, j jobs.Job) error {
			close(started)
			<-ctx.Done()
			cause <- context.Cause(ctx)
			return ctx.Err()
		})
		start(t, q)
		id := enqueue(t, d, "stolen", nil)
		<-started
		// Another worker reclaimed the job (as after a long pause).
		if _, err := d.Exec(context.Background(), `UPDATE jobs SET locked_by = 'thief', locked_until = ? WHERE id = ?`, db.Now().Add(time.Hour), id); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-cause:
			if err == nil || !strings.Contains(err.Error(), "lease lost") {
				t.Fatalf("handler context cancelled with %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("handler was not cancelled after losing its lease")
		}
		// The old worker must not record its outcome over the thief's.
		waitFor(t, "the old worker to give up", func() bool {
			r, err := jobs.Get(context.Background(), d, id)
			return err == nil && r.State == jobs.StateRunning && r.LockedBy == "thief" && r.LastError == ""
		})
	})
}

func TestQueuedJobsSurviveARestart(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// A process enqueues jobs and stops before running them.
		first := jobs.NewQueue(d, testLog(t), fastOptions())
		var ids []int64
		for i := range 5 {
			id, err := first.Enqueue(ctx, d, "survive", map[string]int{"n": i})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}

		// A new process, with a new connection, runs them.
		d2 := reopen(t, d)
		second := jobs.NewQueue(d2, testLog(t), fastOptions())
		var runs atomic.Int32
		second.Register("survive", func(ctx context.Context, j jobs.Job) error { runs.Add(1); return nil })
		start(t, second)
		for _, id := range ids {
			waitState(t, d2, id, jobs.StateDone)
		}
		if runs.Load() != 5 {
			t.Fatalf("%d runs, want 5", runs.Load())
		}
	})
}

func TestShutdownWaitsForRunningJobAndClaimsNoMore(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		o := fastOptions()
		o.Workers = 1
		q := jobs.NewQueue(d, testLog(t), o)
		started := make(chan struct{}, 1)
		release := make(chan struct{})
		var finished atomic.Bool
		q.Register("slow", func(ctx context.Context, j jobs.Job) error {
			started <- struct{}{}
			<-release
			finished.Store(true)
			return nil
		})
		stop := start(t, q)
		running := enqueue(t, d, "slow", nil)
		<-started
		waiting := enqueue(t, d, "slow", nil)

		go func() {
			time.Sleep(200 * time.Millisecond)
			close(release)
		}()
		stop() // returns only when Run has returned
		if !finished.Load() {
			t.Fatal("Run returned while a handler was still running")
		}
		if r := waitState(t, d, running, jobs.StateDone); r.Attempts != 1 {
			t.Fatalf("in-flight job: %+v", r)
		}
		r, err := jobs.Get(context.Background(), d, waiting)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != jobs.StateQueued || r.Attempts != 0 {
			t.Fatalf("a job was claimed during shutdown: %+v", r)
		}
	})
}

func TestShutdownCancelsHandlersAfterStopTimeout(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		o := fastOptions()
		o.StopTimeout = 100 * time.Millisecond
		o.Backoff = func(int) time.Duration { return time.Hour }
		q := jobs.NewQueue(d, testLog(t), o)
		started := make(chan struct{})
		q.Register("stubborn", func(ctx context.Context, j jobs.Job) error {
			close(started)
			<-ctx.Done()
			return ctx.Err()
		})
		stop := start(t, q)
		id := enqueue(t, d, "stubborn", nil)
		<-started
		stop()
		r, err := jobs.Get(context.Background(), d, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != jobs.StateQueued || !strings.Contains(r.LastError, "context canceled") {
			t.Fatalf("cancelled job should wait for a retry: %+v", r)
		}
	})
}

func TestEachJobRunsExactlyOnceAcrossQueues(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		const n = 200
		var (
			mu    sync.Mutex
			runs  = map[int64]int{}
			byQ   = map[string]int{}
			total atomic.Int32
		)
		handler := func(ctx context.Context, j jobs.Job) error {
			time.Sleep(time.Duration(rand.IntN(1000)) * time.Microsecond)
			mu.Lock()
			runs[j.ID]++
			mu.Unlock()
			total.Add(1)
			return nil
		}
		// The backlog exists before the instances start, so they all
		// compete for the same rows from the first claim.
		ids := make([]int64, n)
		for i := range n {
			ids[i] = enqueue(t, d, "count", map[string]int{"i": i})
		}
		// Three queues, each on its own connections, as three instances.
		for i := range 3 {
			o := fastOptions()
			o.Workers = 4
			o.WorkerID = fmt.Sprintf("instance-%d", i)
			q := jobs.NewQueue(reopen(t, d), testLog(t), o)
			q.Register("count", func(ctx context.Context, j jobs.Job) error {
				mu.Lock()
				byQ[o.WorkerID]++
				mu.Unlock()
				return handler(ctx, j)
			})
			start(t, q)
		}
		waitFor(t, "every job to be done", func() bool {
			c, err := jobs.Counts(context.Background(), d)
			return err == nil && c[jobs.StateDone] == n
		})
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			if runs[id] != 1 {
				t.Errorf("job %d ran %d times", id, runs[id])
			}
		}
		if int(total.Load()) != n {
			t.Errorf("%d runs for %d jobs", total.Load(), n)
		}
		t.Logf("jobs per instance: %v", byQ)
	})
}

func TestAdminViews(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		q := jobs.NewQueue(d, testLog(t), fastOptions())
		q.Register("ok", func(ctx context.Context, j jobs.Job) error { return nil })
		q.Register("fail", func(ctx context.Context, j jobs.Job) error { return jobs.Permanent(errBoom) })
		stop := start(t, q)
		okID := enqueue(t, d, "ok", nil)
		deadID := enqueue(t, d, "fail", nil, jobs.MaxAttempts(4))
		waitState(t, d, okID, jobs.StateDone)
		waitState(t, d, deadID, jobs.StateDead)
		stop()
		laterID := enqueue(t, d, "ok", nil, jobs.RunAt(time.Now().Add(time.Hour)))

		counts, err := jobs.Counts(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{"queued": 1, "running": 0, "done": 1, "dead": 1}
		for s, n := range want {
			if counts[s] != n {
				t.Errorf("counts[%s] = %d, want %d (%v)", s, counts[s], n, counts)
			}
		}

		all, err := jobs.List(ctx, d, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].ID != laterID || all[2].ID != okID {
			t.Fatalf("List newest first: %+v", all)
		}
		page, err := jobs.List(ctx, d, "", 1, 1)
		if err != nil || len(page) != 1 || page[0].ID != deadID {
			t.Fatalf("second page of one: %+v, %v", page, err)
		}
		dead, err := jobs.List(ctx, d, jobs.StateDead, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(dead) != 1 {
			t.Fatalf("dead jobs: %+v", dead)
		}
		r := dead[0]
		if r.ID != deadID || r.Kind != "fail" || r.Attempts != 1 || r.MaxAttempts != 4 || r.LastError != "boom" ||
			r.FinishedAt.IsZero() || r.CreatedAt.IsZero() || r.RunAt.IsZero() {
			t.Fatalf("dead row %+v", r)
		}
		if _, err := jobs.List(ctx, d, "bogus", 10, 0); err == nil {
			t.Error("List accepted an unknown state")
		}

		// Retry re-queues a dead job with fresh attempts, and nothing else.
		if err := jobs.Retry(ctx, d, deadID); err != nil {
			t.Fatal(err)
		}
		r, err = jobs.Get(ctx, d, deadID)
		if err != nil {
			t.Fatal(err)
		}
		if r.State != jobs.StateQueued || r.Attempts != 0 || !r.FinishedAt.IsZero() {
			t.Fatalf("retried row %+v", r)
		}
		if err := jobs.Retry(ctx, d, okID); !errors.Is(err, jobs.ErrNotDead) {
			t.Errorf("Retry of a done job: %v", err)
		}
		if err := jobs.Retry(ctx, d, 999999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Retry of a missing job: %v", err)
		}
		if _, err := jobs.Get(ctx, d, 999999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Get of a missing job: %v", err)
		}
	})
}

func TestPruneDeletesOnlyOldDoneJobs(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		insert := func(state string, finished time.Time) int64 {
			id, err := d.InsertID(ctx, `INSERT INTO jobs (kind, state, attempts, run_at, created_at, finished_at) VALUES ('k', ?, 1, ?, ?, ?)`,
				state, db.Now(), db.Now(), db.Time(finished))
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		now := time.Now()
		oldDone := insert(jobs.StateDone, now.Add(-10*24*time.Hour))
		recentDone := insert(jobs.StateDone, now.Add(-time.Hour))
		oldDead := insert(jobs.StateDead, now.Add(-10*24*time.Hour))
		n, err := jobs.Prune(ctx, d, 7*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("pruned %d, want 1", n)
		}
		if _, err := jobs.Get(ctx, d, oldDone); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("old done job still there: %v", err)
		}
		for _, id := range []int64{recentDone, oldDead} {
			if _, err := jobs.Get(ctx, d, id); err != nil {
				t.Errorf("job %d: %v", id, err)
			}
		}
	})
}

func TestDefaultBackoffGrowsWithJitterUpToAnHour(t *testing.T) {
	for attempt := 1; attempt <= 40; attempt++ {
		nominal := min(time.Second<<min(attempt, 31), time.Hour)
		for range 50 {
			got := jobs.DefaultBackoff(attempt)
			if got < nominal*3/4 || got > nominal*5/4 || got > time.Hour {
				t.Fatalf("DefaultBackoff(%d) = %v, want within 25%% of %v and at most 1h", attempt, got, nominal)
			}
		}
	}
	if jobs.DefaultBackoff(1) >= jobs.DefaultBackoff(10) {
		t.Error("backoff does not grow")
	}
}

func TestPermanentWrapsAndIsDetectedThroughWrapping(t *testing.T) {
	if jobs.Permanent(nil) != nil {
		t.Error("Permanent(nil) != nil")
	}
	err := fmt.Errorf("send: %w", jobs.Permanent(errBoom))
	if !jobs.IsPermanent(err) || !errors.Is(err, errBoom) {
		t.Errorf("wrapped permanent error lost: %v", err)
	}
	if jobs.IsPermanent(errBoom) {
		t.Error("plain error reported permanent")
	}
}
