package paths

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// solutionData is what the form of a tested solution offers.
type solutionData struct {
	// Solution is the one edited; nil on the creation form.
	Solution *Solution
	// Zones the user may edit (creation only); Paths of those zones, or of
	// the solution's zone, drafts included.
	Zones []territory.ZoneSummary
	Paths []Path
}

func (h *Handlers) solutionData(r *http.Request, s *Solution) (solutionData, error) {
	ctx := r.Context()
	data := solutionData{Solution: s}
	var ids []string
	var all bool
	if s != nil {
		ids = []string{s.ZoneID}
	} else {
		var err error
		if data.Zones, all, err = editableZones(ctx, h, r); err != nil {
			return data, err
		}
		ids = zoneIDs(data.Zones)
	}
	paths, _, err := ListEditable(ctx, h.DB, ids, all, 500, 0)
	data.Paths = paths
	return data, err
}

func solutionInput(f *web.Form) SolutionInput {
	return SolutionInput{Zone: f.Get("zone"), Path: f.Get("path"), Title: formText(f, "title"),
		Summary: formText(f, "summary"), Body: formText(f, "body")}
}

// solutionNew shows the form of a new tested solution; ?zona= and
// ?percorso= preselect its zone and path.
func (h *Handlers) solutionNew(w http.ResponseWriter, r *http.Request) error {
	data, err := h.solutionData(r, nil)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("zone", r.URL.Query().Get("zona"))
	f.Values.Set("path", r.URL.Query().Get("percorso"))
	return h.Render.RenderForm(w, r, http.StatusOK, "paths/solution_form", f, data)
}

// solutionCreate records a tested solution. A zone the user may not edit
// is refused with 403.
func (h *Handlers) solutionCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := solutionInput(f)
	if in.Zone != "" && !canEdit(r, in.Zone) {
		if _, err := territory.Zone(r.Context(), h.DB, in.Zone); err == nil {
			return web.Forbidden()
		}
	}
	if !f.Valid() {
		AddTo(f, in.Validate(r.Context(), h.DB, in.Zone))
	} else if _, err = CreateSolution(r.Context(), h.DB, actorOf(r), in); err != nil {
		AddTo(f, err)
	}
	if !f.Valid() {
		data, derr := h.solutionData(r, nil)
		if derr != nil {
			return derr
		}
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/solution_form", f, data)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.paths.solution_created")
	return web.Redirect(w, r, "/gestione/soluzioni")
}

// solutionEdit shows the form of an existing solution, with the button
// deleting it.
func (h *Handlers) solutionEdit(w http.ResponseWriter, r *http.Request) error {
	s, err := SolutionBySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	data, err := h.solutionData(r, &s)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("path", s.PathSlug)
	setText(f, "title", s.Title)
	setText(f, "summary", s.Summary)
	setText(f, "body", s.Body)
	return h.Render.RenderForm(w, r, http.StatusOK, "paths/solution_form", f, data)
}

// solutionUpdate saves a solution.
func (h *Handlers) solutionUpdate(w http.ResponseWriter, r *http.Request) error {
	s, err := SolutionBySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := solutionInput(f)
	if !f.Valid() {
		AddTo(f, in.Validate(r.Context(), h.DB, s.ZoneID))
	} else if err = UpdateSolution(r.Context(), h.DB, actorOf(r), s.ID, in); err != nil {
		AddTo(f, err)
	}
	if !f.Valid() {
		data, derr := h.solutionData(r, &s)
		if derr != nil {
			return derr
		}
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/solution_form", f, data)
	}
	if err != nil {
		return notFound(err)
	}
	web.SetFlash(w, "flash.paths.solution_saved")
	return web.Redirect(w, r, "/gestione/soluzioni")
}

// solutionDelete removes a solution once the confirmation box is ticked.
func (h *Handlers) solutionDelete(w http.ResponseWriter, r *http.Request) error {
	s, err := SolutionBySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if !f.Checked("confirm") {
		data, derr := h.solutionData(r, &s)
		if derr != nil {
			return derr
		}
		ef := web.NewForm()
		ef.Values.Set("path", s.PathSlug)
		setText(ef, "title", s.Title)
		setText(ef, "summary", s.Summary)
		setText(ef, "body", s.Body)
		ef.AddError("confirm", "paths.err.confirm_delete")
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/solution_form", ef, data)
	}
	if err := DeleteSolution(r.Context(), h.DB, actorOf(r), s.ID); err != nil {
		return notFound(err)
	}
	web.SetFlash(w, "flash.paths.solution_deleted")
	return web.Redirect(w, r, "/gestione/soluzioni")
}
