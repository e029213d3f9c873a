package news

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/markdown"
	"github.com/cantieri/cantieri/internal/platform/search"
)

// indexForSearch puts the item in the site search, or takes it out, in
// the transaction that changed it: published and scheduled items are
// indexed (a scheduled one with VisibleFrom at its time, so it is found
// from then on with no job to run), drafts are removed. The English
// version is indexed as well when the item has an English title.
func indexForSearch(ctx context.Context, tx *db.Tx, it *Item) error {
	ref := strconv.FormatInt(it.ID, 10)
	if err := search.Remove(ctx, tx, search.KindNews, ref); err != nil {
		return err
	}
	for _, doc := range searchDocuments(it) {
		if err := search.Index(ctx, tx, doc); err != nil {
			return err
		}
	}
	return nil
}

// searchDocuments are the search documents of it: none for a draft.
func searchDocuments(it *Item) []search.Document {
	if (it.Status != Published && it.Status != Scheduled) || it.PublishAt.IsZero() {
		return nil
	}
	doc := func(lang, title, summary, body, url string) search.Document {
		return search.Document{Kind: search.KindNews, Ref: strconv.FormatInt(it.ID, 10), ZoneIDs: it.Zones, Lang: lang,
			Title: title, Body: strings.TrimSpace(summary + "\n\n" + markdown.Plain(body)), URL: url,
			Date: it.PublishAt, VisibleFrom: it.PublishAt}
	}
	url := "/notizie/" + it.Slug
	out := []search.Document{doc("it", it.TitleIT, it.SummaryIT, it.BodyIT, url)}
	if it.TitleEN != "" {
		body := it.BodyEN
		if strings.TrimSpace(body) == "" {
			body = it.BodyIT
		}
		out = append(out, doc("en", it.TitleEN, it.SummaryEN, body, url+"?lang=en"))
	}
	return out
}

// ReindexSearch brings the search index up to date with every published
// or scheduled item, at start; unchanged items cost a hash comparison.
func ReindexSearch(ctx context.Context, d *db.DB) error {
	items, err := queryItems(ctx, d, itemColumns+` WHERE n.status IN ('published', 'scheduled')`)
	if err != nil {
		return fmt.Errorf("news: reindex search: %w", err)
	}
	var docs []search.Document
	for _, it := range items {
		docs = append(docs, searchDocuments(it)...)
	}
	if _, err := search.Reindex(ctx, d, search.KindNews, docs); err != nil {
		return fmt.Errorf("news: reindex search: %w", err)
	}
	return nil
}
