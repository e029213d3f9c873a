package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// AssetPather turns a logical asset name into its content-hashed URL.
type AssetPather interface {
	Path(logical string) string
}

// Renderer renders pages: each page template is parsed together with the
// shared layout and partials, once, at start-up.
type Renderer struct {
	base    *template.Template
	pages   map[string]*template.Template
	assets  AssetPather
	baseURL string

	mu       sync.Mutex
	rendered map[string]bool

	chrome *chromeCache

	bufs sync.Pool
}

// Funcs are the template functions available to every template.
var Funcs = template.FuncMap{
	"rome": func(t time.Time) time.Time { return t.In(rome) },
	"date": func(t time.Time) string { return t.In(rome).Format("02/01/2006") },
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(rome).Format("02/01/2006 15:04")
	},
	"iso": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"add": func(a, b int) int { return a + b },
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	},
}

var rome = mustLoadRome()

func mustLoadRome() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		// The binary embeds the time zone database (time/tzdata in main),
		// so this cannot happen in a built binary.
		panic(err)
	}
	return loc
}

// Rome is the Europe/Rome time zone, in which every time is shown.
func Rome() *time.Location { return rome }

// NewRenderer parses the layout and partials (every *.html in layout).
func NewRenderer(layout fs.FS, assets AssetPather, baseURL string) (*Renderer, error) {
	base, err := template.New("").Funcs(Funcs).ParseFS(layout, "*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	parts, err := base.Clone()
	if err != nil {
		return nil, fmt.Errorf("web: clone layout: %w", err)
	}
	return &Renderer{
		base:     base,
		pages:    map[string]*template.Template{},
		assets:   assets,
		baseURL:  strings.TrimRight(baseURL, "/"),
		rendered: map[string]bool{},
		chrome:   &chromeCache{t: parts, parts: map[chromeKey]template.HTML{}},
		bufs:     sync.Pool{New: func() any { return new(bytes.Buffer) }},
	}, nil
}

// FeaturePartials is the file of a feature's templates folder that holds
// the partials its pages share; AddPages parses it with each page.
const FeaturePartials = "partials.tmpl"

// AddPages parses every *.html file of fsys as a page named prefix/name
// (without the extension), together with the feature's partials
// (FeaturePartials) when fsys has them. A page defines "title" and
// "content".
func (rr *Renderer) AddPages(prefix string, fsys fs.FS) error {
	names, err := fs.Glob(fsys, "*.html")
	if err != nil {
		return err
	}
	_, statErr := fs.Stat(fsys, FeaturePartials)
	hasPartials := statErr == nil
	for _, n := range names {
		t, err := rr.base.Clone()
		if err != nil {
			return err
		}
		if hasPartials {
			if _, err := t.ParseFS(fsys, FeaturePartials); err != nil {
				return fmt.Errorf("web: parse %s/%s: %w", prefix, FeaturePartials, err)
			}
		}
		if _, err := t.ParseFS(fsys, n); err != nil {
			return fmt.Errorf("web: parse %s/%s: %w", prefix, n, err)
		}
		name := prefix + "/" + strings.TrimSuffix(path.Base(n), ".html")
		if _, dup := rr.pages[name]; dup {
			return fmt.Errorf("web: page %s defined twice", name)
		}
		rr.pages[name] = t
	}
	return nil
}

// Pages lists every page name, for tests.
func (rr *Renderer) Pages() []string {
	out := make([]string, 0, len(rr.pages))
	for n := range rr.pages {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Rendered lists the pages rendered since start, for the test that fails
// when a page template is never exercised.
func (rr *Renderer) Rendered() map[string]bool {
	rr.mu.Lock()
	defer rr.mu.Unlock()
	out := make(map[string]bool, len(rr.rendered))
	for k, v := range rr.rendered {
		out[k] = v
	}
	return out
}

// Page is what every template receives as its dot.
type Page struct {
	Lang      i18n.Lang
	User      *authz.Principal
	Path      string
	RequestID string
	Flash     string
	BaseURL   string
	Form      *Form
	Data      any
	// Status is the HTTP status of the response.
	Status int

	r      *http.Request
	assets AssetPather
	chrome *chromeCache
}

// T translates key into the page's language.
func (p *Page) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Asset returns the URL of a static asset.
func (p *Page) Asset(name string) string {
	if p.assets == nil {
		return "/static/" + name
	}
	return p.assets.Path(name)
}

// Can reports whether the user may perform action in zone.
func (p *Page) Can(action string, zone string) bool {
	return authz.Can(p.User, authz.Action(action), zone)
}

// OtherLangs lists the languages the page is not in, for the switch.
func (p *Page) OtherLangs() []i18n.Lang {
	var out []i18n.Lang
	for _, l := range i18n.Langs {
		if l != p.Lang {
			out = append(out, l)
		}
	}
	return out
}

// CanonicalURL is the absolute URL of the page in its language, without
// other query parameters, for <link rel="canonical"> and Open Graph.
func (p *Page) CanonicalURL() string { return p.LangURL(p.Lang) }

// LangURL is the absolute URL of the page in language l: the Italian
// version has no parameter, the others `?lang=`.
func (p *Page) LangURL(l i18n.Lang) string {
	if l == i18n.Default {
		return p.BaseURL + p.Path
	}
	return p.BaseURL + p.Path + "?lang=" + string(l)
}

// RequestURI is the path and query of the current request, for return links.
func (p *Page) RequestURI() string {
	if p.r == nil {
		return "/"
	}
	return p.r.URL.RequestURI()
}

// Render writes page name with data and status. Nothing is written until
// the template has executed without error, so a failing template yields a
// clean 500 page instead of half a page.
func (rr *Renderer) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return rr.RenderForm(w, r, status, name, nil, data)
}

// RenderForm is Render for a page with a form, whose values and errors the
// templates read through .Form.
func (rr *Renderer) RenderForm(w http.ResponseWriter, r *http.Request, status int, name string, form *Form, data any) error {
	t, ok := rr.pages[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	p := &Page{
		Lang:      Lang(r),
		User:      Principal(r),
		Path:      r.URL.Path,
		RequestID: RequestID(r),
		Flash:     takeFlash(w, r),
		BaseURL:   rr.baseURL,
		Form:      form,
		Data:      data,
		Status:    status,
		r:         r,
		assets:    rr.assets,
		chrome:    rr.chrome,
	}
	buf := rr.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer rr.bufs.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	rr.mu.Lock()
	rr.rendered[name] = true
	rr.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// MustSub returns the sub-tree dir of an embedded file system. It panics
// only when dir is not a valid path, which for the constant folder names
// callers pass means a programming error caught by any test.
func MustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err)
	}
	return sub
}
