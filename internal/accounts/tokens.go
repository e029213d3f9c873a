package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Purposes of one-time links, as stored in account_tokens.purpose.
const (
	purposeVerify      = "verify_email"
	purposeReset       = "reset_password"
	purposeChangeEmail = "change_email"
)

// newSecret returns 32 random bytes as URL-safe text, and the SHA-256 hash
// we store in their place.
func newSecret() (secret, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("accounts: random: %w", err)
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret), nil
}

// hashSecret returns the stored form of a secret. Anything that is not one
// of our secrets hashes to a value no row holds.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// wellFormedSecret reports whether s could be one of our secrets, so that
// garbage is turned away before touching the database.
func wellFormedSecret(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// issueToken stores a one-time link for user and returns its secret.
func issueToken(ctx context.Context, ex db.Execer, userID int64, purpose, newEmail string, ttl time.Duration) (string, error) {
	secret, hash, err := newSecret()
	if err != nil {
		return "", err
	}
	now := db.Now()
	if _, err := ex.Exec(ctx, `INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, hash, userID, purpose, newEmail, now, now.Add(ttl)); err != nil {
		return "", fmt.Errorf("accounts: issue %s token: %w", purpose, err)
	}
	return secret, nil
}

// recentTokens counts the links of purpose issued to user since t; used to
// stop one address from being flooded with e-mails.
func recentTokens(ctx context.Context, ex db.Execer, userID int64, purpose string, since time.Time) (int, error) {
	var n int
	err := ex.QueryRow(ctx, `SELECT COUNT(*) FROM account_tokens WHERE user_id = ? AND purpose = ? AND created_at > ?`,
		userID, purpose, db.Time(since)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("accounts: count %s tokens: %w", purpose, err)
	}
	return n, nil
}

// token is a stored one-time link.
type token struct {
	hash     string
	userID   int64
	newEmail string
	expires  time.Time
	used     bool
}

// Problems with a link, each shown to the user with how to get a new one.
var (
	errTokenInvalid = errors.New("accounts: link not recognised")
	errTokenExpired = errors.New("accounts: link expired")
	errTokenUsed    = errors.New("accounts: link already used")
)

// lookupToken finds the live link with secret and purpose. It returns
// errTokenInvalid, errTokenExpired or errTokenUsed when it cannot be used.
func lookupToken(ctx context.Context, ex db.Execer, secret, purpose string) (*token, error) {
	if !wellFormedSecret(secret) {
		return nil, errTokenInvalid
	}
	t := &token{hash: hashSecret(secret)}
	var used sql.NullTime
	err := ex.QueryRow(ctx, `SELECT user_id, new_email, expires_at, used_at FROM account_tokens WHERE token_hash = ? AND purpose = ?`,
		t.hash, purpose).Scan(&t.userID, &t.newEmail, &t.expires, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errTokenInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: look up %s token: %w", purpose, err)
	}
	t.used = used.Valid
	switch {
	case t.used:
		return t, errTokenUsed
	case !db.Now().Before(t.expires):
		return t, errTokenExpired
	}
	return t, nil
}

// consumeToken marks the link used, with every other live link of the same
// purpose for the same user, so that an older e-mail cannot be replayed.
// It must run in the transaction that acts on the link; it returns
// errTokenUsed if a concurrent request consumed it first.
func consumeToken(ctx context.Context, tx *db.Tx, t *token, purpose string) error {
	now := db.Now()
	res, err := tx.Exec(ctx, `UPDATE account_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL`, now, t.hash)
	if err != nil {
		return fmt.Errorf("accounts: consume token: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("accounts: consume token: %w", err)
	} else if n != 1 {
		return errTokenUsed
	}
	if _, err := tx.Exec(ctx, `UPDATE account_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL`,
		now, t.userID, purpose); err != nil {
		return fmt.Errorf("accounts: retire older tokens: %w", err)
	}
	return nil
}
