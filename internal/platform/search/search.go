// Package search is Cantieri's site search: one index of the published
// content of every feature (news, glossary terms, activities, paths,
// territories, pages, frequently asked questions), kept on SQLite in an FTS5
// table and on PostgreSQL in a tsvector column, behind one API that answers
// the same on both engines.
//
// Text is analysed in Go, not by the database: words are lowercased,
// accents folded, Italian stop words dropped and the rest stemmed with the
// Snowball Italian stemmer. Both engines store and match the same tokens,
// and results are ranked by one integer score that both compute the same
// way, so a query gives the same hits in the same order on either engine
// (docs/search.md explains why).
//
// Features call Index and Remove inside the transactions that publish or
// withdraw their content, and Reindex at start for what already exists.
package search

import (
	"errors"
	"html/template"
	"time"
)

// The kinds of document the site indexes.
const (
	KindNews      = "news"
	KindGlossary  = "glossary"
	KindActivity  = "activity"
	KindPath      = "path"
	KindTerritory = "territory"
	KindPage      = "page"
	KindFAQ       = "faq"
)

// Kinds lists every kind, in the order the search page offers them.
var Kinds = []string{KindNews, KindGlossary, KindActivity, KindPath, KindTerritory, KindPage, KindFAQ}

// Document is one searchable item, as a feature publishes it.
type Document struct {
	// Kind is one of the Kind constants.
	Kind string
	// Ref is the feature's own id of the item (an id or a slug); Kind and
	// Ref name the item in Index and Remove.
	Ref string
	// ZoneIDs are the territories the item belongs to; none means the whole
	// region.
	ZoneIDs []string
	// Lang is the language of the text ("it" when empty). An item may be
	// indexed once per language.
	Lang string
	// Title and Body are plain text (Markdown should be passed through
	// markdown.Plain first). Only the first MaxTokens words are indexed.
	Title, Body string
	// URL is the item's page on this site, a path starting with "/".
	URL string
	// Date is the item's date (publication, event), shown with the hit and
	// used to order hits of equal rank, newest first. Zero means none.
	Date time.Time
	// VisibleFrom hides the item from searches before that time (scheduled
	// news); zero means at once.
	VisibleFrom time.Time
}

// Query is a search.
type Query struct {
	// Text is what the user typed; it is never parsed as a query language.
	Text string
	// Kinds restricts the hits to these kinds; none means every kind.
	Kinds []string
	// Zone restricts the hits to items of that territory.
	Zone string
	// Lang prefers items in this language: an item indexed in several
	// languages is found in Lang only, an item indexed in one language is
	// found whatever it is. Empty means every version of every item.
	Lang string
	// Page is the 1-based page; pages past the last give the last page.
	Page int
	// PerPage is the number of hits per page (DefaultPerPage when 0, at most
	// MaxPerPage).
	PerPage int
	// Now is the moment against which VisibleFrom is read (time.Now when
	// zero).
	Now time.Time
}

// Limits of a query.
const (
	// MaxQueryRunes is how much of the text is read; the rest is ignored
	// and Results.Truncated says so.
	MaxQueryRunes = 200
	// MaxTerms is how many distinct words a query may have.
	MaxTerms = 10
	// DefaultPerPage and MaxPerPage bound Query.PerPage.
	DefaultPerPage = 10
	MaxPerPage     = 50
)

// Results is one page of hits.
type Results struct {
	// Total is the number of hits on every page, at most MaxTotal.
	Total int
	// MoreThan is true when more than MaxTotal documents match: Total is
	// then MaxTotal, and the pages show the best of them.
	MoreThan bool
	// Page is the page shown (after clamping to 1…Pages) and Pages how many
	// there are (at least 1).
	Page, Pages, PerPage int
	Hits                 []Hit
	// Truncated is true when the text was longer than MaxQueryRunes or had
	// more than MaxTerms words, and only the beginning was searched.
	Truncated bool
	// NoTerms is true when the text had no word to search for: empty,
	// punctuation only, or only common words such as "il" or "della".
	NoTerms bool
	// Terms are the normalised words searched for, for tests and logs.
	Terms []string
}

// Hit is one result.
type Hit struct {
	Document
	// TitleHTML is the title with the matched words in <mark>, escaped.
	TitleHTML template.HTML
	// Snippet is the passage of the body that best matches, escaped, with
	// the matched words in <mark>.
	Snippet template.HTML
	// Rank is the score hits are ordered by (higher first): 1000 when the
	// title is exactly the query, 10 per query word in the title, 5 when the
	// words appear next to each other in the query's order.
	Rank int
}

// ErrInvalidDocument is wrapped by Index for a document it refuses.
var ErrInvalidDocument = errors.New("search: invalid document")
