package news_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// xssBody is a Markdown body made of well-known attacks.
const xssBody = `Testo iniziale.

<script>alert(1)</script>
<img src=x onerror=alert(1)>
<iframe src="javascript:alert(1)"></iframe>
[clic](javascript:alert(1)) [clic2](JaVaScRiPt:alert(1)) [clic3](&#106;avascript:alert(1))
[vb](vbscript:msgbox(1)) [dati](data:text/html;base64,PHNjcmlwdD4=)
<javascript:alert(1)>
[rif][x]

[x]: javascript:alert(1)

![traccia](https://tracker.example/p.gif)
<a href="#" onclick="alert(1)">x</a>
[ok](https://www.regione.toscana.it/)`

var handlerAttr = regexp.MustCompile(`(?i)<[^>]+\son[a-z]+\s*=`)

func TestMarkdownAttacksAreSanitisedOnThePublicPage(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		it := e.create(news.Input{TitleIT: "Attacco", BodyIT: xssBody, Status: news.Published})
		w := e.get(nil, "/notizie/"+it.Slug)
		expectStatus(t, w, http.StatusOK)
		page := w.Body.String()
		low := strings.ToLower(page)
		for _, bad := range []string{"<script", "<iframe", "javascript:", "vbscript:", "data:text", "tracker.example"} {
			if strings.Contains(low, bad) {
				t.Errorf("the page contains %q", bad)
			}
		}
		if m := handlerAttr.FindString(page); m != "" {
			t.Errorf("event handler attribute on the page: %s", m)
		}
		if !strings.Contains(page, `<a href="https://www.regione.toscana.it/">ok</a>`) || !strings.Contains(page, "Testo iniziale.") {
			t.Error("the safe parts of the body are missing")
		}
	})
}

func TestScheduledNewsIsInvisibleBeforeItsTimeAndVisibleAfter(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := published("Agorà di primavera", zoneA)
		in.Status, in.PublishAt = news.Scheduled, time.Now().Add(time.Hour)
		it := e.create(in)
		ctx := context.Background()
		invisible := func() bool {
			_, err := news.BySlug(ctx, d, it.Slug)
			latest, _ := news.Latest(ctx, d, "", 10)
			return err != nil && len(latest) == 0 &&
				e.get(nil, "/notizie/"+it.Slug).Code == http.StatusNotFound &&
				!strings.Contains(e.get(nil, "/notizie").Body.String(), "Agorà di primavera") &&
				!strings.Contains(e.get(nil, "/notizie/feed.rss").Body.String(), "Agorà di primavera") &&
				!strings.Contains(e.get(nil, "/territori/"+zoneA+"/feed.atom").Body.String(), "Agorà di primavera")
		}
		if !invisible() {
			t.Fatal("a scheduled item is visible before its time")
		}
		e.passTime(it.ID, time.Now().Add(-time.Minute))
		if latest, _ := news.Latest(ctx, d, zoneA, 10); len(latest) != 1 || latest[0].ID != it.ID {
			t.Fatalf("Latest after its time: %v", latest)
		}
		expectStatus(t, e.get(nil, "/notizie/"+it.Slug), http.StatusOK)
		if !strings.Contains(e.get(nil, "/notizie").Body.String(), "Agorà di primavera") ||
			!strings.Contains(e.get(nil, "/territori/"+zoneA+"/feed.rss").Body.String(), "Agorà di primavera") {
			t.Error("the item is missing from the list or the territory's feed after its time")
		}
	})
}

func TestDraftsAreInvisibleToVisitors(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		it := e.create(news.Input{TitleIT: "Bozza riservata", BodyIT: "non ancora", Zones: []string{zoneA}})
		if it.Status != news.Draft {
			t.Fatalf("status %s", it.Status)
		}
		for _, u := range []string{"/notizie", "/notizie/feed.rss", "/notizie/feed.atom", "/territori/" + zoneA + "/feed.rss", "/notizie?territorio=" + zoneA} {
			if w := e.get(nil, u); strings.Contains(w.Body.String(), "Bozza riservata") {
				t.Errorf("%s shows the draft", u)
			}
		}
		expectStatus(t, e.get(nil, "/notizie/"+it.Slug), http.StatusNotFound)
		// Even its editors see it only through the preview.
		expectStatus(t, e.get(e.coord, "/notizie/"+it.Slug), http.StatusNotFound)
		w := e.get(e.coord, "/gestione/territori/"+zoneA+"/notizie/"+fmt.Sprint(it.ID)+"/anteprima")
		expectStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "Anteprima") || !strings.Contains(w.Body.String(), "Bozza riservata") {
			t.Error("the preview lacks its banner or the item")
		}
	})
}

func TestTheListPagesAndFiltersByTerritory(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i := range news.PerPage + 1 {
			e.create(published(fmt.Sprintf("Notizia numero %02d", i), zoneA))
		}
		e.create(published("Notizia della Valdichiana", zoneB))
		e.create(published("Notizia regionale"))
		w := e.get(nil, "/notizie")
		expectStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `href="/notizie?page=2"`) || !strings.Contains(w.Body.String(), "Pagina 1 di 2") {
			t.Error("no link to page 2")
		}
		w = e.get(nil, "/notizie?territorio="+zoneB)
		body := w.Body.String()
		if !strings.Contains(body, "Notizia della Valdichiana") || strings.Contains(body, "Notizia numero") || strings.Contains(body, "Notizia regionale") {
			t.Error("the territory filter shows other territories' news")
		}
		expectStatus(t, e.get(nil, "/notizie?territorio="+zoneA+"&page=2"), http.StatusOK)
		expectStatus(t, e.get(nil, "/notizie?territorio="+zoneB+"&page=2"), http.StatusNotFound)
	})
}

func TestBadQueryParametersNeverGiveAnError500(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(published("Una notizia", zoneA))
		long := strings.Repeat("x", 10_000)
		cases := map[string]int{
			"/notizie?page=-1":                                  404,
			"/notizie?page=0":                                   404,
			"/notizie?page=99999":                               404,
			"/notizie?page=999999999999999999999":               404,
			"/notizie?page=abc":                                 404,
			"/notizie?page=1":                                   200,
			"/notizie?page=" + long:                             404,
			"/notizie?territorio=" + long:                       404,
			"/notizie?territorio=%3Cscript%3E":                  404,
			"/notizie?territorio=" + zoneA:                      200,
			"/notizie/" + long:                                  404,
			"/notizie/%00":                                      404,
			"/territori/" + long + "/feed.rss":                  404,
			"/territori/nessuna/feed.atom":                      404,
			"/gestione/territori/" + zoneA + "/notizie/" + long: 404,
			"/gestione/territori/" + zoneA + "/notizie/-1":      404,
			"/gestione/territori/" + zoneA + "/notizie/99999999999999999999": 404,
			"/file/" + long:                404,
			"/file/..%2f..%2fetc%2fpasswd": 404,
		}
		for u, want := range cases {
			w := e.get(e.admin, u)
			if w.Code != want {
				t.Errorf("GET %.80s: %d, want %d", u, w.Code, want)
			}
		}
	})
}

func TestTheArticleHasCanonicalURLOpenGraphAndEnglishFallback(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := published("Case di comunità, uscite le linee guida", zoneA)
		in.TitleEN = "Community houses: the guidelines are out"
		it := e.create(in)
		w := e.get(nil, "/notizie/"+it.Slug)
		body := w.Body.String()
		for _, want := range []string{
			`<link rel="canonical" href="` + baseURL + `/notizie/case-di-comunita-uscite-le-linee-guida">`,
			`<meta property="og:title" content="Case di comunità, uscite le linee guida">`,
			`<meta property="og:url" content="` + baseURL + `/notizie/case-di-comunita-uscite-le-linee-guida">`,
			`<meta property="og:description" content="Sommario di Case di comunità, uscite le linee guida">`,
			`<meta property="og:type" content="article">`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %s", want)
			}
		}
		if n := strings.Count(body, `rel="canonical"`) + strings.Count(body, `property="og:title"`); n != 2 {
			t.Errorf("canonical and og:title appear %d times in all, want once each", n)
		}
		w = e.get(nil, "/notizie/"+it.Slug, i18n.EN)
		body = w.Body.String()
		if !strings.Contains(body, "<h1>Community houses: the guidelines are out</h1>") {
			t.Error("the English title is not shown in English")
		}
		if !strings.Contains(body, `<div class="news-body" lang="it">`) || !strings.Contains(body, `<p class="lead" lang="it">`) {
			t.Error("the Italian body and summary shown to English readers are not marked lang=it")
		}
	})
}

type rssDoc struct {
	Channel struct {
		Self  struct{} `xml:"http://www.w3.org/2005/Atom link"` // first: a field without namespace matches any
		Link  string   `xml:"link"`
		Items []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  string `xml:"guid"`
			Desc  string `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomDoc struct {
	Links []struct {
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID    string `xml:"id"`
		Title string `xml:"title"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestFeedsAreWellFormedXMLWithAbsoluteLinks(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := published("Le Parole della Salute & altro", zoneA)
		in.BodyIT = "Leggi le [FAQ](/faq) e <b>questo</b>"
		a := e.create(in)
		e.create(published("Aperta la manifestazione d'interesse", zoneB))
		for _, path := range []string{"/notizie/feed.rss", "/territori/" + zoneA + "/feed.rss"} {
			w := e.get(nil, path)
			expectStatus(t, w, http.StatusOK)
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/rss+xml") {
				t.Errorf("%s: Content-Type %s", path, ct)
			}
			var doc rssDoc
			if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if !strings.HasPrefix(doc.Channel.Link, baseURL+"/") {
				t.Errorf("%s: channel link %q", path, doc.Channel.Link)
			}
			for _, it := range doc.Channel.Items {
				if !strings.HasPrefix(it.Link, baseURL+"/notizie/") || !strings.HasPrefix(it.GUID, "tag:cantieri.example.org,") {
					t.Errorf("%s: item %+v", path, it)
				}
				if strings.Contains(it.Desc, `href="/`) {
					t.Errorf("%s: relative link in the content: %s", path, it.Desc)
				}
			}
			want := 2
			if strings.HasPrefix(path, "/territori/") {
				want = 1
			}
			if len(doc.Channel.Items) != want {
				t.Errorf("%s: %d items, want %d", path, len(doc.Channel.Items), want)
			}
		}
		for _, path := range []string{"/notizie/feed.atom", "/territori/" + zoneA + "/feed.atom"} {
			w := e.get(nil, path)
			expectStatus(t, w, http.StatusOK)
			var doc atomDoc
			if err := xml.Unmarshal(w.Body.Bytes(), &doc); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, l := range doc.Links {
				if !strings.HasPrefix(l.Href, baseURL+"/") {
					t.Errorf("%s: feed link %q", path, l.Href)
				}
			}
			found := false
			for _, en := range doc.Entries {
				found = found || en.Title == "Le Parole della Salute & altro"
				if !strings.HasPrefix(en.Link.Href, baseURL+"/notizie/") {
					t.Errorf("%s: entry link %q", path, en.Link.Href)
				}
				if en.Title == "Le Parole della Salute & altro" && en.ID != fmt.Sprintf("tag:cantieri.example.org,%s:notizie/%d", a.CreatedAt.Format("2006-01-02"), a.ID) {
					t.Errorf("%s: entry id %q", path, en.ID)
				}
			}
			if !found {
				t.Errorf("%s: the item is missing", path)
			}
		}
	})
}
