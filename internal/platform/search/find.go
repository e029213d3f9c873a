package search

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Limits of the work a query does, whatever it matches.
const (
	// MaxTotal is where counting stops: a search that matches more says
	// so (Results.MoreThan) instead of counting them all.
	MaxTotal = 200
	// MaxRanked is how many of the most recently indexed matches, and of
	// those with a query word in the title, are ranked (see Search); the
	// pages offered cover the best MaxRanked hits.
	MaxRanked = 200
)

// Search runs q and returns one page of hits. Whatever the user typed, it
// returns either results or, for text without a searchable word, empty
// results with NoTerms set; errors come only from the database.
//
// Its work is bounded, however many documents match: the count stops at
// MaxTotal, and only a pool of candidates is ranked — the documents whose
// title is the query, the MaxRanked most recently indexed matches with a
// query word in the title, and the MaxRanked most recently indexed matches.
// Every engine walks its index in id order and stops at the limit, so
// the pool, and the results, are the same on both. When fewer than
// MaxRanked documents match, every match is ranked, as before; otherwise
// the pages offered show the best MaxRanked hits of the pool.
func Search(ctx context.Context, d *db.DB, q Query) (Results, error) {
	p := parse(q.Text)
	per := q.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	res := Results{Page: 1, Pages: 1, PerPage: per, Truncated: p.Truncated, Terms: p.tokens()}
	if len(p.Terms) == 0 {
		res.NoTerms = true
		return res, nil
	}
	e := engineFor(d.Engine)
	matchSQL, matchArg := e.match(p)
	where, fargs := filters(e.id(), q)
	matched := `SELECT d.id FROM ` + e.from() + ` WHERE ` + matchSQL + where
	margs := append([]any{matchArg}, fargs...)

	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM (`+matched+` LIMIT ?) m`, append(margs, MaxTotal+1)...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("search: count %q: %w", q.Text, err)
	}
	if res.Total > MaxTotal {
		res.Total, res.MoreThan = MaxTotal, true
	}
	if res.Total == 0 {
		return res, nil
	}
	res.Pages = (min(res.Total, MaxRanked) + per - 1) / per
	res.Page = min(max(q.Page, 1), res.Pages)

	titleSQL, titleArgs := e.matchInTitle(p)
	exactWhere, exactArgs := filters("d.id", q) // this branch reads no full-text index
	pool := `SELECT d.id FROM search_documents d WHERE d.title_key = ?` + exactWhere + `
UNION SELECT id FROM (SELECT d.id FROM ` + e.from() + ` WHERE ` + titleSQL + where + ` ORDER BY ` + e.newest() + ` LIMIT ?) t
UNION SELECT id FROM (` + matched + ` ORDER BY ` + e.newest() + ` LIMIT ?) a`
	poolArgs := append([]any{p.Key}, exactArgs...)
	poolArgs = append(poolArgs, titleArgs...)
	poolArgs = append(poolArgs, fargs...)
	poolArgs = append(poolArgs, MaxRanked)
	poolArgs = append(poolArgs, margs...)
	poolArgs = append(poolArgs, MaxRanked)

	rankSQL, rankArgs := rank(e, p)
	ranked := `SELECT d.id, ` + rankSQL + ` AS score FROM search_documents d WHERE d.id IN (` + pool + `)
ORDER BY score DESC, d.doc_date DESC NULLS LAST, d.id LIMIT ? OFFSET ?`
	args := append(rankArgs, poolArgs...)
	args = append(args, per, (res.Page-1)*per)
	ids, ranks, err := rankedIDs(ctx, d, ranked, args...)
	if err != nil {
		return res, fmt.Errorf("search: %q: %w", q.Text, err)
	}
	if len(ids) == 0 {
		return res, nil
	}
	if res.Hits, err = documents(ctx, d, ids); err != nil {
		return res, fmt.Errorf("search: %q: %w", q.Text, err)
	}
	for i := range res.Hits {
		h := &res.Hits[i]
		h.Rank = ranks[i]
		h.TitleHTML = highlight(h.Title, p, 0)
		h.Snippet = highlight(h.Body, p, snippetWords)
	}
	return res, nil
}

// inTitle is the condition that a query word is in the title, the same
// string search in title_key that the rank uses.
func inTitle(e engine, p plan) (string, []any) {
	var parts []string
	var args []any
	for _, t := range p.Terms {
		if t.Prefix == "" || !strings.HasPrefix(t.Token, t.Prefix) {
			parts = append(parts, e.contains("d.title_key")+" = 1")
			args = append(args, " "+t.Token+" ")
		}
		if t.Prefix != "" {
			parts = append(parts, e.contains("d.title_key")+" = 1")
			args = append(args, " "+t.Prefix)
		}
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

func rankedIDs(ctx context.Context, d *db.DB, query string, args ...any) (ids []int64, ranks []int, err error) {
	var rows *sql.Rows
	if d.Engine == db.Postgres {
		// PostgreSQL would spend some 300 ms compiling this query with
		// its JIT (measured with EXPLAIN ANALYZE on 20,000 documents:
		// 31 ms to run, 288 ms of JIT): its cost estimate, an index walked
		// backwards until LIMIT rows pass a filter, is far above
		// jit_above_cost though the walk stops early. So JIT is off for
		// this read, in a read-only transaction of its own.
		tx, err := d.R.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, nil, err
		}
		defer func() { _ = tx.Rollback() }()
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return nil, nil, err
		}
		rows, err = tx.QueryContext(ctx, d.Q(query), args...)
		if err != nil {
			return nil, nil, err
		}
	} else if rows, err = d.Query(ctx, query, args...); err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r int
		if err := rows.Scan(&id, &r); err != nil {
			return nil, nil, err
		}
		ids, ranks = append(ids, id), append(ranks, r)
	}
	return ids, ranks, rows.Err()
}

// documents loads the documents ids, in that order, with their zones.
func documents(ctx context.Context, d *db.DB, ids []int64) ([]Hit, error) {
	idx := make(map[int64]int, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		idx[id] = i
		args[i] = id
	}
	in := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	hits := make([]Hit, len(ids))
	rows, err := d.Query(ctx, `SELECT id, kind, ref, lang, title, body, url, doc_date, visible_from
FROM search_documents WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h Hit
		var date, visible sql.NullTime
		if err := rows.Scan(&id, &h.Kind, &h.Ref, &h.Lang, &h.Title, &h.Body, &h.URL, &date, &visible); err != nil {
			return nil, err
		}
		if date.Valid {
			h.Date = date.Time.UTC()
		}
		if visible.Valid {
			h.VisibleFrom = visible.Time.UTC()
		}
		hits[idx[id]] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	zrows, err := d.Query(ctx, `SELECT doc_id, zone_id FROM search_document_zones WHERE doc_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer zrows.Close()
	for zrows.Next() {
		var id int64
		var z string
		if err := zrows.Scan(&id, &z); err != nil {
			return nil, err
		}
		hits[idx[id]].ZoneIDs = append(hits[idx[id]].ZoneIDs, z)
	}
	if err := zrows.Err(); err != nil {
		return nil, err
	}
	// Sorted here, not by ORDER BY, which would follow the server's
	// collation.
	for i := range hits {
		slices.Sort(hits[i].ZoneIDs)
	}
	return hits, nil
}

// filters is the rest of the WHERE clause for q's kinds, zone, language
// and visibility, each starting with " AND "; id is the document's id in
// the query (see engine.id).
func filters(id string, q Query) (string, []any) {
	var b strings.Builder
	var args []any
	if len(q.Kinds) > 0 {
		// "|| ''" and "+ 0" below keep SQLite from walking the kind or
		// zone index and probing the full-text index once per document
		// (slower by a hundred times for common words): the matches are
		// walked in id order and these conditions checked on each.
		b.WriteString(" AND (d.kind || '') IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(q.Kinds)), ", ") + ")")
		for _, k := range q.Kinds {
			args = append(args, k)
		}
	}
	if q.Zone != "" {
		b.WriteString(" AND (" + id + " + 0) IN (SELECT doc_id FROM search_document_zones WHERE zone_id = ?)")
		args = append(args, q.Zone)
	}
	if q.Lang != "" {
		b.WriteString(` AND (d.lang = ? OR NOT EXISTS (SELECT 1 FROM search_documents o
	WHERE o.kind = d.kind AND o.ref = d.ref AND o.lang = ?))`)
		args = append(args, q.Lang, q.Lang)
	}
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	b.WriteString(" AND (d.visible_from IS NULL OR d.visible_from <= ?)")
	args = append(args, db.Time(now))
	return b.String(), args
}

// The parts of the rank. An exact title outranks everything; each query
// word in the title counts more than the words being adjacent.
const (
	rankExactTitle = 1000
	rankTitleTerm  = 10
	rankAdjacent   = 5
)

// rank is the integer score of a hit, computed from the same facts on
// both engines, so both order hits the same way.
func rank(e engine, p plan) (string, []any) {
	parts := []string{fmt.Sprintf("(CASE WHEN d.title_key = ? THEN %d ELSE 0 END)", rankExactTitle)}
	args := []any{p.Key}
	// The title's tokens are also in d.title_key, where a plain string
	// search finds them faster than a second full-text match would.
	for _, t := range p.Terms {
		var s string
		switch {
		case t.Prefix == "":
			s = e.contains("d.title_key")
			args = append(args, " "+t.Token+" ")
		case strings.HasPrefix(t.Token, t.Prefix):
			s = e.contains("d.title_key")
			args = append(args, " "+t.Prefix)
		default:
			// 1 when either is (integer division on both engines)
			s = "((" + e.contains("d.title_key") + " + " + e.contains("d.title_key") + " + 1) / 2)"
			args = append(args, " "+t.Token+" ", " "+t.Prefix)
		}
		parts = append(parts, fmt.Sprintf("%d * %s", rankTitleTerm, s))
	}
	if len(p.Phrase) > 1 {
		s, a := e.adjacent(p.Phrase)
		parts = append(parts, fmt.Sprintf("%d * %s", rankAdjacent, s))
		args = append(args, a)
	}
	return "(" + strings.Join(parts, " + ") + ")", args
}
