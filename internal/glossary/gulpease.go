package glossary

import (
	"math"
	"unicode"
)

// Readability is what the Gulpease index counts in a text. The rules are
// written out in docs/glossary.md and implemented identically in
// web/static/own/gulpease.js (a test runs both on the same texts):
//
//   - a letter is a rune of Unicode category L (accented letters included);
//   - a word is a maximal run of letters, decimal digits (Nd) and
//     non-spacing marks (Mn, so a decomposed "è" stays one word); anything
//     else separates words, the apostrophe too: "l'ospedale" is two words,
//     "l" and "ospedale", as the elided article is a word of its own;
//   - a sentence ends at a run of . ! ? ; or … (closing quotes and
//     brackets may follow) that is followed by white space or by the end of
//     the text, and at a blank line; it counts only if it holds a word.
//     Words after the last end make one more sentence. The colon does not
//     end a sentence.
type Readability struct {
	Letters, Words, Sentences int
}

// TargetIndex is the Gulpease index a text for the general public should
// reach: from 60 up, readers with a middle-school education (licenza
// media) read it without difficulty.
const TargetIndex = 60

// Band is a range of the Gulpease index in its classic reading.
type Band int

// The bands, from the hardest. Each names the readers for whom a text in
// the band is hard.
const (
	// BandHardForHighSchool is below 40: hard even with a high-school
	// diploma.
	BandHardForHighSchool Band = iota
	// BandHardForMiddleSchool is 40 to 59: hard for readers with a
	// middle-school education.
	BandHardForMiddleSchool
	// BandHardForElementary is 60 to 79: hard only for readers with an
	// elementary-school education.
	BandHardForElementary
	// BandEasy is 80 and above: easy for every reader.
	BandEasy
)

// Key returns the band's name in the message catalogue's keys.
func (b Band) Key() string {
	switch b {
	case BandHardForHighSchool:
		return "high_school"
	case BandHardForMiddleSchool:
		return "middle_school"
	case BandHardForElementary:
		return "elementary"
	}
	return "easy"
}

// BandOf returns the band of an index, as shown: rounded to a whole number
// first, so the band always agrees with the figure on the page.
func BandOf(index float64) Band {
	switch v := math.Round(index); {
	case v < 40:
		return BandHardForHighSchool
	case v < 60:
		return BandHardForMiddleSchool
	case v < 80:
		return BandHardForElementary
	}
	return BandEasy
}

// Gulpease returns the Gulpease readability index of an Italian text:
//
//	89 − Lp/10 + 3·Fr
//
// with Lp the letters per 100 words and Fr the sentences per 100 words,
// that is 89 + (300·sentences − 10·letters) / words, clamped to 0–100.
// ok is false when the text has no word.
func Gulpease(text string) (index float64, ok bool) {
	return Count(text).Index()
}

// Index computes the Gulpease index from the counts; see Gulpease.
func (c Readability) Index() (index float64, ok bool) {
	if c.Words == 0 {
		return 0, false
	}
	// One division of exact integers: the browser's copy of the formula
	// gets the same float64 bits.
	v := 89 + float64(300*c.Sentences-10*c.Letters)/float64(c.Words)
	return min(max(v, 0), 100), true
}

// Count applies the tokenisation rules of Readability to text.
func Count(text string) Readability {
	var c Readability
	inWord := false
	wordsSinceEnd := 0
	endSentence := func() {
		if wordsSinceEnd > 0 {
			c.Sentences++
			wordsSinceEnd = 0
		}
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case unicode.IsLetter(r):
			c.Letters++
			fallthrough
		case unicode.IsDigit(r) || (inWord && unicode.Is(unicode.Mn, r)):
			if !inWord {
				c.Words++
				wordsSinceEnd++
				inWord = true
			}
		case isTerminator(r):
			inWord = false
			j := i + 1
			for j < len(rs) && (isTerminator(rs[j]) || isCloser(rs[j])) {
				j++
			}
			if j == len(rs) || isSpace(rs[j]) {
				endSentence()
			}
			i = j - 1
		case isSpace(r):
			inWord = false
			newlines := 0
			j := i
			for j < len(rs) && isSpace(rs[j]) {
				if rs[j] == '\n' {
					newlines++
				}
				j++
			}
			if newlines >= 2 {
				endSentence()
			}
			i = j - 1
		default:
			inWord = false
		}
	}
	endSentence()
	return c
}

// isTerminator reports whether r ends a sentence (when white space or the
// end of the text follows).
func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '…':
		return true
	}
	return false
}

// isCloser reports whether r may stand between a sentence's final
// punctuation and the following space: closing quotes and brackets.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '»', '’', '”':
		return true
	}
	return false
}

// isSpace is the white space of the rules: the ASCII spaces, NEL, NBSP,
// the byte-order mark and the Unicode separators (Zs, Zl, Zp). It is
// spelled out, rather than unicode.IsSpace, to match the browser's copy.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', '\u0085', '\u00a0', '\ufeff':
		return true
	}
	return unicode.In(r, unicode.Zs, unicode.Zl, unicode.Zp)
}
