package paths

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// newPathData is what the form creating a path offers.
type newPathData struct {
	Zones     []territory.ZoneSummary // only those the user may edit
	Templates []Template
	Editions  []Edition
}

func (h *Handlers) newPathData(r *http.Request) (newPathData, error) {
	var data newPathData
	var err error
	if data.Zones, _, err = editableZones(r.Context(), h, r); err != nil {
		return data, err
	}
	if data.Templates, err = Templates(r.Context(), h.DB); err != nil {
		return data, err
	}
	data.Editions, err = Editions(r.Context(), h.DB)
	return data, err
}

// pathNew shows the form creating a path from a template; ?zona= preselects
// a zone.
func (h *Handlers) pathNew(w http.ResponseWriter, r *http.Request) error {
	data, err := h.newPathData(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("zone", r.URL.Query().Get("zona"))
	f.Values.Set("template", TemplateCantiere)
	if len(data.Editions) > 0 {
		f.Values.Set("edition", data.Editions[0].Slug)
	}
	return h.Render.RenderForm(w, r, http.StatusOK, "paths/manage_new", f, data)
}

// pathCreate creates a draft path from a template and opens it for
// editing. A zone the user may not edit is refused with 403.
func (h *Handlers) pathCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := NewPath{
		Zone: f.Get("zone"), Template: f.Get("template"), Edition: f.Get("edition"),
		Title: formText(f, "title"), Summary: formText(f, "summary"), Start: formDate(f, "start_date"), Slug: f.Get("slug"),
	}
	if in.Zone != "" && !canEdit(r, in.Zone) {
		if _, err := territory.Zone(r.Context(), h.DB, in.Zone); err == nil {
			return web.Forbidden()
		}
	}
	if !f.Valid() { // a field could not be read: report it with the rest
		AddTo(f, in.Validate(r.Context(), h.DB))
		return h.renderNew(w, r, f)
	}
	p, err := CreateFromTemplate(r.Context(), h.DB, actorOf(r), in)
	if AddTo(f, err) {
		return h.renderNew(w, r, f)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.paths.created")
	return web.Redirect(w, r, "/gestione/percorsi/"+p.Slug)
}

func (h *Handlers) renderNew(w http.ResponseWriter, r *http.Request, f *web.Form) error {
	data, err := h.newPathData(r)
	if err != nil {
		return err
	}
	return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "paths/manage_new", f, data)
}
