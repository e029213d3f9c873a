package paths

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// templates holds the pages (*.html) and the partials they share
// (partials.tmpl), which are appended to every page.
//
//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Handlers serves the territory, path and schedule pages and the editing
// screens of paths and tested solutions.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time
	// Extras, when set, fills the sections of a territory page that other
	// features own: its news and its open calls. Nil leaves them out.
	Extras ZoneExtras
}

// Teaser is an item another feature lists on a territory page.
type Teaser struct {
	Title   string
	URL     string
	Summary string
	Date    time.Time
	Lang    i18n.Lang // language of Title and Summary
}

// ZoneExtras supplies the territory page's sections owned by other
// features. A nil slice leaves a section out.
type ZoneExtras interface {
	News(ctx context.Context, zone string, lang i18n.Lang) ([]Teaser, error)
	OpenCalls(ctx context.Context, zone string, lang i18n.Lang) ([]Teaser, error)
}

// Register adds the pages and every route of the feature. The built-in
// editions and templates are loaded by LoadSeeds, which app.New calls at
// start.
func (h *Handlers) Register(rt *web.Router) error {
	pages := web.MustSub(templates, "templates") // with its partials.tmpl
	if err := h.Render.AddPages("paths", pages); err != nil {
		return err
	}
	// Public pages.
	rt.Handle("GET /territori", authz.ViewPublic, h.territoryList)
	rt.Handle("GET /territori/{zona}", authz.ViewPublic, h.territoryShow)
	rt.Handle("GET /percorsi", authz.ViewPublic, h.pathList)
	rt.Handle("GET /percorsi/{slug}", authz.ViewPublic, h.pathShow)
	rt.Handle("GET /percorsi/{slug}/cronoprogramma", authz.ViewPublic, h.pathSchedule)
	// Editing paths: the router checks the path's zone before the handler.
	rt.Handle("GET /gestione/percorsi", authz.EditTerritory, h.manageList)
	rt.Handle("GET /gestione/percorsi/nuovo", authz.EditTerritory, h.pathNew)
	rt.Handle("POST /gestione/percorsi/nuovo", authz.EditTerritory, h.pathCreate)
	rt.HandleZone("GET /gestione/percorsi/{slug}", authz.EditTerritory, h.zoneOfPath, h.pathEdit)
	rt.HandleZone("POST /gestione/percorsi/{slug}", authz.EditTerritory, h.zoneOfPath, h.pathUpdate)
	rt.HandleZone("POST /gestione/percorsi/{slug}/pubblica", authz.EditTerritory, h.zoneOfPath, h.pathPublish)
	rt.HandleZone("POST /gestione/percorsi/{slug}/ritira", authz.EditTerritory, h.zoneOfPath, h.pathUnpublish)
	rt.HandleZone("GET /gestione/percorsi/{slug}/fasi/{fase}", authz.EditTerritory, h.zoneOfPath, h.phaseEdit)
	rt.HandleZone("POST /gestione/percorsi/{slug}/fasi/{fase}", authz.EditTerritory, h.zoneOfPath, h.phaseUpdate)
	// Editing tested solutions.
	rt.Handle("GET /gestione/soluzioni", authz.EditTerritory, h.solutionList)
	rt.Handle("GET /gestione/soluzioni/nuova", authz.EditTerritory, h.solutionNew)
	rt.Handle("POST /gestione/soluzioni/nuova", authz.EditTerritory, h.solutionCreate)
	rt.HandleZone("GET /gestione/soluzioni/{slug}", authz.EditTerritory, h.zoneOfSolution, h.solutionEdit)
	rt.HandleZone("POST /gestione/soluzioni/{slug}", authz.EditTerritory, h.zoneOfSolution, h.solutionUpdate)
	rt.HandleZone("POST /gestione/soluzioni/{slug}/elimina", authz.EditTerritory, h.zoneOfSolution, h.solutionDelete)
	return nil
}

// today is the current day in Italy by the handlers' clock.
func (h *Handlers) today() Date {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	return DateOf(now().In(web.Rome()))
}

// zoneOfPath finds the zone of the path named in the URL, for the router's
// permission check; an unknown path is a 404.
func (h *Handlers) zoneOfPath(r *http.Request) (string, error) {
	return h.zoneOf(r, `SELECT zone_id FROM paths WHERE slug = ?`)
}

// zoneOfSolution finds the zone of the solution named in the URL.
func (h *Handlers) zoneOfSolution(r *http.Request) (string, error) {
	return h.zoneOf(r, `SELECT zone_id FROM solutions WHERE slug = ?`)
}

func (h *Handlers) zoneOf(r *http.Request, query string) (string, error) {
	slug := r.PathValue("slug")
	if !validSlug(slug) {
		return "", web.NotFound()
	}
	var zone string
	err := h.DB.QueryRow(r.Context(), query, slug).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", web.NotFound()
	}
	if err != nil {
		return "", fmt.Errorf("paths: zone of %q: %w", slug, err)
	}
	return zone, nil
}

// notFound turns db.ErrNotFound into the 404 page and leaves other errors.
func notFound(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	return err
}

// canEdit reports whether the user of r may edit zone.
func canEdit(r *http.Request, zone string) bool {
	return authz.Can(web.Principal(r), authz.EditTerritory, zone)
}

// visiblePath returns the path named in the URL if the user may see it: a
// draft exists only for those who may edit its zone; for anyone else it is
// a 404, as if it did not exist.
func (h *Handlers) visiblePath(r *http.Request) (Path, error) {
	slug := r.PathValue("slug")
	if !validSlug(slug) {
		return Path{}, web.NotFound()
	}
	p, err := PathBySlug(r.Context(), h.DB, slug)
	if err != nil {
		return Path{}, notFound(err)
	}
	if p.IsDraft() && !canEdit(r, p.ZoneID) {
		return Path{}, web.NotFound()
	}
	return p, nil
}

// privateIfDraft keeps the preview of a draft out of shared caches.
func privateIfDraft(w http.ResponseWriter, p Path) {
	if p.IsDraft() {
		w.Header().Set("Cache-Control", "private, no-store")
	}
}
