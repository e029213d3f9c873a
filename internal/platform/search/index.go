package search

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Limits of what is indexed. Words past them are not searchable; the
// limits keep every token position under the 16,383 PostgreSQL stores.
const (
	maxTitleTokens = 200
	maxBodyTokens  = 16000
	// maxStoredBody is how much of the body is kept for snippets.
	maxStoredBody = 256 << 10
)

// Index adds doc to the index, or replaces the document of the same kind,
// ref and language. ex is the feature's transaction (so the index changes
// with the content, or not at all) or the database itself.
func Index(ctx context.Context, ex db.Execer, doc Document) error {
	if d, ok := ex.(*db.DB); ok {
		return d.Tx(ctx, func(tx *db.Tx) error { return Index(ctx, tx, doc) })
	}
	e, err := engineOf(ex)
	if err != nil {
		return err
	}
	doc, err = clean(doc)
	if err != nil {
		return err
	}
	if err := write(ctx, ex, engineFor(e), doc, hash(doc)); err != nil {
		return fmt.Errorf("search: index %s %s: %w", doc.Kind, doc.Ref, err)
	}
	return nil
}

const upsertDocument = `INSERT INTO search_documents
	(kind, ref, lang, title, body, url, doc_date, visible_from, title_key, content_hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (kind, ref, lang) DO UPDATE SET title = excluded.title, body = excluded.body,
	url = excluded.url, doc_date = excluded.doc_date, visible_from = excluded.visible_from,
	title_key = excluded.title_key, content_hash = excluded.content_hash
RETURNING id`

func write(ctx context.Context, ex db.Execer, e engine, doc Document, h string) error {
	title := firstN(Tokens(doc.Title), maxTitleTokens)
	body := firstN(Tokens(doc.Body), maxBodyTokens)
	var id int64
	err := ex.QueryRow(ctx, upsertDocument, doc.Kind, doc.Ref, doc.Lang, doc.Title, doc.Body, doc.URL,
		nullTime(doc.Date), nullTime(doc.VisibleFrom), strings.Join(title, " "), h).Scan(&id)
	if err != nil {
		return err
	}
	if _, err := ex.Exec(ctx, `DELETE FROM search_document_zones WHERE doc_id = ?`, id); err != nil {
		return err
	}
	for _, z := range doc.ZoneIDs {
		if _, err := ex.Exec(ctx, `INSERT INTO search_document_zones (doc_id, zone_id) VALUES (?, ?)`, id, z); err != nil {
			return err
		}
	}
	if err := e.unstore(ctx, ex, id); err != nil {
		return err
	}
	return e.store(ctx, ex, id, title, body)
}

// Remove takes every language version of the item kind/ref out of the
// index; removing what is not there is no error.
func Remove(ctx context.Context, ex db.Execer, kind, ref string) error {
	if d, ok := ex.(*db.DB); ok {
		return d.Tx(ctx, func(tx *db.Tx) error { return Remove(ctx, tx, kind, ref) })
	}
	e, err := engineOf(ex)
	if err != nil {
		return err
	}
	ids, err := queryIDs(ctx, ex, `SELECT id FROM search_documents WHERE kind = ? AND ref = ?`, kind, ref)
	if err != nil {
		return fmt.Errorf("search: remove %s %s: %w", kind, ref, err)
	}
	for _, id := range ids {
		if err := removeID(ctx, ex, engineFor(e), id); err != nil {
			return fmt.Errorf("search: remove %s %s: %w", kind, ref, err)
		}
	}
	return nil
}

// Replace makes docs the documents of the item kind/ref, in ex: every
// version it had is removed, then each of docs (one per language) is
// indexed. No docs withdraws the item. Features call it in the
// transaction that publishes, changes or withdraws the item.
func Replace(ctx context.Context, ex db.Execer, kind, ref string, docs []Document) error {
	if err := Remove(ctx, ex, kind, ref); err != nil {
		return err
	}
	for _, doc := range docs {
		if doc.Kind != kind || doc.Ref != ref {
			return fmt.Errorf("%w: %s %s given to Replace(%s, %s)", ErrInvalidDocument, doc.Kind, doc.Ref, kind, ref)
		}
		if err := Index(ctx, ex, doc); err != nil {
			return err
		}
	}
	return nil
}

func removeID(ctx context.Context, ex db.Execer, e engine, id int64) error {
	if err := e.unstore(ctx, ex, id); err != nil {
		return err
	}
	if _, err := ex.Exec(ctx, `DELETE FROM search_document_zones WHERE doc_id = ?`, id); err != nil {
		return err
	}
	_, err := ex.Exec(ctx, `DELETE FROM search_documents WHERE id = ?`, id)
	return err
}

// Reindex makes the index hold exactly docs for kind, in one transaction:
// documents that are new or changed are written, documents of kind that
// docs no longer contain are removed, and unchanged documents are left
// alone, so calling it at every start costs little. It returns how many
// documents it wrote or removed.
func Reindex(ctx context.Context, d *db.DB, kind string, docs []Document) (int, error) {
	changed := 0
	err := d.Tx(ctx, func(tx *db.Tx) error {
		e := engineFor(d.Engine)
		type stored struct {
			id   int64
			hash string
		}
		have := map[[2]string]stored{}
		rows, err := tx.Query(ctx, `SELECT id, ref, lang, content_hash FROM search_documents WHERE kind = ?`, kind)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s stored
			var ref, lang string
			if err := rows.Scan(&s.id, &ref, &lang, &s.hash); err != nil {
				rows.Close()
				return err
			}
			have[[2]string{ref, lang}] = s
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, doc := range docs {
			if doc.Kind != kind {
				return fmt.Errorf("%w: %s %s given to Reindex(%s)", ErrInvalidDocument, doc.Kind, doc.Ref, kind)
			}
			doc, err := clean(doc)
			if err != nil {
				return err
			}
			k := [2]string{doc.Ref, doc.Lang}
			s, ok := have[k]
			delete(have, k)
			h := hash(doc)
			if ok && s.hash == h {
				continue
			}
			if err := write(ctx, tx, e, doc, h); err != nil {
				return fmt.Errorf("%s %s: %w", doc.Kind, doc.Ref, err)
			}
			changed++
		}
		for _, s := range have {
			if err := removeID(ctx, tx, e, s.id); err != nil {
				return err
			}
			changed++
		}
		return nil
	})
	if err != nil {
		return changed, fmt.Errorf("search: reindex %s: %w", kind, err)
	}
	return changed, nil
}

// clean checks doc and puts it in its stored form.
func clean(doc Document) (Document, error) {
	doc.Kind = strings.TrimSpace(doc.Kind)
	doc.Ref = strings.TrimSpace(doc.Ref)
	if doc.Lang == "" {
		doc.Lang = "it"
	}
	doc.Title = strings.TrimSpace(strings.ToValidUTF8(doc.Title, "\uFFFD"))
	doc.Body = truncate(strings.TrimSpace(strings.ToValidUTF8(doc.Body, "\uFFFD")), maxStoredBody)
	var problems []string
	if !slices.Contains(Kinds, doc.Kind) {
		problems = append(problems, fmt.Sprintf("unknown kind %q", doc.Kind))
	}
	if doc.Ref == "" {
		problems = append(problems, "empty ref")
	}
	if doc.Title == "" {
		problems = append(problems, "empty title")
	}
	if !strings.HasPrefix(doc.URL, "/") || strings.HasPrefix(doc.URL, "//") || strings.ContainsAny(doc.URL, "\\\x00") {
		problems = append(problems, fmt.Sprintf("URL %q is not a path of this site", doc.URL))
	}
	if len(problems) > 0 {
		return doc, fmt.Errorf("%w: %s %s: %s", ErrInvalidDocument, doc.Kind, doc.Ref, strings.Join(problems, "; "))
	}
	zones := slices.Clone(doc.ZoneIDs)
	slices.Sort(zones)
	doc.ZoneIDs = slices.Compact(zones)
	if !doc.Date.IsZero() {
		doc.Date = db.Time(doc.Date)
	}
	if !doc.VisibleFrom.IsZero() {
		doc.VisibleFrom = db.Time(doc.VisibleFrom)
	}
	return doc, nil
}

// hash identifies doc's content and the analyser that tokenised it.
func hash(doc Document) string {
	h := sha256.New()
	for _, s := range []string{analyzerVersion, doc.Title, doc.Body, doc.URL, strings.Join(doc.ZoneIDs, ","),
		stamp(doc.Date), stamp(doc.VisibleFrom)} {
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func firstN(tokens []string, n int) []string {
	if len(tokens) > n {
		return tokens[:n]
	}
	return tokens
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func queryIDs(ctx context.Context, ex db.Execer, query string, args ...any) ([]int64, error) {
	rows, err := ex.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
