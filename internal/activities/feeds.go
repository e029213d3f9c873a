package activities

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// eventFile serves the .ics of one public activity; a draft, or an
// activity of an unpublished path, is a 404 for everyone.
func (h *Handlers) eventFile(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	a, err := Get(r.Context(), h.DB, id)
	if err != nil {
		return notFound(err)
	}
	if !a.Public() {
		return web.NotFound()
	}
	b, err := h.Service().Calendar(a, web.Lang(r), false)
	if err != nil {
		return err
	}
	return writeCalendar(w, r, b, "attivita-"+strconv.FormatInt(a.ID, 10)+".ics")
}

// feedAll is the feed of every public activity.
func (h *Handlers) feedAll(w http.ResponseWriter, r *http.Request) error {
	return h.feed(w, r, Filter{}, i18n.T(web.Lang(r), "activities.feed.all"), "cantieri.ics")
}

// feedZone is the feed of a territory.
func (h *Handlers) feedZone(w http.ResponseWriter, r *http.Request) error {
	zone := r.PathValue("zona")
	if len(zone) > 100 {
		return web.NotFound()
	}
	z, err := territory.Zone(r.Context(), h.DB, zone)
	if err != nil {
		return notFound(err)
	}
	return h.feed(w, r, Filter{Zone: z.ID}, i18n.T(web.Lang(r), "activities.feed.zone", z.Name), z.ID+".ics")
}

// feedPath is the feed of a published path.
func (h *Handlers) feedPath(w http.ResponseWriter, r *http.Request) error {
	p, err := h.path(r)
	if err != nil {
		return err
	}
	if p.IsDraft() {
		return web.NotFound()
	}
	lang := web.Lang(r)
	return h.feed(w, r, Filter{PathSlug: p.Slug}, i18n.T(lang, "activities.feed.path", p.Title.In(lang)), p.Slug+".ics")
}

func (h *Handlers) feed(w http.ResponseWriter, r *http.Request, f Filter, name, file string) error {
	list, err := Feed(r.Context(), h.DB, f)
	if err != nil {
		return err
	}
	b, err := h.Service().FeedCalendar(name, list, web.Lang(r))
	if err != nil {
		return err
	}
	return writeCalendar(w, r, b, file)
}

// writeCalendar sends an iCalendar file with an ETag, so subscribers that
// poll often get 304 Not Modified while nothing changed.
func writeCalendar(w http.ResponseWriter, r *http.Request, b []byte, filename string) error {
	sum := sha256.Sum256(b)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	hd := w.Header()
	hd.Set("Content-Type", "text/calendar; charset=utf-8")
	hd.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	hd.Set("Cache-Control", "public, max-age=300")
	hd.Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
	return nil
}
