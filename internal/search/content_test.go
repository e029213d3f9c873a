package search_test

import (
	"context"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestPublishedNewsIsSearchableAndDraftsAreNot(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		for _, in := range []news.Input{
			{TitleIT: "Screening oncologici gratuiti", BodyIT: "Le **mammografie** sono gratuite.", Status: news.Published, Zones: []string{"lunigiana"}},
			{TitleIT: "Bozza sugli screening", BodyIT: "Non ancora pubblicata.", Status: news.Draft},
			{TitleIT: "Screening programmati", BodyIT: "Usciranno domani.", Status: news.Scheduled, PublishAt: time.Now().Add(24 * time.Hour)},
		} {
			if _, err := news.Create(ctx, d, in, news.Actor{Label: "test"}); err != nil {
				t.Fatal(err)
			}
		}
		c := env.Client()
		res := get(t, c, cerca("screening", "tipo", "news"), 200)
		if got := res.Text(`[role="status"]`); got != "1 risultato per «screening»." {
			t.Errorf("status = %q", got)
		}
		if href := res.Attr(`ol.search-results a`, "href"); href != "/notizie/screening-oncologici-gratuiti" {
			t.Errorf("hit = %q", href)
		}
		// The body is indexed as text, without its Markdown.
		if res := get(t, c, cerca("mammografia"), 200); res.Has(`ol.search-results li`) && !res.Contains("<mark>mammografie</mark> sono") {
			t.Errorf("markdown in the snippet: %s", res.Text(`ol.search-results`))
		}
		// A restart indexes what exists and changes nothing.
		if err := news.ReindexSearch(ctx, d); err != nil {
			t.Fatal(err)
		}
		if got := get(t, c, cerca("screening", "tipo", "news"), 200).Text(`[role="status"]`); got != "1 risultato per «screening»." {
			t.Errorf("after reindex: %q", got)
		}
	})
}
