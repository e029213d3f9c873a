package activities

import (
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// templates holds the pages (*.html) and the partials they share
// (partials.tmpl), which are appended to every page.
//
//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Notifier wakes the job queue after a transaction that queued work.
type Notifier interface{ Notify() }

// Handlers serves the calendar, the activity pages, sign-ups, calendar
// files and the coordinators' screens.
type Handlers struct {
	DB      *db.DB
	Render  *web.Renderer
	BaseURL string
	// Queue, when set, is woken after a change that queued e-mails.
	Queue Notifier
	// Materials, when set, lists the minutes and materials on the
	// activity page (internal/materials).
	Materials MaterialLister

	svc *Service
}

// Service returns the service the handlers use (for the app's job
// registration and for tests).
func (h *Handlers) Service() *Service {
	if h.svc == nil {
		h.svc = NewService(h.DB, h.BaseURL)
	}
	return h.svc
}

// Register adds the pages and every route of the feature.
func (h *Handlers) Register(rt *web.Router) error {
	h.Service()
	pages := web.MustSub(templates, "templates") // with its partials.tmpl
	if err := h.Render.AddPages("activities", pages); err != nil {
		return err
	}
	// Public: the calendar, the activity, sign-up and cancellation, files.
	rt.Handle("GET /calendario", authz.ViewPublic, h.calendar)
	rt.Handle("GET /calendario.ics", authz.ViewPublic, h.feedAll)
	rt.Handle("GET /territori/{zona}/calendario.ics", authz.ViewPublic, h.feedZone)
	rt.Handle("GET /percorsi/{slug}/calendario.ics", authz.ViewPublic, h.feedPath)
	rt.Handle("GET /attivita/{id}", authz.ViewPublic, h.show)
	rt.Handle("GET /attivita/{id}/evento.ics", authz.ViewPublic, h.eventFile)
	rt.Handle("POST /attivita/{id}/iscrizione", authz.ViewPublic, h.signUp)
	rt.Handle("GET /attivita/{id}/iscrizione/annulla", authz.ViewPublic, h.cancelForm)
	rt.Handle("POST /attivita/{id}/iscrizione/annulla", authz.ViewPublic, h.cancelSignUp)
	rt.Handle("GET /attivita/{id}/biglietto/{code}", authz.ViewPublic, h.ticket)
	// Coordinators, in the zone of the path or activity.
	rt.Handle("GET /gestione/attivita", authz.EditTerritory, h.manageList)
	rt.HandleZone("GET /gestione/percorsi/{slug}/attivita/nuova", authz.EditTerritory, h.zoneOfPath, h.newForm)
	rt.HandleZone("POST /gestione/percorsi/{slug}/attivita/nuova", authz.EditTerritory, h.zoneOfPath, h.create)
	rt.HandleZone("GET /gestione/attivita/{id}", authz.EditTerritory, h.zoneOfActivity, h.editForm)
	rt.HandleZone("POST /gestione/attivita/{id}", authz.EditTerritory, h.zoneOfActivity, h.update)
	rt.HandleZone("POST /gestione/attivita/{id}/pubblica", authz.EditTerritory, h.zoneOfActivity, h.publish)
	rt.HandleZone("POST /gestione/attivita/{id}/annulla", authz.EditTerritory, h.zoneOfActivity, h.cancelActivity)
	rt.HandleZone("GET /gestione/attivita/{id}/iscrizioni", authz.EditTerritory, h.zoneOfActivity, h.registrations)
	rt.HandleZone("POST /gestione/attivita/{id}/iscrizioni", authz.EditTerritory, h.zoneOfActivity, h.addOffline)
	// Attendance: the screen, check-in by code, tick or walk-in, undo; the
	// printable register; the exports (docs/activities.md).
	rt.HandleZone("GET /gestione/attivita/{id}/presenze", authz.EditTerritory, h.zoneOfActivity, h.attendance)
	rt.HandleZone("GET /gestione/attivita/{id}/presenze/codice/{code}", authz.EditTerritory, h.zoneOfActivity, h.codeLanding)
	rt.HandleZone("POST /gestione/attivita/{id}/presenze/codice", authz.EditTerritory, h.zoneOfActivity, h.checkInCode)
	rt.HandleZone("POST /gestione/attivita/{id}/presenze/spunta", authz.EditTerritory, h.zoneOfActivity, h.tick)
	rt.HandleZone("POST /gestione/attivita/{id}/presenze/senza-iscrizione", authz.EditTerritory, h.zoneOfActivity, h.walkIn)
	rt.HandleZone("POST /gestione/attivita/{id}/presenze/annulla", authz.EditTerritory, h.zoneOfActivity, h.undoCheckIn)
	rt.HandleZone("GET /gestione/attivita/{id}/registro", authz.EditTerritory, h.zoneOfActivity, h.register)
	rt.HandleZone("GET /gestione/attivita/{id}/esporta.csv", authz.EditTerritory, h.zoneOfActivity, h.exportActivity("csv"))
	rt.HandleZone("GET /gestione/attivita/{id}/esporta.xlsx", authz.EditTerritory, h.zoneOfActivity, h.exportActivity("xlsx"))
	rt.HandleZone("GET /gestione/attivita/esportazione", authz.EditTerritory, zoneOfQuery, h.exportZone)
	return nil
}

// idParam reads the activity id of the URL; anything but a positive
// number is a page that does not exist.
func idParam(r *http.Request) (int64, error) {
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

// zoneOfActivity finds the zone of the activity in the URL, for the
// router's permission check.
func (h *Handlers) zoneOfActivity(r *http.Request) (string, error) {
	id, err := idParam(r)
	if err != nil {
		return "", err
	}
	zone, err := zoneOf(r.Context(), h.DB, id)
	if err != nil {
		return "", notFound(err)
	}
	return zone, nil
}

// zoneOfPath finds the zone of the path in the URL.
func (h *Handlers) zoneOfPath(r *http.Request) (string, error) {
	p, err := h.path(r)
	if err != nil {
		return "", err
	}
	return p.ZoneID, nil
}

func (h *Handlers) path(r *http.Request) (paths.Path, error) {
	slug := r.PathValue("slug")
	if len(slug) > 80 || slug == "" {
		return paths.Path{}, web.NotFound()
	}
	p, err := paths.PathBySlug(r.Context(), h.DB, slug)
	if err != nil {
		return paths.Path{}, notFound(err)
	}
	return p, nil
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

// visible returns the activity of the URL if the user may see it: drafts
// and activities of unpublished paths exist only for their zone's editors.
func (h *Handlers) visible(r *http.Request) (*Activity, error) {
	id, err := idParam(r)
	if err != nil {
		return nil, err
	}
	a, err := Get(r.Context(), h.DB, id)
	if err != nil {
		return nil, notFound(err)
	}
	if !a.Public() && !canEdit(r, a.ZoneID) {
		return nil, web.NotFound()
	}
	return a, nil
}

// notify wakes the job queue, if there is one, after a commit.
func (h *Handlers) notify() {
	if h.Queue != nil {
		h.Queue.Notify()
	}
}
