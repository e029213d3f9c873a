package news

import (
	"errors"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// preview shows the item as visitors will see it, with a banner and the
// publishing actions.
func (h *Handlers) preview(w http.ResponseWriter, r *http.Request) error {
	it, err := h.loadForEdit(r)
	if err != nil {
		return err
	}
	return h.renderPreview(w, r, http.StatusOK, it, web.NewForm())
}

func (h *Handlers) renderPreview(w http.ResponseWriter, r *http.Request, status int, it *Item, f *web.Form) error {
	names, _, err := h.zoneList(r.Context())
	if err != nil {
		return err
	}
	v := Localise(it, web.Lang(r), names)
	base := manageURL(it)
	if it.CoverFileID != 0 {
		v.CoverURL = base + "/copertina"
	}
	data := ShowData{View: v, Preview: true, State: it.State(db.Now()),
		EditURL: base, StatusURL: base + "/stato"}
	if !it.PublishAt.IsZero() && it.Status == Scheduled {
		data.PublishAtInput = it.PublishAt.In(web.Rome()).Format(dateTimeLocal)
	}
	if f.Get("publish_at") != "" {
		data.PublishAtInput = f.Get("publish_at")
	}
	return h.Render.RenderForm(w, r, status, "news/show", f, data)
}

// dateTimeLocal is the value format of <input type="datetime-local">.
const dateTimeLocal = "2006-01-02T15:04"

// setStatus publishes now, schedules or withdraws the item.
func (h *Handlers) setStatus(w http.ResponseWriter, r *http.Request) error {
	it, err := h.loadForEdit(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	var to Status
	var at time.Time
	switch f.Get("action") {
	case "publish":
		to = Published
	case "schedule":
		to = Scheduled
		at, err = time.ParseInLocation(dateTimeLocal, f.Get("publish_at"), web.Rome())
		switch {
		case f.Get("publish_at") == "":
			f.AddError("publish_at", "news.schedule.required")
		case err != nil:
			f.AddError("publish_at", "news.schedule.invalid")
		case !at.After(time.Now()):
			f.AddError("publish_at", "news.schedule.past")
		case at.After(time.Now().AddDate(2, 0, 0)):
			f.AddError("publish_at", "news.schedule.too_far")
		}
	case "unpublish":
		to = Draft
	default:
		f.AddError("", "news.status.unknown")
	}
	if !f.Valid() {
		return h.renderPreview(w, r, http.StatusUnprocessableEntity, it, f)
	}
	if err := setStatus(r.Context(), h.DB, it.ID, to, at, actor(r)); err != nil {
		return err
	}
	web.SetFlash(w, map[Status]string{Published: "flash.news.published", Scheduled: "flash.news.scheduled", Draft: "flash.news.unpublished"}[to])
	return web.Redirect(w, r, manageURL(it)+"/anteprima")
}

// cover serves the cover of an item to its editors, public or not (a
// draft's cover is private until the item is published).
func (h *Handlers) cover(w http.ResponseWriter, r *http.Request) error {
	it, err := h.loadForEdit(r)
	if err != nil {
		return err
	}
	if it.CoverFileID == 0 {
		return web.NotFound()
	}
	f, err := files.Get(r.Context(), h.DB, it.CoverFileID)
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	if err != nil {
		return err
	}
	f.Public = false // through a permission check: never cached publicly
	return files.Serve(w, r, h.Files, f)
}
