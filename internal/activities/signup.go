package activities

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Person is who signs up: a participant (UserID set, name and address
// from the account), a visitor, or someone a coordinator adds offline.
type Person struct {
	UserID      int64
	Name        string
	Email       string // required online; optional offline
	Phone       string
	AccessNeeds string
	Lang        i18n.Lang
	Consent     bool
	// Offline is true for a sign-up a coordinator records (by phone, on
	// paper); AddedBy is the coordinator.
	Offline bool
	AddedBy int64
}

// Limits of a sign-up's fields, in characters.
const (
	maxName  = 200
	maxPhone = 30
	maxNeeds = 1000
)

// Validate checks the person's fields and returns every problem at once.
func (p Person) Validate() error {
	var pr problems
	switch {
	case strings.TrimSpace(p.Name) == "":
		pr.add("name", "form.required")
	case tooLong(p.Name, maxName):
		pr.add("name", "form.too_long")
	}
	switch {
	case p.Email == "" && !p.Offline:
		pr.add("email", "form.required")
	case p.Email != "" && !web.ValidEmail(normEmail(p.Email)):
		pr.add("email", "form.email_invalid")
	}
	if p.Phone != "" && (tooLong(p.Phone, maxPhone) || strings.Trim(p.Phone, "0123456789 +()-./") != "") {
		pr.add("phone", "activities.err.phone")
	}
	if tooLong(p.AccessNeeds, maxNeeds) {
		pr.add("access_needs", "form.too_long")
	}
	if !p.Consent {
		pr.add("consent", "activities.err.consent")
	}
	return pr.err()
}

// normEmail is the form of an address that makes one person one sign-up:
// trimmed and lower-cased.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// SignupError is a sign-up refused for a reason the person must be told:
// Key is the message, Status the existing sign-up's status when the person
// was already signed up.
type SignupError struct {
	Key    string
	Status RegStatus
}

func (e *SignupError) Error() string { return "activities: sign-up refused: " + e.Key }

// signupRefusal is the error for a window state other than open.
func signupRefusal(st SignupState) error {
	switch st {
	case SignupNotYet:
		return &SignupError{Key: "activities.err.signup_not_yet"}
	case SignupClosed:
		return &SignupError{Key: "activities.err.signup_closed"}
	case SignupCancelled:
		return &SignupError{Key: "activities.err.signup_cancelled"}
	}
	return db.ErrNotFound // a draft, or an unpublished path: not there
}

// newToken returns a cancellation secret and the hash that is stored.
func newToken() (token, hash string) {
	token = rand.Text()
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SignUp records p's sign-up for activity id: confirmed while places are
// left, on the waiting list when the activity is full. The e-mail that
// says which (with the calendar file for a confirmed place, and the
// personal cancellation link) is queued in the same transaction. Under the
// activity's row lock, concurrent sign-ups can never take more places than
// there are.
func (s *Service) SignUp(ctx context.Context, actor Actor, id int64, p Person) (Registration, error) {
	p.Name, p.Email, p.Phone, p.AccessNeeds = strings.TrimSpace(p.Name), strings.TrimSpace(p.Email), strings.TrimSpace(p.Phone), strings.TrimSpace(p.AccessNeeds)
	if err := p.Validate(); err != nil {
		return Registration{}, err
	}
	if p.Lang == "" {
		p.Lang = i18n.Default
	}
	var reg Registration
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now()
		st := a.SignupAt(now)
		// Coordinators may record a sign-up outside the window, until the
		// activity starts.
		offlineOK := p.Offline && (st == SignupNotYet || st == SignupClosed) && now.Before(a.Start)
		if st != SignupOpen && !offlineOK {
			return signupRefusal(st)
		}
		email := normEmail(p.Email)
		existing, err := findByEmail(ctx, tx, id, email)
		if err != nil {
			return err
		}
		if existing != nil && existing.Status != RegCancelled {
			return &SignupError{Key: "activities.err.already_" + string(existing.Status), Status: existing.Status}
		}
		status := RegConfirmed
		if a.Full() {
			status = RegWaiting
		}
		token, hash := newToken()
		source := "online"
		if p.Offline {
			source = "offline"
		}
		var user, addedBy any
		if p.UserID != 0 {
			user = p.UserID
		}
		if p.AddedBy != 0 {
			addedBy = p.AddedBy
		}
		var confirmedAt any
		if status == RegConfirmed {
			confirmedAt = now
		}
		var consent any
		if p.Consent {
			consent = now
		}
		if existing != nil { // signing up again after cancelling: same row, back of the queue
			reg.ID = existing.ID
			_, err = tx.Exec(ctx, `UPDATE activity_registrations SET user_id = COALESCE(?, user_id), name = ?, email = ?, phone = ?, access_needs = ?,
	lang = ?, status = ?, source = ?, cancel_token_hash = ?, consent_at = ?, queued_at = ?, confirmed_at = ?, cancelled_at = NULL,
	reminded_48h_at = NULL, reminded_2h_at = NULL, added_by = ?, updated_at = ? WHERE id = ?`,
				user, p.Name, p.Email, p.Phone, p.AccessNeeds, string(p.Lang), string(status), source, hash, consent, now, confirmedAt,
				addedBy, now, existing.ID)
		} else {
			reg.ID, err = tx.InsertID(ctx, `INSERT INTO activity_registrations (activity_id, user_id, name, email, email_norm, phone, access_needs,
	lang, status, source, cancel_token_hash, consent_at, queued_at, confirmed_at, added_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				id, user, p.Name, p.Email, nullString(email), p.Phone, p.AccessNeeds, string(p.Lang), string(status), source, hash,
				consent, now, confirmedAt, addedBy, now, now)
		}
		if db.IsUniqueViolation(err) {
			return &SignupError{Key: "activities.err.already_confirmed", Status: RegConfirmed}
		}
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		if p.Offline {
			if err := record(ctx, tx, actor, "activity.registration.add_offline", "activity_registration", reg.ID, a.ZoneID,
				nil, map[string]any{"Activity": id, "Status": status}); err != nil {
				return err
			}
		}
		if err := setCode(ctx, tx, reg.ID); err != nil { // kept when signing up again
			return err
		}
		got, err := registration(ctx, tx, reg.ID)
		if err != nil {
			return err
		}
		reg = *got
		if reg.Email == "" {
			return nil
		}
		if status == RegConfirmed {
			a.Confirmed++
			return s.mailRegistration(ctx, tx, a, reg, mailConfirmed, token)
		}
		a.Waiting++
		return s.mailRegistration(ctx, tx, a, reg, mailWaiting, token)
	})
	if err != nil {
		return Registration{}, fmt.Errorf("activities: sign up for %d: %w", id, err)
	}
	return reg, nil
}

const regColumns = `id, activity_id, COALESCE(user_id, 0), name, email, phone, access_needs, lang, status, source, queued_at,
	confirmed_at, cancelled_at, created_at, COALESCE(checkin_code, '')`

func scanRegistration(sc interface{ Scan(...any) error }) (*Registration, error) {
	var r Registration
	var status, source string
	var confirmed, cancelled sql.NullTime
	if err := sc.Scan(&r.ID, &r.ActivityID, &r.UserID, &r.Name, &r.Email, &r.Phone, &r.AccessNeeds, &r.Lang, &status, &source,
		&r.QueuedAt, &confirmed, &cancelled, &r.CreatedAt, &r.Code); err != nil {
		return nil, err
	}
	r.Status, r.Offline = RegStatus(status), source == "offline"
	r.ConfirmedAt, r.CancelledAt = nullTime(confirmed), nullTime(cancelled)
	return &r, nil
}

// registration loads one sign-up with its place on the waiting list.
func registration(ctx context.Context, q db.Execer, id int64) (*Registration, error) {
	r, err := scanRegistration(q.QueryRow(ctx, `SELECT `+regColumns+` FROM activity_registrations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if r.Status == RegWaiting {
		err = q.QueryRow(ctx, `SELECT COUNT(*) FROM activity_registrations WHERE activity_id = ? AND status = 'waiting'
	AND (queued_at < ? OR (queued_at = ? AND id <= ?))`, r.ActivityID, r.QueuedAt, r.QueuedAt, r.ID).Scan(&r.Position)
	}
	return r, err
}

func findByEmail(ctx context.Context, q db.Execer, activity int64, email string) (*Registration, error) {
	if email == "" {
		return nil, nil
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM activity_registrations WHERE activity_id = ? AND email_norm = ?`, activity, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return registration(ctx, q, id)
}

// RegistrationOf returns the sign-up for activity of the signed-in user
// with the given id and address (matched by account or by address), or
// nil when there is none.
func RegistrationOf(ctx context.Context, d *db.DB, activity, userID int64, email string) (*Registration, error) {
	var id int64
	err := d.QueryRow(ctx, `SELECT id FROM activity_registrations WHERE activity_id = ? AND (user_id = ? OR email_norm = ?)
	ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, id LIMIT 1`, activity, userID, normEmail(email)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("activities: sign-up of user %d for %d: %w", userID, activity, err)
	}
	return registration(ctx, d, id)
}

// Registrations lists the sign-ups of an activity: confirmed ones first,
// then the waiting list in order, then the cancelled ones.
func Registrations(ctx context.Context, d *db.DB, activity int64) ([]Registration, error) {
	rows, err := d.Query(ctx, `SELECT `+regColumns+` FROM activity_registrations WHERE activity_id = ?
	ORDER BY CASE status WHEN 'confirmed' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, queued_at, id`, activity)
	if err != nil {
		return nil, fmt.Errorf("activities: sign-ups of %d: %w", activity, err)
	}
	defer rows.Close()
	var out []Registration
	pos := 0
	for rows.Next() {
		r, err := scanRegistration(rows)
		if err != nil {
			return nil, fmt.Errorf("activities: sign-ups of %d: %w", activity, err)
		}
		if r.Status == RegWaiting {
			pos++
			r.Position = pos
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// ErrBadToken is returned for a cancellation link that matches no sign-up.
var ErrBadToken = errors.New("activities: unknown cancellation link")

// RegistrationByToken returns the sign-up a cancellation link belongs to.
func RegistrationByToken(ctx context.Context, d *db.DB, activity int64, token string) (*Registration, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrBadToken
	}
	var id int64
	err := d.QueryRow(ctx, `SELECT id FROM activity_registrations WHERE activity_id = ? AND cancel_token_hash = ?`, activity, hashToken(token)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("activities: sign-up by link: %w", err)
	}
	return registration(ctx, d, id)
}

// CancelRegistration cancels the sign-up that token (the secret of the
// personal link) names. If it held a place, the first person on the
// waiting list gets it, in the same transaction, and is told by e-mail.
func (s *Service) CancelRegistration(ctx context.Context, actor Actor, id int64, token string) (Registration, error) {
	r, err := RegistrationByToken(ctx, s.DB, id, token)
	if err != nil {
		return Registration{}, err
	}
	return s.cancelRegistration(ctx, actor, id, r.ID)
}

// CancelRegistrationOf cancels the sign-up of a signed-in user.
func (s *Service) CancelRegistrationOf(ctx context.Context, actor Actor, id, userID int64, email string) (Registration, error) {
	r, err := RegistrationOf(ctx, s.DB, id, userID, email)
	if err != nil {
		return Registration{}, err
	}
	if r == nil {
		return Registration{}, db.ErrNotFound
	}
	return s.cancelRegistration(ctx, actor, id, r.ID)
}

func (s *Service) cancelRegistration(ctx context.Context, actor Actor, id, regID int64) (Registration, error) {
	var out Registration
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		r, err := registration(ctx, tx, regID)
		if err != nil {
			return err
		}
		out = *r
		if r.Status == RegCancelled {
			return &SignupError{Key: "activities.err.already_cancelled", Status: RegCancelled}
		}
		now := s.now()
		if a.Status == Published && !now.Before(a.Start) {
			return &SignupError{Key: "activities.err.cancel_started", Status: r.Status}
		}
		if _, err := tx.Exec(ctx, `UPDATE activity_registrations SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ?`,
			now, now, r.ID); err != nil {
			return err
		}
		if err := record(ctx, tx, actor, "activity.registration.cancel", "activity_registration", r.ID, a.ZoneID,
			map[string]any{"Activity": id, "Status": r.Status}, map[string]any{"Activity": id, "Status": RegCancelled}); err != nil {
			return err
		}
		out.Status, out.CancelledAt = RegCancelled, now
		if r.Status == RegConfirmed {
			a.Confirmed--
		} else {
			a.Waiting--
		}
		if out.Email != "" && a.Status == Published {
			if err := s.mailRegistration(ctx, tx, a, out, mailRegCancelled, ""); err != nil {
				return err
			}
		}
		_, err = s.promote(ctx, tx, Actor{Label: "automatic promotion", RequestID: actor.RequestID}, a)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("activities: cancel sign-up %d: %w", regID, err)
	}
	return out, nil
}

// promote gives free places to the waiting list, first come first
// served, while the activity is published and has not started. The caller
// holds the activity's lock and a's counts are current. It returns how
// many were promoted.
func (s *Service) promote(ctx context.Context, tx *db.Tx, actor Actor, a *Activity) (int, error) {
	now := s.now()
	if a.Status != Published || !now.Before(a.Start) || a.Waiting == 0 {
		return 0, nil
	}
	limit := a.Waiting
	if a.Capacity > 0 {
		limit = min(limit, a.Capacity-a.Confirmed)
	}
	if limit <= 0 {
		return 0, nil
	}
	rows, err := tx.Query(ctx, `SELECT id FROM activity_registrations WHERE activity_id = ? AND status = 'waiting' ORDER BY queued_at, id LIMIT ?`, a.ID, limit)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := tx.Exec(ctx, `UPDATE activity_registrations SET status = 'confirmed', confirmed_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
			return 0, err
		}
		if err := record(ctx, tx, actor, "activity.registration.promote", "activity_registration", id, a.ZoneID,
			map[string]any{"Activity": a.ID, "Status": RegWaiting}, map[string]any{"Activity": a.ID, "Status": RegConfirmed}); err != nil {
			return 0, err
		}
		a.Confirmed++
		a.Waiting--
		r, err := registration(ctx, tx, id)
		if err != nil {
			return 0, err
		}
		if r.Email != "" {
			if err := s.mailRegistration(ctx, tx, a, *r, mailPromoted, ""); err != nil {
				return 0, err
			}
		}
	}
	return len(ids), nil
}

// notifyAll e-mails everyone signed up (confirmed or waiting) about a
// change of the activity a, which is already saved.
func (s *Service) notifyAll(ctx context.Context, tx *db.Tx, a *Activity, e email) error {
	rows, err := tx.Query(ctx, `SELECT id FROM activity_registrations WHERE activity_id = ? AND status IN ('confirmed', 'waiting') AND email <> '' ORDER BY id`, a.ID)
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
	for _, id := range ids {
		r, err := registration(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.mailRegistration(ctx, tx, a, *r, e, ""); err != nil {
			return err
		}
	}
	return nil
}
