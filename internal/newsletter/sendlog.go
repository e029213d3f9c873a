package newsletter

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// sendLog is the database side of one sender working on one campaign:
// the campaign's lease and the rows of its send log. Every write first
// renews the lease in the same transaction (fence), so a sender that lost
// the campaign to another cannot change its rows.
type sendLog struct {
	d        *db.DB
	campaign int64
	owner    string
	lease    time.Duration
	later    time.Duration // wait after a refusal for now (4xx)
}

// errLeaseLost means another sender took the campaign over (ours was
// presumed dead when its lease expired).
var errLeaseLost = errors.New("newsletter: another sender took the campaign over")

// ErrBusy is returned by Send while another live process sends the
// campaign.
var ErrBusy = errors.New("newsletter: the campaign is being sent by another process")

// Outcomes of a message, as the recorder writes them.
const (
	outcomeSent = iota
	outcomeFailed
	outcomeLater
)

// maxLater is how many attempts a message refused for now (4xx) gets
// before it is failed.
const maxLater = 5

// acquire takes the campaign's lease if it is free, ours, or expired.
func (l *sendLog) acquire(ctx context.Context) (bool, error) {
	now := db.Now()
	res, err := l.d.Exec(ctx, `UPDATE newsletter_campaigns SET sender_id = ?, sender_until = ?
		WHERE id = ? AND state = 'sending' AND (sender_id = '' OR sender_id = ? OR sender_until IS NULL OR sender_until < ?)`,
		l.owner, now.Add(l.lease), l.campaign, l.owner, now)
	if err != nil {
		return false, fmt.Errorf("newsletter: lease campaign %d: %w", l.campaign, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// fence renews the lease inside tx and fails if it is no longer ours. On
// PostgreSQL the UPDATE also locks the campaign's row until the commit, so
// a takeover waits for this transaction and then sees the new lease.
func (l *sendLog) fence(ctx context.Context, tx *db.Tx) error {
	res, err := tx.Exec(ctx, `UPDATE newsletter_campaigns SET sender_until = ? WHERE id = ? AND sender_id = ?`,
		db.Now().Add(l.lease), l.campaign, l.owner)
	if err != nil {
		return fmt.Errorf("newsletter: renew lease of %d: %w", l.campaign, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return errLeaseLost
	}
	return nil
}

func (l *sendLog) renew(ctx context.Context) error {
	return l.d.Tx(ctx, func(tx *db.Tx) error { return l.fence(ctx, tx) })
}

// requeue puts the rows claimed but not finished back to pending: at
// start, those a crashed run left (they are sent again, with their
// Message-ID); at a stop, those this run claimed and did not send.
func (l *sendLog) requeue(ctx context.Context) (int, error) {
	var n int64
	err := l.d.Tx(ctx, func(tx *db.Tx) error {
		if err := l.fence(ctx, tx); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE newsletter_sends SET state = 'pending' WHERE campaign_id = ? AND state = 'sending'`, l.campaign)
		if err != nil {
			return fmt.Errorf("newsletter: requeue %d: %w", l.campaign, err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// release gives the lease up.
func (l *sendLog) release(ctx context.Context) error {
	_, err := l.d.Exec(ctx, `UPDATE newsletter_campaigns SET sender_id = '', sender_until = NULL WHERE id = ? AND sender_id = ?`, l.campaign, l.owner)
	if err != nil {
		return fmt.Errorf("newsletter: release %d: %w", l.campaign, err)
	}
	return nil
}

// claim marks up to n due pending rows as sending, lowest subscriber ids
// first, and returns them with their subscribers. Rows whose subscriber
// unsubscribed or bounced since the campaign started become skipped.
func (l *sendLog) claim(ctx context.Context, n int) ([]recipient, int, error) {
	var out []recipient
	skipped := 0
	err := l.d.Tx(ctx, func(tx *db.Tx) error {
		out, skipped = out[:0], 0
		if err := l.fence(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `UPDATE newsletter_sends SET state = 'sending', attempts = attempts + 1
			WHERE campaign_id = ? AND subscriber_id IN (SELECT subscriber_id FROM newsletter_sends
				WHERE campaign_id = ? AND state = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
				ORDER BY subscriber_id LIMIT ?)
			RETURNING subscriber_id, message_id`, l.campaign, l.campaign, db.Now(), n)
		if err != nil {
			return fmt.Errorf("newsletter: claim %d: %w", l.campaign, err)
		}
		ids := map[int64]string{}
		for rows.Next() {
			var id int64
			var mid string
			if err := rows.Scan(&id, &mid); err != nil {
				rows.Close()
				return err
			}
			ids[id] = mid
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("newsletter: claim %d: %w", l.campaign, err)
		}
		if len(ids) == 0 {
			return nil
		}
		args := make([]any, 0, len(ids))
		for id := range ids {
			args = append(args, id)
		}
		subs, err := tx.Query(ctx, `SELECT id, email, name, lang, status, bounced_at FROM newsletter_subscribers WHERE id IN (`+marks(len(args))+`)`, args...)
		if err != nil {
			return fmt.Errorf("newsletter: claim %d: subscribers: %w", l.campaign, err)
		}
		var skip []any
		for subs.Next() {
			var r recipient
			var status string
			var bounced sql.NullTime
			if err := subs.Scan(&r.ID, &r.Email, &r.Name, &r.Lang, &status, &bounced); err != nil {
				subs.Close()
				return err
			}
			if status != StatusConfirmed || bounced.Valid {
				skip = append(skip, r.ID)
				continue
			}
			r.MessageID = ids[r.ID]
			out = append(out, r)
		}
		subs.Close()
		if err := subs.Err(); err != nil {
			return err
		}
		if len(skip) > 0 {
			if _, err := tx.Exec(ctx, `UPDATE newsletter_sends SET state = 'skipped' WHERE campaign_id = ? AND subscriber_id IN (`+marks(len(skip))+`)`,
				append([]any{l.campaign}, skip...)...); err != nil {
				return fmt.Errorf("newsletter: skip: %w", err)
			}
			skipped = len(skip)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b recipient) int { return cmp.Compare(a.ID, b.ID) })
	return out, skipped, err
}

// ack is the outcome of one message, on its way to the recorder. done
// receives the result of the transaction that recorded it.
type ack struct {
	id      int64
	outcome int
	text    string
	done    chan error
}

// record writes a batch of outcomes. Sent rows become sent (with the
// time); refused ones failed, with the server's reply; those refused for
// now go back to pending for a later attempt (failed after maxLater).
//
// The usual batch, only sent rows, is one statement that checks the lease
// itself: one round trip and one commit, which is what bounds the rate.
// It fails with errLeaseLost when another sender holds the campaign.
func (l *sendLog) record(ctx context.Context, batch []*ack) error {
	sent := make([]any, 0, len(batch))
	for _, a := range batch {
		if a.outcome == outcomeSent {
			sent = append(sent, a.id)
		}
	}
	if len(sent) == len(batch) && len(sent) <= 500 {
		return l.recordSent(ctx, l.d, sent)
	}
	return l.d.Tx(ctx, func(tx *db.Tx) error {
		if err := l.fence(ctx, tx); err != nil {
			return err
		}
		now := db.Now()
		for _, a := range batch {
			switch a.outcome {
			case outcomeFailed:
				if _, err := tx.Exec(ctx, `UPDATE newsletter_sends SET state = 'failed', error = ? WHERE campaign_id = ? AND subscriber_id = ?`,
					clipError(a.text), l.campaign, a.id); err != nil {
					return fmt.Errorf("newsletter: record failure: %w", err)
				}
			case outcomeLater:
				if _, err := tx.Exec(ctx, `UPDATE newsletter_sends SET state = CASE WHEN attempts >= ? THEN 'failed' ELSE 'pending' END,
					error = ?, next_attempt_at = ? WHERE campaign_id = ? AND subscriber_id = ?`,
					maxLater, clipError(a.text), now.Add(l.later), l.campaign, a.id); err != nil {
					return fmt.Errorf("newsletter: record deferral: %w", err)
				}
			}
		}
		for i := 0; i < len(sent); i += 500 {
			if err := l.recordSent(ctx, tx, sent[i:min(i+500, len(sent))]); err != nil {
				return err
			}
		}
		return nil
	})
}

// recordSent marks claimed rows sent, provided the campaign's lease is
// still ours.
func (l *sendLog) recordSent(ctx context.Context, ex db.Execer, ids []any) error {
	if len(ids) == 0 {
		return nil
	}
	res, err := ex.Exec(ctx, `UPDATE newsletter_sends SET state = 'sent', sent_at = ?
		WHERE campaign_id = ? AND state = 'sending' AND subscriber_id IN (`+marks(len(ids))+`)
		AND EXISTS (SELECT 1 FROM newsletter_campaigns c WHERE c.id = ? AND c.sender_id = ?)`,
		append(append([]any{db.Now(), l.campaign}, ids...), l.campaign, l.owner)...)
	if err != nil {
		return fmt.Errorf("newsletter: record sent: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if int(n) != len(ids) {
		return errLeaseLost
	}
	return nil
}

// laterDelay is how long a message refused for now waits, by default.
const laterDelay = 30 * time.Second

func clipError(s string) string {
	if len(s) > 500 {
		return s[:500]
	}
	return s
}

// nextDue returns when the earliest pending row may be tried, and whether
// any row is pending at all.
func (l *sendLog) nextDue(ctx context.Context) (time.Time, bool, error) {
	var n int
	var next time.Time
	err := l.d.W.QueryRowContext(ctx, l.d.Q(`SELECT COUNT(*), MIN(next_attempt_at) FROM newsletter_sends WHERE campaign_id = ? AND state = 'pending'`),
		l.campaign).Scan(&n, scanTime{&next})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("newsletter: pending of %d: %w", l.campaign, err)
	}
	return next, n > 0, nil
}

// finish marks the campaign sent when no row is left to send, and gives
// the lease up.
func (l *sendLog) finish(ctx context.Context) (bool, error) {
	var done bool
	err := l.d.Tx(ctx, func(tx *db.Tx) error {
		if err := l.fence(ctx, tx); err != nil {
			return err
		}
		now := db.Now()
		res, err := tx.Exec(ctx, `UPDATE newsletter_campaigns SET state = 'sent', finished_at = ?, updated_at = ?, sender_id = '', sender_until = NULL
			WHERE id = ? AND state = 'sending' AND NOT EXISTS (SELECT 1 FROM newsletter_sends WHERE campaign_id = ? AND state IN ('pending', 'sending'))`,
			now, now, l.campaign, l.campaign)
		if err != nil {
			return fmt.Errorf("newsletter: finish %d: %w", l.campaign, err)
		}
		n, err := res.RowsAffected()
		done = n == 1
		return err
	})
	return done, err
}

// setError records why sending stopped (or is struggling) for the
// progress page; pause also pauses the campaign.
func (l *sendLog) setError(ctx context.Context, msg string, pause bool) error {
	q := `UPDATE newsletter_campaigns SET last_error = ?, updated_at = ? WHERE id = ?`
	if pause {
		q = `UPDATE newsletter_campaigns SET last_error = ?, updated_at = ?, state = CASE WHEN state = 'sending' THEN 'paused' ELSE state END WHERE id = ?`
	}
	_, err := l.d.Exec(ctx, q, clipError(msg), db.Now(), l.campaign)
	return err
}
