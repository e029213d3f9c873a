package tracks

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Certificate is a certificate of attendance as issued.
type Certificate struct {
	ID         int64
	TrackID    int64
	Code       string
	UserID     int64
	Name       string
	Minutes    int
	Activities int
	IssuedAt   time.Time
}

// HoursIn is the certificate's hours as lang writes them.
func (c Certificate) HoursIn(lang i18n.Lang) string { return FormatHours(c.Minutes, lang) }

// ErrNotComplete is returned by Issue for a person who has not completed
// the track, or who has neither an account nor an address.
var ErrNotComplete = errors.New("tracks: track not completed")

// codeAlphabet has no look-alike characters (no 0/O, 1/I/L, U), so a code
// read off paper is typed right.
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// newCode returns a verification code like "7K3M-9QXT-2HPA": 12 random
// characters, about 59 bits.
func newCode() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(codeAlphabet[int(c)%len(codeAlphabet)])
	}
	return s.String()
}

// NormCode turns what someone typed into the stored form of a code (upper
// case, dashes where they belong), or "" when it cannot be one.
func NormCode(s string) string {
	s = strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(s))
	if len(s) != 12 {
		return ""
	}
	for _, c := range s {
		if !strings.ContainsRune(codeAlphabet, c) {
			return ""
		}
	}
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

// personCond is the WHERE condition that finds a person's certificate
// from their progress key.
func personCond(key string) (string, any, bool) {
	switch {
	case strings.HasPrefix(key, "u"):
		var id int64
		if _, err := fmt.Sscanf(key, "u%d", &id); err != nil || id <= 0 {
			return "", nil, false
		}
		return "user_id = ?", id, true
	case strings.HasPrefix(key, "e") && len(key) > 1:
		return "user_id IS NULL AND email_norm = ?", key[1:], true
	}
	return "", nil, false
}

// certificateCodes maps the progress keys of a track's people to the
// codes of their certificates.
func certificateCodes(ctx context.Context, ex db.Execer, trackID int64) (map[string]string, error) {
	rows, err := ex.Query(ctx, `SELECT code, COALESCE(user_id, 0), COALESCE(email_norm, '') FROM training_certificates WHERE track_id = ?`, trackID)
	if err != nil {
		return nil, fmt.Errorf("tracks: certificates of %d: %w", trackID, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, email string
		var user int64
		if err := rows.Scan(&code, &user, &email); err != nil {
			return nil, err
		}
		if user != 0 {
			out[fmt.Sprintf("u%d", user)] = code
		} else {
			out["e"+email] = code
		}
	}
	return out, rows.Err()
}

// Issue returns the certificate of p in t, issuing it the first time:
// only when p has completed the track (ErrNotComplete otherwise). Issuing
// twice gives the same certificate; the first issue is in the audit log.
func Issue(ctx context.Context, d *db.DB, a Actor, t *Track, p *Progress) (Certificate, error) {
	cond, arg, ok := personCond(p.Key)
	if !ok || !p.Complete {
		return Certificate{}, ErrNotComplete
	}
	var c Certificate
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		c, err = certificateWhere(ctx, tx, "track_id = ? AND "+cond, t.ID, arg)
		if err == nil || !errors.Is(err, db.ErrNotFound) {
			return err
		}
		var user, email any
		if strings.HasPrefix(p.Key, "u") {
			user = arg
		} else {
			email = arg
		}
		c = Certificate{TrackID: t.ID, Code: newCode(), UserID: p.Person.UserID, Name: p.Person.Name, Minutes: p.Minutes,
			Activities: len(p.Attended), IssuedAt: db.Now()}
		c.ID, err = tx.InsertID(ctx, `INSERT INTO training_certificates (track_id, code, user_id, email_norm, name, minutes, activities, issued_at, issued_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, t.ID, c.Code, user, email, c.Name, c.Minutes, c.Activities, c.IssuedAt, nullID(a.ID))
		if err != nil {
			return err
		}
		return a.record(ctx, tx, "track.certificate.issue", "training_certificate", c.ID, t.ZoneID, nil,
			map[string]any{"track": t.ID, "code": c.Code, "minutes": c.Minutes, "activities": c.Activities})
	})
	if db.IsUniqueViolation(err) {
		// Issued by a concurrent request on PostgreSQL: that one stands.
		return certificateWhere(ctx, d, "track_id = ? AND "+cond, t.ID, arg)
	}
	if err != nil {
		return Certificate{}, fmt.Errorf("tracks: issue certificate in %d: %w", t.ID, err)
	}
	return c, nil
}

func certificateWhere(ctx context.Context, ex db.Execer, where string, args ...any) (Certificate, error) {
	var c Certificate
	err := ex.QueryRow(ctx, `SELECT id, track_id, code, COALESCE(user_id, 0), name, minutes, activities, issued_at
		FROM training_certificates WHERE `+where, args...).Scan(&c.ID, &c.TrackID, &c.Code, &c.UserID, &c.Name, &c.Minutes, &c.Activities, &c.IssuedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Certificate{}, db.ErrNotFound
	}
	return c, err
}

// ByCode returns the certificate with the verification code (as stored,
// see NormCode), or db.ErrNotFound.
func ByCode(ctx context.Context, ex db.Execer, code string) (Certificate, error) {
	c, err := certificateWhere(ctx, ex, "code = ?", code)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return Certificate{}, fmt.Errorf("tracks: certificate %s: %w", code, err)
	}
	return c, err
}

// ShortName is the name as the public verification page shows it: the
// first name and the initials of the others ("Marco E."), enough to match
// the paper without publishing the whole name.
func ShortName(name string) string {
	parts := strings.Fields(name)
	if len(parts) == 0 {
		return ""
	}
	out := parts[0]
	for _, p := range parts[1:] {
		r := []rune(p)
		out += " " + string(r[0]) + "."
	}
	return out
}
