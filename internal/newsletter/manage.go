package newsletter

import (
	"context"
	"errors"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// ByToken returns the subscriber a personal link belongs to, or
// errLinkInvalid.
func (s *Service) ByToken(ctx context.Context, token string) (*Subscriber, error) {
	id, ok := parseToken(token)
	if !ok {
		return nil, errLinkInvalid
	}
	sub, err := SubscriberByID(ctx, s.DB, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, errLinkInvalid
	}
	if err != nil {
		return nil, err
	}
	good, err := s.Keys.verify(ctx, token, sub.ID, sub.Email)
	if err != nil {
		return nil, err
	}
	if !good {
		return nil, errLinkInvalid
	}
	return sub, nil
}

// Preferences is what a subscriber may change from their personal link.
type Preferences struct {
	Name   string
	Lang   i18n.Lang
	Zones  []string
	Topics []string
}

// SavePreferences stores a subscriber's choices.
func (s *Service) SavePreferences(ctx context.Context, id int64, p Preferences) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET name = ?, lang = ?, updated_at = ? WHERE id = ?`,
			p.Name, string(p.Lang), db.Now(), id); err != nil {
			return fmt.Errorf("newsletter: save preferences %d: %w", id, err)
		}
		return setPreferences(ctx, tx, id, p.Zones, p.Topics)
	})
}

// Unsubscribe takes a subscriber off the list at once. It is idempotent.
// The pending confirmation link stops working, so an old e-mail cannot
// subscribe the address again. via says how ("one-click", "page").
func (s *Service) Unsubscribe(ctx context.Context, sub *Subscriber, ip, via string) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		res, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET status = 'unsubscribed', unsubscribed_at = ?, confirm_hash = NULL, updated_at = ?
			WHERE id = ? AND status <> 'unsubscribed'`, now, now, sub.ID)
		if err != nil {
			return fmt.Errorf("newsletter: unsubscribe %d: %w", sub.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return logConsent(ctx, tx, sub.ID, "unsubscribe", "", ip, via)
	})
}
