package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Job is what a handler receives.
type Job struct {
	ID      int64
	Kind    string
	Payload []byte // the JSON given to Enqueue
	// Attempt is 1 on the first run, 2 on the first retry, and so on.
	Attempt     int
	MaxAttempts int
}

// Handler runs one job. Returning nil marks the job done; an error makes it
// retry later, or die after its last attempt; Permanent(err) makes it die at
// once. ctx is cancelled when the queue gives up waiting for the job during
// shutdown or when the job's lease was lost to another worker.
type Handler func(ctx context.Context, j Job) error

// Options tunes a Queue. Zero values take the defaults in brackets.
type Options struct {
	// Workers is how many jobs this queue runs at once [2].
	Workers int
	// PollInterval is how often an idle worker looks for due jobs [1s];
	// Notify wakes one earlier.
	PollInterval time.Duration
	// Lease is how long a claimed job stays reserved; a running job renews
	// it every Lease/3, so only a crashed or stuck worker lets it expire,
	// after which another worker may claim the job again [5m].
	Lease time.Duration
	// WorkerID names this queue in the locked_by column [host-pid-random].
	WorkerID string
	// Backoff says how long to wait before the next try after a failed
	// attempt [DefaultBackoff].
	Backoff func(attempt int) time.Duration
	// StopTimeout is how long Run waits, once its context is cancelled, for
	// running handlers before cancelling their contexts; it then still
	// waits for them to return [30s].
	StopTimeout time.Duration
	// KeepDone is how long finished jobs are kept before Run prunes them;
	// negative keeps them forever [7 days].
	KeepDone time.Duration
}

func (o Options) withDefaults() Options {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.PollInterval <= 0 {
		o.PollInterval = time.Second
	}
	if o.Lease <= 0 {
		o.Lease = 5 * time.Minute
	}
	if o.WorkerID == "" {
		o.WorkerID = defaultWorkerID()
	}
	if o.Backoff == nil {
		o.Backoff = DefaultBackoff
	}
	if o.StopTimeout <= 0 {
		o.StopTimeout = 30 * time.Second
	}
	if o.KeepDone == 0 {
		o.KeepDone = 7 * 24 * time.Hour
	}
	return o
}

func defaultWorkerID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "host"
	}
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Queue runs the jobs stored in the database with the handlers registered
// on it. Several queues, in one process or many, may run on one database:
// each job is claimed by one of them at a time.
type Queue struct {
	d     *db.DB
	log   *slog.Logger
	o     Options
	claim string // the claim statement for d's engine

	mu       sync.RWMutex
	handlers map[string]Handler

	wake    chan struct{}
	running atomic.Bool
}

// NewQueue returns a queue on d. Register handlers, then call Run.
func NewQueue(d *db.DB, log *slog.Logger, o Options) *Queue {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	o = o.withDefaults()
	return &Queue{
		d:        d,
		log:      log.With("component", "jobs", "worker", o.WorkerID),
		o:        o,
		claim:    claimSQL(d),
		handlers: map[string]Handler{},
		wake:     make(chan struct{}, 1),
	}
}

// WorkerID returns the name this queue writes into locked_by.
func (q *Queue) WorkerID() string { return q.o.WorkerID }

// Register sets the handler for jobs of kind. Registering a kind twice is a
// programming error and panics.
func (q *Queue) Register(kind string, h Handler) {
	if kind == "" || h == nil {
		panic("jobs: Register needs a kind and a handler")
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.handlers[kind]; dup {
		panic(fmt.Sprintf("jobs: handler for %q registered twice", kind))
	}
	q.handlers[kind] = h
}

func (q *Queue) handler(kind string) Handler {
	q.mu.RLock()
	defer q.mu.RUnlock()
	return q.handlers[kind]
}

// Notify wakes an idle worker of this queue so that a job enqueued by this
// process runs without waiting for the next poll. Workers of other
// processes still find it at their next poll.
func (q *Queue) Notify() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// Enqueue is the package's Enqueue followed by Notify. Inside a
// transaction, the job becomes visible only at commit: call Notify after
// the commit for it to start at once.
func (q *Queue) Enqueue(ctx context.Context, ex db.Execer, kind string, payload any, opts ...Option) (int64, error) {
	id, err := Enqueue(ctx, ex, kind, payload, opts...)
	if err == nil {
		q.Notify()
	}
	return id, err
}

// Run claims and runs due jobs until ctx is cancelled. It then stops
// claiming, waits for running handlers (cancelling their contexts after
// Options.StopTimeout) and returns nil. A queue runs once at a time.
func (q *Queue) Run(ctx context.Context) error {
	if !q.running.CompareAndSwap(false, true) {
		return errors.New("jobs: queue is already running")
	}
	defer q.running.Store(false)

	// Handlers run under their own context, so that stopping the queue
	// lets them finish rather than aborting them half-way.
	hardCtx, hardStop := context.WithCancel(context.WithoutCancel(ctx))
	defer hardStop()

	var wg sync.WaitGroup
	for range q.o.Workers {
		wg.Go(func() { q.work(ctx, hardCtx) })
	}
	if q.o.KeepDone > 0 {
		wg.Go(func() { q.pruneLoop(ctx) })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	q.log.Info("jobs: queue started", "workers", q.o.Workers)
	<-ctx.Done()
	q.log.Info("jobs: queue stopping; waiting for running jobs")
	t := time.NewTimer(q.o.StopTimeout)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		q.log.Warn("jobs: running jobs did not finish in time; cancelling them", "timeout", q.o.StopTimeout)
		hardStop()
		<-done
	}
	q.log.Info("jobs: queue stopped")
	return nil
}

// work is one worker: claim a due job, run it, repeat; sleep when there is
// none.
func (q *Queue) work(ctx, hardCtx context.Context) {
	for ctx.Err() == nil {
		j, ok, err := q.claimOne(ctx)
		switch {
		case err != nil:
			q.log.Error("jobs: claim failed", "err", err)
			q.sleep(ctx, q.o.PollInterval, false)
		case !ok:
			q.sleep(ctx, q.o.PollInterval, true)
		default:
			// There may be more due jobs: pass the wake-up on to an idle
			// worker.
			q.Notify()
			q.process(hardCtx, j)
		}
	}
}

// sleep waits for d (with jitter so instances do not poll in lockstep), for
// ctx, or, if wakeable, for Notify.
func (q *Queue) sleep(ctx context.Context, d time.Duration, wakeable bool) {
	d = d*9/10 + time.Duration(mrand.Int64N(int64(d)/5+1)) // #nosec G404 -- jitter of a poll interval, not a secret
	t := time.NewTimer(d)
	defer t.Stop()
	var wake <-chan struct{}
	if wakeable {
		wake = q.wake
	}
	select {
	case <-ctx.Done():
	case <-t.C:
	case <-wake:
	}
}

// errLeaseLost cancels a handler whose job another worker has reclaimed.
var errLeaseLost = errors.New("jobs: lease lost to another worker")

// process runs one claimed job and records the outcome.
func (q *Queue) process(hardCtx context.Context, j Job) {
	start := time.Now()
	log := q.log.With("job", j.ID, "kind", j.Kind, "attempt", j.Attempt)
	if j.Attempt > j.MaxAttempts {
		// Its lease expired on the last attempt: the worker died running
		// it. Running it again could kill the next worker too.
		q.settle(log, j, Permanent(fmt.Errorf("jobs: lease expired during attempt %d of %d (worker crashed or stalled)", j.Attempt-1, j.MaxAttempts)), start)
		return
	}
	h := q.handler(j.Kind)
	if h == nil {
		q.settle(log, j, Permanent(fmt.Errorf("jobs: no handler registered for kind %q", j.Kind)), start)
		return
	}
	hctx, cancel := context.WithCancelCause(hardCtx)
	stopBeat := q.heartbeat(log, j, cancel)
	err := call(hctx, h, j, log)
	stopBeat()
	cancel(nil)
	q.settle(log, j, err, start)
}

// call runs h, turning a panic into an error.
func call(ctx context.Context, h Handler, j Job, log *slog.Logger) (err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("jobs: handler panicked", "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("jobs: handler panicked: %v", p)
		}
	}()
	return h(ctx, j)
}

// heartbeat renews the job's lease every Lease/3 until stop is called; if
// the job was reclaimed meanwhile, it cancels the handler's context.
func (q *Queue) heartbeat(log *slog.Logger, j Job, lost context.CancelCauseFunc) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(max(q.o.Lease/3, time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			ok, err := q.extend(j)
			switch {
			case err != nil:
				log.Warn("jobs: renewing lease failed", "err", err)
			case !ok:
				log.Error("jobs: lease lost; cancelling handler")
				lost(errLeaseLost)
				return
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

// settle records the outcome of a run.
func (q *Queue) settle(log *slog.Logger, j Job, err error, start time.Time) {
	elapsed := time.Since(start)
	jobDuration.With(j.Kind).ObserveDuration(elapsed)
	var (
		outcome string
		ok      bool
		dbErr   error
	)
	switch {
	case err == nil:
		outcome = StateDone
		ok, dbErr = q.markDone(j)
	case IsPermanent(err) || j.Attempt >= j.MaxAttempts:
		outcome = StateDead
		ok, dbErr = q.markDead(j, err)
	default:
		outcome = "retry"
		ok, dbErr = q.markRetry(j, err, q.o.Backoff(j.Attempt))
	}
	jobsProcessed.With(j.Kind, outcome).Inc()
	switch {
	case dbErr != nil:
		// The lease will expire and the job run again: handlers must
		// tolerate running twice.
		log.Error("jobs: recording outcome failed", "outcome", outcome, "err", dbErr, "job_err", err)
	case !ok:
		log.Warn("jobs: lease lost before the outcome was recorded", "outcome", outcome, "job_err", err)
	case err == nil:
		log.Debug("jobs: done", "elapsed", elapsed)
	case outcome == StateDead:
		log.Error("jobs: failed for good", "err", err, "elapsed", elapsed)
	default:
		log.Warn("jobs: failed; will retry", "err", err, "elapsed", elapsed)
	}
}
