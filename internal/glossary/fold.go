package glossary

import (
	"strings"
	"unicode"
)

// accentFold maps the accented Latin letters found in Italian and in the
// names of neighbouring languages to their base letter, in lower case.
var accentFold = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
	'æ': "ae", 'œ': "oe",
}

// Fold returns s in lower case with accents removed and combining marks
// dropped: "È Società" becomes "e societa". It is the key for sorting
// terms and for comparing names.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if f, ok := accentFold[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// OtherInitial is the initial of terms that do not start with a letter
// from A to Z (after folding): digits, Greek letters…
const OtherInitial = "#"

// Initial returns the letter under which a term is listed: its first
// letter or digit, folded and in upper case ("È" and "é" are listed under
// E), or OtherInitial when that is not one of A–Z.
func Initial(term string) string {
	for _, r := range term {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			continue
		}
		f := Fold(string(r))
		if f != "" && f[0] >= 'a' && f[0] <= 'z' {
			return strings.ToUpper(f[:1])
		}
		return OtherInitial
	}
	return OtherInitial
}

// Letters are the initials of the navigation, in order.
var Letters = func() []string {
	out := make([]string, 0, 27)
	for c := 'A'; c <= 'Z'; c++ {
		out = append(out, string(c))
	}
	return append(out, OtherInitial)
}()

// letterPath is the path segment of an initial: the letter in lower case,
// or "altro" for OtherInitial.
func letterPath(initial string) string {
	if initial == OtherInitial {
		return "altro"
	}
	return strings.ToLower(initial)
}

// parseLetter reads the path segment of a letter page: one letter (any
// case, accented letters folded) or "altro".
func parseLetter(seg string) (string, bool) {
	if seg == "altro" {
		return OtherInitial, true
	}
	if len([]rune(seg)) != 1 {
		return "", false
	}
	in := Initial(seg)
	return in, in != OtherInitial
}

// MaxSlug is the longest slug slugify makes.
const MaxSlug = 80

// reservedSlugs are path segments of the glossary's own pages under
// /glossario/, which a term's address must not take.
var reservedSlugs = map[string]bool{"proponi": true, "lettera": true, "proposta-inviata": true}

// slugify makes the address of a term from its Italian name: folded,
// words joined by hyphens, at most MaxSlug characters; "voce" when nothing
// is left, and "<slug>-voce" for a reserved segment.
func slugify(term string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(term) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
			continue
		}
		if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	s := strings.Trim(b.String(), "-")
	if len(s) > MaxSlug {
		s = s[:MaxSlug]
		if i := strings.LastIndexByte(s, '-'); i > MaxSlug/2 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	switch {
	case s == "":
		return "voce"
	case reservedSlugs[s]:
		return s + "-voce"
	}
	return s
}

// validSlug reports whether s could be a slug, before looking it up.
func validSlug(s string) bool {
	if s == "" || len(s) > MaxSlug+8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-' {
			return false
		}
	}
	return true
}
