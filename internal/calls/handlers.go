package calls

import (
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// templates holds the pages (*.html) and the partials they share.
//
//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Notifier wakes the job queue after a transaction that queued work.
type Notifier interface{ Notify() }

// Handlers serves the public calls, the applicants' forms and receipts,
// the coordinators' screens and the commission's.
type Handlers struct {
	DB      *db.DB
	Render  *web.Renderer
	Files   files.Store
	BaseURL string
	Queue   Notifier

	svc *Service
}

// Service returns the service the handlers use.
func (h *Handlers) Service() *Service {
	if h.svc == nil {
		h.svc = NewService(h.DB, h.Files, h.BaseURL)
	}
	return h.svc
}

// Register adds the pages and every route of the feature.
func (h *Handlers) Register(rt *web.Router) error {
	h.Service()
	if err := h.Render.AddPages("calls", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	// Public.
	rt.Handle("GET /bandi", authz.ViewPublic, h.list)
	rt.Handle("GET /bandi/{id}", authz.ViewPublic, h.show)
	// Applicants: any signed-in user, on their own application.
	rt.Handle("GET /bandi/{id}/domanda", authz.UseAccount, h.applyForm)
	rt.Handle("POST /bandi/{id}/domanda", authz.UseAccount, h.saveDraft)
	rt.Handle("POST /bandi/{id}/domanda/invia", authz.UseAccount, h.submit)
	rt.Handle("POST /bandi/{id}/domanda/ritira", authz.UseAccount, h.withdraw)
	rt.Handle("GET /domande", authz.UseAccount, h.mine)
	rt.Handle("GET /domande/{id}", authz.UseAccount, h.application)
	rt.Handle("GET /domande/{id}/allegati/{field}", authz.UseAccount, h.attachment)
	// Coordinators, in the call's zone; region-wide calls for the region's
	// editors (AccessTo).
	rt.Handle("GET /gestione/bandi", authz.EditTerritory, h.manageList)
	rt.Handle("GET /gestione/bandi/nuovo", authz.EditRegion, h.newRegionForm)
	rt.Handle("POST /gestione/bandi/nuovo", authz.EditRegion, h.createRegion)
	rt.HandleZone("GET /gestione/percorsi/{slug}/bandi/nuovo", authz.EditTerritory, h.zoneOfPath, h.newForm)
	rt.HandleZone("POST /gestione/percorsi/{slug}/bandi/nuovo", authz.EditTerritory, h.zoneOfPath, h.create)
	rt.HandleZone("GET /gestione/bandi/{id}", authz.EditTerritory, h.zoneOfCall, h.editForm)
	rt.HandleZone("POST /gestione/bandi/{id}", authz.EditTerritory, h.zoneOfCall, h.update)
	rt.HandleZone("POST /gestione/bandi/{id}/pubblica", authz.EditTerritory, h.zoneOfCall, h.publish)
	rt.HandleZone("POST /gestione/bandi/{id}/documenti", authz.EditTerritory, h.zoneOfCall, h.addDocument)
	rt.HandleZone("GET /gestione/bandi/{id}/domande", authz.EditTerritory, h.zoneOfCall, h.applications)
	// Evaluation: admissibility and requests of documents, ranking and
	// outcome by the coordinators; declarations and scores by the
	// commission (AccessTo: members of this call only).
	rt.HandleZone("POST /gestione/domande/{id}/ammissibilita", authz.EditTerritory, h.zoneOfApplication, h.decide)
	rt.HandleZone("POST /gestione/domande/{id}/integrazione", authz.EditTerritory, h.zoneOfApplication, h.requestDocuments)
	rt.Handle("POST /domande/{id}/integrazione", authz.UseAccount, h.answerRequest)
	rt.HandleZone("POST /gestione/bandi/{id}/graduatoria", authz.EditTerritory, h.zoneOfCall, h.rank(false))
	rt.HandleZone("POST /gestione/bandi/{id}/esito", authz.EditTerritory, h.zoneOfCall, h.rank(true))
	rt.Handle("GET /commissione", authz.EvaluateCall, h.commission)
	rt.HandleZone("GET /commissione/bandi/{id}", authz.EvaluateCall, h.zoneOfCall, h.commissionCall)
	rt.HandleZone("GET /commissione/domande/{id}", authz.EvaluateCall, h.zoneOfApplication, h.sheet)
	rt.HandleZone("POST /commissione/domande/{id}", authz.EvaluateCall, h.zoneOfApplication, h.score)
	rt.HandleZone("POST /commissione/domande/{id}/dichiarazione", authz.EvaluateCall, h.zoneOfApplication, h.declare)
	rt.Handle("GET /bandi/{id}/esito", authz.ViewPublic, h.outcome)
	// Records: the receipt as PDF, the score sheet as CSV, XLSX and PDF.
	rt.Handle("GET /domande/{id}/ricevuta.pdf", authz.UseAccount, h.receiptPDF)
	rt.HandleZone("GET /gestione/bandi/{id}/punteggi.csv", authz.EditTerritory, h.zoneOfCall, h.exportScores("csv"))
	rt.HandleZone("GET /gestione/bandi/{id}/punteggi.xlsx", authz.EditTerritory, h.zoneOfCall, h.exportScores("xlsx"))
	rt.HandleZone("GET /gestione/bandi/{id}/punteggi.pdf", authz.EditTerritory, h.zoneOfCall, h.exportScores("pdf"))
	return nil
}

// idParam reads a positive id of the URL; anything else is a page that
// does not exist.
func idParam(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	if len(s) > 18 {
		return 0, web.NotFound()
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound()
	}
	return id, nil
}

// notFound turns db.ErrNotFound into the 404 page and leaves other errors.
func notFound(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	return err
}

// call loads the call of the URL.
func (h *Handlers) call(r *http.Request) (*Call, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, err
	}
	c, err := Get(r.Context(), h.DB, id)
	if err != nil {
		return nil, notFound(err)
	}
	return c, nil
}

// zoneOfCall finds the zone of the call in the URL, for the router's
// permission check ("" for a region-wide call; AccessTo then asks for the
// region's editors).
func (h *Handlers) zoneOfCall(r *http.Request) (string, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return "", err
	}
	var zone string
	if err := h.DB.QueryRow(r.Context(), `SELECT COALESCE(zone_id, '') FROM calls WHERE id = ?`, id).Scan(&zone); err != nil {
		return "", web.NotFound()
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

// editable loads the call of the URL for its coordinators: anyone else
// (a coordinator of a region-wide call who does not edit the region) gets
// the 404 page, as if it did not exist.
func (h *Handlers) editable(r *http.Request) (*Call, error) {
	c, err := h.call(r)
	if err != nil {
		return nil, err
	}
	if !AccessTo(web.Principal(r), c, nil).Coordinator {
		return nil, web.NotFound()
	}
	return c, nil
}

// notify wakes the job queue, if there is one, after a commit.
func (h *Handlers) notify() {
	if h.Queue != nil {
		h.Queue.Notify()
	}
}
