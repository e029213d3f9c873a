// Package glossary is "Le Parole della Salute": a glossary of health and
// participation words in plain Italian (English optional), with the full
// history of every term, proposals from readers (with or without an
// account) moderated by the glossary editors, and the Gulpease readability
// index of each definition. See docs/glossary.md.
//
// Other features use the Go API: Terms, BySlug, Create, Update, Restore,
// Revisions, Propose, Accept, Decline.
package glossary

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Status is whether visitors see a term.
type Status string

// The statuses of a term.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool { return s == Draft || s == Published }

// Limits of the texts, in characters. The definition is short by design.
const (
	MaxTerm        = 120
	MaxDefinition  = 600
	MaxExplanation = 20_000
	MaxExamples    = 4_000
	MaxSources     = 20
	MaxSourceTitle = 300
	MaxSourceURL   = 2_000
	MaxRelated     = 30
	MaxSummary     = 300
	MaxNote        = 2_000
	MaxName        = 200
	MaxReason      = 2_000
)

// Source is a reference for a term: a title and an http or https address.
type Source struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Content is everything a revision keeps of a term: the texts in Italian
// and, optionally, English, the slugs of related terms and the sources.
type Content struct {
	TermIT, TermEN               string
	DefinitionIT, DefinitionEN   string
	ExplanationIT, ExplanationEN string
	// Examples are one per line.
	ExamplesIT, ExamplesEN string
	Related                []string
	Sources                []Source
}

// Term is a glossary entry as it is now.
type Term struct {
	ID      int64
	Slug    string
	Initial string
	Status  Status
	// Revision is the number of the latest revision.
	Revision int
	Content
	CreatedAt, UpdatedAt time.Time
}

// URL is the term's public page.
func (t *Term) URL() string { return "/glossario/" + t.Slug }

// Name is the term in lang, falling back to Italian.
func (c *Content) Name(lang i18n.Lang) string { return pick(lang, c.TermIT, c.TermEN) }

// Definition is the definition in lang, falling back to Italian.
func (c *Content) Definition(lang i18n.Lang) string {
	return pick(lang, c.DefinitionIT, c.DefinitionEN)
}

// Explanation is the explanation in lang, falling back to Italian.
func (c *Content) Explanation(lang i18n.Lang) string {
	if lang == i18n.EN && c.ExplanationEN != "" {
		return c.ExplanationEN
	}
	return c.ExplanationIT
}

// Examples are the examples in lang, one per line, falling back to
// Italian.
func (c *Content) Examples(lang i18n.Lang) []string {
	s := c.ExamplesIT
	if lang == i18n.EN && c.ExamplesEN != "" {
		s = c.ExamplesEN
	}
	return lines(s)
}

// Readability is the Gulpease count of the Italian definition.
func (c *Content) Readability() Readability { return Count(c.DefinitionIT) }

func pick(lang i18n.Lang, it, en string) string {
	if lang == i18n.EN && en != "" {
		return en
	}
	return it
}

// lines splits s into its non-empty lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Equal reports whether two contents are the same.
func (c *Content) Equal(o *Content) bool {
	return c.TermIT == o.TermIT && c.TermEN == o.TermEN &&
		c.DefinitionIT == o.DefinitionIT && c.DefinitionEN == o.DefinitionEN &&
		c.ExplanationIT == o.ExplanationIT && c.ExplanationEN == o.ExplanationEN &&
		c.ExamplesIT == o.ExamplesIT && c.ExamplesEN == o.ExamplesEN &&
		slices.Equal(c.Related, o.Related) && slices.Equal(c.Sources, o.Sources)
}

// Field is one part of a term's content, named by its key in the message
// catalogue (glossary.field.<key>), for diffs and lists of changes.
type Field struct {
	Key string
	// Lang is the language of the text, for the lang attribute.
	Lang string
	Text string
}

// Fields lists the content as texts, in the order of the term's page:
// related terms and sources one per line.
func (c *Content) Fields() []Field {
	src := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		src[i] = s.Title + " — " + s.URL
	}
	return []Field{
		{"term_it", "it", c.TermIT},
		{"definition_it", "it", c.DefinitionIT},
		{"explanation_it", "it", c.ExplanationIT},
		{"examples_it", "it", c.ExamplesIT},
		{"term_en", "en", c.TermEN},
		{"definition_en", "en", c.DefinitionEN},
		{"explanation_en", "en", c.ExplanationEN},
		{"examples_en", "en", c.ExamplesEN},
		{"related", "", strings.Join(c.Related, "\n")},
		{"sources", "", strings.Join(src, "\n")},
	}
}

// ChangedFields lists the keys of the fields that differ from prev.
func (c *Content) ChangedFields(prev *Content) []string {
	var out []string
	old := prev.Fields()
	for i, f := range c.Fields() {
		if f.Text != old[i].Text {
			out = append(out, f.Key)
		}
	}
	return out
}

// encodeJSON and the decoders keep related and sources in their columns.
func encodeJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return "[]"
	}
	return string(b)
}

func decodeRelated(s string) ([]string, error) {
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, errors.New("glossary: related terms are not a JSON array: " + err.Error())
	}
	return out, nil
}

func decodeSources(s string) ([]Source, error) {
	var out []Source
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, errors.New("glossary: sources are not a JSON array: " + err.Error())
	}
	return out, nil
}

// Errors of the API.
var (
	// ErrNotFound: no such term, revision or proposal.
	ErrNotFound = errors.New("glossary: not found")
	// ErrConflict: the term changed since the revision the edit started
	// from, or the proposal was already decided.
	ErrConflict = errors.New("glossary: changed in the meantime")
	// ErrNoChange: the edit changes nothing.
	ErrNoChange = errors.New("glossary: nothing changed")
	// ErrInvalid: the input breaks a rule; see Problems.
	ErrInvalid = errors.New("glossary: invalid input")
)

// Problems maps a form field to the message keys of its problems. It is
// the error the API returns for invalid input (errors.Is(err, ErrInvalid)).
type Problems map[string][]string

func (p Problems) Error() string {
	var parts []string
	for f, keys := range p {
		parts = append(parts, f+": "+strings.Join(keys, ", "))
	}
	slices.Sort(parts)
	return "glossary: invalid input: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(p, ErrInvalid) true.
func (p Problems) Is(target error) bool { return target == ErrInvalid }

func (p Problems) add(field, key string) { p[field] = append(p[field], key) }

// orNil returns p, or nil when it holds no problem.
func (p Problems) orNil() error {
	if len(p) == 0 {
		return nil
	}
	return p
}
