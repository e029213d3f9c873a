package glossary

import (
	"html/template"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/markdown"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// letterGroup is the terms listed under one initial.
type letterGroup struct {
	Letter string
	// ID is the id of the group's heading.
	ID    string
	Terms []Term
}

// listData is what the index and the letter pages show.
type listData struct {
	Letters []letterLink
	Groups  []letterGroup
	// Letter is the letter of a letter page, "" on the index.
	Letter string
}

// index lists every published term, grouped by initial.
func (h *Handlers) index(w http.ResponseWriter, r *http.Request) error {
	terms, err := Terms(r.Context(), h.DB)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	byInitial := map[string][]Term{}
	for _, t := range terms {
		counts[t.Initial]++
		byInitial[t.Initial] = append(byInitial[t.Initial], t)
	}
	var groups []letterGroup
	for _, l := range Letters {
		if ts := byInitial[l]; len(ts) > 0 {
			groups = append(groups, letterGroup{Letter: l, ID: "lettera-" + letterPath(l), Terms: ts})
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/index", listData{Letters: lettersNav(counts, ""), Groups: groups})
}

// letter lists the published terms under one letter; a letter with none
// answers with an empty list and the navigation.
func (h *Handlers) letter(w http.ResponseWriter, r *http.Request, seg string) error {
	l, ok := parseLetter(seg)
	if !ok {
		return web.NotFound()
	}
	if seg != letterPath(l) {
		return web.Redirect(w, r, "/glossario/lettera/"+letterPath(l))
	}
	counts, err := Initials(r.Context(), h.DB)
	if err != nil {
		return err
	}
	terms, err := TermsByInitial(r.Context(), h.DB, l)
	if err != nil {
		return err
	}
	data := listData{Letters: lettersNav(counts, l), Letter: l}
	if len(terms) > 0 {
		data.Groups = []letterGroup{{Letter: l, ID: "lettera-" + letterPath(l), Terms: terms}}
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/letter", data)
}

// showData is what a term's page shows.
type showData struct {
	Term *Term
	// Langs are the languages of the texts shown, for lang attributes:
	// a text missing in English is shown in Italian.
	Langs       textLangs
	LetterURL   string
	Explanation template.HTML
	Related     []Term
	Gulpease    gulpeaseView
	Editor      bool
}

// show is a term's page.
func (h *Handlers) show(w http.ResponseWriter, r *http.Request) error {
	t, err := h.visibleTerm(r, r.PathValue("slug"))
	if err != nil {
		return err
	}
	editor := isEditor(r)
	related, err := BySlugs(r.Context(), h.DB, t.Related, !editor)
	if err != nil {
		return err
	}
	lang := web.Lang(r)
	data := showData{Term: t, Langs: langsOf(&t.Content, lang), LetterURL: "/glossario/lettera/" + letterPath(t.Initial), Related: related,
		Gulpease: newGulpeaseView(t.DefinitionIT), Editor: editor}
	if e := t.Explanation(lang); e != "" {
		data.Explanation = markdown.Render(e)
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/term", data)
}

// textLangs are the languages of the texts of a term's page.
type textLangs struct{ Name, Definition, Explanation, Examples string }

func langsOf(c *Content, lang i18n.Lang) textLangs {
	of := func(en string) string {
		if lang == i18n.EN && en != "" {
			return "en"
		}
		return "it"
	}
	return textLangs{Name: of(c.TermEN), Definition: of(c.DefinitionEN), Explanation: of(c.ExplanationEN), Examples: of(c.ExamplesEN)}
}
