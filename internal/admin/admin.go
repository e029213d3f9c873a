// Package admin serves the screens of the regional administrators: users
// and the roles they hold in each territory, the audit log, the e-mails kept
// in the outbox, and the background job queue.
package admin

import (
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/roles"
)

// templates holds the admin pages (*.html) and the partials they share
// (partials.tmpl), which the renderer parses with every page.
//
//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Handlers serves the admin screens.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
}

// Register adds the admin pages and every admin route.
func (h *Handlers) Register(rt *web.Router) error {
	pages := web.MustSub(templates, "templates") // with its partials.tmpl
	if err := h.Render.AddPages("admin", pages); err != nil {
		return err
	}
	rt.Handle("GET /admin", authz.ManageUsers, h.dashboard)
	rt.Handle("GET /admin/utenti", authz.ManageUsers, h.userList)
	rt.Handle("GET /admin/utenti/{id}", authz.ManageUsers, h.userShow)
	rt.Handle("POST /admin/utenti/{id}/ruoli", authz.ManageUsers, h.roleGrant)
	rt.Handle("POST /admin/utenti/{id}/ruoli/{grant}/revoca", authz.ManageUsers, h.roleRevoke)
	rt.Handle("GET /admin/audit", authz.ViewAudit, h.auditList)
	rt.Handle("GET /admin/outbox", authz.OperatePlatform, h.outboxList)
	rt.Handle("GET /admin/outbox/{id}", authz.OperatePlatform, h.outboxShow)
	rt.Handle("GET /admin/jobs", authz.OperatePlatform, h.jobList)
	rt.Handle("POST /admin/jobs/{id}/riprova", authz.OperatePlatform, h.jobRetry)
	return nil
}

// pathID reads the numeric path parameter name; anything else is a page
// that does not exist.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
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

// actor is the signed-in admin, as the audit log records them.
func actor(r *http.Request) roles.Actor {
	a := roles.Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}

// dashboard links to every admin screen the user may open.
func (h *Handlers) dashboard(w http.ResponseWriter, r *http.Request) error {
	return h.Render.Render(w, r, http.StatusOK, "admin/dashboard", nil)
}
