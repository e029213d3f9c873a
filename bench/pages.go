package main

import (
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/news"
)

// page is a page the benchmark loads.
type page struct {
	Name string
	Path string
	// Want is a text the page must contain, checked before it is loaded.
	Want string
	// As is the e-mail of the demo account the page is loaded as; empty
	// for an anonymous visitor.
	As string
}

// The demo accounts of the logged-in pages: a participant, and the
// coordinator of the territory with the most content.
const (
	citizen     = "cittadino@demo.cantieri.test"
	coordinator = "coordinatore.amiata@demo.cantieri.test"
)

// pages are the public pages measured, on the demo data: the home, the
// territory with the most content (a completed path and its two tested
// solutions), a path under way and its schedule, the calendar, the news
// list and an article.
var pages = []page{
	{Name: "home", Path: "/", Want: "Cantieri"},
	{Name: "territory", Path: "/territori/" + demo.ZoneAmiataGrossetana, Want: "Camper della Salute"},
	{Name: "path", Path: "/percorsi/" + demo.PathFiorentinaNordOvest, Want: "Progettazione di un servizio"},
	{Name: "schedule", Path: "/percorsi/" + demo.PathFiorentinaNordOvest + "/cronoprogramma", Want: "<svg"},
	{Name: "calendar", Path: "/calendario", Want: "<h1"},
	{Name: "news list", Path: "/notizie", Want: "Bussola dei Servizi"},
	{Name: "news item", Path: "/notizie/" + news.Slugify(demo.NewsCasaTitle), Want: "Pontassieve"},
}

// signedIn are the pages measured as a signed-in person: the account page
// of a participant and the dashboard of the coordinator of the territory
// with the most content.
var signedIn = []page{
	{Name: "account (participant)", Path: "/account", Want: "cittadino@demo.cantieri.test", As: citizen},
	{Name: "dashboard (coordinator)", Path: "/gestione", Want: "<h1", As: coordinator},
}

// pagesFor lists the pages measured on the data set of scale (0: the demo
// alone). On a scale data set the path measured is a generated one, with
// its activities.
func pagesFor(scale int) []page {
	out := make([]page, 0, len(pages)+len(signedIn))
	for _, p := range pages {
		if scale > 0 && p.Name == "news list" {
			// The generated items are the newest.
			p.Want = "/notizie/" + demo.ScaleSlugPrefix
		}
		if scale > 0 && (p.Name == "path" || p.Name == "schedule") {
			p.Path = "/percorsi/" + demo.ScalePathSlug(0)
			if p.Name == "schedule" {
				p.Path += "/cronoprogramma"
			} else {
				p.Want = "Cantiere della Salute"
			}
		}
		out = append(out, p)
	}
	return append(out, signedIn...)
}
