package news

import (
	"errors"
	"net/http"
	"slices"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// MaxCover is the largest cover picture accepted.
const MaxCover = 5 << 20

// ManageRow is one item of the editors' list.
type ManageRow struct {
	View
	State   Status
	EditURL string
}

// ManageData is the editors' list.
type ManageData struct {
	Items []ManageRow
	// NewIn lists the territories the user may create news in.
	NewIn     []ZoneName
	CanRegion bool
}

func (h *Handlers) manageList(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	names, all, err := h.zoneList(r.Context())
	if err != nil {
		return err
	}
	zones, everywhere := p.Zones(authz.Coordinator)
	if p.IsAdmin() {
		everywhere = true
	}
	items, err := editable(r.Context(), h.DB, zones, everywhere, 200)
	if err != nil {
		return err
	}
	data := ManageData{CanRegion: authz.Can(p, authz.EditRegion, "")}
	now := db.Now()
	for _, it := range items {
		data.Items = append(data.Items, ManageRow{View: Localise(it, web.Lang(r), names), State: it.State(now), EditURL: manageURL(it)})
	}
	for _, z := range all {
		if authz.Can(p, authz.EditTerritory, z.ID) {
			data.NewIn = append(data.NewIn, z)
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "news/manage", data)
}

// ZoneOption is a territory checkbox of the edit form.
type ZoneOption struct {
	ZoneName
	Checked bool
}

// EditData is the edit form.
type EditData struct {
	// Item is nil when creating.
	Item   *Item
	Action string
	Zones  []ZoneOption
	// CoverURL shows the current cover (through the permission check).
	CoverURL   string
	PreviewURL string
	CanRegion  bool
	MaxCoverMB int
}

func (h *Handlers) editData(r *http.Request, it *Item, f *web.Form) (EditData, error) {
	_, all, err := h.zoneList(r.Context())
	if err != nil {
		return EditData{}, err
	}
	p := web.Principal(r)
	d := EditData{Item: it, Action: r.URL.Path, CanRegion: authz.Can(p, authz.EditRegion, ""), MaxCoverMB: MaxCover >> 20}
	checked := f.Values["zones"]
	for _, z := range all {
		if authz.Can(p, authz.EditTerritory, z.ID) || slices.Contains(checked, z.ID) {
			d.Zones = append(d.Zones, ZoneOption{ZoneName: z, Checked: slices.Contains(checked, z.ID)})
		}
	}
	if it != nil {
		base := manageURL(it)
		d.Action, d.PreviewURL = base, base+"/anteprima"
		if it.CoverFileID != 0 {
			d.CoverURL = base + "/copertina"
		}
	}
	return d, nil
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	if z := r.PathValue("zone"); z != "" {
		f.Values.Set("zones", z)
	}
	d, err := h.editData(r, nil, f)
	if err != nil {
		return err
	}
	return h.Render.RenderForm(w, r, http.StatusOK, "news/edit", f, d)
}

func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	it, err := h.loadForEdit(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	for k, v := range map[string]string{"title_it": it.TitleIT, "title_en": it.TitleEN, "summary_it": it.SummaryIT,
		"summary_en": it.SummaryEN, "body_it": it.BodyIT, "body_en": it.BodyEN, "cover_alt_it": it.CoverAltIT, "cover_alt_en": it.CoverAltEN} {
		f.Values.Set(k, v)
	}
	f.Values["zones"] = slices.Clone(it.Zones)
	d, err := h.editData(r, it, f)
	if err != nil {
		return err
	}
	return h.Render.RenderForm(w, r, http.StatusOK, "news/edit", f, d)
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	return h.submit(w, r, nil)
}

func (h *Handlers) save(w http.ResponseWriter, r *http.Request) error {
	it, err := h.loadForEdit(r)
	if err != nil {
		return err
	}
	return h.submit(w, r, it)
}

// submit validates the edit form and creates or updates the item. On a
// problem the form comes back with every message and the text as typed;
// a chosen file cannot be kept by the browser, so the message asks to
// choose it again.
func (h *Handlers) submit(w http.ResponseWriter, r *http.Request, it *Item) error {
	form, err := files.ReadForm(w, r, MaxCover)
	if errors.Is(err, files.ErrFormTooLarge) {
		return &web.Error{Status: http.StatusRequestEntityTooLarge, Key: "news.form_too_large"}
	}
	if err != nil {
		return web.BadRequest("error.400.form")
	}
	defer form.Close()
	f := web.FormOf(form.Values)
	in, cover, w0, h0, err := h.validate(r, f, form.Files["cover"], it)
	if err != nil {
		return err
	}
	if !f.Valid() {
		if cover != nil && len(f.Errors["cover"]) == 0 {
			f.AddError("cover", "news.cover.choose_again")
		}
		d, err := h.editData(r, it, f)
		if err != nil {
			return err
		}
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "news/edit", f, d)
	}
	ctx := r.Context()
	a := actor(r)
	if cover != nil {
		rd, err := cover.Reader()
		if err != nil {
			return err
		}
		blob, err := h.Files.Put(ctx, rd, MaxCover)
		if err != nil {
			return err
		}
		err = h.DB.Tx(ctx, func(tx *db.Tx) error {
			rec, err := files.Record(ctx, tx, blob, files.File{Name: cover.Name, Width: w0, Height: h0, UploadedBy: a.ID})
			in.CoverFileID = rec.ID
			return err
		})
		if err != nil {
			return err
		}
	}
	if it == nil {
		created, err := Create(ctx, h.DB, in, a)
		if err != nil {
			return err
		}
		web.SetFlash(w, "flash.news.created")
		return web.Redirect(w, r, manageURL(created)+"/anteprima")
	}
	if err := update(ctx, h.DB, it.ID, in, a); err != nil {
		return err
	}
	updated, err := byID(ctx, h.DB, it.ID)
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.news.saved")
	return web.Redirect(w, r, manageURL(updated)+"/anteprima")
}

// validate reads the fields into an Input, recording every problem on f.
// It returns the new cover to store, if one was chosen and is fine.
func (h *Handlers) validate(r *http.Request, f *web.Form, up *files.Upload, it *Item) (Input, *files.Upload, int, int, error) {
	in := Input{
		TitleIT: f.Get("title_it"), TitleEN: f.Get("title_en"), SummaryIT: f.Get("summary_it"), SummaryEN: f.Get("summary_en"),
		BodyIT: f.Raw("body_it"), BodyEN: f.Raw("body_en"), CoverAltIT: f.Get("cover_alt_it"), CoverAltEN: f.Get("cover_alt_en"),
		Zones: normaliseZones(f.Values["zones"]),
	}
	f.Required("title_it")
	for field, n := range map[string]int{"title_it": MaxTitle, "title_en": MaxTitle, "summary_it": MaxSummary, "summary_en": MaxSummary,
		"body_it": MaxBody, "body_en": MaxBody, "cover_alt_it": MaxAlt, "cover_alt_en": MaxAlt} {
		f.MaxLen(field, n)
	}
	names, _, err := h.zoneList(r.Context())
	if err != nil {
		return in, nil, 0, 0, err
	}
	p := web.Principal(r)
	for _, z := range in.Zones {
		if _, ok := names[z]; !ok {
			f.AddError("zones", "news.zones.unknown")
			break
		}
	}
	if len(f.Errors["zones"]) == 0 && !canEditZones(p, in.Zones) {
		if len(in.Zones) == 0 {
			f.AddError("zones", "news.zones.required")
		} else {
			f.AddError("zones", "news.zones.not_yours")
		}
	}
	if it != nil && !f.Checked("remove_cover") {
		in.CoverFileID = it.CoverFileID
	}
	var cover *files.Upload
	var cw, ch int
	if up != nil {
		w, h, problem, err := files.CheckImage(up, files.ImageTypes)
		if err != nil {
			return in, nil, 0, 0, err
		}
		if problem != files.ProblemNone {
			f.AddError("cover", "news.cover."+string(problem))
		} else {
			cover, cw, ch = up, w, h
		}
	}
	if (cover != nil || in.CoverFileID != 0) && in.CoverAltIT == "" {
		f.AddError("cover_alt_it", "news.cover.alt_required")
	}
	return in, cover, cw, ch, nil
}
