package news

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strconv"
	"sync"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

//go:embed templates/*.html
var templates embed.FS

// Handlers serves the news pages, feeds and editing screens.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	Files  files.Store
	// BaseURL is the site's public URL, for canonical links and feeds.
	BaseURL string

	zonesMu   sync.Mutex
	zones     []ZoneName
	zoneNames map[string]string
}

// The two families of editing routes: items of territories live under
// the first zone of the item, region-wide items under /gestione/notizie.
const (
	zoneBase   = "/gestione/territori/{zone}/notizie"
	regionBase = "/gestione/notizie"
)

// Register adds the news pages and routes.
//
// Permissions: an item of territories is edited under
// /gestione/territori/{zone}/notizie/{id}, checked by the router with
// EditTerritory in {zone}; itemZone, the ZoneFunc, also requires that
// {zone} is one of the item's zones and that the user may edit every other
// zone of the item (else 403), so a coordinator of A cannot touch an item
// of A and B unless they coordinate B too. Region-wide items need
// EditRegion (admins), under /gestione/notizie/{id}.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("news", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	rt.Handle("GET /notizie", authz.ViewPublic, h.list)
	rt.Handle("GET /notizie/feed.rss", authz.ViewPublic, h.feed(rssFormat))
	rt.Handle("GET /notizie/feed.atom", authz.ViewPublic, h.feed(atomFormat))
	rt.Handle("GET /notizie/{slug}", authz.ViewPublic, h.show)
	rt.Handle("GET /territori/{zona}/feed.rss", authz.ViewPublic, h.feed(rssFormat))
	rt.Handle("GET /territori/{zona}/feed.atom", authz.ViewPublic, h.feed(atomFormat))

	rt.Handle("GET /gestione/notizie", authz.EditTerritory, h.manageList)
	rt.HandleZone("GET "+zoneBase+"/nuova", authz.EditTerritory, h.newZone, h.newForm)
	rt.HandleZone("POST "+zoneBase+"/nuova", authz.EditTerritory, h.newZone, h.create)
	rt.Handle("GET "+regionBase+"/nuova", authz.EditRegion, h.newForm)
	rt.Handle("POST "+regionBase+"/nuova", authz.EditRegion, h.create)
	for _, route := range []struct {
		method, suffix string
		fn             web.HandlerFunc
	}{
		{"GET", "", h.editForm},
		{"POST", "", h.save},
		{"GET", "/anteprima", h.preview},
		{"POST", "/stato", h.setStatus},
		{"GET", "/copertina", h.cover},
	} {
		rt.HandleZone(route.method+" "+zoneBase+"/{id}"+route.suffix, authz.EditTerritory, h.itemZone, route.fn)
		rt.Handle(route.method+" "+regionBase+"/{id}"+route.suffix, authz.EditRegion, route.fn)
	}
	return nil
}

// canEditZones is the rule for an item's zones: every zone editable, or,
// for a region-wide item, EditRegion.
func canEditZones(p *authz.Principal, zones []string) bool {
	if len(zones) == 0 {
		return authz.Can(p, authz.EditRegion, "")
	}
	for _, z := range zones {
		if !authz.Can(p, authz.EditTerritory, z) {
			return false
		}
	}
	return true
}

// itemZone is the ZoneFunc of an existing item's editing routes; see
// Register. Whoever may not edit {zone} gets the router's answer (login or
// 403) before the item is even looked up.
func (h *Handlers) itemZone(r *http.Request) (string, error) {
	z := r.PathValue("zone")
	p := web.Principal(r)
	if !authz.Can(p, authz.EditTerritory, z) {
		return z, nil
	}
	id, err := pathID(r)
	if err != nil {
		return "", err
	}
	zones, err := zonesOf(r.Context(), h.DB, id)
	if errors.Is(err, db.ErrNotFound) {
		return "", web.NotFound()
	}
	if err != nil {
		return "", err
	}
	found := false
	for _, iz := range zones {
		found = found || iz == z
	}
	if !found {
		return "", web.NotFound()
	}
	if !canEditZones(p, zones) {
		return "", web.Forbidden()
	}
	return z, nil
}

// newZone is the ZoneFunc of the creation routes: {zone} must exist.
func (h *Handlers) newZone(r *http.Request) (string, error) {
	z := r.PathValue("zone")
	if !authz.Can(web.Principal(r), authz.EditTerritory, z) {
		return z, nil
	}
	names, _, err := h.zoneList(r.Context())
	if err != nil {
		return "", err
	}
	if _, ok := names[z]; !ok {
		return "", web.NotFound()
	}
	return z, nil
}

// zoneList returns the zones' names by id and in display order, read
// once: the reference territories change only at start.
func (h *Handlers) zoneList(ctx context.Context) (map[string]string, []ZoneName, error) {
	h.zonesMu.Lock()
	defer h.zonesMu.Unlock()
	if h.zoneNames != nil {
		return h.zoneNames, h.zones, nil
	}
	zs, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return nil, nil, err // tried again at the next request
	}
	names := map[string]string{}
	var list []ZoneName
	for _, z := range zs {
		names[z.ID] = z.Name
		list = append(list, ZoneName{ID: z.ID, Name: z.Name})
	}
	h.zoneNames, h.zones = names, list
	return names, list, nil
}

func pathID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	if len(s) > 18 {
		return 0, web.NotFound()
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound()
	}
	return id, nil
}

func notFound(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	return err
}

func actor(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label, a.Name = p.UserID, p.Email, p.Name
		if a.Name == "" {
			a.Name = p.Email
		}
	}
	return a
}

// manageURL is the editing address of it: under its first zone, or the
// region-wide one.
func manageURL(it *Item) string {
	if len(it.Zones) == 0 {
		return regionBase + "/" + strconv.FormatInt(it.ID, 10)
	}
	return "/gestione/territori/" + it.Zones[0] + "/notizie/" + strconv.FormatInt(it.ID, 10)
}

// loadForEdit returns the item of an editing route, checking that it is
// addressed consistently: under one of its zones, or, without a zone,
// only when it is region-wide.
func (h *Handlers) loadForEdit(r *http.Request) (*Item, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	it, err := byID(r.Context(), h.DB, id)
	if err != nil {
		return nil, notFound(err)
	}
	z := r.PathValue("zone")
	if (z == "" && !it.RegionWide()) || (z != "" && !it.InZone(z)) {
		return nil, web.NotFound()
	}
	if !canEditZones(web.Principal(r), it.Zones) {
		return nil, web.Forbidden()
	}
	return it, nil
}
