package admin

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/roles"
	"github.com/cantieri/cantieri/internal/territory"
)

// userPage is a user with their roles and the form to grant one more.
type userPage struct {
	User   user
	Grants []grantView
	Roles  []authz.Role
	Zones  []territory.ZoneSummary
	// RevokeError is a message key explaining why a revocation was refused.
	RevokeError string
	Self        bool
}

// grantView is a grant with its territory's name ("" for every territory).
type grantView struct {
	roles.GrantRow
	ZoneName string
}

// allZones is the value of the zone select meaning every territory.
const allZones = "*"

// userShow shows a user and their roles.
func (h *Handlers) userShow(w http.ResponseWriter, r *http.Request) error {
	return h.renderUser(w, r, http.StatusOK, web.NewForm(), "")
}

// renderUser shows the user of the request with form (the grant form, with
// its values and errors) and, when revokeError is set, why a revocation was
// refused.
func (h *Handlers) renderUser(w http.ResponseWriter, r *http.Request, status int, form *web.Form, revokeError string) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := getUser(r.Context(), h.DB, id)
	if err != nil {
		return notFound(err)
	}
	zones, err := territory.Zones(r.Context(), h.DB)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(zones))
	for _, z := range zones {
		names[z.ID] = z.Name
	}
	grants, err := roles.List(r.Context(), h.DB, id)
	if err != nil {
		return err
	}
	views := make([]grantView, len(grants))
	for i, g := range grants {
		views[i] = grantView{GrantRow: g, ZoneName: names[g.ZoneID]}
		if g.ZoneID != "" && views[i].ZoneName == "" {
			views[i].ZoneName = g.ZoneID
		}
	}
	p := web.Principal(r)
	data := userPage{User: u, Grants: views, Roles: authz.GrantableRoles, Zones: zones,
		RevokeError: revokeError, Self: p != nil && p.UserID == u.ID}
	return h.Render.RenderForm(w, r, status, "admin/user", form, data)
}
