package accounts

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// logOut ends the session of p and records it.
func (s *Service) logOut(ctx context.Context, p *authz.Principal, o origin) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if err := endSession(ctx, tx, p.SessionID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: p.UserID, ActorLabel: p.Email, Action: "auth.logout", Entity: "user",
			EntityID: fmt.Sprint(p.UserID), IP: o.IP, RequestID: o.RequestID})
	})
}

// logout signs the user out. Without a session (it expired, or a second
// click) it simply returns home.
func (h *Handlers) logout(w http.ResponseWriter, r *http.Request) error {
	if p := web.Principal(r); p != nil {
		if err := h.Accounts.logOut(r.Context(), p, originOf(r)); err != nil {
			return err
		}
		web.SetFlash(w, "flash.accounts.logged_out")
	}
	h.Accounts.clearCookie(w)
	return web.Redirect(w, r, "/")
}
