package newsletter

import (
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/markdown"
)

// A placeholder is replaced in each message by a value of its recipient.
type placeholder int

const (
	phName placeholder = iota
	phEmail
	phUnsubscribe
	phPreferences
	phArchive
	numPlaceholders
)

// PlaceholderNames lists the placeholders in the order the form explains
// them; each is written {{name}}.
var PlaceholderNames = []string{"nome", "email", "link_disiscrizione", "link_preferenze", "link_archivio"}

var placeholderByName = map[string]placeholder{
	"nome": phName, "email": phEmail, "link_disiscrizione": phUnsubscribe, "link_preferenze": phPreferences, "link_archivio": phArchive,
}

// placeholderRE matches {{name}}, spaces allowed inside the braces.
var placeholderRE = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// UnknownPlaceholders returns, sorted and once each, the placeholders of
// the texts that are not known, as written ("{{nme}}"), and an unmatched
// "{{" as "{{…".
func UnknownPlaceholders(texts ...string) []string {
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range placeholderRE.FindAllStringSubmatch(t, -1) {
			if _, ok := placeholderByName[m[1]]; !ok {
				seen["{{"+m[1]+"}}"] = true
			}
		}
		if strings.Contains(placeholderRE.ReplaceAllString(t, ""), "{{") {
			seen["{{…"] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// piece is a literal text or, when ph >= 0, a placeholder.
type piece struct {
	lit string
	ph  placeholder
}

// textTemplate is a text cut at its placeholders, so that the message of
// each recipient is a few string concatenations.
type textTemplate []piece

// compileText cuts s at its known placeholders (unknown ones were refused
// when the campaign was saved; any left are kept as written).
func compileText(s string) textTemplate {
	var out textTemplate
	last := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		ph, ok := placeholderByName[s[m[2]:m[3]]]
		if !ok {
			continue
		}
		out = append(out, piece{lit: s[last:m[0]], ph: -1}, piece{ph: ph})
		last = m[1]
	}
	return append(out, piece{lit: s[last:], ph: -1})
}

// sentinel stands for placeholder ph while Markdown is rendered: letters
// and digits only, so that it survives emphasis, links and escaping.
func sentinel(ph placeholder) string { return "QQZPH" + strconv.Itoa(int(ph)) + "ZQQ" }

var sentinelRE = regexp.MustCompile(`QQZPH(\d)ZQQ`)

// compileMarkdown renders body to sanitised HTML (platform/markdown) and
// cuts the result at its placeholders, which may stand in text or in a
// link's address ([disiscriviti]({{link_disiscrizione}})).
func compileMarkdown(body string) textTemplate {
	src := placeholderRE.ReplaceAllStringFunc(body, func(m string) string {
		name := placeholderRE.FindStringSubmatch(m)[1]
		if ph, ok := placeholderByName[name]; ok {
			return sentinel(ph)
		}
		return m
	})
	h := string(markdown.Render(src))
	var out textTemplate
	last := 0
	for _, m := range sentinelRE.FindAllStringSubmatchIndex(h, -1) {
		n, _ := strconv.Atoi(h[m[2]:m[3]])
		out = append(out, piece{lit: h[last:m[0]], ph: -1}, piece{ph: placeholder(n)})
		last = m[1]
	}
	return append(out, piece{lit: h[last:], ph: -1})
}

// values are one recipient's placeholder values.
type values [numPlaceholders]string

// expand writes the template with v; escape HTML-escapes the values.
func (t textTemplate) expand(b *strings.Builder, v *values, escape bool) {
	for _, p := range t {
		if p.ph < 0 {
			b.WriteString(p.lit)
			continue
		}
		if escape {
			b.WriteString(html.EscapeString(v[p.ph]))
		} else {
			b.WriteString(v[p.ph])
		}
	}
}

func (t textTemplate) String(v *values, escape bool) string {
	var b strings.Builder
	t.expand(&b, v, escape)
	return b.String()
}
