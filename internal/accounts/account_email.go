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

// maxEmailChangeMails bounds the confirmation links per account and hour.
const maxEmailChangeMails = 5

// errEmailInUse is returned when the confirmed new address was taken by
// another account after the link was sent.
var errEmailInUse = errors.New("accounts: new e-mail already in use")

// RequestEmailChange e-mails a confirmation link to the new address and a
// notice to the current one. When the new address already has an account,
// that address is told so instead of receiving a link; the requester sees
// the same answer in both cases.
func (s *Service) RequestEmailChange(ctx context.Context, u *User, newEmail string, o origin) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		n, err := recentTokens(ctx, tx, u.ID, purposeChangeEmail, db.Now().Add(-time.Hour))
		if err != nil || n >= maxEmailChangeMails {
			return err
		}
		// A link is issued even when the address is taken, so that the
		// limit above counts every request.
		secret, err := issueToken(ctx, tx, u.ID, purposeChangeEmail, newEmail, ChangeEmailTokenTTL)
		if err != nil {
			return err
		}
		_, err = userByEmail(ctx, tx, newEmail)
		switch {
		case err == nil:
			err = send(ctx, tx, newEmail, u.Locale, "", mailEmailTaken, s.url("/accedi"), s.url("/password-dimenticata"))
		case errors.Is(err, db.ErrNotFound):
			err = send(ctx, tx, newEmail, u.Locale, u.Name, mailEmailConfirm, s.link("/account/email/conferma", secret))
		}
		if err != nil {
			return err
		}
		if err := send(ctx, tx, u.Email, u.Locale, u.Name, mailEmailRequested, maskEmail(newEmail), s.url("/account/password")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorLabel: u.Email, Action: "account.email_change_request", Entity: "user",
			EntityID: fmt.Sprint(u.ID), IP: o.IP, RequestID: o.RequestID})
	})
}

// ConfirmEmailChange switches the account of the link to its new address,
// which the link proved, and tells the old address.
func (s *Service) ConfirmEmailChange(ctx context.Context, secret string, userID int64, o origin) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		t, err := lookupToken(ctx, tx, secret, purposeChangeEmail)
		if err != nil {
			return err
		}
		if t.userID != userID {
			return errTokenInvalid
		}
		u, err := userByID(ctx, tx, t.userID)
		if err != nil {
			return err
		}
		if err := consumeToken(ctx, tx, t, purposeChangeEmail); err != nil {
			return err
		}
		now := db.Now()
		_, err = tx.Exec(ctx, `UPDATE users SET email = ?, email_verified_at = ?, updated_at = ? WHERE id = ?`, t.newEmail, now, now, u.ID)
		if db.IsUniqueViolation(err) {
			return errEmailInUse
		}
		if err != nil {
			return fmt.Errorf("accounts: change e-mail of %d: %w", u.ID, err)
		}
		if err := send(ctx, tx, u.Email, u.Locale, u.Name, mailEmailChanged, maskEmail(t.newEmail), s.url("/password-dimenticata")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorLabel: t.newEmail, Action: "account.email_change", Entity: "user",
			EntityID: fmt.Sprint(u.ID), Before: audit.JSON(map[string]string{"email": u.Email}),
			After: audit.JSON(map[string]string{"email": t.newEmail}), IP: o.IP, RequestID: o.RequestID})
	})
}

func (h *Handlers) emailForm(w http.ResponseWriter, r *http.Request) error {
	u, err := h.currentUser(r)
	if err != nil {
		return err
	}
	return h.page(w, r, http.StatusOK, "account_email", nil, u)
}

func (h *Handlers) changeEmail(w http.ResponseWriter, r *http.Request) error {
	u, err := h.currentUser(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	email := formEmail(f, "email")
	if email != "" && email == u.Email {
		f.AddError("email", "accounts.email.same")
	}
	current := f.Raw("current")
	if current == "" && len(f.Errors["current"]) == 0 {
		f.AddError("current", "form.required")
	}
	if !f.Valid() {
		return h.invalid(w, r, "account_email", f, u)
	}
	ctx := r.Context()
	if err := h.Accounts.checkCurrentPassword(ctx, u, current, originOf(r)); err != nil {
		if err := currentPasswordError(f, err); err != nil {
			return err
		}
		return h.invalid(w, r, "account_email", f, u)
	}
	if err := h.Accounts.RequestEmailChange(ctx, u, email, originOf(r)); err != nil {
		return err
	}
	web.SetFlash(w, "flash.accounts.email_change_sent")
	return web.Redirect(w, r, "/account")
}

func (h *Handlers) emailConfirmProblem(w http.ResponseWriter, r *http.Request, err error) error {
	if errors.Is(err, errEmailInUse) {
		return h.page(w, r, http.StatusConflict, "link_problem", nil,
			linkData{Problem: "accounts.email.in_use", Again: "/account/email", AgainKey: "accounts.link.again_email"})
	}
	return h.linkProblem(w, r, err, "/account/email", "accounts.link.again_email")
}

func (h *Handlers) emailConfirmForm(w http.ResponseWriter, r *http.Request) error {
	secret := r.URL.Query().Get("token")
	t, err := lookupToken(r.Context(), h.Accounts.DB, secret, purposeChangeEmail)
	if err == nil && t.userID != web.Principal(r).UserID {
		err = errTokenInvalid
	}
	if err != nil {
		return h.emailConfirmProblem(w, r, err)
	}
	return h.page(w, r, http.StatusOK, "email_confirm", nil, linkData{Token: secret, NewEmail: t.newEmail})
}

func (h *Handlers) confirmEmail(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if err := h.Accounts.ConfirmEmailChange(r.Context(), f.Get("token"), web.Principal(r).UserID, originOf(r)); err != nil {
		return h.emailConfirmProblem(w, r, err)
	}
	web.SetFlash(w, "flash.accounts.email_changed")
	return web.Redirect(w, r, "/account")
}
