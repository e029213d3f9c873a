package accounts

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// grantView is a role as the account page lists it.
type grantView struct {
	Role authz.Role
	// Zone is the name of the territory, or "" for every territory.
	Zone string
}

// accountData is what the account page shows.
type accountData struct {
	User   *User
	Grants []grantView
}

// grantsWithZones lists grants with the names of their territories.
func grantsWithZones(ctx context.Context, d *db.DB, grants []authz.Grant) ([]grantView, error) {
	if len(grants) == 0 {
		return nil, nil
	}
	zones, err := territory.Zones(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("accounts: zone names: %w", err)
	}
	names := make(map[string]string, len(zones))
	for _, z := range zones {
		names[z.ID] = z.Name
	}
	out := make([]grantView, 0, len(grants))
	for _, g := range grants {
		v := grantView{Role: g.Role, Zone: g.ZoneID}
		if n, ok := names[g.ZoneID]; ok {
			v.Zone = n
		}
		out = append(out, v)
	}
	return out, nil
}

// currentUser loads the signed-in user's account.
func (h *Handlers) currentUser(r *http.Request) (*User, error) {
	p := web.Principal(r)
	if p == nil {
		return nil, web.Forbidden()
	}
	return userByID(r.Context(), h.Accounts.DB, p.UserID)
}

func (h *Handlers) account(w http.ResponseWriter, r *http.Request) error {
	u, err := h.currentUser(r)
	if err != nil {
		return err
	}
	// The roles the session loader read for this request (or kept since
	// the last write: the same rows).
	grants, err := grantsWithZones(r.Context(), h.Accounts.DB, web.Principal(r).Grants)
	if err != nil {
		return err
	}
	return h.page(w, r, http.StatusOK, "account", nil, accountData{User: u, Grants: grants})
}
