package newsletter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Subscriber states.
const (
	StatusPending      = "pending"
	StatusConfirmed    = "confirmed"
	StatusUnsubscribed = "unsubscribed"
)

// Statuses lists the states in display order.
var Statuses = []string{StatusPending, StatusConfirmed, StatusUnsubscribed}

// Subscriber is one address on the list.
type Subscriber struct {
	ID             int64
	Email          string
	Name           string
	Lang           string
	Status         string
	Zones          []string // empty: every territory
	Topics         []string // empty: every topic
	ConsentVersion string
	ConsentAt      time.Time
	ConsentSource  string
	ConfirmedAt    time.Time
	UnsubscribedAt time.Time
	BouncedAt      time.Time
	BounceNote     string
	CreatedAt      time.Time

	confirmExpires time.Time
	confirmSentAt  time.Time
}

// Bounced reports whether the address was reported as bouncing.
func (s *Subscriber) Bounced() bool { return !s.BouncedAt.IsZero() }

const subscriberColumns = `id, email, name, lang, status, consent_version, consent_at, consent_source,
	confirmed_at, unsubscribed_at, bounced_at, bounce_note, created_at, confirm_expires_at, confirm_sent_at`

func scanSubscriber(row interface{ Scan(...any) error }) (*Subscriber, error) {
	var s Subscriber
	var consent, confirmed, unsub, bounced, expires, sent sql.NullTime
	err := row.Scan(&s.ID, &s.Email, &s.Name, &s.Lang, &s.Status, &s.ConsentVersion, &consent, &s.ConsentSource,
		&confirmed, &unsub, &bounced, &s.BounceNote, &s.CreatedAt, &expires, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("newsletter: scan subscriber: %w", err)
	}
	s.ConsentAt, s.ConfirmedAt, s.UnsubscribedAt, s.BouncedAt = consent.Time, confirmed.Time, unsub.Time, bounced.Time
	s.confirmExpires, s.confirmSentAt = expires.Time, sent.Time
	return &s, nil
}

// subscriberWhere loads one subscriber and its preferences.
func subscriberWhere(ctx context.Context, q db.Execer, cond string, arg any) (*Subscriber, error) {
	s, err := scanSubscriber(q.QueryRow(ctx, `SELECT `+subscriberColumns+` FROM newsletter_subscribers WHERE `+cond, arg))
	if err != nil {
		return nil, err
	}
	if s.Zones, err = strings1(ctx, q, `SELECT zone_id FROM newsletter_subscriber_zones WHERE subscriber_id = ? ORDER BY zone_id`, s.ID); err != nil {
		return nil, err
	}
	if s.Topics, err = strings1(ctx, q, `SELECT topic FROM newsletter_subscriber_topics WHERE subscriber_id = ? ORDER BY topic`, s.ID); err != nil {
		return nil, err
	}
	return s, nil
}

// SubscriberByID returns a subscriber (db.ErrNotFound if there is none).
func SubscriberByID(ctx context.Context, d *db.DB, id int64) (*Subscriber, error) {
	return subscriberWhere(ctx, d, "id = ?", id)
}

// SubscriberByEmail returns the subscriber with the (normalised) address.
func SubscriberByEmail(ctx context.Context, d *db.DB, email string) (*Subscriber, error) {
	return subscriberWhere(ctx, d, "email = ?", email)
}

// strings1 returns the single text column of a query's rows.
func strings1(ctx context.Context, q db.Execer, query string, args ...any) ([]string, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("newsletter: query: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// setPreferences replaces a subscriber's territories and topics.
func setPreferences(ctx context.Context, tx *db.Tx, id int64, zones, topics []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM newsletter_subscriber_zones WHERE subscriber_id = ?`, id); err != nil {
		return fmt.Errorf("newsletter: clear zones: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM newsletter_subscriber_topics WHERE subscriber_id = ?`, id); err != nil {
		return fmt.Errorf("newsletter: clear topics: %w", err)
	}
	for _, z := range zones {
		if _, err := tx.Exec(ctx, `INSERT INTO newsletter_subscriber_zones (subscriber_id, zone_id) VALUES (?, ?)`, id, z); err != nil {
			return fmt.Errorf("newsletter: add zone %s: %w", z, err)
		}
	}
	for _, t := range topics {
		if _, err := tx.Exec(ctx, `INSERT INTO newsletter_subscriber_topics (subscriber_id, topic) VALUES (?, ?)`, id, t); err != nil {
			return fmt.Errorf("newsletter: add topic %s: %w", t, err)
		}
	}
	return nil
}

// logConsent appends to a subscriber's consent history.
func logConsent(ctx context.Context, ex db.Execer, id int64, event, version, ip, detail string) error {
	if _, err := ex.Exec(ctx, `INSERT INTO newsletter_consents (subscriber_id, event, text_version, at, ip, detail) VALUES (?, ?, ?, ?, ?, ?)`,
		id, event, version, db.Now(), ip, detail); err != nil {
		return fmt.Errorf("newsletter: consent log: %w", err)
	}
	return nil
}

// recentEvents counts a subscriber's consent events of kind since t; it
// throttles the e-mails a form can trigger to one address.
func recentEvents(ctx context.Context, ex db.Execer, id int64, event string, since time.Time) (int, error) {
	var n int
	err := ex.QueryRow(ctx, `SELECT COUNT(*) FROM newsletter_consents WHERE subscriber_id = ? AND event = ? AND at > ?`,
		id, event, db.Time(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("newsletter: count %s events: %w", event, err)
	}
	return n, nil
}

// Counts returns how many subscribers are in each status, and how many of
// the confirmed ones bounce.
func Counts(ctx context.Context, d *db.DB) (map[string]int, int, error) {
	out := map[string]int{}
	for _, s := range Statuses {
		out[s] = 0
	}
	rows, err := d.Query(ctx, `SELECT status, COUNT(*) FROM newsletter_subscribers GROUP BY status`)
	if err != nil {
		return nil, 0, fmt.Errorf("newsletter: count subscribers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, 0, err
		}
		out[s] = n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var bounced int
	err = d.QueryRow(ctx, `SELECT COUNT(*) FROM newsletter_subscribers WHERE bounced_at IS NOT NULL AND status = 'confirmed'`).Scan(&bounced)
	return out, bounced, err
}

// ListFilter selects subscribers for the admin list.
type ListFilter struct {
	Status string // "" for all
	Query  string // part of the address
	Limit  int
	Offset int
}

// List returns a page of subscribers (without preferences), newest first,
// and the total matching.
func List(ctx context.Context, d *db.DB, f ListFilter) ([]Subscriber, int, error) {
	var where []string
	var args []any
	if f.Status != "" {
		where = append(where, "status = ?")
		args = append(args, f.Status)
	}
	if f.Query != "" {
		where = append(where, "email LIKE ? ESCAPE '\\'")
		args = append(args, "%"+likeEscape(strings.ToLower(f.Query))+"%")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM newsletter_subscribers`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("newsletter: count list: %w", err)
	}
	rows, err := d.Query(ctx, `SELECT `+subscriberColumns+` FROM newsletter_subscribers`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("newsletter: list: %w", err)
	}
	defer rows.Close()
	var out []Subscriber
	for rows.Next() {
		s, err := scanSubscriber(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *s)
	}
	return out, total, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
