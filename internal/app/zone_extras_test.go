package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestATerritoryPageShowsItsOwnLatestNews(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		publish := func(title, titleEN string, ago time.Duration, zones ...string) {
			t.Helper()
			if _, err := news.Create(context.Background(), d, news.Input{TitleIT: title, TitleEN: titleEN, SummaryIT: "Sintesi: " + title,
				Zones: zones, Status: news.Scheduled, PublishAt: time.Now().Add(-ago)}, news.Actor{Label: "test"}); err != nil {
				t.Fatal(err)
			}
		}
		publish("Il camper della salute in Lunigiana", "The health camper in Lunigiana", time.Hour, "lunigiana")
		publish("Agorà a Pontremoli", "", 2*time.Hour, "lunigiana", "apuane")
		publish("Notizia dell'Elba", "", time.Hour, "elba")
		publish("Notizia per tutta la regione", "", time.Hour)
		if _, err := news.Create(context.Background(), d, news.Input{TitleIT: "Bozza della Lunigiana", Zones: []string{"lunigiana"}},
			news.Actor{Label: "test"}); err != nil {
			t.Fatal(err)
		}

		res := env.Client().Get("/territori/lunigiana")
		items := res.Find("section[aria-labelledby=notizie] li a")
		if len(items) != 2 || items[0].Text() != "Il camper della salute in Lunigiana" || items[1].Text() != "Agorà a Pontremoli" {
			t.Fatalf("the territory's news: %d items: %s", len(items), res.Text("section[aria-labelledby=notizie]"))
		}
		if items[0].Attr("href") == "" || !res.Contains("Sintesi: Il camper della salute in Lunigiana") {
			t.Error("a news item has no link or no summary")
		}
		for _, other := range []string{"Notizia dell'Elba", "Notizia per tutta la regione", "Bozza della Lunigiana"} {
			if res.Contains(other) {
				t.Errorf("the territory page shows %q", other)
			}
		}
		if res.Has("section[aria-labelledby=avvisi]") {
			t.Error("an open calls section is shown though calls do not exist yet")
		}
		en := env.Client()
		en.Lang = "en"
		res = en.Get("/territori/lunigiana")
		if !res.Contains("The health camper in Lunigiana") || res.Attr(`section[aria-labelledby=notizie] li[lang=it] a`, "href") == "" {
			t.Error("in English: the translated title is missing, or the untranslated item is not marked as Italian")
		}
		if res := env.Client().Get("/territori/valtiberina"); res.Has("section[aria-labelledby=notizie]") {
			t.Error("a territory without news shows an empty news section")
		}
	})
}
