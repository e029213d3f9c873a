package accounts

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// ResetPassword sets a new password with a reset link, which it uses up.
// It also confirms the e-mail address (the link proved it) and ends every
// session of the user except keep, the one making the request if it is
// theirs.
func (s *Service) ResetPassword(ctx context.Context, t *token, password, keep string, o origin) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := consumeToken(ctx, tx, t, purposeReset); err != nil {
			return err
		}
		now := db.Now()
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = ?, email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?`,
			hash, now, now, t.userID); err != nil {
			return fmt.Errorf("accounts: reset password of %d: %w", t.userID, err)
		}
		if err := endOtherSessions(ctx, tx, t.userID, keep); err != nil {
			return err
		}
		u, err := userByID(ctx, tx, t.userID)
		if err != nil {
			return err
		}
		if err := send(ctx, tx, u.Email, u.Locale, u.Name, mailPasswordChanged, s.url("/password-dimenticata")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorLabel: u.Email, Action: "account.password_reset", Entity: "user",
			EntityID: fmt.Sprint(u.ID), IP: o.IP, RequestID: o.RequestID})
	})
}

func (h *Handlers) resetProblem(w http.ResponseWriter, r *http.Request, err error) error {
	return h.linkProblem(w, r, err, "/password-dimenticata", "accounts.link.again_reset")
}

func (h *Handlers) resetForm(w http.ResponseWriter, r *http.Request) error {
	secret := r.URL.Query().Get("token")
	if _, err := lookupToken(r.Context(), h.Accounts.DB, secret, purposeReset); err != nil {
		return h.resetProblem(w, r, err)
	}
	return h.page(w, r, http.StatusOK, "reset", nil, linkData{Token: secret})
}

func (h *Handlers) reset(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	secret := f.Get("token")
	t, err := lookupToken(ctx, h.Accounts.DB, secret, purposeReset)
	if err != nil {
		return h.resetProblem(w, r, err)
	}
	u, err := userByID(ctx, h.Accounts.DB, t.userID)
	if err != nil {
		return err
	}
	pw := formNewPassword(f, u.Email, u.Name)
	if !f.Valid() {
		return h.invalid(w, r, "reset", f, linkData{Token: secret})
	}
	keep := ""
	if p := web.Principal(r); p != nil && p.UserID == u.ID {
		keep = p.SessionID
	}
	if err := h.Accounts.ResetPassword(ctx, t, pw, keep, originOf(r)); err != nil {
		return h.resetProblem(w, r, err)
	}
	web.SetFlash(w, "flash.accounts.password_reset")
	if keep != "" {
		return web.Redirect(w, r, "/account")
	}
	return web.Redirect(w, r, "/accedi")
}
