package paths

import (
	"errors"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// editionPaths is one edition with the zone's paths in it.
type editionPaths struct {
	Slug  string
	Name  Text
	Paths []Path
}

// territoryData is what the territory page shows.
type territoryData struct {
	Zone      territory.ZoneDetail
	Editions  []editionPaths
	Solutions []Solution
	CanEdit   bool
	// News and Calls are filled by Handlers.Extras; nil leaves the sections
	// out (see the "zone-news" and "zone-calls" blocks of the template).
	News  []Teaser
	Calls []Teaser
}

// territoryShow is the page of one zone: its health authority and Società
// della Salute, comuni, committees, paths by edition and tested solutions.
// Drafts are listed only to those who may edit the zone.
func (h *Handlers) territoryShow(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	zone, err := territory.Zone(ctx, h.DB, r.PathValue("zona"))
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	if err != nil {
		return err
	}
	data := territoryData{Zone: zone, CanEdit: canEdit(r, zone.ID)}
	list, err := PathsForZone(ctx, h.DB, zone.ID, data.CanEdit)
	if err != nil {
		return err
	}
	for _, p := range list { // newest edition first
		if n := len(data.Editions); n == 0 || data.Editions[n-1].Slug != p.EditionSlug {
			data.Editions = append(data.Editions, editionPaths{Slug: p.EditionSlug, Name: p.EditionName})
		}
		e := &data.Editions[len(data.Editions)-1]
		e.Paths = append(e.Paths, p)
	}
	if data.Solutions, err = Solutions(ctx, h.DB, zone.ID); err != nil {
		return err
	}
	if h.Extras != nil {
		lang := web.Lang(r)
		if data.News, err = h.Extras.News(ctx, zone.ID, lang); err != nil {
			return err
		}
		if data.Calls, err = h.Extras.OpenCalls(ctx, zone.ID, lang); err != nil {
			return err
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "paths/territory", data)
}
