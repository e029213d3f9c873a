package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/italian"
)

// analyzerVersion changes whenever Normalize would give other tokens for
// the same text; it is part of every document's hash, so Reindex rewrites
// documents analysed by an older version.
const analyzerVersion = "1"

// maxWordRunes caps a word before stemming: no real word is longer, and a
// 2,000-letter "word" must not become a 2,000-byte token.
const maxWordRunes = 40

// word is one word of a text: its bytes text[Start:End] and its token, or ""
// when it is a stop word.
type word struct {
	Start, End int
	Token      string
}

// words splits text into words and normalises each. A word is a run of
// letters, digits and combining marks; everything else (spaces,
// punctuation, apostrophes, hyphens) separates words, so "dell'ospedale"
// is "dell" and "ospedale". Invalid UTF-8 bytes separate words too.
func words(text string, fn func(w word) bool) {
	start := -1
	for i := 0; i <= len(text); {
		r, size := utf8.RuneError, 1
		if i < len(text) {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		inWord := i < len(text) && !(r == utf8.RuneError && size == 1) && isWordRune(r)
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			if !fn(word{Start: start, End: i, Token: Normalize(text[start:i])}) {
				return
			}
			start = -1
		}
		i += size
	}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Tokens returns the tokens of text, stop words removed, in order.
func Tokens(text string) []string {
	var out []string
	words(text, func(w word) bool {
		if w.Token != "" {
			out = append(out, w.Token)
		}
		return true
	})
	return out
}

// Normalize turns one word into its index token: lowercased, accents
// folded ("Città" → "citta"), stemmed with the Snowball Italian stemmer
// ("vaccinazioni" → "vaccin"). It returns "" for a stop word.
func Normalize(w string) string {
	f := fold(w)
	if f == "" || stopWords[f] {
		return ""
	}
	if isDigits(f) {
		return f
	}
	return stem(f)
}

// fold lowercases w, removes combining marks and replaces accented Latin
// letters by their base letters; it keeps at most maxWordRunes letters.
func fold(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	n := 0
	for _, r := range w {
		if n == maxWordRunes {
			break
		}
		if unicode.Is(unicode.Mn, r) || !isWordRune(r) {
			continue
		}
		r = unicode.ToLower(r)
		if r < 0x80 {
			b.WriteRune(r)
		} else if s, ok := folds[r]; ok {
			b.WriteString(s)
		} else {
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

// Fold is fold for other packages: the form in which two spellings of a
// name compare equal ("Società" and "societa").
func Fold(s string) string {
	var b strings.Builder
	words(s, func(w word) bool {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(fold(s[w.Start:w.End]))
		return true
	})
	return b.String()
}

func stem(w string) string {
	env := snowballstem.NewEnv(w)
	italian.Stem(env)
	return env.Current()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// folds maps lowercase accented Latin letters to plain ones. Italian needs
// only the vowels with grave and acute accents; the rest covers names and
// loanwords from the other European languages.
var folds = func() map[rune]string {
	m := map[rune]string{}
	for plain, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ďđð", "e": "èéêëēĕėęě",
		"g": "ĝğġģ", "h": "ĥħ", "i": "ìíîïĩīĭįı", "j": "ĵ", "k": "ķ",
		"l": "ĺļľŀł", "n": "ñńņňŉ", "o": "òóôõöøōŏő", "r": "ŕŗř",
		"s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ",
		"z": "źżž", "ae": "æ", "oe": "œ", "ss": "ß", "th": "þ",
	} {
		for _, r := range accented {
			m[r] = plain
		}
	}
	return m
}()
