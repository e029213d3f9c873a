package glossary

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// honeypot is the name of a field hidden from people: a form that comes
// back with it filled was sent by a program.
const honeypot = "website"

// proposeFields are the text fields of the proposal form.
var proposeFields = []string{"name", "email", "term_it", "definition_it", "explanation_it", "examples_it", "sources", "note"}

type proposeData struct {
	// Term is the term a change is proposed for; nil for a new term.
	Term   *Term
	Action string
	Fields map[string]fieldView
}

func (h *Handlers) renderPropose(w http.ResponseWriter, r *http.Request, status int, t *Term, f *web.Form) error {
	data := proposeData{Term: t, Action: "/glossario/proponi", Fields: fields(web.Lang(r), f, proposeFields...)}
	if t != nil {
		data.Action = "/glossario/" + t.Slug + "/proponi-modifica"
	}
	return h.Render.RenderForm(w, r, status, "glossary/propose", f, data)
}

// proposerForm starts a proposal form, with the name and address of the
// signed-in user, if any.
func proposerForm(r *http.Request) *web.Form {
	f := web.NewForm()
	if p := web.Principal(r); p != nil {
		f.Values.Set("name", p.Name)
		f.Values.Set("email", p.Email)
	}
	return f
}

func (h *Handlers) proposeNewForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderPropose(w, r, http.StatusOK, nil, proposerForm(r))
}

// proposeEditForm starts from the term's current Italian texts.
func (h *Handlers) proposeEditForm(w http.ResponseWriter, r *http.Request, slug string) error {
	t, err := h.visibleTerm(r, slug)
	if err != nil {
		return err
	}
	f := proposerForm(r)
	for k, v := range map[string]string{"term_it": t.TermIT, "definition_it": t.DefinitionIT, "explanation_it": t.ExplanationIT,
		"examples_it": t.ExamplesIT, "sources": FormatSources(t.Sources)} {
		f.Values.Set(k, v)
	}
	f.Values.Set("base_revision", strconv.Itoa(t.Revision))
	return h.renderPropose(w, r, http.StatusOK, t, f)
}

func (h *Handlers) proposeNew(w http.ResponseWriter, r *http.Request) error {
	return h.propose(w, r, nil)
}

func (h *Handlers) proposeEdit(w http.ResponseWriter, r *http.Request) error {
	t, err := h.visibleTerm(r, r.PathValue("slug"))
	if err != nil {
		return err
	}
	return h.propose(w, r, t)
}

// propose stores a proposal and thanks the sender. With the honeypot
// filled it stores nothing and answers exactly the same.
func (h *Handlers) propose(w http.ResponseWriter, r *http.Request, t *Term) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if f.Raw(honeypot) != "" {
		return web.Redirect(w, r, "/glossario/proposta-inviata")
	}
	sources, sourcesProblem := ParseSources(f.Raw("sources"))
	p := Proposal{
		Name: f.Raw("name"), Email: f.Raw("email"), Lang: web.Lang(r),
		Content: Content{TermIT: f.Raw("term_it"), DefinitionIT: f.Raw("definition_it"), ExplanationIT: f.Raw("explanation_it"),
			ExamplesIT: f.Raw("examples_it"), Sources: sources},
		Note: f.Raw("note"), Consent: f.Checked("consent"), Credit: f.Checked("credit"), IP: audit.ClientIP(r),
	}
	if u := web.Principal(r); u != nil {
		p.UserID = u.UserID
	}
	if t != nil {
		p.TermSlug = t.Slug
		p.BaseRevision, _ = strconv.Atoi(f.Get("base_revision"))
	}
	probs := Problems{}
	if err := p.check(); err != nil && !errors.As(err, &probs) {
		return err
	}
	if sourcesProblem != "" {
		probs.add("sources", sourcesProblem)
	}
	if len(probs) > 0 || !f.Valid() {
		addProblems(f, probs)
		return h.renderPropose(w, r, http.StatusUnprocessableEntity, t, f)
	}
	_, err = Propose(r.Context(), h.DB, p)
	switch {
	case errors.Is(err, ErrTooMany):
		f.AddError("", "glossary.error.rate_limited")
		return h.renderPropose(w, r, http.StatusTooManyRequests, t, f)
	case addProblems(f, err):
		return h.renderPropose(w, r, http.StatusUnprocessableEntity, t, f)
	case err != nil:
		return notFound(err)
	}
	return web.Redirect(w, r, "/glossario/proposta-inviata")
}

// proposalSent thanks the sender; it is also the answer to a form with
// the honeypot filled, so programs learn nothing from it.
func (h *Handlers) proposalSent(w http.ResponseWriter, r *http.Request) error {
	return h.Render.Render(w, r, http.StatusOK, "glossary/sent", nil)
}
