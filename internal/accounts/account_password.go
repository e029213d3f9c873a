package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// checkCurrentPassword verifies the password a signed-in user retypes to
// confirm a sensitive change. Wrong answers count as failed logins, so a
// stolen session cannot be used to guess the password.
func (s *Service) checkCurrentPassword(ctx context.Context, u *User, password string, o origin) error {
	if t, err := throttled(ctx, s.DB, u.Email, o.IP); err != nil {
		return err
	} else if t {
		return errThrottled
	}
	if ok, _ := checkPassword(u.PasswordHash, password); !ok {
		return s.loginFailed(ctx, u, u.Email, o, errBadCredentials)
	}
	return nil
}

// ChangePassword sets a new password for u and ends their other sessions.
func (s *Service) ChangePassword(ctx context.Context, u *User, password, keep string, o origin) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, db.Now(), u.ID); err != nil {
			return fmt.Errorf("accounts: change password of %d: %w", u.ID, err)
		}
		if err := endOtherSessions(ctx, tx, u.ID, keep); err != nil {
			return err
		}
		if err := send(ctx, tx, u.Email, u.Locale, u.Name, mailPasswordChanged, s.url("/password-dimenticata")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorLabel: u.Email, Action: "account.password_change", Entity: "user",
			EntityID: fmt.Sprint(u.ID), IP: o.IP, RequestID: o.RequestID})
	})
}

// currentPasswordError adds the right message for a failed check of the
// current password to f, or returns err when it is not such a failure.
func currentPasswordError(f *web.Form, err error) error {
	switch {
	case errors.Is(err, errBadCredentials):
		f.AddError("current", "accounts.current.wrong")
	case errors.Is(err, errThrottled):
		f.AddError("current", "accounts.current.throttled")
	default:
		return err
	}
	return nil
}

func (h *Handlers) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return h.page(w, r, http.StatusOK, "account_password", nil, nil)
}

func (h *Handlers) changePassword(w http.ResponseWriter, r *http.Request) error {
	u, err := h.currentUser(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	current := f.Raw("current")
	if current == "" && len(f.Errors["current"]) == 0 {
		f.AddError("current", "form.required")
	}
	pw := formNewPassword(f, u.Email, u.Name)
	if !f.Valid() {
		return h.invalid(w, r, "account_password", f, nil)
	}
	ctx := r.Context()
	if err := h.Accounts.checkCurrentPassword(ctx, u, current, originOf(r)); err != nil {
		if err := currentPasswordError(f, err); err != nil {
			return err
		}
		return h.invalid(w, r, "account_password", f, nil)
	}
	if err := h.Accounts.ChangePassword(ctx, u, pw, web.Principal(r).SessionID, originOf(r)); err != nil {
		return err
	}
	web.SetFlash(w, "flash.accounts.password_changed")
	return web.Redirect(w, r, "/account")
}
