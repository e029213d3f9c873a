package glossary

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// termColumns are the columns scanTerm reads, in its order.
const termColumns = `id, slug, initial, status, revision, term_it, term_en, definition_it, definition_en,
	explanation_it, explanation_en, examples_it, examples_en, related, sources, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanTerm(s scanner) (*Term, error) {
	var t Term
	var related, sources string
	if err := s.Scan(&t.ID, &t.Slug, &t.Initial, &t.Status, &t.Revision, &t.TermIT, &t.TermEN,
		&t.DefinitionIT, &t.DefinitionEN, &t.ExplanationIT, &t.ExplanationEN, &t.ExamplesIT, &t.ExamplesEN,
		&related, &sources, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	var err error
	if t.Related, err = decodeRelated(related); err != nil {
		return nil, err
	}
	if t.Sources, err = decodeSources(sources); err != nil {
		return nil, err
	}
	return &t, nil
}

// queryTerms runs a SELECT of termColumns and returns the terms sorted by
// their folded Italian name, the same order on both engines.
func queryTerms(ctx context.Context, q db.Execer, where string, args ...any) ([]Term, error) {
	rows, err := q.Query(ctx, `SELECT `+termColumns+` FROM glossary_terms`+where, args...)
	if err != nil {
		return nil, fmt.Errorf("glossary: list terms: %w", err)
	}
	defer rows.Close()
	var out []Term
	for rows.Next() {
		t, err := scanTerm(rows)
		if err != nil {
			return nil, fmt.Errorf("glossary: scan term: %w", err)
		}
		out = append(out, *t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("glossary: list terms: %w", err)
	}
	sortTerms(out)
	return out, nil
}

// sortTerms orders terms by folded name ("È" with "E"), then slug.
func sortTerms(ts []Term) {
	slices.SortStableFunc(ts, func(a, b Term) int {
		if c := strings.Compare(Fold(a.TermIT), Fold(b.TermIT)); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
}

// Terms returns the published terms, sorted by name.
func Terms(ctx context.Context, d *db.DB) ([]Term, error) {
	return queryTerms(ctx, d, ` WHERE status = ?`, string(Published))
}

// AllTerms returns every term, drafts included, sorted by name.
func AllTerms(ctx context.Context, d *db.DB) ([]Term, error) {
	return queryTerms(ctx, d, ``)
}

// TermsByInitial returns the published terms listed under initial (a
// letter A–Z or OtherInitial), sorted by name.
func TermsByInitial(ctx context.Context, d *db.DB, initial string) ([]Term, error) {
	return queryTerms(ctx, d, ` WHERE status = ? AND initial = ?`, string(Published), initial)
}

// Initials counts the published terms under each initial.
func Initials(ctx context.Context, d *db.DB) (map[string]int, error) {
	rows, err := d.Query(ctx, `SELECT initial, COUNT(*) FROM glossary_terms WHERE status = ? GROUP BY initial`, string(Published))
	if err != nil {
		return nil, fmt.Errorf("glossary: count initials: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var in string
		var n int
		if err := rows.Scan(&in, &n); err != nil {
			return nil, fmt.Errorf("glossary: count initials: %w", err)
		}
		out[in] = n
	}
	return out, rows.Err()
}

// BySlug returns the term with slug, published or not (callers decide who
// may see a draft), or ErrNotFound.
func BySlug(ctx context.Context, d *db.DB, slug string) (*Term, error) {
	return termBySlug(ctx, d, slug)
}

func termBySlug(ctx context.Context, q db.Execer, slug string) (*Term, error) {
	if !validSlug(slug) {
		return nil, ErrNotFound
	}
	t, err := scanTerm(q.QueryRow(ctx, `SELECT `+termColumns+` FROM glossary_terms WHERE slug = ?`, slug))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("glossary: term %q: %w", slug, err)
	}
	return t, nil
}

func termByID(ctx context.Context, q db.Execer, id int64) (*Term, error) {
	t, err := scanTerm(q.QueryRow(ctx, `SELECT `+termColumns+` FROM glossary_terms WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("glossary: term %d: %w", id, err)
	}
	return t, nil
}

// BySlugs returns the terms among slugs that exist, in the order of
// slugs; with published set, only the published ones.
func BySlugs(ctx context.Context, d *db.DB, slugs []string, published bool) ([]Term, error) {
	return bySlugs(ctx, d, slugs, published)
}

func bySlugs(ctx context.Context, q db.Execer, slugs []string, published bool) ([]Term, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	where := ` WHERE slug IN (?` + strings.Repeat(`, ?`, len(slugs)-1) + `)`
	args := make([]any, 0, len(slugs)+1)
	for _, s := range slugs {
		args = append(args, s)
	}
	if published {
		where += ` AND status = ?`
		args = append(args, string(Published))
	}
	found, err := queryTerms(ctx, q, where, args...)
	if err != nil {
		return nil, err
	}
	bySlug := make(map[string]Term, len(found))
	for _, t := range found {
		bySlug[t.Slug] = t
	}
	var out []Term
	for _, s := range slugs {
		if t, ok := bySlug[s]; ok {
			out = append(out, t)
		}
	}
	return out, nil
}
