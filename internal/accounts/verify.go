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

// VerifyEmail confirms the address of the account the link was sent for.
// A link already used for an address that is now verified counts as
// success, so a double click does not show an error.
func (s *Service) VerifyEmail(ctx context.Context, secret string, o origin) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		t, err := lookupToken(ctx, tx, secret, purposeVerify)
		if errors.Is(err, errTokenUsed) {
			u, uerr := userByID(ctx, tx, t.userID)
			if uerr == nil && u.Verified() {
				return nil
			}
		}
		if err != nil {
			return err
		}
		if err := consumeToken(ctx, tx, t, purposeVerify); err != nil {
			return err
		}
		now := db.Now()
		if _, err := tx.Exec(ctx, `UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?`,
			now, now, t.userID); err != nil {
			return fmt.Errorf("accounts: verify %d: %w", t.userID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: t.userID, Action: "account.verify_email", Entity: "user",
			EntityID: fmt.Sprint(t.userID), IP: o.IP, RequestID: o.RequestID})
	})
}

// linkData is what the pages of a one-time link show.
type linkData struct {
	Token string
	// Problem is the message key explaining why the link cannot be used.
	Problem string
	// Again is where to get a new link, and AgainKey its label.
	Again, AgainKey string
	// NewEmail is the address an e-mail change link confirms.
	NewEmail string
}

// linkProblem renders the page explaining why a link cannot be used and
// how to get a new one; it returns err unchanged when it is not a link
// problem.
func (h *Handlers) linkProblem(w http.ResponseWriter, r *http.Request, err error, again, againKey string) error {
	var key string
	switch {
	case errors.Is(err, errTokenExpired):
		key = "accounts.link.expired"
	case errors.Is(err, errTokenUsed):
		key = "accounts.link.used"
	case errors.Is(err, errTokenInvalid):
		key = "accounts.link.invalid"
	default:
		return err
	}
	return h.page(w, r, http.StatusGone, "link_problem", nil, linkData{Problem: key, Again: again, AgainKey: againKey})
}

func (h *Handlers) verifyProblem(w http.ResponseWriter, r *http.Request, err error) error {
	return h.linkProblem(w, r, err, "/accedi", "accounts.link.again_verify")
}

// verifyForm shows a button that confirms the address. Opening the link
// changes nothing, so mail scanners that fetch links do not use it up.
func (h *Handlers) verifyForm(w http.ResponseWriter, r *http.Request) error {
	secret := r.URL.Query().Get("token")
	if _, err := lookupToken(r.Context(), h.Accounts.DB, secret, purposeVerify); err != nil && !errors.Is(err, errTokenUsed) {
		return h.verifyProblem(w, r, err)
	}
	return h.page(w, r, http.StatusOK, "verify", nil, linkData{Token: secret})
}

func (h *Handlers) verify(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if err := h.Accounts.VerifyEmail(r.Context(), f.Get("token"), originOf(r)); err != nil {
		return h.verifyProblem(w, r, err)
	}
	web.SetFlash(w, "flash.accounts.verified")
	return web.Redirect(w, r, "/accedi")
}
