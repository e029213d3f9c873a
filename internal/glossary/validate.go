package glossary

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// normalize trims the texts, turns CRLF into LF, drops empty lines from
// the examples and repeated related terms.
func (c *Content) normalize() {
	for _, p := range []*string{&c.TermIT, &c.TermEN, &c.DefinitionIT, &c.DefinitionEN,
		&c.ExplanationIT, &c.ExplanationEN, &c.ExamplesIT, &c.ExamplesEN} {
		*p = cleanText(*p)
	}
	c.TermIT = oneLine(c.TermIT)
	c.TermEN = oneLine(c.TermEN)
	c.ExamplesIT = strings.Join(lines(c.ExamplesIT), "\n")
	c.ExamplesEN = strings.Join(lines(c.ExamplesEN), "\n")
	seen := map[string]bool{}
	var rel []string
	for _, s := range c.Related {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			rel = append(rel, s)
		}
	}
	c.Related = rel
	for i := range c.Sources {
		c.Sources[i].Title = strings.TrimSpace(c.Sources[i].Title)
		c.Sources[i].URL = strings.TrimSpace(c.Sources[i].URL)
	}
}

// oneLine collapses every run of white space, line breaks included, into
// one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// cleanText trims s and makes its line ends LF.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.TrimSpace(s)
}

// validate records every problem of c on p, with the form's field names.
// Related terms are checked against the database by the caller.
func (c *Content) validate(p Problems) {
	required := func(field, v string) bool {
		if v == "" {
			p.add(field, "form.required")
			return false
		}
		return true
	}
	tooLong := func(field, v string, n int) {
		if utf8.RuneCountInString(v) > n {
			p.add(field, "glossary.error."+strings.TrimSuffix(strings.TrimSuffix(field, "_it"), "_en")+"_too_long")
		}
	}
	if required("term_it", c.TermIT) {
		tooLong("term_it", c.TermIT, MaxTerm)
		if !hasWord(c.TermIT) {
			p.add("term_it", "glossary.error.term_no_letters")
		}
	}
	tooLong("term_en", c.TermEN, MaxTerm)
	if required("definition_it", c.DefinitionIT) {
		tooLong("definition_it", c.DefinitionIT, MaxDefinition)
	}
	tooLong("definition_en", c.DefinitionEN, MaxDefinition)
	tooLong("explanation_it", c.ExplanationIT, MaxExplanation)
	tooLong("explanation_en", c.ExplanationEN, MaxExplanation)
	tooLong("examples_it", c.ExamplesIT, MaxExamples)
	tooLong("examples_en", c.ExamplesEN, MaxExamples)
	if len(c.Related) > MaxRelated {
		p.add("related", "glossary.error.related_too_many")
	}
	validateSources(c.Sources, p)
}

// hasWord reports whether s holds a letter or a digit.
func hasWord(s string) bool { return Count(s).Words > 0 }

func validateSources(sources []Source, p Problems) {
	if len(sources) > MaxSources {
		p.add("sources", "glossary.error.sources_too_many")
		return
	}
	for _, s := range sources {
		switch {
		case s.Title == "":
			p.add("sources", "glossary.error.source_title")
			return
		case utf8.RuneCountInString(s.Title) > MaxSourceTitle || len(s.URL) > MaxSourceURL:
			p.add("sources", "glossary.error.source_too_long")
			return
		case !validSourceURL(s.URL):
			p.add("sources", "glossary.error.source_url")
			return
		}
	}
}

// validSourceURL accepts absolute http and https addresses with a host and
// no spaces or control characters.
func validSourceURL(raw string) bool {
	if raw == "" || strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

// ParseSources reads the sources field of the forms: one source per line,
// "Title | https://address", or just the address (then the address is the
// title). The second result is a message key when a line cannot be read.
func ParseSources(text string) ([]Source, string) {
	var out []Source
	for _, l := range lines(cleanText(text)) {
		title, addr, found := cutLast(l, "|")
		if !found {
			title, addr = l, l
		}
		title, addr = strings.TrimSpace(title), strings.TrimSpace(addr)
		if title == "" {
			title = addr
		}
		if !validSourceURL(addr) {
			return out, "glossary.error.source_url"
		}
		out = append(out, Source{Title: title, URL: addr})
	}
	return out, ""
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// FormatSources writes sources the way ParseSources reads them.
func FormatSources(sources []Source) string {
	var b strings.Builder
	for _, s := range sources {
		if s.Title == s.URL {
			b.WriteString(s.URL)
		} else {
			b.WriteString(s.Title + " | " + s.URL)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
