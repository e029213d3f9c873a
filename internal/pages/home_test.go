package pages_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/territory"
)

func TestHomeShowsTheSixPhasesOfTheTemplateWithTheirActivities(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		tmpl, err := paths.TemplateBySlug(context.Background(), d, paths.TemplateCantiere)
		if err != nil {
			t.Fatal(err)
		}
		if len(tmpl.Phases) != 6 {
			t.Fatalf("the template has %d phases", len(tmpl.Phases))
		}
		for _, lang := range i18n.Langs {
			c := e.Client()
			c.Lang = string(lang)
			res := c.Get("/")
			if res.Status != http.StatusOK {
				t.Fatalf("home in %s: status %d", lang, res.Status)
			}
			names := res.Find("ol.cantieri-home-phases h3")
			if len(names) != 6 {
				t.Fatalf("home in %s shows %d phases, want 6", lang, len(names))
			}
			acts := res.Find("ol.cantieri-home-phases li li")
			want := 0
			for i, ph := range tmpl.Phases {
				if got := names[i].Text(); got != ph.Name.In(lang) {
					t.Errorf("phase %d in %s is %q, the template says %q", i+1, lang, got, ph.Name.In(lang))
				}
				want += len(ph.Activities)
			}
			if len(acts) != want || acts[0].Text() != tmpl.Phases[0].Activities[0].Label.In(lang) {
				t.Errorf("home in %s lists %d activities (first %q), the template %d", lang, len(acts), acts[0].Text(), want)
			}
		}
		if res := e.visitor.Get("/"); !res.Contains("3 incontri generali") || !res.Contains("4 laboratori di progettazione partecipata") {
			t.Error("the activities of seed 001 are not on the home page")
		}
	})
}

func TestHomeShowsAll28ZonesInTheMapAndInTheList(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.path("lunigiana", "Cantiere della Lunigiana", true)
		e.path("elba", "Bozza dell'Elba", false)
		zones, err := territory.Zones(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if len(zones) != 28 {
			t.Fatalf("%d zones in the reference data", len(zones))
		}
		res := e.visitor.Get("/")
		tiles := res.Find("nav.cantieri-tilemap-nav svg a")
		items := res.Find("ul.cantieri-zone-list a")
		if len(tiles) != 28 || len(items) != 28 {
			t.Fatalf("the map has %d tiles and the list %d zones, want 28 each", len(tiles), len(items))
		}
		byHref := map[string]string{}
		for _, a := range tiles {
			byHref[a.Attr("href")] = a.Attr("aria-label")
		}
		for _, z := range zones {
			label, ok := byHref["/territori/"+z.ID]
			if !ok {
				t.Errorf("zone %s has no tile", z.ID)
				continue
			}
			if !strings.HasSuffix(strings.SplitN(label, ", ", 2)[0], " – "+z.Name) || !strings.Contains(label, ", "+z.HealthAuthorityName+", ") {
				t.Errorf("tile of %s is labelled %q", z.ID, label)
			}
			if !res.Has(`ul.cantieri-zone-list a[href="/territori/` + z.ID + `"]`) {
				t.Errorf("zone %s is not in the list", z.ID)
			}
		}
		if got := byHref["/territori/lunigiana"]; !strings.HasSuffix(got, "1 percorso pubblicato") {
			t.Errorf("the tile of a zone with a published path says %q", got)
		}
		if got := byHref["/territori/elba"]; !strings.HasSuffix(got, "nessun percorso pubblicato") {
			t.Errorf("a draft counts on the map: %q", got)
		}
		// The marker, not only the colour, shows the zones with paths: one
		// marker on the map, one in the list, one in the legend.
		if n := len(res.Find("nav.cantieri-tilemap-nav svg circle")); n != 2 { // a ring and its dot
			t.Errorf("the map draws %d marker circles, want the 2 of one marker", n)
		}
		if !res.Has(".cantieri-zone-list .cantieri-zone-paths") || !strings.Contains(res.Text(".cantieri-legend"), "Zona con percorsi pubblicati") {
			t.Error("the list or the legend does not show the marker for zones with published paths")
		}
		if res.Has(`svg[role=img]`) {
			t.Error("a map of links must not be role=img")
		}
	})
}

func TestTheTileMapKeepsTuscanysShape(t *testing.T) {
	cells := pagesGrid()
	seen := map[[2]int]string{}
	maxCol, maxRow := 0, 0
	for id, c := range cells {
		if other, dup := seen[c]; dup {
			t.Errorf("%s and %s share the cell %v", id, other, c)
		}
		seen[c] = id
		maxCol, maxRow = max(maxCol, c[0]), max(maxRow, c[1])
	}
	if len(cells) != 28 {
		t.Fatalf("%d zones placed, want 28", len(cells))
	}
	if c := cells["lunigiana"]; c != [2]int{0, 0} {
		t.Errorf("Lunigiana is at %v, want the top left corner", c)
	}
	if c := cells["valtiberina"]; c[0] != maxCol {
		t.Errorf("Valtiberina is in column %d, not the easternmost (%d)", c[0], maxCol)
	}
	if c := cells["colline-dell-albegna"]; c[1] != maxRow {
		t.Errorf("Colline dell'Albegna is in row %d, not the southernmost (%d)", c[1], maxRow)
	}
	elba := cells["elba"]
	if elba[1] < maxRow-2 {
		t.Errorf("Elba is in row %d, not among the southern rows", elba[1])
	}
	for id, c := range cells {
		if c[1] >= elba[1] && c[0] < elba[0] {
			t.Errorf("%s is south-west of Elba", id)
		}
	}
	// Neighbours stay in order: Pisa west of Florence, Siena south of it,
	// Mugello north of it, Arezzo east of Siena.
	if cells["pisana"][0] >= cells["fiorentina"][0] || cells["senese"][1] <= cells["fiorentina"][1] ||
		cells["mugello"][1] >= cells["fiorentina"][1] || cells["aretina"][0] <= cells["senese"][0] {
		t.Errorf("the map is out of shape: %v", cells)
	}
}

func TestEveryZoneOfTheReferenceDataHasAPlaceOnTheMap(t *testing.T) {
	d := dbtest.SQLite(t)
	if err := territory.LoadReference(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	zones, err := territory.Zones(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	cells := pagesGrid()
	for _, z := range zones {
		if _, ok := cells[z.ID]; !ok {
			t.Errorf("zone %s has no place in zonePlaces", z.ID)
		}
	}
}

func TestHomeShowsTheLatestThreeNewsItems(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.news("La notizia più vecchia", 4*time.Hour)
		e.news("Seconda notizia", 3*time.Hour, "lunigiana")
		e.news("Terza notizia", 2*time.Hour)
		e.news("La notizia più recente", time.Hour, "elba", "lunigiana")
		res := e.visitor.Get("/")
		got := res.Find(".cantieri-home-news a")
		if len(got) != 3 {
			t.Fatalf("home shows %d news items, want 3", len(got))
		}
		if got[0].Text() != "La notizia più recente" || got[2].Text() != "Seconda notizia" {
			t.Errorf("news on the home page: %q, %q, %q", got[0].Text(), got[1].Text(), got[2].Text())
		}
		if res.Contains("La notizia più vecchia") || !res.Has(`a[href="/notizie"]`) {
			t.Error("the oldest item is shown, or there is no link to all news")
		}
		en := e.Client()
		en.Lang = "en"
		if res := en.Get("/"); !res.Contains("La notizia più recente (EN)") {
			t.Error("the English home page does not show the English titles")
		}
	})
}

func TestTheHomePageRunsTheSameQueriesWhateverTheData(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, base *db.DB) {
		d, queries := countingDB(t, base)
		// No job workers: their polling would be counted too.
		e := newEnv(t, d, apptest.WithConfig(func(c *config.Config) { c.Workers = 0 }))
		e.news("Prima notizia", time.Hour, "lunigiana")
		home := func() int64 {
			queries.Store(0)
			if res := e.visitor.Get("/"); res.Status != http.StatusOK {
				t.Fatalf("home: %d", res.Status)
			}
			return queries.Load()
		}
		few := home()
		for i, z := range []string{"lunigiana", "elba", "pisana", "senese", "mugello", "valdarno"} {
			e.path(z, "Percorso "+z, true)
			e.news("Notizia "+z, time.Duration(i)*time.Minute, z, "apuane")
		}
		many := home()
		if few != many {
			t.Errorf("the home page ran %d queries with 1 news item and no path, %d with 7 items and 6 paths", few, many)
		}
		if many > 10 {
			t.Errorf("the home page runs %d queries, the documented count is 10", many)
		}
		t.Logf("home page: %d queries", many)
	})
}
