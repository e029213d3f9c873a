package paths

import (
	"net/http"
)

const managePageSize = 25

// manageList lists the paths the user may edit, drafts included, with
// links to edit them, create one, and manage tested solutions.
func (h *Handlers) manageList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg, err := newPager(r, managePageSize)
	if err != nil {
		return err
	}
	zones, all, err := editableZones(ctx, h, r)
	if err != nil {
		return err
	}
	list, total, err := ListEditable(ctx, h.DB, zoneIDs(zones), all, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	pg.Total = total
	if err := pg.check(); err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "paths/manage_list", map[string]any{
		"Paths": list, "Pager": pg, "Zones": zones, "AllZones": all,
	})
}
