package newsletter

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// newSecret returns 32 random bytes as URL-safe text and the SHA-256 hash
// stored in their place (confirmation links).
func newSecret() (secret, hash string) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// wellFormedSecret turns garbage away before it reaches the database.
func wellFormedSecret(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// Keyring signs the personal links of subscribers (preferences and
// unsubscription). A link is "<id>.<mac>", the MAC an HMAC-SHA256 of the
// subscriber's id and address under a secret kept in newsletter_keys: no
// per-subscriber secret is stored, every message of a campaign can carry
// its links without a write, and a link stops working if the address
// changes (so an id reused after a deletion cannot be managed with an old
// link).
type Keyring struct {
	d *db.DB

	mu  sync.Mutex
	key []byte
}

// NewKeyring returns the keyring of d; the key is loaded, or created, on
// first use, which writes: never call it first inside a transaction (on
// SQLite the write would wait for the transaction's own connection).
func NewKeyring(d *db.DB) *Keyring { return &Keyring{d: d} }

func (k *Keyring) secret(ctx context.Context) ([]byte, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.key != nil {
		return k.key, nil
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	if _, err := k.d.Exec(ctx, `INSERT INTO newsletter_keys (id, secret, created_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING`,
		hex.EncodeToString(b), db.Now()); err != nil {
		return nil, fmt.Errorf("newsletter: create link key: %w", err)
	}
	var s string
	if err := k.d.W.QueryRowContext(ctx, `SELECT secret FROM newsletter_keys WHERE id = 1`).Scan(&s); err != nil {
		return nil, fmt.Errorf("newsletter: read link key: %w", err)
	}
	key, err := hex.DecodeString(s)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("newsletter: link key is corrupt")
	}
	k.key = key
	return key, nil
}

// Signer returns a function that makes the personal link token of a
// subscriber, for signing many links at once (a campaign).
func (k *Keyring) Signer(ctx context.Context) (func(id int64, email string) string, error) {
	key, err := k.secret(ctx)
	if err != nil {
		return nil, err
	}
	return func(id int64, email string) string { return sign(key, id, email) }, nil
}

// Token returns the personal link token of one subscriber.
func (k *Keyring) Token(ctx context.Context, id int64, email string) (string, error) {
	sign, err := k.Signer(ctx)
	if err != nil {
		return "", err
	}
	return sign(id, email), nil
}

func sign(key []byte, id int64, email string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "newsletter-link\x00%d\x00%s", id, email)
	return strconv.FormatInt(id, 36) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}

// parseToken returns the subscriber id a token claims; the caller loads
// the subscriber and checks the token against its address with verify.
func parseToken(token string) (int64, bool) {
	idPart, mac, ok := strings.Cut(token, ".")
	if !ok || len(idPart) == 0 || len(idPart) > 13 || len(mac) != 22 {
		return 0, false
	}
	id, err := strconv.ParseInt(idPart, 36, 64)
	return id, err == nil && id > 0
}

// verify reports whether token is the link token of (id, email).
func (k *Keyring) verify(ctx context.Context, token string, id int64, email string) (bool, error) {
	key, err := k.secret(ctx)
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(token), []byte(sign(key, id, email))), nil
}
