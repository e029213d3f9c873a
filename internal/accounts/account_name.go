package accounts

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// ChangeName sets the display name of u.
func (s *Service) ChangeName(ctx context.Context, u *User, name string, o origin) error {
	if name == u.Name {
		return nil
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET name = ?, updated_at = ? WHERE id = ?`, name, db.Now(), u.ID); err != nil {
			return fmt.Errorf("accounts: rename %d: %w", u.ID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, ActorLabel: u.Email, Action: "account.name_change", Entity: "user",
			EntityID: fmt.Sprint(u.ID), Before: audit.JSON(map[string]string{"name": u.Name}),
			After: audit.JSON(map[string]string{"name": name}), IP: o.IP, RequestID: o.RequestID})
	})
}

func (h *Handlers) nameForm(w http.ResponseWriter, r *http.Request) error {
	u, err := h.currentUser(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("name", u.Name)
	return h.page(w, r, http.StatusOK, "account_name", f, nil)
}

func (h *Handlers) changeName(w http.ResponseWriter, r *http.Request) error {
	u, err := h.currentUser(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	name := formName(f)
	if !f.Valid() {
		return h.invalid(w, r, "account_name", f, nil)
	}
	if err := h.Accounts.ChangeName(r.Context(), u, name, originOf(r)); err != nil {
		return err
	}
	web.SetFlash(w, "flash.accounts.name_changed")
	return web.Redirect(w, r, "/account")
}
