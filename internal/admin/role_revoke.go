package admin

import (
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/roles"
)

// roleRevoke takes a role away from a user. An admin may not revoke their
// own last admin grant: nobody would be left to give it back to them, and
// the platform could be left without any admin.
func (h *Handlers) roleRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	grantID, err := pathID(r, "grant")
	if err != nil {
		return err
	}
	grants, err := roles.List(r.Context(), h.DB, id)
	if err != nil {
		return err
	}
	var target *roles.GrantRow
	admins := 0
	for i, g := range grants {
		if g.ID == grantID {
			target = &grants[i]
		}
		if g.Role == authz.Admin {
			admins++
		}
	}
	if target == nil {
		return web.NotFound()
	}
	if p := web.Principal(r); p != nil && p.UserID == id && target.Role == authz.Admin && admins == 1 {
		return h.renderUser(w, r, http.StatusConflict, web.NewForm(), "admin.revoke.own_admin")
	}
	if err := roles.Revoke(r.Context(), h.DB, actor(r), id, grantID); err != nil {
		return notFound(err)
	}
	web.SetFlash(w, "flash.admin.role_revoked")
	return web.Redirect(w, r, fmt.Sprintf("/admin/utenti/%d", id))
}
