package newsletter

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

// Sender sends campaigns: as the job queue's handler of KindSend, or in
// the foreground (`cantieri newsletter send`). See docs/newsletter.md for
// the design and the crash-safety argument.
type Sender struct {
	DB      *db.DB
	Log     *slog.Logger
	Mail    mail.Config
	BaseURL string
	Keys    *Keyring
	// Outbox keeps the messages when Mail names no SMTP server.
	Outbox *mail.Sender
	// Lease is how long a campaign stays reserved to this sender without
	// news from it; after a crash another sender waits this long [30s].
	Lease time.Duration
	// Batch is how many recipients are claimed at once [500].
	Batch int
	// Connections and Rate, when positive, replace the campaign's
	// settings (command-line overrides). Rate < 0 removes the limit.
	Connections int
	Rate        int
	// ID names this sender in the campaign's lease [host-pid-random].
	ID string
	// Later is how long a message refused for now (4xx) waits before
	// it is tried again [30s].
	Later time.Duration

	plainSMTP bool // never pipeline (tests of the plain path)
}

// NewSender returns a sender with the defaults.
func NewSender(d *db.DB, cfg mail.Config, baseURL string, log *slog.Logger) *Sender {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{DB: d, Log: log.With("component", "newsletter"), Mail: cfg, BaseURL: baseURL, Keys: NewKeyring(d),
		Outbox: mail.NewSender(d, cfg, log)}
}

func (s *Sender) id() string {
	if s.ID == "" {
		host, _ := os.Hostname()
		b := make([]byte, 3)
		_, _ = rand.Read(b)
		s.ID = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
	}
	return s.ID
}

func (s *Sender) lease() time.Duration {
	if s.Lease <= 0 {
		return 30 * time.Second
	}
	return s.Lease
}

// domain is the right part of the Message-IDs: the domain of From.
func (s *Sender) domain() string {
	if a, err := netmail.ParseAddress(s.Mail.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			return d
		}
	}
	return "localhost"
}

// Handle is the jobs.Handler for KindSend: it starts a scheduled campaign
// that is due (writing its send log) and sends a campaign that is sending.
// Anything else (a draft again, a paused or finished campaign, a job of an
// older schedule) is nothing to do.
func (s *Sender) Handle(ctx context.Context, j jobs.Job) error {
	var p sendJob
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("newsletter: decode job %d: %w", j.ID, err))
	}
	c, err := GetCampaign(ctx, s.DB, p.Campaign)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	switch c.State {
	case CampaignScheduled:
		if !p.Due.IsZero() && !c.ScheduledAt.Equal(p.Due) {
			return nil
		}
		if _, err := s.Start(ctx, c.ID, false); err != nil {
			return err
		}
	case CampaignSending:
	default:
		return nil
	}
	_, err = s.Send(ctx, c.ID)
	return err
}

// Start begins a campaign: its recipients are written into the send log,
// each with its Message-ID, and it becomes sending. A scheduled campaign
// starts when due; now starts a draft or scheduled one at once (the
// command line). It returns how many recipients the campaign has.
func (s *Sender) Start(ctx context.Context, id int64, now bool) (int, error) {
	var n int
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := campaignTx(ctx, tx, id)
		if err != nil {
			return err
		}
		due := c.State == CampaignScheduled && !db.Now().Before(c.ScheduledAt)
		if !due && !(now && (c.State == CampaignDraft || c.State == CampaignScheduled)) {
			return ErrWrongState
		}
		if bad := UnknownPlaceholders(c.Subject, c.Body); len(bad) > 0 {
			return jobs.Permanent(fmt.Errorf("newsletter: campaign %d has unknown placeholders %v", id, bad))
		}
		if n, err = materialise(ctx, tx, c, s.domain()); err != nil {
			return err
		}
		t := db.Now()
		if _, err := tx.Exec(ctx, `UPDATE newsletter_campaigns SET state = 'sending', started_at = ?, scheduled_at = COALESCE(scheduled_at, ?),
			last_error = '', updated_at = ? WHERE id = ?`, t, t, t, id); err != nil {
			return fmt.Errorf("newsletter: start %d: %w", id, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorLabel: "newsletter sender", Action: "newsletter.campaign.start",
			Entity: "newsletter_campaign", EntityID: fmt.Sprint(id), ZoneID: c.HomeZone, After: audit.JSON(map[string]int{"recipients": n})})
	})
	return n, err
}

// Result is what one Send did.
type Result struct {
	// Requeued counts rows a previous run left claimed (sending) that
	// were sent again: the messages that were in flight at a crash.
	Requeued int
	Sent     int64
	Failed   int64
	Later    int64 // refused for now, tried again later
	Skipped  int64 // unsubscribed or bounced since the start
	// Finished is true when nothing is left to send; Paused when an
	// admin paused the campaign (or the server refused our sender).
	Finished bool
	Paused   bool
	Elapsed  time.Duration
}

// Rate is the messages sent per second.
func (r Result) Rate() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Sent) / r.Elapsed.Seconds()
}

// Reasons a run stops early.
var (
	errPaused = errors.New("newsletter: paused")
)

// Send sends a campaign that is sending until no recipient is left, an
// admin pauses it, or ctx ends. It returns ErrBusy while another live
// process holds the campaign.
func (s *Sender) Send(ctx context.Context, id int64) (Result, error) {
	start := time.Now()
	var res Result
	c, err := GetCampaign(ctx, s.DB, id)
	if err != nil {
		return res, err
	}
	if c.State != CampaignSending {
		return res, nil
	}
	sl := &sendLog{d: s.DB, campaign: id, owner: s.id(), lease: s.lease(), later: s.Later}
	if sl.later <= 0 {
		sl.later = laterDelay
	}
	ok, err := sl.acquire(ctx)
	if err != nil || !ok {
		if err == nil {
			err = ErrBusy
		}
		return res, err
	}
	log := s.Log.With("campaign", id, "sender", sl.owner)
	// Rows left claimed are those in flight when a previous run died:
	// they are sent again, with the Message-ID fixed at the start.
	if res.Requeued, err = sl.requeue(ctx); err != nil {
		return res, err
	}
	if res.Requeued > 0 {
		log.Warn("newsletter: sending again the messages a previous run left in flight", "count", res.Requeued)
	}
	sign, err := s.Keys.Signer(ctx)
	if err != nil {
		return res, err
	}
	tr, err := s.transport(c)
	if err != nil {
		return res, err
	}
	rate := c.Rate
	if s.Rate != 0 {
		rate = max(s.Rate, 0)
	}
	r := &run{s: s, sl: sl, log: log, cc: compile(c, s.BaseURL, s.envelope(), sign), tr: tr,
		lim: newLimiter(rate, tr.maxConns()), batch: s.batch(), res: &res}
	err = r.loop(ctx)
	res.Elapsed = time.Since(start)
	log.Info("newsletter: run ended", "sent", res.Sent, "failed", res.Failed, "later", res.Later, "skipped", res.Skipped,
		"requeued", res.Requeued, "finished", res.Finished, "paused", res.Paused, "elapsed", res.Elapsed, "rate", int(res.Rate()), "err", err)
	return res, err
}

func (s *Sender) batch() int {
	if s.Batch <= 0 {
		return 500
	}
	return s.Batch
}

func (s *Sender) envelope() string {
	if a, err := netmail.ParseAddress(s.Mail.From); err == nil {
		return a.Address
	}
	return s.Mail.From
}

// transport is SMTP with the campaign's connections, or the outbox.
func (s *Sender) transport(c *Campaign) (transport, error) {
	if !s.Mail.Enabled() {
		return outboxTransport{s: s.Outbox}, nil
	}
	conns := c.Connections
	if s.Connections > 0 {
		conns = s.Connections
	}
	t, err := newSMTPTransport(s.Mail, min(max(conns, 1), MaxConnections))
	if t != nil {
		t.noPipelining = s.plainSMTP
	}
	return t, err
}

// run is one Send: passes over the pending rows until none is left.
type run struct {
	s     *Sender
	sl    *sendLog
	log   *slog.Logger
	cc    *compiled
	tr    transport
	lim   *limiter
	batch int
	res   *Result
}

// loop runs passes, waits for rows refused for now, and settles the
// campaign at the end.
func (r *run) loop(ctx context.Context) error {
	// Writes that settle the run must happen even when ctx is cancelled
	// (a graceful stop): they get their own short deadline.
	settle := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	}
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	var wg sync.WaitGroup
	wg.Go(func() { r.monitor(runCtx, stop) })
	defer wg.Wait()
	defer stop(nil)

	for {
		r.pass(runCtx, stop)
		if cause := context.Cause(runCtx); runCtx.Err() != nil {
			sctx, cancel := settle()
			defer cancel()
			return r.stopped(sctx, cause)
		}
		next, any, err := r.sl.nextDue(runCtx)
		if err != nil {
			return err
		}
		if !any {
			sctx, cancel := settle()
			defer cancel()
			done, err := r.sl.finish(sctx)
			r.res.Finished = done
			if err == nil && done {
				err = audit.Record(sctx, r.s.DB, audit.Entry{ActorLabel: "newsletter sender", Action: "newsletter.campaign.sent",
					Entity: "newsletter_campaign", EntityID: fmt.Sprint(r.sl.campaign), ZoneID: r.cc.homeZone(),
					After: audit.JSON(map[string]int64{"sent": r.res.Sent, "failed": r.res.Failed, "skipped": r.res.Skipped})})
			}
			if !done && err == nil {
				err = r.sl.release(sctx)
			}
			return err
		}
		// Only rows refused for now are left: wait for the first.
		t := time.NewTimer(max(time.Until(next), 100*time.Millisecond))
		select {
		case <-t.C:
		case <-runCtx.Done():
		}
		t.Stop()
	}
}

// stopped settles a run that stopped early: rows claimed and not sent go
// back to pending, and the lease is given up, unless it was lost.
func (r *run) stopped(ctx context.Context, cause error) error {
	var se *sendError
	switch {
	case errors.Is(cause, errLeaseLost):
		return cause
	case errors.Is(cause, errPaused):
		r.res.Paused = true
		cause = nil
	case errors.As(cause, &se) && se.kind == kindSender:
		r.res.Paused = true
		if err := r.sl.setError(ctx, se.Error(), true); err != nil {
			return err
		}
		cause = nil
	}
	if _, err := r.sl.requeue(ctx); err != nil {
		return errors.Join(cause, err)
	}
	return errors.Join(cause, r.sl.release(ctx))
}

// monitor watches the campaign while it is sent: it stops the run when
// an admin pauses it, and renews the lease when nothing else does.
func (r *run) monitor(ctx context.Context, stop context.CancelCauseFunc) {
	t := time.NewTicker(500 * time.Millisecond)
	defer t.Stop()
	renewed := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		var state string
		if err := r.s.DB.QueryRow(ctx, `SELECT state FROM newsletter_campaigns WHERE id = ?`, r.sl.campaign).Scan(&state); err != nil {
			if ctx.Err() == nil {
				r.log.Warn("newsletter: reading the campaign's state failed", "err", err)
			}
			continue
		}
		if state != CampaignSending {
			stop(errPaused)
			return
		}
		if time.Since(renewed) >= r.sl.lease/3 {
			if err := r.sl.renew(ctx); errors.Is(err, errLeaseLost) {
				stop(err)
				return
			} else if err != nil {
				r.log.Warn("newsletter: renewing the lease failed", "err", err)
				continue
			}
			renewed = time.Now()
		}
	}
}

// pass claims the due pending rows batch by batch and sends them over the
// transport's connections until none is left or ctx ends.
//
// Three kinds of goroutine share the work: one claims rows and renders
// their messages; one per connection sends them; one records outcomes in
// the database, many per transaction (group commit). A connection sends
// the end of a message's data only after the recorder has committed the
// previous message it sent, so at any moment at most one message per
// connection is accepted by the server and not yet recorded as sent.
func (r *run) pass(ctx context.Context, stop context.CancelCauseFunc) {
	work := make(chan *outgoing, r.batch)
	acks := make(chan *ack, 4*r.tr.maxConns())
	var recWG, workWG sync.WaitGroup
	recWG.Go(func() { r.recorder(ctx, acks, stop) })
	for range r.tr.maxConns() {
		workWG.Go(func() { r.worker(ctx, work, acks, stop) })
	}
	r.claimer(ctx, work, stop)
	workWG.Wait()
	close(acks)
	recWG.Wait()
}

// claimer feeds work until no due row is left.
func (r *run) claimer(ctx context.Context, work chan<- *outgoing, stop context.CancelCauseFunc) {
	defer close(work)
	for ctx.Err() == nil {
		rs, skipped, err := r.sl.claim(ctx, r.batch)
		atomic.AddInt64(&r.res.Skipped, int64(skipped))
		if err != nil {
			if ctx.Err() == nil {
				stop(err)
			}
			return
		}
		if len(rs) == 0 && skipped == 0 {
			return
		}
		for _, rc := range rs {
			select {
			case work <- r.cc.message(rc):
			case <-ctx.Done():
				return
			}
		}
	}
}

// worker sends messages over one connection.
func (r *run) worker(ctx context.Context, work <-chan *outgoing, acks chan<- *ack, stop context.CancelCauseFunc) {
	var c conn
	defer func() {
		if c != nil {
			c.close()
		}
	}()
	// prev is this connection's last accepted message until the recorder
	// has committed it.
	var prev *ack
	settled := func() bool {
		if prev == nil {
			return true
		}
		err := <-prev.done
		prev = nil
		return err == nil
	}
	defer settled()
	failures := 0
	for m := range work {
		if ctx.Err() != nil || r.lim.wait(ctx) != nil {
			continue // left claimed; the run puts it back to pending
		}
		for ctx.Err() == nil {
			if c == nil {
				var err error
				if c, err = r.tr.dial(ctx); err != nil {
					c = nil
					failures++
					r.connProblem(ctx, err, failures)
					continue
				}
			}
			err := c.prepare(m)
			if err == nil {
				if !settled() {
					return // the recorder failed and stopped the run
				}
				if err = c.finish(); err == nil {
					failures = 0
					prev = &ack{id: m.SubscriberID, outcome: outcomeSent, done: make(chan error, 1)}
					atomic.AddInt64(&r.res.Sent, 1)
					acks <- prev
					break
				}
			}
			switch kindOf(err) {
			case kindRecipient:
				atomic.AddInt64(&r.res.Failed, 1)
				acks <- &ack{id: m.SubscriberID, outcome: outcomeFailed, text: err.Error(), done: make(chan error, 1)}
			case kindLater:
				atomic.AddInt64(&r.res.Later, 1)
				acks <- &ack{id: m.SubscriberID, outcome: outcomeLater, text: err.Error(), done: make(chan error, 1)}
			case kindSender:
				stop(err)
			default:
				// The connection broke, perhaps after the server accepted
				// the message: send it again on a new one, with the same
				// Message-ID.
				c.close()
				c = nil
				failures++
				r.connProblem(ctx, err, failures)
				continue
			}
			break
		}
	}
}

// connProblem logs a connection failure, shows it on the progress page
// and waits before the next attempt: 0.25 s doubling up to 30 s.
func (r *run) connProblem(ctx context.Context, err error, failures int) {
	if ctx.Err() != nil {
		return
	}
	r.log.Warn("newsletter: SMTP connection failed; retrying", "attempt", failures, "err", err)
	if failures == 3 {
		_ = r.sl.setError(ctx, err.Error(), false)
	}
	d := min(250*time.Millisecond<<min(failures-1, 7), 30*time.Second)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// recorder commits outcomes: it takes every ack waiting and records them
// in one transaction, then tells their senders. While it commits, the
// connections transmit their next messages, whose acks make the next
// batch. It records even after ctx ends, so that no accepted message is
// left unrecorded by a graceful stop.
func (r *run) recorder(ctx context.Context, acks <-chan *ack, stop context.CancelCauseFunc) {
	rctx := context.WithoutCancel(ctx)
	for first := range acks {
		batch := []*ack{first}
	drain:
		for len(batch) < 2048 {
			select {
			case a, ok := <-acks:
				if !ok {
					break drain
				}
				batch = append(batch, a)
			default:
				break drain
			}
		}
		err := r.sl.record(rctx, batch)
		if err != nil {
			r.log.Error("newsletter: recording outcomes failed; stopping", "err", err)
			stop(err)
		}
		for _, a := range batch {
			a.done <- err
		}
	}
}

// homeZone is the campaign's territory for the audit log.
func (cc *compiled) homeZone() string { return cc.zone }
