package newsletter

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// segmentWhere is the condition on newsletter_subscribers s that selects
// the recipients of c, with its arguments: confirmed, not bouncing, and
// matching each part of the segment that is set (a subscriber without
// territories or topics chose them all).
//
// The role part reads the accounts' users and role_grants tables, the one
// place where this feature reads another's tables: turning a role into
// addresses inside the same statement keeps a campaign's materialisation
// one INSERT … SELECT, whatever the size of the list.
func segmentWhere(c *Campaign) (string, []any) {
	cond := []string{"s.status = 'confirmed'", "s.bounced_at IS NULL"}
	var args []any
	in := func(vals []string) string {
		for _, v := range vals {
			args = append(args, v)
		}
		return "(" + marks(len(vals)) + ")"
	}
	if len(c.Zones) > 0 {
		cond = append(cond, `(NOT EXISTS (SELECT 1 FROM newsletter_subscriber_zones sz WHERE sz.subscriber_id = s.id)
			OR EXISTS (SELECT 1 FROM newsletter_subscriber_zones sz WHERE sz.subscriber_id = s.id AND sz.zone_id IN `+in(c.Zones)+`))`)
	}
	if len(c.Topics) > 0 {
		cond = append(cond, `(NOT EXISTS (SELECT 1 FROM newsletter_subscriber_topics st WHERE st.subscriber_id = s.id)
			OR EXISTS (SELECT 1 FROM newsletter_subscriber_topics st WHERE st.subscriber_id = s.id AND st.topic IN `+in(c.Topics)+`))`)
	}
	if len(c.Roles) > 0 {
		args = append(args, false) // u.disabled, before the roles in()
		q := `EXISTS (SELECT 1 FROM users u JOIN role_grants g ON g.user_id = u.id
			WHERE u.email = s.email AND u.disabled = ? AND g.role IN ` + in(c.Roles)
		if len(c.Zones) > 0 {
			q += ` AND (g.zone_id IS NULL OR g.zone_id IN ` + in(c.Zones) + `)`
		}
		cond = append(cond, q+")")
	}
	return strings.Join(cond, " AND "), args
}

// CountRecipients says how many subscribers c would reach if it started
// now.
func CountRecipients(ctx context.Context, d *db.DB, c *Campaign) (int, error) {
	cond, args := segmentWhere(c)
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM newsletter_subscribers s WHERE `+cond, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("newsletter: count recipients of %d: %w", c.ID, err)
	}
	return n, nil
}

// materialise writes the send log of c: one pending row per recipient,
// with the Message-ID every attempt will carry (<c<id>.<nonce>.<subscriber
// id>@<domain>>). It runs once, in the transaction that starts the
// campaign, and returns the number of recipients.
func materialise(ctx context.Context, tx *db.Tx, c *Campaign, domain string) (int, error) {
	cond, args := segmentWhere(c)
	prefix := fmt.Sprintf("<c%d.%s.", c.ID, c.nonce)
	res, err := tx.Exec(ctx, `INSERT INTO newsletter_sends (campaign_id, subscriber_id, state, message_id, attempts)
		SELECT ?, s.id, 'pending', ? || CAST(s.id AS TEXT) || ?, 0 FROM newsletter_subscribers s WHERE `+cond+` ON CONFLICT DO NOTHING`,
		append([]any{c.ID, prefix, "@" + domain + ">"}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("newsletter: materialise %d: %w", c.ID, err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
