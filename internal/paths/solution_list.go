package paths

import (
	"net/http"
)

// solutionList lists the tested solutions of the zones the user may edit.
func (h *Handlers) solutionList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	zones, all, err := editableZones(ctx, h, r)
	if err != nil {
		return err
	}
	list, err := SolutionsIn(ctx, h.DB, zoneIDs(zones), all)
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "paths/solutions", map[string]any{"Solutions": list})
}
