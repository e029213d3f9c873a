package app

import (
	"time"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// cacheablePages are the public pages the page cache keeps for anonymous
// visitors (see web.PageCache): the same for everyone, changing only with
// the content (every write makes them stale) and with time (PageTTL).
// Forms that differ per visitor, search results and calendar files are
// not among them.
var cacheablePages = []string{
	"GET /{$}",
	"GET /territori",
	"GET /territori/{zona}",
	"GET /percorsi",
	"GET /percorsi/{slug}",
	"GET /percorsi/{slug}/cronoprogramma",
	"GET /calendario",
	"GET /attivita/{id}",
	"GET /notizie",
	"GET /notizie/{slug}",
	"GET /notizie/feed.rss",
	"GET /notizie/feed.atom",
	"GET /glossario",
	"GET /glossario/{slug}",
	"GET /faq",
	"GET /privacy",
	"GET /note-legali",
	"GET /accessibilita",
	"GET /sitemap.xml",
}

// PageTTL is how long a cached page is served at most: how late a page
// can be for what changes with time alone (a scheduled news item going
// out, an activity ending) or is written by another instance sharing the
// PostgreSQL database.
const PageTTL = 2 * time.Second

// pageCache marks the cacheable routes and returns the cache, which a
// write through the database handle makes stale at once.
func (a *App) pageCache() (*web.PageCache, error) {
	if err := a.Router.MarkCacheable(cacheablePages...); err != nil {
		return nil, err
	}
	return &web.PageCache{Version: a.DB.Version, TTL: PageTTL}, nil
}
