package glossary

import (
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// templates holds the pages (*.html) and the partials they share
// (partials.tmpl), appended to every page when it is parsed.
//
//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Handlers serves the glossary's public pages, the proposal forms and the
// editors' screens.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	// BaseURL is the site's address, for the links in e-mails.
	BaseURL string
}

// Register adds the glossary's pages and routes.
//
// The GET pages below a term (/glossario/{slug}/storia, …) and the letter
// pages (/glossario/lettera/{letter}) share one pattern, dispatched by
// termSubpage: ServeMux refuses the two families side by side, as both
// would match /glossario/lettera/storia.
func (h *Handlers) Register(rt *web.Router) error {
	pages := web.MustSub(templates, "templates") // with its partials.tmpl
	if err := h.Render.AddPages("glossary", pages); err != nil {
		return err
	}
	rt.Handle("GET /glossario", authz.ViewPublic, h.index)
	rt.Handle("GET /glossario/proponi", authz.ViewPublic, h.proposeNewForm)
	rt.Handle("POST /glossario/proponi", authz.ViewPublic, h.proposeNew)
	rt.Handle("GET /glossario/proposta-inviata", authz.ViewPublic, h.proposalSent)
	rt.Handle("GET /glossario/{slug}", authz.ViewPublic, h.show)
	rt.Handle("GET /glossario/{first}/{second}", authz.ViewPublic, h.termSubpage)
	rt.Handle("POST /glossario/{slug}/proponi-modifica", authz.ViewPublic, h.proposeEdit)

	rt.Handle("GET /gestione/glossario", authz.EditGlossary, h.manage)
	rt.Handle("GET /gestione/glossario/nuova", authz.EditGlossary, h.newForm)
	rt.Handle("POST /gestione/glossario/nuova", authz.EditGlossary, h.create)
	rt.Handle("GET /gestione/glossario/voci/{slug}", authz.EditGlossary, h.editForm)
	rt.Handle("POST /gestione/glossario/voci/{slug}", authz.EditGlossary, h.save)
	rt.Handle("POST /gestione/glossario/voci/{slug}/ripristina", authz.EditGlossary, h.restore)
	rt.Handle("GET /gestione/glossario/proposte", authz.EditGlossary, h.queue)
	rt.Handle("GET /gestione/glossario/proposte/{id}", authz.EditGlossary, h.review)
	rt.Handle("POST /gestione/glossario/proposte/{id}/accetta", authz.EditGlossary, h.accept)
	rt.Handle("POST /gestione/glossario/proposte/{id}/rifiuta", authz.EditGlossary, h.decline)
	return nil
}

// termSubpage dispatches GET /glossario/{first}/{second}: a letter page
// when first is "lettera", else a page of the term first.
func (h *Handlers) termSubpage(w http.ResponseWriter, r *http.Request) error {
	first, second := r.PathValue("first"), r.PathValue("second")
	if first == "lettera" {
		return h.letter(w, r, second)
	}
	switch second {
	case "storia":
		return h.history(w, r, first)
	case "confronto":
		return h.compare(w, r, first)
	case "proponi-modifica":
		return h.proposeEditForm(w, r, first)
	}
	return web.NotFound()
}

// actorOf is the signed-in user as the glossary records them.
func actorOf(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.UserID, a.Name, a.Label = p.UserID, p.Name, p.Email
	}
	return a
}

// isEditor reports whether the request's user may edit the glossary.
func isEditor(r *http.Request) bool {
	return authz.Can(web.Principal(r), authz.EditGlossary, "")
}

// visibleTerm loads the term for a public page: drafts exist only for
// editors.
func (h *Handlers) visibleTerm(r *http.Request, slug string) (*Term, error) {
	t, err := BySlug(r.Context(), h.DB, slug)
	if err != nil {
		return nil, notFound(err)
	}
	if t.Status != Published && !isEditor(r) {
		return nil, web.NotFound()
	}
	return t, nil
}

// notFound turns ErrNotFound into the 404 page and leaves other errors.
func notFound(err error) error {
	if errors.Is(err, ErrNotFound) {
		return web.NotFound()
	}
	return err
}

// pathID reads the numeric path parameter name.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound()
	}
	return id, nil
}

// fieldOrder is the order of the fields on the forms, for the error
// summary.
var fieldOrder = []string{"", "name", "email", "term_it", "definition_it", "explanation_it", "examples_it",
	"term_en", "definition_en", "explanation_en", "examples_en", "related", "sources", "note", "status", "summary",
	"consent", "reason"}

// addProblems copies the problems of err onto f, in the forms' order, and
// reports whether err was a Problems error.
func addProblems(f *web.Form, err error) bool {
	var p Problems
	if !errors.As(err, &p) {
		return false
	}
	for _, field := range fieldOrder {
		for _, k := range p[field] {
			f.AddError(field, k)
		}
	}
	for field, keys := range p {
		if !containsSlug(fieldOrder, field) {
			for _, k := range keys {
				f.AddError("", k)
			}
		}
	}
	return true
}
