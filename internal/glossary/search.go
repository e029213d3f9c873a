package glossary

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/search"
)

// indexForSearch puts term t in the site search, or takes it out, in the
// transaction that changed it: a published term is indexed (in English as
// well when it has an English name), a draft is removed. Terms belong to
// the whole region: no territory.
func indexForSearch(ctx context.Context, tx *db.Tx, t *Term) error {
	return search.Replace(ctx, tx, search.KindGlossary, t.Slug, searchDocuments(t))
}

// searchDocuments are the search documents of t: none for a draft. The
// title is the term alone, so that searching the term ranks it first.
func searchDocuments(t *Term) []search.Document {
	if t.Status != Published {
		return nil
	}
	doc := func(lang, name, definition, explanation, examples, url string) search.Document {
		return search.Document{Kind: search.KindGlossary, Ref: t.Slug, Lang: lang, Title: name,
			Body: strings.TrimSpace(definition + "\n\n" + explanation + "\n\n" + examples), URL: url}
	}
	out := []search.Document{doc("it", t.TermIT, t.DefinitionIT, t.ExplanationIT, t.ExamplesIT, t.URL())}
	if t.TermEN != "" {
		out = append(out, doc("en", t.TermEN, t.Definition("en"), t.Explanation("en"),
			strings.Join(t.Examples("en"), "\n"), t.URL()+"?lang=en"))
	}
	return out
}

// ReindexSearch brings the search index up to date with every published
// term, at start; unchanged terms cost a hash comparison.
func ReindexSearch(ctx context.Context, d *db.DB) error {
	terms, err := Terms(ctx, d)
	if err != nil {
		return fmt.Errorf("glossary: reindex search: %w", err)
	}
	var docs []search.Document
	for i := range terms {
		docs = append(docs, searchDocuments(&terms[i])...)
	}
	if _, err := search.Reindex(ctx, d, search.KindGlossary, docs); err != nil {
		return fmt.Errorf("glossary: reindex search: %w", err)
	}
	return nil
}
