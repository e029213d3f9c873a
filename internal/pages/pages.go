// Package pages serves the platform's fixed pages: the home page, the
// privacy notice, the legal notes, the accessibility statement, and the
// language switch.
package pages

import (
	"embed"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Templates are the pages of this package.
//
//go:embed templates/*.html
var templates embed.FS

// Handlers serves the fixed pages.
type Handlers struct {
	Render *web.Renderer
}

// Register adds the templates and routes of this package.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("pages", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	rt.Handle("GET /{$}", authz.ViewPublic, h.static("pages/home"))
	rt.Handle("GET /privacy", authz.ViewPublic, h.static("pages/privacy"))
	rt.Handle("GET /note-legali", authz.ViewPublic, h.static("pages/legal"))
	rt.Handle("GET /accessibilita", authz.ViewPublic, h.static("pages/accessibility"))
	rt.Handle("GET /lingua/{lang}", authz.ViewPublic, h.switchLanguage)
	return nil
}

func (h *Handlers) static(name string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return h.Render.Render(w, r, http.StatusOK, name, nil)
	}
}

// switchLanguage remembers the chosen language in a technical cookie and
// returns the visitor to the page they were on.
func (h *Handlers) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		return web.NotFound()
	}
	http.SetCookie(w, &http.Cookie{Name: i18n.CookieName, Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	http.Redirect(w, r, web.LocalURL(r.URL.Query().Get("next")), http.StatusSeeOther)
	return nil
}
