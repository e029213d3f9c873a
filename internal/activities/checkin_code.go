package activities

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// A check-in code names one sign-up: ten characters of a 32-symbol
// alphabet without look-alikes (no 0 or O, no 1 or I), shown in two groups of five
// ("K7M2Q-XW4TR"), 50 random bits. It is printed on the register, in the
// confirmation e-mail and on the ticket page, with a QR code of the
// check-in URL. It is a bearer secret: whoever has it sees the person's
// ticket, and a coordinator of the activity's zone can check them in.
const (
	codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // 32 symbols: 256 % 32 == 0, no bias
	codeLen      = 10
)

// newCode returns a fresh random code, ungrouped.
func newCode() string {
	b := make([]byte, codeLen)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b)
}

// GroupCode writes a stored code for people: "K7M2Q-XW4TR".
func GroupCode(code string) string {
	if len(code) != codeLen {
		return code
	}
	return code[:5] + "-" + code[5:]
}

// NormCode reads a code as typed, pasted or scanned: case, spaces, dots
// and dashes do not matter, and a scanned check-in URL gives its last
// segment. It returns "" when s cannot be a code (wrong length, a
// character outside the alphabet).
func NormCode(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 40 {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ' || r == '.':
		case r < 128 && strings.ContainsRune(codeAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	if b.Len() != codeLen {
		return ""
	}
	return b.String()
}

// setCode gives sign-up id a check-in code if it has none, in tx. A
// collision of two random 50-bit codes is too unlikely to retry for: the
// unique index turns it into an error, never into two people with one
// code.
func setCode(ctx context.Context, tx db.Execer, id int64) error {
	if _, err := tx.Exec(ctx, `UPDATE activity_registrations SET checkin_code = ? WHERE id = ? AND checkin_code IS NULL`, newCode(), id); err != nil {
		return fmt.Errorf("activities: check-in code of sign-up %d: %w", id, err)
	}
	return nil
}

// CheckinCode returns the check-in code of sign-up id, making one for a
// sign-up made before codes existed.
func CheckinCode(ctx context.Context, d *db.DB, id int64) (string, error) {
	var code sql.NullString
	if err := d.QueryRow(ctx, `SELECT checkin_code FROM activity_registrations WHERE id = ?`, id).Scan(&code); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", db.ErrNotFound
		}
		return "", fmt.Errorf("activities: check-in code of %d: %w", id, err)
	}
	if code.Valid {
		return code.String, nil
	}
	if err := d.Tx(ctx, func(tx *db.Tx) error { return setCode(ctx, tx, id) }); err != nil {
		return "", err
	}
	return CheckinCode(ctx, d, id)
}

// ensureCodes gives every sign-up of activity without a code one, before
// the register or the attendance screen lists them.
func ensureCodes(ctx context.Context, d *db.DB, activity int64) error {
	ids, err := int64s(ctx, d, `SELECT id FROM activity_registrations WHERE activity_id = ? AND checkin_code IS NULL`, activity)
	if err != nil || len(ids) == 0 {
		return err
	}
	return d.Tx(ctx, func(tx *db.Tx) error {
		for _, id := range ids {
			if err := setCode(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// RegistrationByCode returns the sign-up whose check-in code is code
// (normalised), whatever its activity; db.ErrNotFound when none.
func RegistrationByCode(ctx context.Context, q db.Execer, code string) (*Registration, error) {
	code = NormCode(code)
	if code == "" {
		return nil, db.ErrNotFound
	}
	var id int64
	err := q.QueryRow(ctx, `SELECT id FROM activity_registrations WHERE checkin_code = ?`, code).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("activities: sign-up by code: %w", err)
	}
	return registration(ctx, q, id)
}

// int64s runs a query of one integer column.
func int64s(ctx context.Context, q db.Execer, query string, args ...any) ([]int64, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
