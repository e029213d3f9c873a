package paths

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/search"
)

// visibilityHooks run in the transaction that publishes or withdraws a
// path, after the path's own search document changed: the activities
// feature uses one to index or remove the activities of the path, which
// are public only while it is (paths cannot import activities).
var visibilityHooks []func(ctx context.Context, tx *db.Tx, pathID int64) error

// OnVisibilityChange adds f to the functions called, inside the
// transaction, when a path is published or withdrawn. Call it from an
// init function only.
func OnVisibilityChange(f func(ctx context.Context, tx *db.Tx, pathID int64) error) {
	visibilityHooks = append(visibilityHooks, f)
}

// indexForSearch puts path id in the site search, or takes it out, in the
// transaction that changed it: a published path is indexed (in English as
// well when it has an English title), a draft removed.
func indexForSearch(ctx context.Context, tx *db.Tx, id int64) error {
	list, err := queryPaths(ctx, tx, "p.id = ?", "p.id", id)
	if err != nil {
		return fmt.Errorf("index path %d: %w", id, err)
	}
	if len(list) == 0 {
		return db.ErrNotFound
	}
	return search.Replace(ctx, tx, search.KindPath, list[0].Slug, searchDocuments(list[0]))
}

// searchDocuments are the search documents of p: none for a draft. The
// body names the zone, the edition and the template, so that a search
// for a comune's zone or for "Casa di Comunità" finds the path.
func searchDocuments(p Path) []search.Document {
	if p.Status != Published {
		return nil
	}
	doc := func(lang string, title, summary, edition, template, url string) search.Document {
		return search.Document{Kind: search.KindPath, Ref: p.Slug, ZoneIDs: []string{p.ZoneID}, Lang: lang,
			Title: title, Body: strings.TrimSpace(summary + "\n\n" + p.ZoneName + ". " + edition + ". " + template),
			URL: url, Date: p.PublishedAt}
	}
	url := "/percorsi/" + p.Slug
	out := []search.Document{doc("it", p.Title.IT, p.Summary.IT, p.EditionName.IT, p.TemplateName.IT, url)}
	if strings.TrimSpace(p.Title.EN) != "" {
		out = append(out, doc("en", p.Title.EN, p.Summary.In("en"), p.EditionName.In("en"), p.TemplateName.In("en"), url+"?lang=en"))
	}
	return out
}

// ReindexSearch brings the search index up to date with every published
// path, at start; unchanged paths cost a hash comparison.
func ReindexSearch(ctx context.Context, d *db.DB) error {
	list, err := queryPaths(ctx, d, "p.status = ?", "p.id", string(Published))
	if err != nil {
		return fmt.Errorf("paths: reindex search: %w", err)
	}
	var docs []search.Document
	for _, p := range list {
		docs = append(docs, searchDocuments(p)...)
	}
	if _, err := search.Reindex(ctx, d, search.KindPath, docs); err != nil {
		return fmt.Errorf("paths: reindex search: %w", err)
	}
	return nil
}
