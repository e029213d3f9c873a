package glossary

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// editFields are the text fields of the editors' term form.
var editFields = []string{"term_it", "definition_it", "explanation_it", "examples_it",
	"term_en", "definition_en", "explanation_en", "examples_en", "sources", "summary"}

// manageRow is a term in the editors' list.
type manageRow struct {
	Term     Term
	Gulpease gulpeaseView
}

type manageData struct {
	Rows    []manageRow
	Pending int
	Target  int
}

// manage lists every term, drafts included, with its readability.
func (h *Handlers) manage(w http.ResponseWriter, r *http.Request) error {
	terms, err := AllTerms(r.Context(), h.DB)
	if err != nil {
		return err
	}
	pending, err := CountPending(r.Context(), h.DB)
	if err != nil {
		return err
	}
	rows := make([]manageRow, len(terms))
	for i, t := range terms {
		rows[i] = manageRow{Term: t, Gulpease: newGulpeaseView(t.DefinitionIT)}
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/manage", manageData{Rows: rows, Pending: pending, Target: TargetIndex})
}

// editData is what the term form shows, on the editing screens and on
// the review of a proposal.
type editData struct {
	// Term is the term being edited; nil for a new one.
	Term   *Term
	Action string
	Fields map[string]fieldView
	// Related are the checkboxes of the related terms.
	Related  []relatedOption
	Gulpease gulpeaseView
	// Recalculated is set when the page answers the "Ricalcola" button.
	Recalculated bool
	// ConflictURL compares the revision the editor started from with the
	// current one, after a conflict.
	ConflictURL string
	// SubmitKey names the save button.
	SubmitKey string
	// Status and Base are the form's status and base revision.
	Status, Base string
}

// formData builds the term form's data from f.
func (h *Handlers) formData(r *http.Request, t *Term, f *web.Form) (*editData, error) {
	all, err := AllTerms(r.Context(), h.DB)
	if err != nil {
		return nil, err
	}
	self := ""
	if t != nil {
		self = t.Slug
	}
	return &editData{Term: t, Fields: fields(web.Lang(r), f, editFields...), Related: relatedOptions(all, self, f),
		Gulpease: newGulpeaseView(f.Raw("definition_it")), SubmitKey: "glossary.edit.save",
		Status: f.Get("status"), Base: f.Get("base_revision")}, nil
}

func (h *Handlers) renderEdit(w http.ResponseWriter, r *http.Request, status int, t *Term, f *web.Form, recalc bool) error {
	data, err := h.formData(r, t, f)
	if err != nil {
		return err
	}
	data.Action, data.Recalculated = "/gestione/glossario/nuova", recalc
	if t != nil {
		data.Action = "/gestione/glossario/voci/" + t.Slug
		if base, _ := strconv.Atoi(f.Get("base_revision")); base > 0 && base != t.Revision && f.Error("") == "glossary.error.conflict" {
			data.ConflictURL = fmt.Sprintf("/glossario/%s/confronto?da=%d&a=%d", t.Slug, base, t.Revision)
		}
	}
	return h.Render.RenderForm(w, r, status, "glossary/edit", f, data)
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values.Set("status", string(Draft))
	return h.renderEdit(w, r, http.StatusOK, nil, f, false)
}

// wantsRecalc reports whether the form was sent with the "Ricalcola"
// button, which recomputes the readability and saves nothing.
func wantsRecalc(f *web.Form) bool { return f.Get("action") == "recalc" }

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	e := editFromForm(f)
	if wantsRecalc(f) {
		return h.renderEdit(w, r, http.StatusOK, nil, withoutErrors(f), true)
	}
	if !f.Valid() {
		probs := Problems{}
		_ = errors.As(e.check(), &probs)
		addProblems(f, probs)
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, nil, f, false)
	}
	t, err := Create(r.Context(), h.DB, actorOf(r), e)
	if addProblems(f, err) {
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, nil, f, false)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.glossary.created")
	return web.Redirect(w, r, t.URL())
}

// withoutErrors drops the problems found while reading f (the sources'),
// for the "Ricalcola" answer, which checks nothing.
func withoutErrors(f *web.Form) *web.Form {
	g := web.NewForm()
	g.Values = f.Values
	return g
}

func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	t, err := BySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	return h.renderEdit(w, r, http.StatusOK, t, contentForm(&t.Content, t.Status, t.Revision), false)
}

// save stores the editor's changes as a new revision. When someone saved
// the term since the editor opened it, nothing is saved: the form comes
// back with the editor's text and a link to what changed.
func (h *Handlers) save(w http.ResponseWriter, r *http.Request) error {
	t, err := BySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	e := editFromForm(f)
	if wantsRecalc(f) {
		return h.renderEdit(w, r, http.StatusOK, t, withoutErrors(f), true)
	}
	if !f.Valid() {
		probs := Problems{}
		_ = errors.As(e.check(), &probs)
		addProblems(f, probs)
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, t, f, false)
	}
	base, _ := strconv.Atoi(f.Get("base_revision"))
	if base <= 0 {
		base = -1 // a form without its base revision cannot be trusted to be current
	}
	_, err = Update(r.Context(), h.DB, actorOf(r), t.Slug, base, e)
	switch {
	case errors.Is(err, ErrConflict):
		f.AddError("", "glossary.error.conflict")
		return h.renderEdit(w, r, http.StatusConflict, t, f, false)
	case errors.Is(err, ErrNoChange):
		f.AddError("", "glossary.error.no_change")
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, t, f, false)
	case addProblems(f, err):
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, t, f, false)
	case err != nil:
		return notFound(err)
	}
	web.SetFlash(w, "flash.glossary.saved")
	return web.Redirect(w, r, t.URL())
}
