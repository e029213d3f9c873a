package accounts

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Limits on failed logins within ThrottleWindow. Past them, login is
// refused (even with the right password) until older failures leave the
// window; the answer is the same whether or not the e-mail exists.
const (
	ThrottleWindow      = 15 * time.Minute
	MaxFailuresPerEmail = 5
	MaxFailuresPerIP    = 20
)

// throttled reports whether logins for email or from ip are paused.
func throttled(ctx context.Context, q db.Execer, email, ip string) (bool, error) {
	since := db.Now().Add(-ThrottleWindow)
	var byEmail, byIP int
	err := q.QueryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE email = ? AND at > ?),
		(SELECT COUNT(*) FROM login_failures WHERE ip = ? AND at > ?)`, email, since, ip, since).Scan(&byEmail, &byIP)
	if err != nil {
		return false, fmt.Errorf("accounts: count login failures: %w", err)
	}
	return byEmail >= MaxFailuresPerEmail || byIP >= MaxFailuresPerIP, nil
}

// recordFailure notes a failed login for email (as typed, normalised, even
// when no such account exists) from ip.
func recordFailure(ctx context.Context, ex db.Execer, email, ip string) error {
	if _, err := ex.Exec(ctx, `INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?)`,
		throttleKey(email), ip, db.Now()); err != nil {
		return fmt.Errorf("accounts: record login failure: %w", err)
	}
	return nil
}

// throttleKey bounds what is stored for an e-mail that failed validation.
func throttleKey(email string) string {
	email = strings.ToValidUTF8(strings.ToLower(strings.TrimSpace(email)), "")
	if len(email) > MaxEmailLen {
		email = email[:MaxEmailLen]
	}
	return strings.ToValidUTF8(email, "")
}

// clearFailures forgets the failures of email after a successful login,
// so its owner does not stay close to the limit.
func clearFailures(ctx context.Context, ex db.Execer, email string) error {
	if _, err := ex.Exec(ctx, `DELETE FROM login_failures WHERE email = ?`, email); err != nil {
		return fmt.Errorf("accounts: clear login failures: %w", err)
	}
	return nil
}

// PruneLoginFailures deletes failures older than the throttling window.
func (s *Service) PruneLoginFailures(ctx context.Context) error {
	if _, err := s.DB.Exec(ctx, `DELETE FROM login_failures WHERE at <= ?`, db.Now().Add(-ThrottleWindow)); err != nil {
		return fmt.Errorf("accounts: prune login failures: %w", err)
	}
	return nil
}

// pruner runs the pruning of old rows at most once per pruneEvery per
// process, from the request path that produces the rows, so no extra
// background job is needed.
type pruner struct{ last atomic.Int64 }

const pruneEvery = time.Minute

func (s *Service) maybePrune(ctx context.Context) {
	now := time.Now().UnixNano()
	last := s.pruner.last.Load()
	if now-last < int64(pruneEvery) || !s.pruner.last.CompareAndSwap(last, now) {
		return
	}
	if err := s.PruneLoginFailures(ctx); err != nil {
		s.Log.Error("prune login failures", "err", err)
	}
	if err := s.PruneSessions(ctx); err != nil {
		s.Log.Error("prune sessions", "err", err)
	}
}
