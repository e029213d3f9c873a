package main

import (
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/news"
)

// page is a public page the benchmark loads.
type page struct {
	Name string
	Path string
	// Want is a text the page must contain, checked before it is loaded.
	Want string
}

// pages are the public pages measured, on the demo data: the home, the
// territory with the most content (a completed path and its two tested
// solutions), a path under way and its schedule, the news list and an
// article.
var pages = []page{
	{"home", "/", "Cantieri"},
	{"territory", "/territori/" + demo.ZoneAmiataGrossetana, "Camper della Salute"},
	{"path", "/percorsi/" + demo.PathFiorentinaNordOvest, "Progettazione di un servizio"},
	{"schedule", "/percorsi/" + demo.PathFiorentinaNordOvest + "/cronoprogramma", "<svg"},
	{"news list", "/notizie", "Bussola dei Servizi"},
	{"news item", "/notizie/" + news.Slugify(demo.NewsCasaTitle), "Pontassieve"},
}
