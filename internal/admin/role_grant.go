package admin

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/roles"
	"github.com/cantieri/cantieri/internal/territory"
)

// roleGrant gives the user a role in one territory or in all of them.
func (h *Handlers) roleGrant(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := getUser(r.Context(), h.DB, id); err != nil {
		return notFound(err)
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	role, zone, err := h.validateGrant(r, f)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.renderUser(w, r, http.StatusUnprocessableEntity, f, "")
	}
	err = roles.Grant(r.Context(), h.DB, actor(r), id, role, zone)
	if errors.Is(err, roles.ErrAlreadyGranted) {
		f.AddError("", "admin.grant.already")
		return h.renderUser(w, r, http.StatusConflict, f, "")
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.admin.role_granted")
	return web.Redirect(w, r, fmt.Sprintf("/admin/utenti/%d", id))
}

// validateGrant checks the role and the territory of the grant form,
// recording every problem on f. The zone is "" for every territory; it is
// always "" for admin.
func (h *Handlers) validateGrant(r *http.Request, f *web.Form) (authz.Role, string, error) {
	f.Required("role")
	role, ok := authz.ParseRole(f.Get("role"))
	if f.Get("role") != "" && !ok {
		f.AddError("role", "admin.grant.role_invalid")
	}
	if role == authz.Admin {
		return role, "", nil
	}
	zone := f.Get("zone")
	switch zone {
	case "":
		f.AddError("zone", "admin.grant.zone_required")
	case allZones:
		zone = ""
	default:
		if _, err := territory.Zone(r.Context(), h.DB, zone); err != nil {
			if !errors.Is(err, db.ErrNotFound) {
				return "", "", err
			}
			f.AddError("zone", "admin.grant.zone_invalid")
		}
	}
	return role, zone, nil
}
