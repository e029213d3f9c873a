package pages

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// area is an editing area the dashboard may list: the route that must
// exist, the action the user needs, and its address and texts.
type area struct {
	Route   string
	Action  authz.Action
	URL     string
	NameKey string
	TextKey string
}

// areas are the editing areas, in the order the dashboard lists them. An
// area whose route is not registered (a feature not built in) is left out.
var areas = []area{
	{"GET /gestione/percorsi", authz.EditTerritory, "/gestione/percorsi", "dashboard.paths", "dashboard.paths_text"},
	{"GET /gestione/soluzioni", authz.EditTerritory, "/gestione/soluzioni", "dashboard.solutions", "dashboard.solutions_text"},
	{"GET /gestione/attivita", authz.EditTerritory, "/gestione/attivita", "dashboard.activities", "dashboard.activities_text"},
	{"GET /gestione/percorsi-formativi", authz.EditTerritory, "/gestione/percorsi-formativi", "dashboard.tracks", "dashboard.tracks_text"},
	{"GET /gestione/notizie", authz.EditTerritory, "/gestione/notizie", "dashboard.news", "dashboard.news_text"},
	{"GET /gestione/faq", authz.EditRegion, "/gestione/faq", "dashboard.faq", "dashboard.faq_text"},
	{"GET /gestione/testi", authz.EditRegion, "/gestione/testi", "dashboard.texts", "dashboard.texts_text"},
	{"GET /gestione/glossario", authz.EditGlossary, "/gestione/glossario", "dashboard.glossary", "dashboard.glossary_text"},
	{"GET /admin", authz.ManageUsers, "/admin", "dashboard.admin", "dashboard.admin_text"},
}

// dashboard lists the editing areas the user may use; someone with none
// gets an explanation of who can edit what. No query.
func (h *Handlers) dashboard(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	var mine []area
	for _, a := range areas {
		// Holding the role in some zone is enough to enter an area: each
		// area then shows only what the user may edit.
		if authz.Can(p, a.Action, "") && h.has(a.Route) {
			mine = append(mine, a)
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "pages/dashboard", mine)
}
