package search

import (
	"html/template"
	"strings"
)

// snippetWords is how many words of the body a snippet shows.
const snippetWords = 30

// maxSnippetScan is how much of a body is read to place the snippet.
const maxSnippetScan = 64 << 10

// highlight returns text escaped for HTML with the words that match p in
// <mark>. With maxWords > 0 it shows only the passage of maxWords words
// that matches the most distinct query words (the earliest such passage;
// the beginning when nothing matches), with "…" where text was cut.
func highlight(text string, p plan, maxWords int) template.HTML {
	scan := text
	if maxWords > 0 {
		scan = truncate(text, maxSnippetScan)
	}
	var ws []word
	var hit []int // index into p.Terms of the term each word matches, or -1
	words(scan, func(w word) bool {
		ws = append(ws, w)
		hit = append(hit, matchTerm(p, w.Token))
		return true
	})
	from, to := 0, len(ws)
	if maxWords > 0 && len(ws) > maxWords {
		from = bestWindow(hit, len(p.Terms), maxWords)
		to = from + maxWords
	}
	if len(ws) == 0 {
		return template.HTML(template.HTMLEscapeString(text)) // #nosec G203 -- the text is escaped by HTMLEscapeString
	}
	start, end := 0, len(text)
	if from > 0 {
		start = ws[from].Start
	}
	if to < len(ws) || len(scan) < len(text) {
		end = ws[to-1].End
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	at := start
	for i := from; i < to; i++ {
		if hit[i] < 0 {
			continue
		}
		w := ws[i]
		b.WriteString(template.HTMLEscapeString(text[at:w.Start]))
		b.WriteString("<mark>")
		b.WriteString(template.HTMLEscapeString(text[w.Start:w.End]))
		b.WriteString("</mark>")
		at = w.End
	}
	b.WriteString(template.HTMLEscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return template.HTML(b.String()) // #nosec G203 -- every piece of text written to b is escaped; only our <mark> tags are not
}

// matchTerm returns the index of the first term of p that token matches,
// or -1. Stop words (empty tokens) match nothing.
func matchTerm(p plan, token string) int {
	if token == "" {
		return -1
	}
	for i, t := range p.Terms {
		if t.matches(token) {
			return i
		}
	}
	return -1
}

// bestWindow returns the start of the window of size words that covers
// the most distinct terms, then the most matching words; the earliest on
// a tie.
func bestWindow(hit []int, terms, size int) int {
	count := make([]int, terms)
	distinct, total := 0, 0
	add := func(i, d int) {
		if hit[i] < 0 {
			return
		}
		if d > 0 && count[hit[i]] == 0 {
			distinct++
		}
		count[hit[i]] += d
		total += d
		if d < 0 && count[hit[i]] == 0 {
			distinct--
		}
	}
	for i := 0; i < size; i++ {
		add(i, 1)
	}
	best, bestDistinct, bestTotal := 0, distinct, total
	for s := 1; s+size <= len(hit); s++ {
		add(s-1, -1)
		add(s+size-1, 1)
		if distinct > bestDistinct || (distinct == bestDistinct && total > bestTotal) {
			best, bestDistinct, bestTotal = s, distinct, total
		}
	}
	// Start a little before the first match, so it is read in context.
	if bestTotal > 0 {
		for i := best; i < best+size; i++ {
			if hit[i] >= 0 {
				best = max(0, min(i-3, len(hit)-size))
				break
			}
		}
	}
	return best
}
