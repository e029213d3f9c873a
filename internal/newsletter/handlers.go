package newsletter

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// templates holds the pages (*.html) and the partials they share
// (partials.tmpl), which pagesFS appends to every page.
//
//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Handlers serves the newsletter's public pages and management screens.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	// Queue runs the send jobs; it is woken when a campaign is scheduled.
	Queue *jobs.Queue
	// BaseURL is the site's public URL, for links in e-mails.
	BaseURL string
	// MailFrom is the sender address, for test sends' headers.
	MailFrom string

	once sync.Once
	svc  *Service
}

func (h *Handlers) service() *Service {
	h.once.Do(func() { h.svc = NewService(h.DB, h.BaseURL, nil) })
	return h.svc
}

// Register adds the newsletter's pages and routes.
//
// Permissions: subscribing, the personal links and the archive are
// public. Subscribers, imports and bounce lists are regional (EditRegion,
// admins). Campaigns come in two families: regional ones under
// /gestione/newsletter/campagne (EditRegion), and a coordinator's under
// /gestione/territori/{zone}/newsletter/campagne (EditTerritory in
// {zone}), whose segment must name only territories the coordinator
// coordinates; the ZoneFunc of a campaign's routes checks that {zone} is
// its territory and that the user may edit every territory of its
// segment, before any handler runs.
func (h *Handlers) Register(rt *web.Router) error {
	pages := web.MustSub(templates, "templates") // with its partials.tmpl
	if err := h.Render.AddPages("newsletter", pages); err != nil {
		return err
	}
	rt.Handle("GET /newsletter", authz.ViewPublic, h.subscribeForm)
	rt.Handle("POST /newsletter", authz.ViewPublic, h.subscribe)
	rt.Handle("GET /newsletter/controlla-email", authz.ViewPublic, h.subscribeSent)
	rt.Handle("GET /newsletter/conferma", authz.ViewPublic, h.confirmForm)
	rt.Handle("POST /newsletter/conferma", authz.ViewPublic, h.confirm)
	rt.Handle("POST /newsletter/conferma/nuovo-link", authz.ViewPublic, h.newLink)
	rt.Handle("GET /newsletter/preferenze", authz.ViewPublic, h.preferencesForm)
	rt.Handle("POST /newsletter/preferenze", authz.ViewPublic, h.savePreferences)
	rt.Handle("GET /newsletter/disiscriviti", authz.ViewPublic, h.unsubscribeForm)
	rt.Handle("POST /newsletter/disiscriviti", authz.ViewPublic, h.unsubscribe)
	rt.Handle("GET /newsletter/archivio", authz.ViewPublic, h.archive)
	rt.Handle("GET /newsletter/archivio/{id}", authz.ViewPublic, h.archiveShow)

	rt.Handle("GET /gestione/newsletter", authz.EditTerritory, h.dashboard)
	rt.Handle("GET /gestione/newsletter/iscritti", authz.EditRegion, h.subscriberList)
	rt.Handle("GET /gestione/newsletter/importa", authz.EditRegion, h.importForm)
	rt.Handle("POST /gestione/newsletter/importa", authz.EditRegion, h.importFile)
	rt.Handle("GET /gestione/newsletter/rimbalzi", authz.EditRegion, h.bouncesForm)
	rt.Handle("POST /gestione/newsletter/rimbalzi", authz.EditRegion, h.bouncesUpload)

	rt.Handle("GET "+regionBase+"/nuova", authz.EditRegion, h.campaignNew)
	rt.Handle("POST "+regionBase+"/nuova", authz.EditRegion, h.campaignCreate)
	rt.HandleZone("GET "+zoneBase+"/nuova", authz.EditTerritory, h.newZone, h.campaignNew)
	rt.HandleZone("POST "+zoneBase+"/nuova", authz.EditTerritory, h.newZone, h.campaignCreate)
	for _, route := range []struct {
		method, suffix string
		fn             web.HandlerFunc
	}{
		{"GET", "", h.campaignShow},
		{"POST", "", h.campaignSave},
		{"GET", "/anteprima", h.campaignPreview},
		{"POST", "/prova", h.campaignTest},
		{"POST", "/programma", h.campaignSchedule},
		{"POST", "/annulla", h.campaignUnschedule},
		{"POST", "/pausa", h.campaignPause},
		{"POST", "/riprendi", h.campaignResume},
	} {
		rt.Handle(route.method+" "+regionBase+"/{id}"+route.suffix, authz.EditRegion, route.fn)
		rt.HandleZone(route.method+" "+zoneBase+"/{id}"+route.suffix, authz.EditTerritory, h.campaignZone, route.fn)
	}
	return nil
}

// The two families of campaign routes.
const (
	regionBase = "/gestione/newsletter/campagne"
	zoneBase   = "/gestione/territori/{zone}/newsletter/campagne"
)

// campaignBase is the address of the campaign pages of the request's
// family: regional, or of the territory in the path.
func campaignBase(r *http.Request) string {
	if z := r.PathValue("zone"); z != "" {
		return "/gestione/territori/" + z + "/newsletter/campagne"
	}
	return regionBase
}

// newZone is the ZoneFunc of the creation routes: {zone} must exist.
func (h *Handlers) newZone(r *http.Request) (string, error) {
	z := r.PathValue("zone")
	if !authz.Can(web.Principal(r), authz.EditTerritory, z) {
		return z, nil
	}
	names, err := zoneNames(r.Context(), h.DB)
	if err != nil {
		return "", err
	}
	if _, ok := names[z]; !ok {
		return "", web.NotFound()
	}
	return z, nil
}

// campaignZone is the ZoneFunc of a campaign's routes in a territory; see
// Register. Whoever may not edit {zone} gets the router's answer (login
// or 403) before the campaign is even looked up.
func (h *Handlers) campaignZone(r *http.Request) (string, error) {
	z := r.PathValue("zone")
	p := web.Principal(r)
	if !authz.Can(p, authz.EditTerritory, z) {
		return z, nil
	}
	c, err := h.campaignOf(r)
	if err != nil {
		return "", err
	}
	if c.HomeZone != z {
		return "", web.NotFound()
	}
	for _, sz := range c.Zones {
		if !authz.Can(p, authz.EditTerritory, sz) {
			return "", web.Forbidden()
		}
	}
	return z, nil
}

// campaignOf loads the campaign named by the path.
func (h *Handlers) campaignOf(r *http.Request) (*Campaign, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, web.NotFound()
	}
	c, err := GetCampaign(r.Context(), h.DB, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, web.NotFound()
	}
	return c, err
}

// actor is the signed-in user, for the audit log.
func actor(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}

// zoneGroup is the zones of one health authority, for checkbox lists.
type zoneGroup struct {
	Authority string
	Zones     []territory.ZoneSummary
}

// zoneGroups lists the zones by health authority; keep, when not nil,
// limits them to those it accepts.
func (h *Handlers) zoneGroups(ctx context.Context, keep func(string) bool) ([]zoneGroup, error) {
	zs, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return nil, err
	}
	var out []zoneGroup
	for _, z := range zs {
		if keep != nil && !keep(z.ID) {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Authority != z.HealthAuthorityName {
			out = append(out, zoneGroup{Authority: z.HealthAuthorityName})
		}
		out[len(out)-1].Zones = append(out[len(out)-1].Zones, z)
	}
	slices.SortStableFunc(out, func(a, b zoneGroup) int {
		switch {
		case a.Authority < b.Authority:
			return -1
		case a.Authority > b.Authority:
			return 1
		}
		return 0
	})
	return out, nil
}

// choices reads a multi-valued field and keeps the values valid accepts,
// once each, recording an error on field for any other.
func choices(f *web.Form, field string, valid func(string) bool) []string {
	var out []string
	for _, v := range f.Values[field] {
		if !valid(v) {
			if len(f.Errors[field]) == 0 {
				f.AddError(field, "newsletter.choice_invalid")
			}
			continue
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// set turns a list into a lookup for templates.
func set(vals []string) map[string]bool {
	out := make(map[string]bool, len(vals))
	for _, v := range vals {
		out[v] = true
	}
	return out
}

// errNotPublic hides campaigns that are not in the archive.
var errNotPublic = web.NotFound()
