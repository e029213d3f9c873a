package tracks

import (
	"database/sql"
	"embed"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handlers serves the coordinators' track screens, the participant's own
// tracks and certificates, and the public verification page.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	// BaseURL is the site's absolute URL, printed on certificates.
	BaseURL string
}

// Register adds the pages and every route of the feature.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("tracks", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	// Coordinators of the track's zone; region-wide tracks, admins.
	rt.Handle("GET /gestione/percorsi-formativi", authz.EditTerritory, h.manageList)
	rt.Handle("GET /gestione/percorsi-formativi/nuovo", authz.EditTerritory, h.newForm)
	rt.Handle("POST /gestione/percorsi-formativi/nuovo", authz.EditTerritory, h.create)
	rt.HandleZone("GET /gestione/percorsi-formativi/{id}", authz.EditTerritory, h.zoneOfTrack, h.show)
	rt.HandleZone("GET /gestione/percorsi-formativi/{id}/modifica", authz.EditTerritory, h.zoneOfTrack, h.editForm)
	rt.HandleZone("POST /gestione/percorsi-formativi/{id}/modifica", authz.EditTerritory, h.zoneOfTrack, h.update)
	rt.HandleZone("POST /gestione/percorsi-formativi/{id}/iscritti", authz.EditTerritory, h.zoneOfTrack, h.enrol)
	rt.HandleZone("POST /gestione/percorsi-formativi/{id}/attestati", authz.EditTerritory, h.zoneOfTrack, h.issueFor)
	rt.HandleZone("GET /gestione/percorsi-formativi/{id}/attestati/{code}", authz.EditTerritory, h.zoneOfTrack, h.managedCertificate)
	// The signed-in participant.
	rt.Handle("GET /account/percorsi-formativi", authz.UseAccount, h.mine)
	rt.Handle("GET /account/percorsi-formativi/{id}/attestato", authz.UseAccount, h.myCertificate)
	// Anyone: is this certificate genuine?
	rt.Handle("GET /attestati", authz.ViewPublic, h.verifyForm)
	rt.Handle("GET /attestati/{code}", authz.ViewPublic, h.verify)
	return nil
}

// idParam reads the track id of the URL; anything but a positive number
// is a page that does not exist.
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

func notFound(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	return err
}

// zoneOfTrack finds the zone of the track in the URL, for the router's
// permission check ("" for a region-wide track, which track() then
// reserves to those who edit the region).
func (h *Handlers) zoneOfTrack(r *http.Request) (string, error) {
	id, err := idParam(r)
	if err != nil {
		return "", err
	}
	var zone sql.NullString
	err = h.DB.QueryRow(r.Context(), `SELECT zone_id FROM training_tracks WHERE id = ?`, id).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", web.NotFound()
	}
	return zone.String, err
}

// track loads the track of the URL for its editors: the router has
// checked the zone; a region-wide track also needs EditRegion.
func (h *Handlers) track(r *http.Request) (*Track, error) {
	id, err := idParam(r)
	if err != nil {
		return nil, err
	}
	t, err := Get(r.Context(), h.DB, id)
	if err != nil {
		return nil, notFound(err)
	}
	if t.RegionWide() && !authz.Can(web.Principal(r), authz.EditRegion, "") {
		return nil, web.Forbidden()
	}
	return t, nil
}

// actorOf is the user making request r.
func actorOf(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}

// verifyURL is the absolute address of a certificate's public page.
func (h *Handlers) verifyURL(code string) string {
	return strings.TrimRight(h.BaseURL, "/") + "/attestati/" + code
}
