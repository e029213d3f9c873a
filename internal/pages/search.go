package pages

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/markdown"
	"github.com/cantieri/cantieri/internal/platform/search"
)

// The editable texts are the site's pages in the search: privacy, legal
// notes, accessibility, and the two texts of the home page. SaveText
// indexes a text in its transaction; ReindexSearch runs at start, so the
// defaults of texts never saved are found too.

// indexTextForSearch brings the search documents of text key up to date,
// inside tx.
func indexTextForSearch(ctx context.Context, tx *db.Tx, key TextKey) error {
	t, err := LoadText(ctx, tx, key)
	if err != nil {
		return err
	}
	if err := search.Replace(ctx, tx, search.KindPage, string(key), textDocuments(t)); err != nil {
		return fmt.Errorf("pages: index text %s: %w", key, err)
	}
	return nil
}

// textDocuments are the search documents of t, one per language it is
// written in (an English text saved empty shows the Italian one).
func textDocuments(t Text) []search.Document {
	def, _ := findText(string(t.Key))
	var out []search.Document
	for _, l := range []i18n.Lang{i18n.IT, i18n.EN} {
		md, served := t.In(l)
		if served != l || strings.TrimSpace(md) == "" {
			continue
		}
		url := def.PageURL
		if l != i18n.IT {
			url += "?lang=" + string(l)
		}
		out = append(out, search.Document{Kind: search.KindPage, Ref: string(t.Key), Lang: string(l),
			Title: i18n.T(l, def.NameKey), Body: markdown.Plain(md), URL: url, Date: t.UpdatedAt})
	}
	return out
}

// ReindexSearch brings the search index up to date with every editable
// text, at start; unchanged texts cost a hash comparison.
func ReindexSearch(ctx context.Context, d *db.DB) error {
	keys := make([]TextKey, len(textDefs))
	for i, def := range textDefs {
		keys[i] = def.Key
	}
	texts, err := LoadTexts(ctx, d, keys...)
	if err != nil {
		return fmt.Errorf("pages: reindex search: %w", err)
	}
	var docs []search.Document
	for _, k := range keys {
		docs = append(docs, textDocuments(texts[k])...)
	}
	if _, err := search.Reindex(ctx, d, search.KindPage, docs); err != nil {
		return fmt.Errorf("pages: reindex search: %w", err)
	}
	return nil
}
