package search_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	psearch "github.com/cantieri/cantieri/internal/platform/search"
	"github.com/cantieri/cantieri/internal/search"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func get(t *testing.T, c *apptest.Client, path string, status int) *apptest.Response {
	t.Helper()
	res := c.Get(path)
	if res.Status != status {
		t.Fatalf("GET %s: status %d, want %d\n%.2000s", path, res.Status, status, res.Body)
	}
	return res
}

func cerca(q string, extra ...string) string {
	v := url.Values{"q": {q}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return "/cerca?" + v.Encode()
}

func TestEveryPageHasTheSearchBox(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		c := apptest.New(t, d).Client()
		for _, path := range []string{"/", "/privacy", "/cerca", "/pagina-che-non-esiste"} {
			res := c.Get(path)
			form := res.Doc().First(`header form[action="/cerca"]`)
			if form == nil || form.Attr("method") != "get" {
				t.Fatalf("%s: no search form in the header", path)
			}
			input := form.First(`input[name="q"]`)
			if input == nil || input.Attr("type") != "search" || form.First(`label[for="`+input.Attr("id")+`"]`) == nil {
				t.Errorf("%s: the search box has no labelled search input", path)
			}
			if b := form.First(`button[type="submit"]`); b == nil || b.Attr("aria-label") == "" || b.First("use") == nil {
				t.Errorf("%s: the search button has no accessible name or icon", path)
			}
		}
	})
}

func TestSearchFindsATerritoryByTheNameOfAComune(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		c := apptest.New(t, d).Client()
		res := get(t, c, cerca("pontremoli"), 200)
		if got := res.Text(`[role="status"]`); got != "1 risultato per «pontremoli»." {
			t.Errorf("status = %q", got)
		}
		link := res.Doc().First(`ol.search-results a`)
		if link == nil || link.Attr("href") != "/territori/lunigiana" || link.Text() != "Lunigiana" {
			t.Fatalf("first result: %+v", link)
		}
		if !strings.Contains(res.Body, "<mark>Pontremoli</mark>") {
			t.Errorf("the comune is not highlighted in the snippet")
		}
		// Accents and case do not matter: "Castel San Niccolò" is in
		// Casentino.
		res = get(t, c, cerca("castel san niccolo"), 200)
		if res.Attr(`ol.search-results a`, "href") != "/territori/casentino" {
			t.Errorf("castel san niccolo: %q", res.Text(`[role="status"]`))
		}
	})
}

func TestSearchPageFiltersAndPaginates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		// Only the territories are left in the index (the seed glossary
		// and FAQ speak of comuni too), so the counts below are known.
		for _, k := range []string{psearch.KindGlossary, psearch.KindFAQ, psearch.KindPage} {
			if _, err := psearch.Reindex(ctx, d, k, nil); err != nil {
				t.Fatal(err)
			}
		}
		if err := psearch.Index(ctx, d, psearch.Document{Kind: psearch.KindNews, Ref: "1", ZoneIDs: []string{"lunigiana"},
			Title: "Nuovi comuni in rete", Body: "I comuni della Lunigiana lavorano insieme.", URL: "/notizie/nuovi-comuni",
			Date: time.Date(2024, 5, 2, 10, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		c := env.Client()
		// Every territory lists its comuni: 28 of them, and the news item.
		res := get(t, c, cerca("comuni"), 200)
		if got := res.Text(`[role="status"]`); got != "29 risultati per «comuni». Risultati da 1 a 10." {
			t.Errorf("status = %q", got)
		}
		if n := len(res.Find(`ol.search-results li`)); n != 10 {
			t.Errorf("%d hits on page 1", n)
		}
		next := res.Attr(`a[rel="next"]`, "href")
		if next != "/cerca?page=2&q=comuni" {
			t.Errorf("next = %q", next)
		}
		res = get(t, c, cerca("comuni", "page", "3"), 200)
		if n := len(res.Find(`ol.search-results li`)); n != 9 || res.Has(`a[rel="next"]`) || res.Attr(`ol.search-results`, "start") != "21" {
			t.Errorf("page 3: %d hits", n)
		}
		for _, bad := range []string{cerca("comuni", "page", "4"), cerca("comuni", "page", "0"), cerca("comuni", "page", "x"),
			cerca("comuni", "page", "99999999999"), cerca("comuni", "tipo", "blog"), cerca("comuni", "territorio", "atlantide")} {
			get(t, c, bad, 404)
		}

		res = get(t, c, cerca("comuni", "tipo", "news"), 200)
		if got := res.Text(`[role="status"]`); got != "1 risultato per «comuni»." || res.Attr(`ol.search-results a`, "href") != "/notizie/nuovi-comuni" {
			t.Errorf("kind filter: %q", got)
		}
		if res.Attr(`select[name="tipo"] option[selected]`, "value") != "news" {
			t.Errorf("the chosen kind is not selected in the form")
		}
		res = get(t, c, cerca("comuni", "territorio", "lunigiana"), 200)
		if n := len(res.Find(`ol.search-results li`)); n != 2 {
			t.Errorf("zone filter: %d hits", n)
		}
		// Nothing with the filters: the page offers the search without them.
		res = get(t, c, cerca("comuni", "tipo", "glossary"), 200)
		if got := res.Text(`[role="status"]`); got != "Nessun risultato per «comuni»." {
			t.Errorf("no results: %q", got)
		}
		if res.Attr(`.search-suggestions a`, "href") != "/cerca?q=comuni" || !strings.Contains(res.Text(".search-suggestions"), "29 risultati") {
			t.Errorf("no link to the search without filters: %s", res.Text(".search-suggestions"))
		}
	})
}

func TestSearchPageSpeaksEnglish(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		c := apptest.New(t, d).Client()
		c.Lang = "en"
		res := get(t, c, cerca("pontremoli"), 200)
		if got := res.Text(`[role="status"]`); got != "1 result for “pontremoli”." {
			t.Errorf("status = %q", got)
		}
		res = get(t, c, cerca("zzzzqqq"), 200)
		if got := res.Text(`[role="status"]`); got != "No results for “zzzzqqq”." || !strings.Contains(res.Body, "Try Italian words") {
			t.Errorf("no results: %q", got)
		}
		if res := get(t, c, "/cerca", 200); res.Text("h1") != "Search" {
			t.Errorf("h1 = %q", res.Text("h1"))
		}
	})
}

func TestSearchPageExplainsBadQueriesAndNeverFails(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		c := apptest.New(t, d).Client()
		for _, q := range []string{`"`, `*`, `(`, `NEAR`, `OR`, `a OR b NOT c`, `{title}: x`, `'; DROP TABLE search_documents; --`,
			"\xff\xfe", "<script>alert(1)</script>", strings.Repeat("ab ", 1000), strings.Repeat("(", 2000)} {
			res := get(t, c, cerca(q), 200)
			if strings.Contains(res.Body, "<script>alert(1)") {
				t.Errorf("%.30q: markup not escaped", q)
			}
		}
		res := get(t, c, cerca("il della e"), 200)
		if !strings.Contains(res.Text(`[role="status"]`), "parole molto comuni") {
			t.Errorf("only stop words: %q", res.Text(`[role="status"]`))
		}
		res = get(t, c, cerca("pontremoli "+strings.Repeat("x", 2000)), 200)
		if !res.Has(`.alert-warning`) || res.Attr(`ol.search-results a`, "href") != "/territori/lunigiana" {
			t.Errorf("2,000 characters: no warning or no result")
		}
		// The query is shown back in the form, whatever it was.
		if v := res.Attr(`#s-q`, "value"); !strings.HasPrefix(v, "pontremoli x") {
			t.Errorf("query not kept in the form: %.30q", v)
		}
		if res := get(t, c, "/cerca", 200); res.Has(`[role="status"]`) {
			t.Errorf("an empty search page announces a result count")
		}
	})
}

func TestTerritoriesAreIndexedOnceAtStart(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		apptest.New(t, d)
		if n, err := search.IndexTerritories(context.Background(), d); err != nil || n != 0 {
			t.Errorf("second start rewrote %d territories (%v)", n, err)
		}
		docs, err := psearch.Reindex(context.Background(), d, psearch.KindTerritory, nil)
		if err != nil || docs != 28 {
			t.Errorf("territories in the index: %d (%v), want 28", docs, err)
		}
	})
}

func TestBroadSearchSaysMoreThanAndPagesTheBest(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		var docs []psearch.Document
		for i := range psearch.MaxTotal + 5 {
			n := strconv.Itoa(i)
			docs = append(docs, psearch.Document{Kind: psearch.KindNews, Ref: n, Title: "Notizia " + n,
				Body: "Uno zibaldone di pensieri.", URL: "/notizie/n" + n, Date: time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC)})
		}
		docs[3].Title = "Lo zibaldone"
		if _, err := psearch.Reindex(context.Background(), d, psearch.KindNews, docs); err != nil {
			t.Fatal(err)
		}
		c := env.Client()
		res := get(t, c, cerca("zibaldone"), 200)
		if got := res.Text(`[role="status"]`); !strings.HasPrefix(got, "Più di 200 risultati per «zibaldone». Risultati da 1 a 10.") {
			t.Errorf("status = %q", got)
		}
		// The title match ranks first although it is old.
		if href := res.Attr(`ol.search-results a`, "href"); href != "/notizie/n3" {
			t.Errorf("first hit %q", href)
		}
		last := strconv.Itoa(psearch.MaxRanked / 10)
		if res := get(t, c, cerca("zibaldone", "page", last), 200); res.Has(`a[rel="next"]`) {
			t.Errorf("page %s has a next page", last)
		}
		get(t, c, cerca("zibaldone", "page", strconv.Itoa(psearch.MaxRanked/10+1)), 404)
	})
}
