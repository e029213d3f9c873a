package news

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/feed"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// PerPage is how many items a page of the list shows.
const PerPage = 10

// maxPage bounds the page number accepted before even counting.
const maxPage = 100_000

// ListData is what the news list shows.
type ListData struct {
	Items []View
	Zones []ZoneName
	// Zone is the territory filter ("" for all), ZoneLabel its name.
	Zone      string
	ZoneLabel string
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	FeedRSS   string
	FeedAtom  string
}

// parsePage reads ?page=: missing is 1; anything but a number from 1 to
// maxPage is a page that does not exist.
func parsePage(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	if len(s) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage {
		return 0, false
	}
	return n, true
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, ok := parsePage(q.Get("page"))
	if !ok {
		return web.NotFound()
	}
	names, zones, err := h.zoneList(r.Context())
	if err != nil {
		return err
	}
	zone := q.Get("territorio")
	if _, known := names[zone]; zone != "" && !known {
		return web.NotFound()
	}
	items, total, err := page(r.Context(), h.DB, zone, db.Now(), PerPage, (p-1)*PerPage)
	if err != nil {
		return err
	}
	pages := max(1, (total+PerPage-1)/PerPage)
	if p > pages {
		return web.NotFound()
	}
	data := ListData{Zones: zones, Zone: zone, ZoneLabel: names[zone], Page: p, Pages: pages,
		FeedRSS: "/notizie/feed.rss", FeedAtom: "/notizie/feed.atom"}
	if zone != "" {
		data.FeedRSS, data.FeedAtom = "/territori/"+zone+"/feed.rss", "/territori/"+zone+"/feed.atom"
	}
	link := func(n int) string {
		v := url.Values{}
		if zone != "" {
			v.Set("territorio", zone)
		}
		if n > 1 {
			v.Set("page", strconv.Itoa(n))
		}
		if len(v) == 0 {
			return "/notizie"
		}
		return "/notizie?" + v.Encode()
	}
	if p > 1 {
		data.PrevURL = link(p - 1)
	}
	if p < pages {
		data.NextURL = link(p + 1)
	}
	lang := web.Lang(r)
	for _, it := range items {
		data.Items = append(data.Items, Localise(it, lang, names))
	}
	return h.Render.Render(w, r, http.StatusOK, "news/list", data)
}

// ShowData is what an item's page shows, public or in preview.
type ShowData struct {
	View
	// OGImage is the cover's absolute URL, for Open Graph (the layout
	// writes the canonical URL).
	OGImage string
	// Preview is set for the editors' preview, with the status actions.
	Preview   bool
	State     Status
	EditURL   string
	StatusURL string
	// PublishAtInput is the scheduled time for the datetime-local field.
	PublishAtInput string
}

func (h *Handlers) show(w http.ResponseWriter, r *http.Request) error {
	it, err := BySlug(r.Context(), h.DB, r.PathValue("slug"))
	if err != nil {
		return notFound(err)
	}
	names, _, err := h.zoneList(r.Context())
	if err != nil {
		return err
	}
	v := Localise(it, web.Lang(r), names)
	data := ShowData{View: v, State: it.State(db.Now())}
	if v.CoverURL != "" {
		data.OGImage = h.BaseURL + v.CoverURL
	}
	return h.Render.Render(w, r, http.StatusOK, "news/show", data)
}

type feedFormat int

const (
	rssFormat feedFormat = iota
	atomFormat
)

// FeedItems is how many items a feed carries.
const FeedItems = 20

// feed serves the site's feed, or a territory's when the route has {zona}.
func (h *Handlers) feed(format feedFormat) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		names, _, err := h.zoneList(r.Context())
		if err != nil {
			return err
		}
		zone := r.PathValue("zona")
		if _, ok := names[zone]; zone != "" && !ok {
			return web.NotFound()
		}
		items, err := Latest(r.Context(), h.DB, zone, FeedItems)
		if err != nil {
			return err
		}
		lang := web.Lang(r)
		host := hostOf(h.BaseURL)
		f := feed.Feed{
			Title:       i18n.T(lang, "site.name") + " — " + i18n.T(lang, "news.title"),
			Description: i18n.T(lang, "news.feed_description"),
			Link:        h.BaseURL + "/notizie",
			Self:        h.BaseURL + r.URL.Path,
			ID:          feed.TagURI(host, "2020-01-01", "notizie"),
			Lang:        string(lang),
			Author:      i18n.T(lang, "site.name"),
		}
		if zone != "" {
			f.Title += ": " + names[zone]
			f.Link += "?territorio=" + url.QueryEscape(zone)
			f.ID = feed.TagURI(host, "2020-01-01", "territori/"+zone+"/notizie")
		}
		for _, it := range items {
			v := Localise(it, lang, names)
			fi := feed.Item{
				Title: v.Title.S, Link: h.BaseURL + v.URL, Summary: v.Summary.S,
				ID:          feed.TagURI(host, it.CreatedAt.Format("2006-01-02"), "notizie/"+strconv.FormatInt(it.ID, 10)),
				ContentHTML: absoluteLinks(string(v.Body.H), h.BaseURL),
				Published:   it.PublishAt, Updated: it.UpdatedAt, Author: it.AuthorName,
			}
			if fi.Updated.Before(fi.Published) {
				fi.Updated = fi.Published
			}
			for _, z := range v.ZoneNames {
				fi.Categories = append(fi.Categories, z.Name)
			}
			f.Items = append(f.Items, fi)
		}
		var buf bytes.Buffer
		ct := feed.RSSType
		if format == atomFormat {
			ct = feed.AtomType
			err = feed.WriteAtom(&buf, f)
		} else {
			err = feed.WriteRSS(&buf, f)
		}
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Cache-Control", "public, max-age=300")
		w.Header().Set("Content-Length", fmt.Sprint(buf.Len()))
		_, err = w.Write(buf.Bytes())
		return err
	}
}

// absoluteLinks makes the site paths in rendered Markdown absolute, for
// feed readers that show the content away from the site.
func absoluteLinks(html, base string) string {
	r := strings.NewReplacer(`href="/`, `href="`+base+`/`, `src="/`, `src="`+base+`/`)
	return strings.ReplaceAll(r.Replace(html), `="`+base+`//`, `="//`)
}

// hostOf returns the host of the base URL, for tag: ids.
func hostOf(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}
