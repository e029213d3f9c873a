package paths

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Text is a text written in Italian and, optionally, in English; it is
// stored in a pair of columns name_it/name_en.
type Text struct {
	IT string
	EN string
}

// In returns the text in lang, falling back to Italian when there is no
// English version.
func (t Text) In(lang i18n.Lang) string {
	if lang == i18n.EN && strings.TrimSpace(t.EN) != "" {
		return t.EN
	}
	return t.IT
}

// Lang is the language In(lang) answers in, for the lang attribute of the
// element that shows it (an Italian fallback on an English page is marked
// as Italian, as WCAG 3.1.2 asks).
func (t Text) Lang(lang i18n.Lang) i18n.Lang {
	if lang == i18n.EN && strings.TrimSpace(t.EN) != "" {
		return i18n.EN
	}
	return i18n.IT
}

// Paragraphs splits the text in lang into paragraphs at blank lines, for
// plain-text bodies.
func (t Text) Paragraphs(lang i18n.Lang) []string {
	s := strings.ReplaceAll(t.In(lang), "\r\n", "\n")
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// maxSlug bounds a slug's length, in bytes (slugs are ASCII).
const maxSlug = 80

// validSlug reports whether s is a slug: lower-case letters and digits in
// words joined by single hyphens.
func validSlug(s string) bool { return len(s) <= maxSlug && slugRe.MatchString(s) }

// Slugify makes a readable slug of a title: "Cantiere della Salute –
// Lunigiana" becomes "cantiere-della-salute-lunigiana". Accents are folded;
// anything not a letter or digit separates words.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		r = foldAccent(r)
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			continue // a letter we cannot spell in ASCII
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxSlug {
		out = strings.TrimRight(out[:maxSlug], "-")
	}
	return out
}

func foldAccent(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä', 'ã':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö', 'õ':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'ç':
		return 'c'
	case 'ñ':
		return 'n'
	}
	return r
}
