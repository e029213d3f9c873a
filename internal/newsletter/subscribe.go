package newsletter

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// SubscribeRequest is what the public form sends, already validated.
type SubscribeRequest struct {
	Email  string // normalised
	Name   string
	Lang   i18n.Lang
	Zones  []string
	Topics []string
	IP     string
}

// Throttles of the e-mails the public form can cause to one address.
const (
	resendGap         = 2 * time.Minute // a double submission sends nothing more
	maxRequestsPerDay = 5               // confirmation e-mails per address and day
	maxNoticesPerDay  = 2               // "you are already subscribed" notices per day
)

// Subscribe records a subscription request and e-mails a confirmation
// link. For an address already confirmed it changes nothing and e-mails
// its owner a link to the preferences instead. Either way it returns nil,
// so the caller shows the same page whatever the address's status.
func (s *Service) Subscribe(ctx context.Context, in SubscribeRequest) error {
	// The link key is read (or created, the first time) before the
	// transaction: on SQLite a write outside it would wait for it forever.
	sign, err := s.Keys.Signer(ctx)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		sub, err := subscriberWhere(ctx, tx, "email = ?", in.Email)
		switch {
		case errors.Is(err, db.ErrNotFound):
			return s.subscribeNew(ctx, tx, in)
		case err != nil:
			return err
		case sub.Status == StatusConfirmed:
			return s.subscribeRepeat(ctx, tx, sub, in, sign(sub.ID, sub.Email))
		}
		return s.subscribeAgain(ctx, tx, sub, in)
	})
}

func (s *Service) subscribeNew(ctx context.Context, tx *db.Tx, in SubscribeRequest) error {
	now := db.Now()
	secret, hash := newSecret()
	version := ConsentVersion()
	id, err := tx.InsertID(ctx, `INSERT INTO newsletter_subscribers (email, name, lang, status, consent_version, consent_at, consent_source,
		confirm_hash, confirm_expires_at, confirm_sent_at, created_at, updated_at)
		VALUES (?, ?, ?, 'pending', ?, ?, 'form', ?, ?, ?, ?, ?)`,
		in.Email, in.Name, string(in.Lang), version, now, hash, now.Add(ConfirmTTL), now, now, now)
	if err != nil {
		return fmt.Errorf("newsletter: add subscriber: %w", err)
	}
	if err := setPreferences(ctx, tx, id, in.Zones, in.Topics); err != nil {
		return err
	}
	if err := logConsent(ctx, tx, id, "subscribe", version, in.IP, "form"); err != nil {
		return err
	}
	return s.mailConfirm(ctx, tx, in.Email, in.Name, string(in.Lang), secret)
}

// subscribeAgain handles a pending or unsubscribed address: new consent,
// new preferences, a new link. The status changes only when the link is
// used, so an unsubscribed address stays unsubscribed until its owner
// confirms.
func (s *Service) subscribeAgain(ctx context.Context, tx *db.Tx, sub *Subscriber, in SubscribeRequest) error {
	now := db.Now()
	if !sub.confirmSentAt.IsZero() && now.Sub(sub.confirmSentAt) < resendGap {
		return nil
	}
	n, err := recentEvents(ctx, tx, sub.ID, "subscribe", now.Add(-24*time.Hour))
	if err != nil || n >= maxRequestsPerDay {
		return err
	}
	secret, hash := newSecret()
	version := ConsentVersion()
	if _, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET name = ?, lang = ?, consent_version = ?, consent_at = ?, consent_source = 'form',
		confirm_hash = ?, confirm_expires_at = ?, confirm_sent_at = ?, updated_at = ? WHERE id = ?`,
		in.Name, string(in.Lang), version, now, hash, now.Add(ConfirmTTL), now, now, sub.ID); err != nil {
		return fmt.Errorf("newsletter: renew subscription %d: %w", sub.ID, err)
	}
	if err := setPreferences(ctx, tx, sub.ID, in.Zones, in.Topics); err != nil {
		return err
	}
	if err := logConsent(ctx, tx, sub.ID, "subscribe", version, in.IP, "form"); err != nil {
		return err
	}
	return s.mailConfirm(ctx, tx, sub.Email, in.Name, string(in.Lang), secret)
}

// subscribeRepeat tells the owner of a confirmed address how to change
// their preferences; whoever filled the form cannot change them.
func (s *Service) subscribeRepeat(ctx context.Context, tx *db.Tx, sub *Subscriber, in SubscribeRequest, token string) error {
	n, err := recentEvents(ctx, tx, sub.ID, "subscribe_repeat", db.Now().Add(-24*time.Hour))
	if err != nil || n >= maxNoticesPerDay {
		return err
	}
	if err := logConsent(ctx, tx, sub.ID, "subscribe_repeat", "", in.IP, "form"); err != nil {
		return err
	}
	return s.mailAlready(ctx, tx, sub, token)
}

// Confirm uses a confirmation link: the subscription becomes confirmed,
// and a bounce recorded before is forgotten (the address works). A link of
// an address already confirmed counts as success, so a second click shows
// no error.
func (s *Service) Confirm(ctx context.Context, secret, ip string) (*Subscriber, error) {
	if !wellFormedSecret(secret) {
		return nil, errLinkInvalid
	}
	var out *Subscriber
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		sub, err := subscriberWhere(ctx, tx, "confirm_hash = ?", hashSecret(secret))
		if errors.Is(err, db.ErrNotFound) {
			return errLinkInvalid
		}
		if err != nil {
			return err
		}
		out = sub
		if sub.Status == StatusConfirmed {
			return nil
		}
		now := db.Now()
		if !now.Before(sub.confirmExpires) {
			return errLinkExpired
		}
		if _, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET status = 'confirmed', confirmed_at = ?, unsubscribed_at = NULL,
			bounced_at = NULL, bounce_note = '', updated_at = ? WHERE id = ?`, now, now, sub.ID); err != nil {
			return fmt.Errorf("newsletter: confirm %d: %w", sub.ID, err)
		}
		sub.Status, sub.ConfirmedAt = StatusConfirmed, now
		return logConsent(ctx, tx, sub.ID, "confirm", sub.ConsentVersion, ip, "link")
	})
	return out, err
}

// checkConfirmLink tells whether a confirmation link can be used, without
// using it (opening the link changes nothing, so mail scanners that fetch
// links do not confirm on the reader's behalf).
func (s *Service) checkConfirmLink(ctx context.Context, secret string) error {
	if !wellFormedSecret(secret) {
		return errLinkInvalid
	}
	sub, err := subscriberWhere(ctx, s.DB, "confirm_hash = ?", hashSecret(secret))
	switch {
	case errors.Is(err, db.ErrNotFound):
		return errLinkInvalid
	case err != nil:
		return err
	case sub.Status != StatusConfirmed && !db.Now().Before(sub.confirmExpires):
		return errLinkExpired
	}
	return nil
}

// NewLink sends a new confirmation link in place of an expired one. It
// does nothing for an address confirmed meanwhile, or within the throttle.
func (s *Service) NewLink(ctx context.Context, oldSecret, ip string) error {
	if !wellFormedSecret(oldSecret) {
		return errLinkInvalid
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		sub, err := subscriberWhere(ctx, tx, "confirm_hash = ?", hashSecret(oldSecret))
		if errors.Is(err, db.ErrNotFound) {
			return errLinkInvalid
		}
		if err != nil || sub.Status == StatusConfirmed {
			return err
		}
		now := db.Now()
		if !sub.confirmSentAt.IsZero() && now.Sub(sub.confirmSentAt) < resendGap {
			return nil
		}
		n, err := recentEvents(ctx, tx, sub.ID, "new_link", now.Add(-24*time.Hour))
		if err != nil || n >= maxRequestsPerDay {
			return err
		}
		secret, hash := newSecret()
		if _, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET confirm_hash = ?, confirm_expires_at = ?, confirm_sent_at = ?, updated_at = ? WHERE id = ?`,
			hash, now.Add(ConfirmTTL), now, now, sub.ID); err != nil {
			return fmt.Errorf("newsletter: new link %d: %w", sub.ID, err)
		}
		if err := logConsent(ctx, tx, sub.ID, "new_link", "", ip, ""); err != nil {
			return err
		}
		return s.mailConfirm(ctx, tx, sub.Email, sub.Name, sub.Lang, secret)
	})
}
