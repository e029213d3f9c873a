package search

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// engine is what differs between SQLite and PostgreSQL: how tokens are
// stored and how a plan becomes a match condition. Everything else
// (documents, zones, filters, ranking, ordering, snippets) is shared.
type engine interface {
	// store writes the tokens of document id, replacing any it had.
	store(ctx context.Context, ex db.Execer, id int64, title, body []string) error
	// unstore removes the tokens of document id.
	unstore(ctx context.Context, ex db.Execer, id int64) error
	// from is the FROM clause of a search: search_documents as d, joined
	// with whatever the match condition needs.
	from() string
	// newest orders matches by id, highest first, in the order the
	// engine's index already gives them, so that a LIMIT stops the walk.
	newest() string
	// id is the document's id as the match gives it, for conditions that
	// need nothing else of the document (checked before reading its row).
	id() string
	// match is the condition that every term of p is in the document.
	match(p plan) (string, any)
	// matchInTitle is match and, besides, a term of p in the title.
	matchInTitle(p plan) (string, []any)
	// contains is 1 when the space-separated token list column (with a
	// space before and after) contains s, 0 otherwise.
	contains(column string) string
	// adjacent is 1 when tokens appear one after the other in the title
	// or in the body, 0 otherwise.
	adjacent(tokens []string) (string, any)
}

func engineFor(e db.Engine) engine {
	if e == db.Postgres {
		return postgres{}
	}
	return sqlite{}
}

func engineOf(ex db.Execer) (db.Engine, error) {
	switch e := ex.(type) {
	case *db.Tx:
		return e.Engine(), nil
	case *db.DB:
		return e.Engine, nil
	}
	return "", fmt.Errorf("search: %T is neither a *db.DB nor a *db.Tx", ex)
}

// sqlite keeps tokens in the FTS5 table search_fts, whose rowid is the id
// of the document. The table is contentless: the original text is in
// search_documents, the FTS table only indexes the token strings, which
// its "ascii" tokenizer splits on the spaces between them and leaves
// otherwise untouched.
type sqlite struct{}

func (sqlite) store(ctx context.Context, ex db.Execer, id int64, title, body []string) error {
	_, err := ex.Exec(ctx, `INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)`,
		id, strings.Join(title, " "), strings.Join(body, " "))
	return err
}

func (sqlite) unstore(ctx context.Context, ex db.Execer, id int64) error {
	_, err := ex.Exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, id)
	return err
}

func (sqlite) from() string {
	return `search_fts JOIN search_documents d ON d.id = search_fts.rowid`
}

// FTS5 walks its doclists backwards for ORDER BY rowid DESC; ordering by
// d.id instead would sort every match.
func (sqlite) newest() string { return `search_fts.rowid DESC` }

func (sqlite) id() string { return `search_fts.rowid` }

func (sqlite) match(p plan) (string, any) {
	parts := make([]string, len(p.Terms))
	for i, t := range p.Terms {
		parts[i] = ftsTerm(t)
	}
	return `search_fts MATCH ?`, strings.Join(parts, " AND ")
}

// matchInTitle asks FTS5 itself for the title (a column filter), so that
// documents without a query word in the title are skipped in the index,
// without reading their rows. The title column holds exactly the tokens
// of title_key, so this is the condition the rank tests with instr.
func (e sqlite) matchInTitle(p plan) (string, []any) {
	cond, all := e.match(p)
	parts := make([]string, len(p.Terms))
	for i, t := range p.Terms {
		parts[i] = ftsTerm(t)
	}
	return cond, []any{all.(string) + ` AND {title} : (` + strings.Join(parts, " OR ") + `)`}
}

func (sqlite) contains(column string) string {
	return `(instr(' ' || ` + column + ` || ' ', ?) > 0)`
}

func (sqlite) adjacent(tokens []string) (string, any) {
	return `(d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?))`, `"` + strings.Join(tokens, " ") + `"`
}

// ftsTerm is t in FTS5 syntax. Tokens hold only letters and digits, so
// quoting them is enough to keep them from being read as operators.
func ftsTerm(t term) string {
	switch {
	case t.Prefix == "":
		return `"` + t.Token + `"`
	case strings.HasPrefix(t.Token, t.Prefix):
		return `"` + t.Prefix + `"*`
	}
	return `("` + t.Token + `" OR "` + t.Prefix + `"*)`
}

// postgres keeps tokens in the tsvector column tsv of search_documents
// (title and body, with positions, under a GIN index). The vector is
// written as a tsvector literal built here, not by to_tsvector, so
// PostgreSQL stores exactly the tokens SQLite does: no text search
// configuration, parser or dictionary of the server takes part.
type postgres struct{}

// pgMaxPositions is how many positions PostgreSQL keeps per lexeme.
const pgMaxPositions = 256

func (postgres) store(ctx context.Context, ex db.Execer, id int64, title, body []string) error {
	_, err := ex.Exec(ctx, `UPDATE search_documents SET tsv = ?::tsvector WHERE id = ?`, tsvector(title, body), id)
	return err
}

func (postgres) unstore(context.Context, db.Execer, int64) error { return nil }

func (postgres) from() string { return `search_documents d` }

func (postgres) newest() string { return `d.id DESC` }

func (postgres) id() string { return `d.id` }

// matchInTitle tests the title in title_key, as the rank does.
func (e postgres) matchInTitle(p plan) (string, []any) {
	cond, all := e.match(p)
	in, args := inTitle(e, p)
	return cond + ` AND ` + in, append([]any{all}, args...)
}

func (postgres) match(p plan) (string, any) {
	parts := make([]string, len(p.Terms))
	for i, t := range p.Terms {
		parts[i] = tsTerm(t)
	}
	return `d.tsv @@ ?::tsquery`, strings.Join(parts, " & ")
}

func (postgres) contains(column string) string {
	return `(strpos(' ' || ` + column + ` || ' ', ?) > 0)::int`
}

func (postgres) adjacent(tokens []string) (string, any) {
	q := make([]string, len(tokens))
	for i, t := range tokens {
		q[i] = "'" + t + "'"
	}
	return `(d.tsv @@ ?::tsquery)::int`, strings.Join(q, " <-> ")
}

func tsTerm(t term) string {
	switch {
	case t.Prefix == "":
		return "'" + t.Token + "'"
	case strings.HasPrefix(t.Token, t.Prefix):
		return "'" + t.Prefix + "':*"
	}
	return "('" + t.Token + "' | '" + t.Prefix + "':*)"
}

// tsvector writes a tsvector literal: title tokens at positions 1…n, body
// tokens from n+2 on, so that no phrase spans the two (as in FTS5, where
// they are separate columns). Callers keep the total under 16,383, the
// highest position PostgreSQL stores.
func tsvector(title, body []string) string {
	pos := map[string][]int{}
	var order []string
	add := func(tok string, p int) {
		ps, ok := pos[tok]
		if !ok {
			order = append(order, tok)
		}
		if len(ps) < pgMaxPositions {
			pos[tok] = append(ps, p)
		}
	}
	for i, t := range title {
		add(t, i+1)
	}
	for i, t := range body {
		add(t, len(title)+2+i)
	}
	var b strings.Builder
	for i, tok := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('\'')
		b.WriteString(tok)
		b.WriteString("':")
		for j, p := range pos[tok] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}
