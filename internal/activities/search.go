package activities

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/search"
)

// Activities are in the site search while they are public: published or
// cancelled (marked as such), in a published path. Publish, Update and
// Cancel index the activity in their transaction; publishing or
// withdrawing a path indexes or removes its activities through the hook
// registered here; ReindexSearch runs at start.

func init() { paths.OnVisibilityChange(indexPathForSearch) }

// indexForSearch brings the search documents of activity id up to date,
// inside tx.
func indexForSearch(ctx context.Context, tx *db.Tx, id int64) error {
	a, err := Get(ctx, tx, id)
	if err != nil {
		return err
	}
	return indexActivity(ctx, tx, a)
}

func indexActivity(ctx context.Context, tx *db.Tx, a *Activity) error {
	if err := search.Replace(ctx, tx, search.KindActivity, itoa(a.ID), searchDocuments(a)); err != nil {
		return fmt.Errorf("activities: index %d: %w", a.ID, err)
	}
	return nil
}

// indexPathForSearch indexes or removes every activity of a path whose
// publication changed.
func indexPathForSearch(ctx context.Context, tx *db.Tx, pathID int64) error {
	list, err := query(ctx, tx, "a.path_id = ?", "a.id", pathID)
	if err != nil {
		return fmt.Errorf("activities: index path %d: %w", pathID, err)
	}
	for _, a := range list {
		if err := indexActivity(ctx, tx, a); err != nil {
			return err
		}
	}
	return nil
}

// searchDocuments are the search documents of a: none unless it is
// public. The title of a cancelled activity says so.
func searchDocuments(a *Activity) []search.Document {
	if !a.Public() {
		return nil
	}
	doc := func(lang i18n.Lang, title, description string, url string) search.Document {
		if a.Status == Cancelled {
			title += " (" + i18n.T(lang, a.Status.Key()) + ")"
		}
		body := []string{i18n.T(lang, a.Kind.Key()) + ".", description, a.VenueName, a.ComuneName, a.PathTitle.In(lang)}
		return search.Document{Kind: search.KindActivity, Ref: itoa(a.ID), ZoneIDs: []string{a.ZoneID}, Lang: string(lang),
			Title: title, Body: strings.TrimSpace(strings.Join(body, "\n\n")), URL: url, Date: a.Start}
	}
	url := "/attivita/" + itoa(a.ID)
	out := []search.Document{doc(i18n.IT, a.Title.IT, a.Description.IT, url)}
	if strings.TrimSpace(a.Title.EN) != "" {
		out = append(out, doc(i18n.EN, a.Title.EN, a.Description.In(i18n.EN), url+"?lang=en"))
	}
	return out
}

// ReindexSearch brings the search index up to date with every public
// activity, at start; unchanged activities cost a hash comparison.
func ReindexSearch(ctx context.Context, d *db.DB) error {
	list, err := query(ctx, d, publicCond, "a.id")
	if err != nil {
		return fmt.Errorf("activities: reindex search: %w", err)
	}
	var docs []search.Document
	for _, a := range list {
		docs = append(docs, searchDocuments(a)...)
	}
	if _, err := search.Reindex(ctx, d, search.KindActivity, docs); err != nil {
		return fmt.Errorf("activities: reindex search: %w", err)
	}
	return nil
}
