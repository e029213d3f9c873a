// Package pages serves the site's own pages: the home page, the privacy
// notice, the legal notes, the accessibility statement, the language
// switch, sitemap.xml and robots.txt, the editing dashboard (/gestione) and
// the editing of the site's texts (/gestione/testi). See
// docs/public-site.md.
package pages

import (
	"embed"
	"net/http"
	"sync"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Templates are the pages of this package.
//
//go:embed templates/*.html
var templates embed.FS

// Handlers serves the site's own pages.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	// BaseURL is the site's public URL, for the absolute addresses of the
	// sitemap and robots.txt.
	BaseURL string
	// Upcoming, when set, fills the home page's "upcoming activities"
	// block; nil leaves it out.
	Upcoming UpcomingActivities

	router     *web.Router
	routesOnce sync.Once
	routes     map[string]bool
}

// Register adds the templates and routes of this package.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("pages", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	h.router = rt
	rt.Handle("GET /{$}", authz.ViewPublic, h.home)
	rt.Handle("GET /privacy", authz.ViewPublic, h.textPage(TextPrivacy, "footer.privacy"))
	rt.Handle("GET /note-legali", authz.ViewPublic, h.textPage(TextLegal, "footer.legal"))
	rt.Handle("GET /accessibilita", authz.ViewPublic, h.textPage(TextAccessibility, "footer.accessibility"))
	rt.Handle("GET /lingua/{lang}", authz.ViewPublic, h.switchLanguage)
	rt.Handle("GET /sitemap.xml", authz.ViewPublic, h.sitemap)
	rt.Handle("GET /robots.txt", authz.ViewPublic, h.robots)
	rt.Handle("GET /gestione", authz.UseAccount, h.dashboard)
	rt.Handle("GET /gestione/testi", authz.EditRegion, h.textList)
	rt.Handle("GET /gestione/testi/{key}", authz.EditRegion, h.textEdit)
	rt.Handle("POST /gestione/testi/{key}", authz.EditRegion, h.textSave)
	return nil
}

// has reports whether a route with pattern is registered, so pages link
// to features only once they exist. Routes are read once, at the first
// request, when every feature has registered.
func (h *Handlers) has(pattern string) bool {
	h.routesOnce.Do(func() {
		h.routes = map[string]bool{}
		if h.router == nil {
			return
		}
		for _, r := range h.router.Routes() {
			h.routes[r.Pattern] = true
		}
	})
	return h.routes[pattern]
}

// linkIf returns url when the route pattern exists, else "".
func (h *Handlers) linkIf(pattern, url string) string {
	if h.has(pattern) {
		return url
	}
	return ""
}

// TextPageData is a page made of one editable text.
type TextPageData struct {
	TitleKey string
	Body     HTML
	Key      TextKey
	CanEdit  bool
}

// textPage serves a page whose body is the editable text key. One query.
func (h *Handlers) textPage(key TextKey, titleKey string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, err := LoadText(r.Context(), h.DB, key)
		if err != nil {
			return err
		}
		return h.Render.Render(w, r, http.StatusOK, "pages/text", TextPageData{
			TitleKey: titleKey, Body: t.Render(web.Lang(r)), Key: key, CanEdit: canEditTexts(r)})
	}
}

// canEditTexts reports whether the user of r may edit the site's texts.
func canEditTexts(r *http.Request) bool {
	return authz.Can(web.Principal(r), authz.EditRegion, "")
}

// switchLanguage remembers the chosen language in a technical cookie and
// returns the visitor to the page they were on.
func (h *Handlers) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		return web.NotFound()
	}
	http.SetCookie(w, &http.Cookie{Name: i18n.CookieName, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600, // #nosec G124 -- HttpOnly and SameSite set; Secure whenever the request came over TLS
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, web.LocalURL(r.URL.Query().Get("next")), http.StatusSeeOther) // #nosec G710 -- web.LocalURL keeps only same-site paths
	return nil
}
