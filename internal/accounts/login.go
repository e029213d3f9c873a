package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Reasons a login is refused.
var (
	errThrottled      = errors.New("accounts: too many failed logins")
	errBadCredentials = errors.New("accounts: wrong e-mail or password")
	errUnverified     = errors.New("accounts: e-mail not verified")
	errDisabled       = errors.New("accounts: account disabled")
)

// authenticate checks email and password. It refuses, before looking at
// the account, when logins for that e-mail or from that address are
// throttled; it records every failure. Only the owner of the password
// learns that the account is unverified or disabled.
func (s *Service) authenticate(ctx context.Context, email, password string, o origin) (*User, bool, error) {
	key := throttleKey(email)
	if t, err := throttled(ctx, s.DB, key, o.IP); err != nil {
		return nil, false, err
	} else if t {
		return nil, false, errThrottled
	}
	u, err := userByEmail(ctx, s.DB, key)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, false, err
	}
	ok, rehash := false, false
	if u == nil {
		burnPasswordCheck(password)
	} else {
		ok, rehash = checkPassword(u.PasswordHash, password)
	}
	if !ok {
		s.maybePrune(ctx)
		return nil, false, s.loginFailed(ctx, u, key, o, errBadCredentials)
	}
	switch {
	case u.Disabled:
		return u, false, errDisabled
	case !u.Verified():
		return u, false, errUnverified
	}
	return u, rehash, nil
}

// loginFailed records a failed login (never the password) and returns why.
func (s *Service) loginFailed(ctx context.Context, u *User, key string, o origin, why error) error {
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := recordFailure(ctx, tx, key, o.IP); err != nil {
			return err
		}
		e := audit.Entry{ActorLabel: key, Action: "auth.login_failure", Entity: "user", IP: o.IP, RequestID: o.RequestID}
		if u != nil {
			e.EntityID = fmt.Sprint(u.ID)
		}
		return audit.Record(ctx, tx, e)
	})
	if err != nil {
		return err
	}
	return why
}

// logIn starts a new session for u, forgets its failed logins, upgrades the
// password hash when asked, and records the login.
func (s *Service) logIn(ctx context.Context, w http.ResponseWriter, r *http.Request, u *User, password string, rehash bool) error {
	var newHash string
	if rehash {
		var err error
		if newHash, err = hashPassword(password); err != nil {
			return err
		}
	}
	o := originOf(r)
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := s.startSession(ctx, tx, w, r, u.ID, o.IP); err != nil {
			return err
		}
		if err := clearFailures(ctx, tx, u.Email); err != nil {
			return err
		}
		if newHash != "" {
			if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, newHash, u.ID); err != nil {
				return fmt.Errorf("accounts: rehash %d: %w", u.ID, err)
			}
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorLabel: u.Email, Action: "auth.login", Entity: "user",
			EntityID: fmt.Sprint(u.ID), IP: o.IP, RequestID: o.RequestID})
	})
}

// resendVerification e-mails a new verification link to an unverified
// user who typed the right password, unless one went out in the last ten
// minutes.
func (s *Service) resendVerification(ctx context.Context, u *User) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		n, err := recentTokens(ctx, tx, u.ID, purposeVerify, db.Now().Add(-10*time.Minute))
		if err != nil || n > 0 {
			return err
		}
		secret, err := issueToken(ctx, tx, u.ID, purposeVerify, "", VerifyTokenTTL)
		if err != nil {
			return err
		}
		return send(ctx, tx, u.Email, u.Locale, u.Name, mailVerify, s.link("/verifica-email", secret))
	})
}

// loginData is what the login page needs besides its form.
type loginData struct{ Next string }

func (h *Handlers) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := nextURL(r.URL.Query().Get("next"))
	if web.Principal(r) != nil {
		return web.Redirect(w, r, next)
	}
	return h.page(w, r, http.StatusOK, "login", nil, loginData{Next: next})
}

func (h *Handlers) login(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	data := loginData{Next: nextURL(f.Get("next"))}
	email := formEmail(f, "email")
	pw := f.Raw("password")
	if pw == "" && len(f.Errors["password"]) == 0 {
		f.AddError("password", "form.required")
	}
	if len([]rune(pw)) > MaxPasswordLen {
		f.AddError("password", "form.too_long")
	}
	if !f.Valid() {
		return h.invalid(w, r, "login", f, data)
	}
	ctx := r.Context()
	u, rehash, err := h.Accounts.authenticate(ctx, email, pw, originOf(r))
	switch {
	case errors.Is(err, errThrottled):
		return h.page(w, r, http.StatusTooManyRequests, "throttled", nil, nil)
	case errors.Is(err, errBadCredentials):
		f.AddError("", "accounts.login.failed")
		return h.invalid(w, r, "login", f, data)
	case errors.Is(err, errDisabled):
		f.AddError("", "accounts.login.disabled")
		return h.page(w, r, http.StatusForbidden, "login", f, data)
	case errors.Is(err, errUnverified):
		if err := h.Accounts.resendVerification(ctx, u); err != nil {
			return err
		}
		return h.page(w, r, http.StatusForbidden, "unverified", nil, nil)
	case err != nil:
		return err
	}
	if err := h.Accounts.logIn(ctx, w, r, u, pw, rehash); err != nil {
		return err
	}
	return web.Redirect(w, r, data.Next)
}
