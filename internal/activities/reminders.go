package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

// KindReminder is the job kind of a reminder; register Service.Remind for
// it on the app's queue.
const KindReminder = "activities.reminder"

// Reminders are scheduled when an activity is published and again when
// its time changes: one job per activity and reminder, run at start − 48 h
// and start − 2 h, keyed by the start it was made for. A job checks at run
// time that the activity is still published and still starts at that
// time; a job made for an old time does nothing, so moving an activity
// needs no search for its old jobs. Each person is reminded once per
// reminder (reminded_*_at), so a job that runs twice sends nothing twice.

type reminderPayload struct {
	Activity int64
	Which    string // "48h" or "2h"
	Start    time.Time
}

// scheduleReminders queues the reminders of a that are still in the
// future, in the transaction that publishes or moves it.
func (s *Service) scheduleReminders(ctx context.Context, tx *db.Tx, a *Activity) error {
	now := s.now()
	for _, r := range reminderTimes {
		at := a.Start.Add(-r.before)
		if !at.After(now) {
			continue // too late for this one: the sign-up e-mail is recent
		}
		key := fmt.Sprintf("activity-reminder:%d:%s:%d", a.ID, r.name, a.Start.Unix())
		if _, err := jobs.Enqueue(ctx, tx, KindReminder, reminderPayload{a.ID, r.name, a.Start},
			jobs.RunAt(at), jobs.UniqueKey(key), jobs.MaxAttempts(12)); err != nil {
			return fmt.Errorf("schedule reminder %s: %w", r.name, err)
		}
	}
	return nil
}

// Remind is the jobs.Handler of KindReminder: it e-mails the reminder to
// every confirmed participant not yet reminded.
func (s *Service) Remind(ctx context.Context, j jobs.Job) error {
	var p reminderPayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("activities: reminder job %d: %w", j.ID, err))
	}
	var which = -1
	for i, r := range reminderTimes {
		if r.name == p.Which {
			which = i
		}
	}
	if which < 0 {
		return jobs.Permanent(fmt.Errorf("activities: reminder job %d: unknown reminder %q", j.ID, p.Which))
	}
	rt := reminderTimes[which]
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, p.Activity)
		if errors.Is(err, db.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if a.Status != Published || !a.Start.Equal(p.Start.UTC()) || !s.now().Before(a.Start) {
			return nil // cancelled, moved (a newer job reminds), or already started
		}
		rows, err := tx.Query(ctx, `SELECT id FROM activity_registrations WHERE activity_id = ? AND status = 'confirmed'
	AND email <> '' AND `+rt.column+` IS NULL ORDER BY id`, a.ID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		now := s.now()
		for _, id := range ids {
			r, err := registration(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := s.mailRegistration(ctx, tx, a, *r, rt.mail, ""); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `UPDATE activity_registrations SET `+rt.column+` = ? WHERE id = ?`, now, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("activities: reminder %s of %d: %w", p.Which, p.Activity, err)
	}
	return nil
}
