package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// term is one word of a query: its token, and for the last word also the
// folded word as typed, which matches tokens that start with it ("vacc"
// finds "vaccino"), so a word cut short still finds something.
type term struct {
	Token  string
	Prefix string
}

// plan is a query reduced to what the engines need. It never contains
// anything from the user but tokens (letters and digits), so no query
// syntax of either engine can be injected.
type plan struct {
	Terms []term
	// Key is the distinct tokens joined by spaces, compared with a title's
	// key for the exact-title bonus.
	Key string
	// Phrase are the tokens in query order, for the adjacency bonus; nil
	// with a single word.
	Phrase    []string
	Truncated bool
}

// minPrefixRunes is the shortest word that is also matched as a prefix:
// shorter prefixes match too much.
const minPrefixRunes = 3

// parse reads what the user typed. It cannot fail: invalid UTF-8,
// punctuation and operators of any query language are separators; only
// the first MaxQueryRunes characters and MaxTerms distinct words are used.
func parse(text string) plan {
	var p plan
	text = strings.ToValidUTF8(text, " ")
	if utf8.RuneCountInString(text) > MaxQueryRunes {
		p.Truncated = true
		text = cutRunes(text, MaxQueryRunes)
	}
	var last word
	seen := map[string]bool{}
	var tokens []string
	endsInWord := false
	words(text, func(w word) bool {
		if w.Token == "" {
			return true
		}
		if len(p.Terms) == MaxTerms {
			p.Truncated = true
			return false
		}
		tokens = append(tokens, w.Token)
		if !seen[w.Token] {
			seen[w.Token] = true
			p.Terms = append(p.Terms, term{Token: w.Token})
		}
		last = w
		endsInWord = w.End == len(text)
		return true
	})
	if len(p.Terms) == 0 {
		return p
	}
	// The last word typed gets a prefix match when it ends the text (the
	// user may have stopped typing mid-word) and is long enough.
	if endsInWord {
		if f := fold(text[last.Start:last.End]); utf8.RuneCountInString(f) >= minPrefixRunes && !isDigits(f) {
			for i := range p.Terms {
				if p.Terms[i].Token == last.Token {
					p.Terms[i].Prefix = f
				}
			}
		}
	}
	keys := make([]string, len(p.Terms))
	for i, t := range p.Terms {
		keys[i] = t.Token
	}
	p.Key = strings.Join(keys, " ")
	// "vaccini vaccini" is one word, not a phrase.
	if tokens = slices.Compact(tokens); len(tokens) > 1 {
		p.Phrase = tokens
	}
	return p
}

// cutRunes keeps the first n runes of s, dropping a word cut in half.
func cutRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			cut := s[:j]
			r, _ := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r) {
				if k := strings.LastIndexFunc(cut, func(r rune) bool { return !isWordRune(r) }); k >= 0 {
					cut = cut[:k]
				}
			}
			return cut
		}
		i++
	}
	return s
}

// matches reports whether token (from a document) matches t.
func (t term) matches(token string) bool {
	return token == t.Token || (t.Prefix != "" && strings.HasPrefix(token, t.Prefix))
}

// tokens lists the plan's terms, for Results.Terms.
func (p plan) tokens() []string {
	out := make([]string, len(p.Terms))
	for i, t := range p.Terms {
		out[i] = t.Token
		if t.Prefix != "" {
			out[i] += "|" + t.Prefix + "*"
		}
	}
	return out
}
