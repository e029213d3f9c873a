package glossary

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/web"
)

type queueData struct {
	Proposals []Contribution
}

// queue lists the proposals waiting for a decision, oldest first.
func (h *Handlers) queue(w http.ResponseWriter, r *http.Request) error {
	ps, err := PendingProposals(r.Context(), h.DB)
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/queue", queueData{Proposals: ps})
}

type reviewData struct {
	*editData
	C *Contribution
	// Current is the term a change is proposed for (nil for a new term,
	// or when the term is gone).
	Current *Term
	// Changes compares the current term with the proposal.
	Changes []fieldDiff
	// Outdated is set when the term changed after the proposal was sent.
	Outdated bool
	Reason   fieldView
	// Sent are the texts as the proposer wrote them.
	Sent []sentText
}

// sentText is one text of a proposal, escaped, with its line breaks.
type sentText struct {
	Key  string
	HTML template.HTML
}

func sentTexts(c *Contribution) []sentText {
	var out []sentText
	for _, t := range []struct{ key, text string }{
		{"term_it", c.TermIT}, {"definition_it", c.DefinitionIT}, {"explanation_it", c.ExplanationIT},
		{"examples_it", c.ExamplesIT}, {"sources", FormatSources(c.Sources)}, {"note", c.Note},
	} {
		if t.text != "" {
			out = append(out, sentText{Key: t.key, HTML: textHTML(t.text)})
		}
	}
	return out
}

// loadProposal reads the proposal of the request and its term.
func (h *Handlers) loadProposal(r *http.Request) (*Contribution, *Term, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	c, err := ContributionByID(r.Context(), h.DB, id)
	if err != nil {
		return nil, nil, notFound(err)
	}
	var t *Term
	if c.TermSlug != "" {
		if t, err = BySlug(r.Context(), h.DB, c.TermSlug); err != nil {
			return nil, nil, err
		}
	}
	return c, t, nil
}

// proposedContent is the term as the proposal would make it: the current
// term with the proposed Italian texts and sources, or only those for a
// new term.
func proposedContent(c *Contribution, t *Term) Content {
	var out Content
	if t != nil {
		out = t.Content
	}
	out.TermIT, out.DefinitionIT, out.ExplanationIT, out.ExamplesIT = c.TermIT, c.DefinitionIT, c.ExplanationIT, c.ExamplesIT
	out.Sources = c.Sources
	return out
}

// acceptForm is the accept form as the editor first sees it: the proposed
// texts, published.
func acceptForm(c *Contribution, t *Term) *web.Form {
	content := proposedContent(c, t)
	status := Published
	if t != nil {
		status = t.Status
	}
	return contentForm(&content, status, 0)
}

// renderReview shows a proposal with the accept form (filled from accept)
// and the decline form (from decline); page is the form whose problems the
// summary lists.
func (h *Handlers) renderReview(w http.ResponseWriter, r *http.Request, status int, c *Contribution, t *Term,
	accept, decline, page *web.Form, recalc bool) error {
	ed, err := h.formData(r, t, accept)
	if err != nil {
		return err
	}
	ed.Action = fmt.Sprintf("/gestione/glossario/proposte/%d/accetta", c.ID)
	ed.Recalculated = recalc
	ed.SubmitKey = "glossary.review.accept"
	if c.Kind == KindNew {
		ed.SubmitKey = "glossary.review.accept_new"
	}
	data := reviewData{editData: ed, C: c, Current: t, Reason: fields(web.Lang(r), decline, "reason")["reason"], Sent: sentTexts(c)}
	if t != nil {
		proposed := proposedContent(c, t)
		for _, f := range diffContents(web.Lang(r), &t.Content, &proposed) {
			if f.Changed {
				data.Changes = append(data.Changes, f)
			}
		}
		data.Outdated = c.BaseRevision != t.Revision
	}
	return h.Render.RenderForm(w, r, status, "glossary/review", page, data)
}

// review shows one proposal: what was sent, what it changes, and the two
// decisions.
func (h *Handlers) review(w http.ResponseWriter, r *http.Request) error {
	c, t, err := h.loadProposal(r)
	if err != nil {
		return err
	}
	accept := acceptForm(c, t)
	return h.renderReview(w, r, http.StatusOK, c, t, accept, web.NewForm(), accept, false)
}

// accept publishes the proposal as the editor left it in the form.
func (h *Handlers) accept(w http.ResponseWriter, r *http.Request) error {
	c, t, err := h.loadProposal(r)
	if err != nil {
		return err
	}
	if c.Status != Pending {
		web.SetFlash(w, "flash.glossary.already_decided")
		return web.Redirect(w, r, "/gestione/glossario/proposte")
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	e := editFromForm(f)
	if wantsRecalc(f) {
		g := withoutErrors(f)
		return h.renderReview(w, r, http.StatusOK, c, t, g, web.NewForm(), g, true)
	}
	if !f.Valid() {
		probs := Problems{}
		_ = errors.As(e.check(), &probs)
		addProblems(f, probs)
		return h.renderReview(w, r, http.StatusUnprocessableEntity, c, t, f, web.NewForm(), f, false)
	}
	term, err := Accept(r.Context(), h.DB, actorOf(r), c.ID, e, h.BaseURL)
	switch {
	case errors.Is(err, ErrConflict):
		web.SetFlash(w, "flash.glossary.already_decided")
		return web.Redirect(w, r, "/gestione/glossario/proposte")
	case errors.Is(err, ErrNoChange):
		f.AddError("", "glossary.error.accept_no_change")
		return h.renderReview(w, r, http.StatusUnprocessableEntity, c, t, f, web.NewForm(), f, false)
	case addProblems(f, err):
		return h.renderReview(w, r, http.StatusUnprocessableEntity, c, t, f, web.NewForm(), f, false)
	case err != nil:
		return notFound(err)
	}
	web.SetFlash(w, "flash.glossary.accepted")
	return web.Redirect(w, r, term.URL())
}

// decline closes the proposal with the editor's reason.
func (h *Handlers) decline(w http.ResponseWriter, r *http.Request) error {
	c, t, err := h.loadProposal(r)
	if err != nil {
		return err
	}
	if c.Status != Pending {
		web.SetFlash(w, "flash.glossary.already_decided")
		return web.Redirect(w, r, "/gestione/glossario/proposte")
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if !f.Valid() {
		return h.renderReview(w, r, http.StatusUnprocessableEntity, c, t, acceptForm(c, t), f, f, false)
	}
	err = Decline(r.Context(), h.DB, actorOf(r), c.ID, f.Raw("reason"))
	switch {
	case errors.Is(err, ErrConflict):
		web.SetFlash(w, "flash.glossary.already_decided")
		return web.Redirect(w, r, "/gestione/glossario/proposte")
	case addProblems(f, err):
		return h.renderReview(w, r, http.StatusUnprocessableEntity, c, t, acceptForm(c, t), f, f, false)
	case err != nil:
		return notFound(err)
	}
	web.SetFlash(w, "flash.glossary.declined")
	return web.Redirect(w, r, "/gestione/glossario/proposte")
}
