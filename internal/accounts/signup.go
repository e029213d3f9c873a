package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// SignUp is what the sign-up form asks for.
type SignUp struct {
	Email    string // normalised
	Name     string
	Password string // already checked against the policy
	Lang     i18n.Lang
}

// maxAlreadyMails bounds the "someone tried to register with your address"
// e-mails per address and hour, so the form cannot flood a mailbox.
const maxAlreadyMails = 3

// SignUp creates an unverified account and e-mails a verification link.
// When the address is taken it e-mails its owner instead, saying someone
// tried to register and how to log in or reset the password. Both cases
// return nil, and take the time of a password hash, so the caller cannot
// tell them apart.
func (s *Service) SignUp(ctx context.Context, in SignUp, o origin) error {
	hash, err := hashPassword(in.Password)
	if err != nil {
		return err
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		id, err := insertUser(ctx, tx, in.Email, in.Name, hash, string(in.Lang), false)
		if err != nil {
			return err
		}
		secret, err := issueToken(ctx, tx, id, purposeVerify, "", VerifyTokenTTL)
		if err != nil {
			return err
		}
		if err := send(ctx, tx, in.Email, string(in.Lang), in.Name, mailVerify, s.link("/verifica-email", secret)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: id, ActorLabel: in.Email, Action: "account.signup",
			Entity: "user", EntityID: fmt.Sprint(id), IP: o.IP, RequestID: o.RequestID})
	})
	if errors.Is(err, errEmailTaken) {
		return s.signUpTaken(ctx, in, o)
	}
	return err
}

// signUpTaken tells the owner of a registered address that someone tried
// to sign up with it, unless this is the double submission of a sign-up
// made minutes ago (whose verification e-mail is on its way).
func (s *Service) signUpTaken(ctx context.Context, in SignUp, o origin) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		u, err := userByEmail(ctx, tx, in.Email)
		if err != nil {
			return err
		}
		if !u.Verified() && db.Now().Sub(u.CreatedAt) < 10*time.Minute {
			return nil
		}
		var recent int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND entity_id = ? AND action = 'account.signup_existing' AND at > ?`,
			fmt.Sprint(u.ID), db.Now().Add(-time.Hour)).Scan(&recent); err != nil {
			return fmt.Errorf("accounts: count sign-up attempts: %w", err)
		}
		if recent >= maxAlreadyMails || u.Disabled {
			return nil
		}
		if err := send(ctx, tx, u.Email, u.Locale, u.Name, mailAlreadySignedUp, s.url("/accedi"), s.url("/password-dimenticata")); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "account.signup_existing", Entity: "user", EntityID: fmt.Sprint(u.ID),
			IP: o.IP, RequestID: o.RequestID})
	})
}

func (h *Handlers) signupForm(w http.ResponseWriter, r *http.Request) error {
	if web.Principal(r) != nil {
		return web.Redirect(w, r, "/account")
	}
	return h.page(w, r, http.StatusOK, "signup", nil, nil)
}

func (h *Handlers) signup(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	name := formName(f)
	email := formEmail(f, "email")
	pw := formNewPassword(f, email, name)
	if !f.Checked("privacy") {
		f.AddError("privacy", "accounts.signup.privacy_required")
	}
	if !f.Valid() {
		return h.invalid(w, r, "signup", f, nil)
	}
	in := SignUp{Email: email, Name: name, Password: pw, Lang: web.Lang(r)}
	if err := h.Accounts.SignUp(r.Context(), in, originOf(r)); err != nil {
		return err
	}
	return web.Redirect(w, r, "/registrati/controlla-email")
}

func (h *Handlers) signupSent(w http.ResponseWriter, r *http.Request) error {
	return h.page(w, r, http.StatusOK, "signup_sent", nil, nil)
}
