package glossary

import (
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// letterLink is one letter of the navigation: a link when terms are
// listed under it.
type letterLink struct {
	Letter  string
	Path    string
	Count   int
	Current bool
}

// lettersNav builds the A–Z navigation (and # when some term is listed
// there) from the counts of Initials; current is the letter of the page.
func lettersNav(counts map[string]int, current string) []letterLink {
	var out []letterLink
	for _, l := range Letters {
		if l == OtherInitial && counts[l] == 0 && current != l {
			continue
		}
		out = append(out, letterLink{Letter: l, Path: "/glossario/lettera/" + letterPath(l), Count: counts[l], Current: l == current})
	}
	return out
}

// gulpeaseView is the readability of a text as the pages show it.
type gulpeaseView struct {
	OK bool
	// Index is rounded to a whole number; Band and TargetMet follow it.
	Index     int
	Band      string
	TargetMet bool
	Target    int
	Readability
}

func newGulpeaseView(text string) gulpeaseView {
	c := Count(text)
	v := gulpeaseView{Readability: c, Target: TargetIndex}
	index, ok := c.Index()
	if !ok {
		return v
	}
	v.OK = true
	v.Index = int(math.Round(index))
	v.Band = BandOf(index).Key()
	v.TargetMet = v.Index >= TargetIndex
	return v
}

// fieldView is one text field of a form, with its label, help, value and
// problem already in the page's language, so one partial draws them all.
type fieldView struct {
	Name     string
	Label    string
	Help     string
	Value    string
	Error    string
	Lang     string // lang attribute, for the fields in English
	Rows     int    // 0: a one-line input
	Max      int
	Required bool
	Type     string // input type, "text" by default
	AutoComp string
}

// fieldSpec describes a field; fields builds its view from a form.
type fieldSpec struct {
	name, help string
	rows, max  int
	required   bool
	lang       string
	typ        string
	autocomp   string
}

var specs = map[string]fieldSpec{
	"term_it":        {name: "term_it", max: MaxTerm, required: true},
	"definition_it":  {name: "definition_it", help: "glossary.help.definition", rows: 4, max: MaxDefinition, required: true},
	"explanation_it": {name: "explanation_it", help: "glossary.help.explanation", rows: 10, max: MaxExplanation},
	"examples_it":    {name: "examples_it", help: "glossary.help.examples", rows: 4, max: MaxExamples},
	"term_en":        {name: "term_en", max: MaxTerm, lang: "en"},
	"definition_en":  {name: "definition_en", rows: 4, max: MaxDefinition, lang: "en"},
	"explanation_en": {name: "explanation_en", rows: 10, max: MaxExplanation, lang: "en"},
	"examples_en":    {name: "examples_en", help: "glossary.help.examples", rows: 4, max: MaxExamples, lang: "en"},
	"sources":        {name: "sources", help: "glossary.help.sources", rows: 4},
	"summary":        {name: "summary", help: "glossary.help.summary", max: MaxSummary},
	"name":           {name: "name", max: MaxName, required: true, autocomp: "name"},
	"email":          {name: "email", help: "glossary.help.email", max: 254, required: true, typ: "email", autocomp: "email"},
	"note":           {name: "note", help: "glossary.help.note", rows: 3, max: MaxNote},
	"reason":         {name: "reason", help: "glossary.help.reason", rows: 4, max: MaxReason, required: true},
}

// fields returns the views of the named fields, filled from f, in lang.
// Text is shown back exactly as typed (never trimmed or cut), so nothing
// is lost when the form comes back with a problem.
func fields(lang i18n.Lang, f *web.Form, names ...string) map[string]fieldView {
	out := make(map[string]fieldView, len(names))
	for _, n := range names {
		s := specs[n]
		v := fieldView{Name: n, Label: i18n.T(lang, "glossary.field."+n), Value: f.Raw(n), Lang: s.lang,
			Rows: s.rows, Max: s.max, Required: s.required, Type: s.typ, AutoComp: s.autocomp}
		if v.Type == "" {
			v.Type = "text"
		}
		if s.help != "" {
			v.Help = i18n.T(lang, s.help)
			if s.max > 0 && s.rows > 0 {
				v.Help += " " + i18n.T(lang, "glossary.help.max", thousands(lang, s.max))
			}
		} else if s.max > 0 && s.rows > 0 {
			v.Help = i18n.T(lang, "glossary.help.max", thousands(lang, s.max))
		}
		if k := f.Error(n); k != "" {
			v.Error = i18n.T(lang, k)
		}
		out[n] = v
	}
	return out
}

// thousands writes n with the thousands separator of lang: 20.000 in
// Italian, 20,000 in English.
func thousands(lang i18n.Lang, n int) string {
	s := strconv.Itoa(n)
	sep := "."
	if lang == i18n.EN {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// relatedOption is a checkbox of the related terms.
type relatedOption struct {
	Slug, Name string
	Checked    bool
}

func relatedOptions(all []Term, self string, f *web.Form) []relatedOption {
	checked := map[string]bool{}
	for _, s := range f.Values["related"] {
		checked[s] = true
	}
	out := make([]relatedOption, 0, len(all))
	for _, t := range all {
		if t.Slug != self {
			out = append(out, relatedOption{Slug: t.Slug, Name: t.TermIT, Checked: checked[t.Slug]})
		}
	}
	return out
}

// contentForm fills a form with the content, status and base revision of
// a term, for the editing screens.
func contentForm(c *Content, status Status, base int) *web.Form {
	f := web.NewForm()
	set := func(k, v string) {
		if v != "" {
			f.Values.Set(k, v)
		}
	}
	set("term_it", c.TermIT)
	set("definition_it", c.DefinitionIT)
	set("explanation_it", c.ExplanationIT)
	set("examples_it", c.ExamplesIT)
	set("term_en", c.TermEN)
	set("definition_en", c.DefinitionEN)
	set("explanation_en", c.ExplanationEN)
	set("examples_en", c.ExamplesEN)
	set("sources", FormatSources(c.Sources))
	for _, s := range c.Related {
		f.Values.Add("related", s)
	}
	set("status", string(status))
	if base > 0 {
		f.Values.Set("base_revision", strconv.Itoa(base))
	}
	return f
}

// editFromForm reads the editing form. Problems of the sources field are
// recorded on f.
func editFromForm(f *web.Form) Edit {
	sources, problem := ParseSources(f.Raw("sources"))
	if problem != "" {
		f.AddError("sources", problem)
	}
	return Edit{
		Content: Content{
			TermIT: f.Raw("term_it"), DefinitionIT: f.Raw("definition_it"), ExplanationIT: f.Raw("explanation_it"),
			ExamplesIT: f.Raw("examples_it"), TermEN: f.Raw("term_en"), DefinitionEN: f.Raw("definition_en"),
			ExplanationEN: f.Raw("explanation_en"), ExamplesEN: f.Raw("examples_en"),
			Related: f.Values["related"], Sources: sources,
		},
		Status:  Status(f.Get("status")),
		Summary: f.Raw("summary"),
	}
}

// textHTML escapes s and keeps its line breaks.
func textHTML(s string) template.HTML {
	return template.HTML(strings.ReplaceAll(html.EscapeString(s), "\n", "<br>\n")) // #nosec: escaped
}

// diffHTML renders a diff for the compare pages: deletions in <del> and
// insertions in <ins>, each with a label that screen readers announce
// (browsers do not announce the elements themselves), line breaks kept.
// Every text is escaped.
func diffHTML(lang i18n.Lang, ops []DiffOp) template.HTML {
	var b strings.Builder
	text := func(s string) { b.WriteString(string(textHTML(s))) }
	label := func(key string) {
		b.WriteString(`<span class="visually-hidden">`)
		b.WriteString(html.EscapeString(i18n.T(lang, key)))
		b.WriteString(`</span>`)
	}
	for _, op := range ops {
		switch op.Kind {
		case Equal:
			text(op.Text)
		case Delete:
			b.WriteString(`<del>`)
			label("glossary.diff.deleted_start")
			text(op.Text)
			label("glossary.diff.deleted_end")
			b.WriteString(`</del>`)
		case Insert:
			b.WriteString(`<ins>`)
			label("glossary.diff.inserted_start")
			text(op.Text)
			label("glossary.diff.inserted_end")
			b.WriteString(`</ins>`)
		}
	}
	return template.HTML(b.String()) // #nosec: every text above is escaped
}

// fieldDiff is the comparison of one field between two contents.
type fieldDiff struct {
	Key     string
	Lang    string
	Changed bool
	HTML    template.HTML
}

// diffContents compares every field of a and b.
func diffContents(lang i18n.Lang, a, b *Content) []fieldDiff {
	af, bf := a.Fields(), b.Fields()
	out := make([]fieldDiff, len(af))
	for i := range af {
		out[i] = fieldDiff{Key: af[i].Key, Lang: af[i].Lang, Changed: af[i].Text != bf[i].Text}
		if out[i].Changed {
			out[i].HTML = diffHTML(lang, Diff(af[i].Text, bf[i].Text))
		}
	}
	return out
}
