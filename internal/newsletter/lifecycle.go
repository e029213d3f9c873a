package newsletter

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

// KindSend is the job kind that sends a campaign; register Sender.Handle
// for it.
const KindSend = "newsletter.send"

// sendAttempts lets a send job wait hours for a busy campaign (another
// process sending it) or an SMTP outage before it gives up.
const sendAttempts = 20

// sendJob is the payload of a KindSend job. Due is the start time the job
// was queued for; a job whose campaign was rescheduled meanwhile finds a
// different time and does nothing. A zero Due (resume) sends a campaign
// that is sending.
type sendJob struct {
	Campaign int64
	Due      time.Time `json:",omitzero"`
}

// ErrWrongState is returned when a campaign is not in the state an action
// needs (a pause of a campaign that already ended, say).
var ErrWrongState = errors.New("newsletter: the campaign is not in a state that allows this")

// transition moves campaign id from one of from to the state to, setting
// the extra columns, and records it; queue, when set, runs in the same
// transaction.
func transition(ctx context.Context, d *db.DB, id int64, from []string, to, action string, by Actor,
	set string, args []any, queue func(tx *db.Tx, c *Campaign) error) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		c, err := campaignTx(ctx, tx, id)
		if err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || c.State == f
		}
		if !ok {
			return ErrWrongState
		}
		q := `UPDATE newsletter_campaigns SET state = ?, updated_at = ?` + set + ` WHERE id = ? AND state = ?`
		if _, err := tx.Exec(ctx, q, append(append([]any{to, db.Now()}, args...), id, c.State)...); err != nil {
			return fmt.Errorf("newsletter: %s %d: %w", action, id, err)
		}
		if queue != nil {
			if err := queue(tx, c); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, by.entry(action, id, c.HomeZone, map[string]string{"state": c.State}, map[string]any{"state": to}))
	})
}

// Schedule makes a draft start at at (now or later) through the job
// queue. The caller should Notify the queue after it returns.
func Schedule(ctx context.Context, d *db.DB, id int64, at time.Time, by Actor) error {
	at = db.Time(at)
	return transition(ctx, d, id, []string{CampaignDraft}, CampaignScheduled, "newsletter.campaign.schedule", by,
		", scheduled_at = ?", []any{at}, func(tx *db.Tx, c *Campaign) error {
			if bad := UnknownPlaceholders(c.Subject, c.Body); len(bad) > 0 {
				return fmt.Errorf("newsletter: schedule %d: unknown placeholders %v", id, bad)
			}
			_, err := jobs.Enqueue(ctx, tx, KindSend, sendJob{Campaign: id, Due: at}, jobs.RunAt(at), jobs.MaxAttempts(sendAttempts))
			return err
		})
}

// Unschedule turns a scheduled campaign back into a draft.
func Unschedule(ctx context.Context, d *db.DB, id int64, by Actor) error {
	return transition(ctx, d, id, []string{CampaignScheduled}, CampaignDraft, "newsletter.campaign.unschedule", by,
		", scheduled_at = NULL", nil, nil)
}

// Pause stops a campaign that is sending: the sender notices within a
// second, finishes the messages in flight and leaves the rest pending.
func Pause(ctx context.Context, d *db.DB, id int64, by Actor) error {
	return transition(ctx, d, id, []string{CampaignSending}, CampaignPaused, "newsletter.campaign.pause", by, "", nil, nil)
}

// Resume sends a paused campaign again from where it stopped. The caller
// should Notify the queue after it returns.
func Resume(ctx context.Context, d *db.DB, id int64, by Actor) error {
	return transition(ctx, d, id, []string{CampaignPaused}, CampaignSending, "newsletter.campaign.resume", by,
		", last_error = ''", nil, func(tx *db.Tx, c *Campaign) error {
			_, err := jobs.Enqueue(ctx, tx, KindSend, sendJob{Campaign: id}, jobs.MaxAttempts(sendAttempts))
			return err
		})
}

// Progress is where a campaign's sending stands.
type Progress struct {
	Pending, Sending, Sent, Failed, Skipped int
	// Rate is messages per second between the first and the last message
	// sent; 0 before two were sent.
	Rate       float64
	FirstSent  time.Time
	LastSent   time.Time
	Recipients int
}

// GetProgress counts a campaign's send log by state.
func GetProgress(ctx context.Context, d *db.DB, id int64) (Progress, error) {
	var p Progress
	rows, err := d.Query(ctx, `SELECT state, COUNT(*) FROM newsletter_sends WHERE campaign_id = ? GROUP BY state`, id)
	if err != nil {
		return p, fmt.Errorf("newsletter: progress %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return p, err
		}
		switch state {
		case "pending":
			p.Pending = n
		case "sending":
			p.Sending = n
		case "sent":
			p.Sent = n
		case "failed":
			p.Failed = n
		case "skipped":
			p.Skipped = n
		}
		p.Recipients += n
	}
	if err := rows.Err(); err != nil {
		return p, err
	}
	if p.Sent > 1 {
		var first, last time.Time
		if err := d.QueryRow(ctx, `SELECT MIN(sent_at), MAX(sent_at) FROM newsletter_sends WHERE campaign_id = ? AND state = 'sent'`, id).
			Scan(scanTime{&first}, scanTime{&last}); err != nil {
			return p, fmt.Errorf("newsletter: progress %d: %w", id, err)
		}
		p.FirstSent, p.LastSent = first, last
		if d := last.Sub(first).Seconds(); d > 0 {
			p.Rate = float64(p.Sent-1) / d
		}
	}
	return p, nil
}

// Failure is a recipient the server refused.
type Failure struct {
	Email string
	Error string
}

// Failures lists up to limit refused recipients of a campaign.
func Failures(ctx context.Context, d *db.DB, id int64, limit int) ([]Failure, error) {
	rows, err := d.Query(ctx, `SELECT s.email, n.error FROM newsletter_sends n JOIN newsletter_subscribers s ON s.id = n.subscriber_id
		WHERE n.campaign_id = ? AND n.state = 'failed' ORDER BY n.subscriber_id LIMIT ?`, id, limit)
	if err != nil {
		return nil, fmt.Errorf("newsletter: failures %d: %w", id, err)
	}
	defer rows.Close()
	var out []Failure
	for rows.Next() {
		var f Failure
		if err := rows.Scan(&f.Email, &f.Error); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// scanTime scans a time that aggregate functions may return as text on
// SQLite (MIN and MAX lose the column's declared type there).
type scanTime struct{ t *time.Time }

func (s scanTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*s.t = time.Time{}
	case time.Time:
		*s.t = x
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("newsletter: cannot scan %T as a time", v)
	}
	return nil
}

func (s scanTime) parse(v string) error {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999", time.RFC3339Nano} {
		if t, err := time.Parse(layout, v); err == nil {
			*s.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("newsletter: cannot parse time %q", v)
}
