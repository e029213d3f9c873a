package web

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Chrome is the dot of the layout's parts that are the same on many pages
// (the header, the navigation, the footer, the stylesheets: the templates
// layout_* of web/templates/layout.html). It holds only what those parts
// may depend on, so the Renderer renders each combination once and keeps
// it (Page.Chrome): nothing else of a request or of a person can reach
// them. Executing the layout's hundred-odd actions for every page was most
// of a signed-in page's time (docs/performance.md, "Signed-in pages").
type Chrome struct {
	Lang i18n.Lang
	// Section is the navigation's section the page is in ("home",
	// "territori", "percorsi", "notizie", "faq", "glossario", "gestione"),
	// or empty; Exact tells the section's own page from a page under it.
	Section string
	Exact   bool
	// SignedIn: a person is signed in. Manage: they may reach the
	// management pages (edit_territory, edit_region or edit_glossary
	// somewhere). Admin: the administration (manage_users).
	SignedIn, Manage, Admin bool

	assets AssetPather
}

// T translates key into the chrome's language.
func (c *Chrome) T(key string, args ...any) string { return i18n.T(c.Lang, key, args...) }

// Asset returns the URL of a static asset.
func (c *Chrome) Asset(name string) string {
	if c.assets == nil {
		return "/static/" + name
	}
	return c.assets.Path(name)
}

// navSections are the navigation's sections: the page at path and, when
// under is set, the pages below it.
var navSections = []struct {
	name, path string
	under      bool
}{
	{"home", "/", false},
	{"territori", "/territori", true},
	{"percorsi", "/percorsi", true},
	{"notizie", "/notizie", true},
	{"faq", "/faq", false},
	{"glossario", "/glossario", true},
	{"gestione", "/gestione", true},
}

// navSection returns the section of the page at path and whether path is
// the section's own page.
func navSection(path string) (string, bool) {
	for _, s := range navSections {
		if path == s.path {
			return s.name, true
		}
		if s.under && len(path) > len(s.path)+1 && strings.HasPrefix(path, s.path+"/") {
			return s.name, false
		}
	}
	return "", false
}

func chromeOf(lang i18n.Lang, path string, p *authz.Principal, assets AssetPather) Chrome {
	section, exact := navSection(path)
	return Chrome{
		Lang: lang, Section: section, Exact: exact,
		SignedIn: p != nil,
		Manage:   authz.Can(p, authz.EditTerritory, "") || authz.Can(p, authz.EditRegion, "") || authz.Can(p, authz.EditGlossary, ""),
		Admin:    authz.Can(p, authz.ManageUsers, ""),
		assets:   assets,
	}
}

// chromeKey names a rendered part: the template and its whole dot but the
// assets (the same for every page of a Renderer).
type chromeKey struct {
	name                    string
	lang                    i18n.Lang
	section                 string
	exact                   bool
	signedIn, manage, admin bool
}

// chromeMax bounds the parts kept. The keys are few by construction (four
// parts, two languages, eight sections, a few flags: under 300); the bound
// only guards against a mistake.
const chromeMax = 4096

// chromeCache renders and keeps the layout's parts. Its templates are a
// clone of the layout's, made before any page was added, so executing
// them never prevents cloning the layout.
type chromeCache struct {
	t     *template.Template
	mu    sync.RWMutex
	parts map[chromeKey]template.HTML
}

func (cc *chromeCache) render(name string, c *Chrome) (template.HTML, error) {
	k := chromeKey{name: name, lang: c.Lang, section: c.Section, exact: c.Exact, signedIn: c.SignedIn, manage: c.Manage, admin: c.Admin}
	cc.mu.RLock()
	h, ok := cc.parts[k]
	cc.mu.RUnlock()
	if ok {
		return h, nil
	}
	var b bytes.Buffer
	if err := cc.t.ExecuteTemplate(&b, name, c); err != nil {
		return "", fmt.Errorf("web: render %s: %w", name, err)
	}
	// The template's own escaping made it safe HTML, in the context the
	// layout places it (between elements).
	h = template.HTML(b.String()) // #nosec G203 -- produced by html/template
	cc.mu.Lock()
	if len(cc.parts) < chromeMax {
		cc.parts[k] = h
	}
	cc.mu.Unlock()
	return h, nil
}

// Chrome returns the layout's part name (a layout_* template) for this
// page, rendered once per language, section and access and kept.
func (p *Page) Chrome(name string) (template.HTML, error) {
	if p.chrome == nil {
		return "", fmt.Errorf("web: no chrome for %s", name)
	}
	c := chromeOf(p.Lang, p.Path, p.User, p.assets)
	return p.chrome.render(name, &c)
}
