package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/roles"
)

// CookieName is the session cookie. It holds 32 random bytes; the database
// holds only their SHA-256 hash, so a leaked table opens no session.
const CookieName = "session"

// startSession stores a new session for user and sets its cookie. The
// session the request came with, if any, is deleted, so an identifier
// planted before login is never promoted (no session fixation).
func (s *Service) startSession(ctx context.Context, tx *db.Tx, w http.ResponseWriter, r *http.Request, userID int64, ip string) error {
	if c, err := r.Cookie(CookieName); err == nil && wellFormedSecret(c.Value) {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hashSecret(c.Value)); err != nil {
			return fmt.Errorf("accounts: drop previous session: %w", err)
		}
	}
	secret, hash, err := newSecret()
	if err != nil {
		return err
	}
	now := db.Now()
	ua := r.UserAgent()
	if len(ua) > 300 {
		ua = ua[:300]
	}
	if _, err := tx.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, expires_at, last_seen_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, hash, userID, now, now.Add(SessionAbsolute), now, ip, validUTF8(ua)); err != nil {
		return fmt.Errorf("accounts: start session: %w", err)
	}
	http.SetCookie(w, s.sessionCookie(secret, int(SessionAbsolute/time.Second)))
	return nil
}

func (s *Service) sessionCookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: value, Path: "/", MaxAge: maxAge, // #nosec G124 -- HttpOnly and SameSite set; Secure from secureCookies (on unless the base URL is plain http)
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies()}
}

func (s *Service) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, s.sessionCookie("", -1))
}

// Load is the web stack's session loader: it returns the signed-in user of
// r with their role grants, or nil for a visitor. An unknown, expired or
// disabled user's cookie is cleared. last_seen_at is written at most every
// five minutes, so most requests only read, and a session read is used
// again until the next write to the database or for a second at most
// (sessionCache), so most requests send no query for it.
func (s *Service) Load(w http.ResponseWriter, r *http.Request) (*authz.Principal, error) {
	c, err := r.Cookie(CookieName)
	if err != nil {
		return nil, nil
	}
	if !wellFormedSecret(c.Value) {
		s.clearCookie(w)
		return nil, nil
	}
	ctx := r.Context()
	hash := hashSecret(c.Value)
	now := db.Now()
	version := s.DB.Version()
	cs, cached := s.sessions.get(hash, version, now)
	if !cached {
		cs = cachedSession{p: authz.Principal{SessionID: hash}, read: now}
		var disabled bool
		err = s.DB.QueryRow(ctx, `SELECT s.user_id, s.expires_at, s.last_seen_at, u.email, u.name, u.disabled
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`, hash).
			Scan(&cs.p.UserID, &cs.expires, &cs.lastSeen, &cs.p.Email, &cs.p.Name, &disabled)
		if errors.Is(err, sql.ErrNoRows) {
			s.clearCookie(w)
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("accounts: load session: %w", err)
		}
		if disabled {
			cs.expires = time.Time{} // ends it below
		}
	}
	if !now.Before(cs.expires) || !now.Before(cs.lastSeen.Add(SessionIdle)) {
		s.clearCookie(w)
		if _, err := s.DB.Exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hash); err != nil {
			return nil, fmt.Errorf("accounts: delete expired session: %w", err)
		}
		return nil, nil
	}
	if now.Sub(cs.lastSeen) >= sessionTouchEvery {
		// A write: the cache is stale after it, this entry included.
		if _, err := s.DB.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, now, hash); err != nil {
			return nil, fmt.Errorf("accounts: touch session: %w", err)
		}
	}
	if !cached {
		if cs.p.Grants, err = roles.For(ctx, s.DB, cs.p.UserID); err != nil {
			return nil, err
		}
		s.sessions.put(hash, version, cs)
	}
	return cs.principal(), nil
}

// endSession deletes the session with hash.
func endSession(ctx context.Context, ex db.Execer, hash string) error {
	if _, err := ex.Exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, hash); err != nil {
		return fmt.Errorf("accounts: end session: %w", err)
	}
	return nil
}

// endOtherSessions deletes every session of user except keep (which may be
// empty, to end them all): after a password reset or change, whoever knew
// the old password is signed out.
func endOtherSessions(ctx context.Context, ex db.Execer, userID int64, keep string) error {
	if _, err := ex.Exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?`, userID, keep); err != nil {
		return fmt.Errorf("accounts: end sessions of %d: %w", userID, err)
	}
	return nil
}

// PruneSessions deletes expired sessions; run by the pruner now and then.
func (s *Service) PruneSessions(ctx context.Context) error {
	now := db.Now()
	if _, err := s.DB.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`, now, now.Add(-SessionIdle)); err != nil {
		return fmt.Errorf("accounts: prune sessions: %w", err)
	}
	return nil
}
