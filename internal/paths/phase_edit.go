package paths

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// phaseData is what the page editing a phase shows.
type phaseData struct {
	Path     Path
	Phase    Phase
	Statuses []PhaseStatus
	Today    Date
}

// phaseOf finds the path of the URL and its phase number {fase}.
func (h *Handlers) phaseOf(r *http.Request) (phaseData, error) {
	p, err := PathBySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return phaseData{}, notFound(err)
	}
	n, err := strconv.Atoi(r.PathValue("fase"))
	if err != nil || n < 1 || n > len(p.Phases) {
		return phaseData{}, web.NotFound()
	}
	return phaseData{Path: p, Phase: p.Phases[n-1], Statuses: PhaseStatuses, Today: h.today()}, nil
}

// phaseEdit shows the form of a phase's dates and status.
func (h *Handlers) phaseEdit(w http.ResponseWriter, r *http.Request) error {
	data, err := h.phaseOf(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	ph := data.Phase
	f.Values.Set("planned_start", ph.PlannedStart.String())
	f.Values.Set("planned_end", ph.PlannedEnd.String())
	f.Values.Set("actual_start", ph.ActualStart.String())
	f.Values.Set("actual_end", ph.ActualEnd.String())
	f.Values.Set("status", string(ph.Status))
	return h.Render.RenderForm(w, r, http.StatusOK, "paths/manage_phase", f, data)
}

// phaseUpdate saves a phase's dates and status. Nothing is saved while any
// field has a problem; every problem is shown at once.
func (h *Handlers) phaseUpdate(w http.ResponseWriter, r *http.Request) error {
	data, err := h.phaseOf(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	ch := PhaseChange{
		PlannedStart: formDate(f, "planned_start"), PlannedEnd: formDate(f, "planned_end"),
		ActualStart: formDate(f, "actual_start"), ActualEnd: formDate(f, "actual_end"),
		Status: PhaseStatus(f.Get("status")),
	}
	var pr problems
	ch.check(data.Today, &pr)
	AddTo(f, pr.err())
	if !f.Valid() {
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/manage_phase", f, data)
	}
	if err := setPhaseOn(r.Context(), h.DB, actorOf(r), data.Phase.ID, ch, data.Today); err != nil {
		if AddTo(f, err) {
			return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/manage_phase", f, data)
		}
		return notFound(err)
	}
	web.SetFlash(w, "flash.paths.phase_saved")
	return web.Redirect(w, r, fmt.Sprintf("/gestione/percorsi/%s#fase-%d", data.Path.Slug, data.Phase.Position))
}
