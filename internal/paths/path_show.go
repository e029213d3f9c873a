package paths

import (
	"net/http"
)

// pathData is what the path and schedule pages show.
type pathData struct {
	Path      Path
	Progress  Progress
	Solutions []Solution
	Gantt     Gantt
	Today     Date
	CanEdit   bool
	// Preview is true for a draft, shown only to its editors, with a
	// banner saying the public cannot see it.
	Preview bool
}

// pathShow is the page of a path: its phases, their status and the
// progress at a glance.
func (h *Handlers) pathShow(w http.ResponseWriter, r *http.Request) error {
	p, err := h.visiblePath(r)
	if err != nil {
		return err
	}
	all, err := Solutions(r.Context(), h.DB, p.ZoneID)
	if err != nil {
		return err
	}
	data := pathData{Path: p, Progress: p.Progress(), CanEdit: canEdit(r, p.ZoneID), Preview: p.IsDraft(), Today: h.today()}
	for _, s := range all {
		if s.PathID == p.ID {
			data.Solutions = append(data.Solutions, s)
		}
	}
	privateIfDraft(w, p)
	return h.Render.Render(w, r, http.StatusOK, "paths/path", data)
}

// pathSchedule is the schedule (cronoprogramma) of a path: a Gantt chart
// drawn as SVG, planned against actual, with the same data as a table.
func (h *Handlers) pathSchedule(w http.ResponseWriter, r *http.Request) error {
	p, err := h.visiblePath(r)
	if err != nil {
		return err
	}
	day := h.today()
	data := pathData{Path: p, Progress: p.Progress(), CanEdit: canEdit(r, p.ZoneID), Preview: p.IsDraft(), Today: day,
		Gantt: NewGantt(p, day, webLang(r))}
	privateIfDraft(w, p)
	return h.Render.Render(w, r, http.StatusOK, "paths/schedule", data)
}
