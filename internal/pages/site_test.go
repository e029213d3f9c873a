package pages_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// sitemapDoc is the sitemap as a crawler reads it, namespaces resolved.
type sitemapDoc struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

func TestTheSitemapListsPublishedPathsAndNotDraftsWithAbsoluteURLs(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		pub := e.path("lunigiana", "Percorso pubblicato", true)
		draft := e.path("elba", "Percorso in bozza", false)
		item := e.news("Una notizia", time.Hour, "lunigiana")
		res := e.visitor.Get("/sitemap.xml")
		if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("sitemap: status %d, type %s", res.Status, res.Header.Get("Content-Type"))
		}
		var doc sitemapDoc
		dec := xml.NewDecoder(strings.NewReader(res.Body))
		dec.Strict = true
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("the sitemap is not well-formed XML in the sitemap namespace: %v\n%s", err, res.Body)
		}
		locs := map[string]string{}
		for _, u := range doc.URLs {
			if !strings.HasPrefix(u.Loc, e.URL+"/") {
				t.Errorf("%q is not an absolute URL of the site", u.Loc)
			}
			if len(u.Links) != 3 || u.Links[0].Href != strings.TrimSuffix(u.Loc, "?lang=en") || u.Links[1].Hreflang != "en" || u.Links[2].Hreflang != "x-default" {
				t.Errorf("%s has alternates %+v", u.Loc, u.Links)
			}
			if _, dup := locs[u.Loc]; dup {
				t.Errorf("%s is listed twice", u.Loc)
			}
			locs[u.Loc] = u.LastMod
		}
		for _, p := range []string{"/", "/territori", "/territori/lunigiana", "/percorsi", "/percorsi/" + pub.Slug,
			"/percorsi/" + pub.Slug + "/cronoprogramma", "/notizie", "/notizie/" + item.Slug, "/faq", "/privacy",
			"/note-legali", "/accessibilita"} {
			for _, u := range []string{e.URL + p, e.URL + p + "?lang=en"} {
				if _, ok := locs[u]; !ok {
					t.Errorf("the sitemap does not list %s", u)
				}
			}
		}
		if m := locs[e.URL+"/percorsi/"+pub.Slug]; m == "" {
			t.Error("a published path has no lastmod")
		} else if _, err := time.Parse(time.RFC3339, m); err != nil {
			t.Errorf("lastmod %q: %v", m, err)
		}
		if strings.Contains(res.Body, draft.Slug) {
			t.Error("the sitemap lists a draft path")
		}
		for _, private := range []string{"/gestione", "/admin", "/account", "/accedi"} {
			if strings.Contains(res.Body, e.URL+private) {
				t.Errorf("the sitemap lists %s", private)
			}
		}
	})
}

func TestRobotsTxtDisallowsThePrivateAreasAndPointsToTheSitemap(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	res := e.visitor.Get("/robots.txt")
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("robots.txt: status %d, type %s", res.Status, res.Header.Get("Content-Type"))
	}
	lines := map[string]bool{}
	for _, l := range strings.Split(res.Body, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	for _, want := range []string{"User-agent: *", "Disallow: /admin", "Disallow: /gestione", "Disallow: /account",
		"Disallow: /accedi", "Allow: /", "Sitemap: " + e.URL + "/sitemap.xml"} {
		if !lines[want] {
			t.Errorf("robots.txt lacks %q:\n%s", want, res.Body)
		}
	}
	for l := range lines {
		if l == "Disallow: /" || l == "Disallow: /territori" || l == "Disallow: /percorsi" || l == "Disallow: /notizie" {
			t.Errorf("robots.txt hides public pages: %q", l)
		}
	}
}

func TestTheDashboardListsTheAreasEachUserMayEdit(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.CreateUser(t, "cittadina@example.org", password)
	citizen := e.Client()
	citizen.Login(t, "cittadina@example.org", password)
	e.CreateUser(t, "glossario@example.org", password, authz.Grant{Role: authz.GlossaryEditor})
	glossary := e.Client()
	glossary.Login(t, "glossario@example.org", password)

	check := func(who string, status int, links []string, want []string) {
		t.Helper()
		if status != http.StatusOK {
			t.Errorf("%s: /gestione status %d", who, status)
		}
		if fmt.Sprint(links) != fmt.Sprint(want) {
			t.Errorf("%s sees the areas %v, want %v", who, links, want)
		}
	}
	hrefs := func(c *apptest.Client) (int, []string, string) {
		res := c.Get("/gestione")
		var out []string
		for _, a := range res.Find("ul.cantieri-dashboard h2 a") {
			out = append(out, a.Attr("href"))
		}
		return res.Status, out, res.Text("main")
	}
	// Areas of features not built in are left out.
	registered := map[string]bool{}
	for _, r := range e.App.Router.Routes() {
		registered[r.Pattern] = true
	}
	ifThere := func(hrefs ...string) []string {
		var out []string
		for _, h := range hrefs {
			if registered["GET "+h] {
				out = append(out, h)
			}
		}
		return out
	}
	st, links, _ := hrefs(e.admin)
	check("admin", st, links, ifThere("/gestione/percorsi", "/gestione/soluzioni", "/gestione/attivita", "/gestione/percorsi-formativi", "/gestione/notizie", "/gestione/faq",
		"/gestione/testi", "/gestione/glossario", "/admin"))
	st, links, _ = hrefs(e.coord)
	check("coordinator", st, links, ifThere("/gestione/percorsi", "/gestione/soluzioni", "/gestione/attivita", "/gestione/percorsi-formativi", "/gestione/notizie"))
	st, links, _ = hrefs(glossary)
	check("glossary editor", st, links, ifThere("/gestione/glossario"))
	st, links, text := hrefs(citizen)
	check("participant", st, links, nil)
	if !strings.Contains(text, "non ha ancora un ruolo") {
		t.Errorf("a participant gets no explanation: %q", text)
	}
	e.visitor.FollowRedirects = false
	if res := e.visitor.Get("/gestione"); res.Status != http.StatusSeeOther {
		t.Errorf("a visitor opens /gestione: %d", res.Status)
	}
}

func TestTheNavigationMarksTheCurrentSectionAndShowsGestioneToEditors(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	pub := e.path("lunigiana", "Percorso pubblicato", true)
	nav := func(c *apptest.Client, path string) map[string]string {
		t.Helper()
		res := c.Get(path)
		out := map[string]string{}
		for _, a := range res.Find(`header nav.navbar a.nav-link`) {
			out[a.Attr("href")] = a.Attr("aria-current")
		}
		return out
	}
	got := nav(e.visitor, "/territori")
	for _, href := range []string{"/", "/territori", "/percorsi", "/notizie", "/faq", "/glossario"} {
		if _, ok := got[href]; !ok {
			t.Errorf("the navigation has no link to %s", href)
		}
	}
	if got["/territori"] != "page" || got["/"] != "" || got["/percorsi"] != "" {
		t.Errorf("on /territori: %v", got)
	}
	if got := nav(e.visitor, "/territori/lunigiana"); got["/territori"] != "true" {
		t.Errorf("on a territory page the section is not marked: %v", got)
	}
	if got := nav(e.visitor, "/percorsi/"+pub.Slug+"/cronoprogramma"); got["/percorsi"] != "true" {
		t.Errorf("on a schedule the section is not marked: %v", got)
	}
	if _, ok := got["/gestione"]; ok {
		t.Error("a visitor sees the Gestione link")
	}
	if got := nav(e.coord, "/gestione/percorsi"); got["/gestione"] != "true" || got["/percorsi"] != "" {
		t.Errorf("a coordinator on /gestione/percorsi: %v", got)
	}
	if got := nav(e.admin, "/gestione"); got["/gestione"] != "page" {
		t.Errorf("an admin on /gestione: %v", got)
	}
}

func TestEveryPageOfThePackageRendersInBothLanguagesWithoutStyleAttributes(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	e.news("Una notizia", time.Hour)
	e.path("lunigiana", "Percorso pubblicato", true)
	for _, lang := range []string{"it", "en"} {
		for _, c := range []*apptest.Client{e.visitor, e.admin} {
			c.Lang = lang
			for _, p := range []string{"/", "/privacy", "/note-legali", "/accessibilita", "/gestione", "/gestione/testi",
				"/gestione/testi/programma", "/gestione/testi/come-partecipare", "/gestione/testi/privacy"} {
				if c == e.visitor && strings.HasPrefix(p, "/gestione") {
					continue
				}
				res := c.Get(p)
				if res.Status != http.StatusOK || !res.Has(fmt.Sprintf(`html[lang=%s]`, lang)) || !res.Has("main h1") {
					t.Errorf("%s in %s: status %d, or no lang or h1", p, lang, res.Status)
				}
				if strings.Contains(res.Body, " style=") {
					t.Errorf("%s uses a style attribute", p)
				}
			}
		}
	}
	// The preview and the dashboard of a user without areas.
	form := e.admin.Get("/gestione/testi/accessibilita")
	e.admin.Submit(form, "main form", nil)
	e.CreateUser(t, "cittadina@example.org", password)
	citizen := e.Client()
	citizen.Login(t, "cittadina@example.org", password)
	citizen.Get("/gestione")
	e.admin.Submit(form, "main form", map[string][]string{"action": {"preview"}})
	rendered := e.App.Render.Rendered()
	for _, name := range e.App.Render.Pages() {
		if strings.HasPrefix(name, "pages/") && !rendered[name] {
			t.Errorf("page %s is never rendered by this test", name)
		}
	}
}
