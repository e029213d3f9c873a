package paths

import (
	"context"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// editPathData is what the page editing a path shows.
type editPathData struct {
	Path      Path
	Progress  Progress
	Editions  []Edition
	Solutions []Solution
}

func (h *Handlers) editPathData(r *http.Request) (editPathData, error) {
	var data editPathData
	p, err := PathBySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return data, notFound(err)
	}
	data.Path, data.Progress = p, p.Progress()
	if data.Editions, err = Editions(r.Context(), h.DB); err != nil {
		return data, err
	}
	all, err := Solutions(r.Context(), h.DB, p.ZoneID)
	if err != nil {
		return data, err
	}
	for _, s := range all {
		if s.PathID == p.ID {
			data.Solutions = append(data.Solutions, s)
		}
	}
	return data, nil
}

// pathEdit shows a path's status with the publish or unpublish button and
// the preview links, the form of its details, and its phases.
func (h *Handlers) pathEdit(w http.ResponseWriter, r *http.Request) error {
	data, err := h.editPathData(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	p := data.Path
	setText(f, "title", p.Title)
	setText(f, "summary", p.Summary)
	f.Values.Set("edition", p.EditionSlug)
	f.Values.Set("start_date", p.Start.String())
	f.Values.Set("shift_phases", "1")
	return h.Render.RenderForm(w, r, http.StatusOK, "paths/manage_path", f, data)
}

// pathUpdate saves a path's details.
func (h *Handlers) pathUpdate(w http.ResponseWriter, r *http.Request) error {
	data, err := h.editPathData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	ch := PathChange{Edition: f.Get("edition"), Title: formText(f, "title"), Summary: formText(f, "summary"),
		Start: formDate(f, "start_date"), ShiftPhases: f.Checked("shift_phases")}
	if !f.Valid() { // a field could not be read: report it with the rest
		AddTo(f, ch.Validate(r.Context(), h.DB))
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/manage_path", f, data)
	}
	err = UpdatePath(r.Context(), h.DB, actorOf(r), data.Path.ID, ch)
	if AddTo(f, err) {
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/manage_path", f, data)
	}
	if err != nil {
		return notFound(err)
	}
	web.SetFlash(w, "flash.paths.saved")
	return web.Redirect(w, r, "/gestione/percorsi/"+data.Path.Slug)
}

// pathPublish makes the path public.
func (h *Handlers) pathPublish(w http.ResponseWriter, r *http.Request) error {
	return h.setStatus(w, r, Publish, "flash.paths.published")
}

// pathUnpublish turns the path back into a draft.
func (h *Handlers) pathUnpublish(w http.ResponseWriter, r *http.Request) error {
	return h.setStatus(w, r, Unpublish, "flash.paths.unpublished")
}

func (h *Handlers) setStatus(w http.ResponseWriter, r *http.Request, set func(context.Context, *db.DB, Actor, int64) error, flash string) error {
	p, err := PathBySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	if err := set(r.Context(), h.DB, actorOf(r), p.ID); err != nil {
		return notFound(err)
	}
	web.SetFlash(w, flash)
	return web.Redirect(w, r, "/gestione/percorsi/"+p.Slug)
}
