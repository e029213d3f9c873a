package pages

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/faq"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/territory"
)

// sitemapNews is how many news items the sitemap lists, the newest: the
// most news.Latest returns. Older items are reached from /notizie, which
// the sitemap lists too.
const sitemapNews = 100

// sitemapPathsPage is how many paths are read per query.
const sitemapPathsPage = 500

// The sitemap protocol's XML (https://www.sitemaps.org/protocol.html) with
// Google's language alternates: every page appears once per language, its
// Italian address without parameters and its English one with ?lang=en,
// and each entry lists both versions (and the Italian one as x-default) as
// xhtml:link alternates, the same links the pages carry in their <head>.
type urlset struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	Links   []altLink `xml:"xhtml:link"`
}

type altLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// sitemapBuilder collects pages and writes one entry per language each.
type sitemapBuilder struct {
	base string
	set  urlset
}

func (b *sitemapBuilder) langURL(path string, l i18n.Lang) string {
	if l == i18n.Default {
		return b.base + path
	}
	return b.base + path + "?lang=" + string(l)
}

// add lists the page at path (a site path starting with "/"), last
// changed at lastMod (zero: unknown).
func (b *sitemapBuilder) add(path string, lastMod time.Time) {
	links := make([]altLink, 0, len(i18n.Langs)+1)
	for _, l := range i18n.Langs {
		links = append(links, altLink{Rel: "alternate", Hreflang: string(l), Href: b.langURL(path, l)})
	}
	links = append(links, altLink{Rel: "alternate", Hreflang: "x-default", Href: b.langURL(path, i18n.Default)})
	mod := ""
	if !lastMod.IsZero() {
		mod = lastMod.UTC().Format(time.RFC3339)
	}
	for _, l := range i18n.Langs {
		b.set.URLs = append(b.set.URLs, sitemapURL{Loc: b.langURL(path, l), LastMod: mod, Links: links})
	}
}

// sitemap lists the public pages with absolute addresses: the home page,
// the territories, the published paths and their schedules, the latest
// news, the FAQ, the glossary when it exists, and the fixed pages.
// Queries: texts 1, zones 2, paths 3 per 500, news 3, FAQ 2.
func (h *Handlers) sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	b := &sitemapBuilder{base: strings.TrimRight(h.BaseURL, "/"),
		set: urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}}

	keys := make([]TextKey, len(textDefs))
	for i, d := range textDefs {
		keys[i] = d.Key
	}
	texts, err := LoadTexts(ctx, h.DB, keys...)
	if err != nil {
		return err
	}
	b.add("/", latest(texts[TextAbout].UpdatedAt, texts[TextParticipate].UpdatedAt))

	zones, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return err
	}
	b.add("/territori", time.Time{})
	for _, z := range zones {
		b.add("/territori/"+z.ID, time.Time{})
	}

	b.add("/percorsi", time.Time{})
	for offset := 0; ; offset += sitemapPathsPage {
		list, total, err := paths.ListPublished(ctx, h.DB, 0, sitemapPathsPage, offset)
		if err != nil {
			return err
		}
		for _, p := range list {
			b.add("/percorsi/"+p.Slug, p.UpdatedAt)
			b.add("/percorsi/"+p.Slug+"/cronoprogramma", p.UpdatedAt)
		}
		if len(list) == 0 || offset+len(list) >= total {
			break
		}
	}

	items, err := news.Latest(ctx, h.DB, "", sitemapNews)
	if err != nil {
		return err
	}
	var newest time.Time
	for _, it := range items {
		newest = latest(newest, it.PublishAt)
	}
	b.add("/notizie", newest)
	for _, it := range items {
		b.add("/notizie/"+it.Slug, latest(it.PublishAt, it.UpdatedAt))
	}

	if h.has("GET /faq") {
		topics, err := faq.All(ctx, h.DB)
		if err != nil {
			return err
		}
		var mod time.Time
		for _, t := range topics {
			for _, it := range t.Items {
				mod = latest(mod, it.UpdatedAt)
			}
		}
		b.add("/faq", mod)
	}
	if h.has("GET /glossario") {
		b.add("/glossario", time.Time{})
	}
	b.add("/privacy", texts[TextPrivacy].UpdatedAt)
	b.add("/note-legali", texts[TextLegal].UpdatedAt)
	b.add("/accessibilita", texts[TextAccessibility].UpdatedAt)

	out, err := xml.MarshalIndent(b.set, "", " ")
	if err != nil {
		return fmt.Errorf("pages: sitemap: %w", err)
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=600")
	if _, err := w.Write([]byte(xml.Header)); err != nil {
		return err
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// robotsDisallowed are the paths crawlers are asked to leave alone: the
// editing and administration screens, the account pages and forms, the
// language switch (a redirect) and search results.
var robotsDisallowed = []string{
	"/gestione", "/admin", "/account", "/accedi", "/registrati", "/password-dimenticata",
	"/reimposta-password", "/verifica-email", "/lingua/", "/cerca",
}

// robots serves robots.txt: everything public allowed, the private areas
// disallowed, and the sitemap's address.
func (h *Handlers) robots(w http.ResponseWriter, r *http.Request) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range robotsDisallowed {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("Allow: /\n\nSitemap: " + strings.TrimRight(h.BaseURL, "/") + "/sitemap.xml\n")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err := w.Write([]byte(b.String()))
	return err
}
