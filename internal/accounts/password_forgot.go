package accounts

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// maxResetMails bounds the reset links sent to one address per hour.
const maxResetMails = 3

// RequestReset e-mails a password-reset link valid two hours when email
// belongs to an active account; otherwise it does nothing. Either way it
// returns nil: the answer must not tell whether the address is registered.
func (s *Service) RequestReset(ctx context.Context, email string) error {
	u, err := userByEmail(ctx, s.DB, email)
	if errors.Is(err, db.ErrNotFound) {
		return nil
	}
	if err != nil || u.Disabled {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		n, err := recentTokens(ctx, tx, u.ID, purposeReset, db.Now().Add(-time.Hour))
		if err != nil || n >= maxResetMails {
			return err
		}
		secret, err := issueToken(ctx, tx, u.ID, purposeReset, "", ResetTokenTTL)
		if err != nil {
			return err
		}
		return send(ctx, tx, u.Email, u.Locale, u.Name, mailReset, s.link("/reimposta-password", secret))
	})
}

func (h *Handlers) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return h.page(w, r, http.StatusOK, "forgot", nil, nil)
}

func (h *Handlers) forgot(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	email := formEmail(f, "email")
	if !f.Valid() {
		return h.invalid(w, r, "forgot", f, nil)
	}
	if err := h.Accounts.RequestReset(r.Context(), email); err != nil {
		return err
	}
	web.SetFlash(w, "flash.accounts.reset_sent")
	return web.Redirect(w, r, "/password-dimenticata")
}
