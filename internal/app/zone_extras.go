package app

import (
	"context"

	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/pages"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// zoneNews is how many news items a territory page lists.
const zoneNews = 5

// zoneExtras fills the territory page's sections that other features own
// (paths.ZoneExtras): the zone's latest news from internal/news. Open
// calls do not exist yet, so that section stays out.
type zoneExtras struct {
	DB *db.DB
}

// News returns the newest items of zone (region-wide items belong to no
// zone), in lang, with the Italian text where there is no translation.
// Three queries, two when the zone has no news.
func (x zoneExtras) News(ctx context.Context, zone string, lang i18n.Lang) ([]paths.Teaser, error) {
	items, err := news.Latest(ctx, x.DB, zone, zoneNews)
	if err != nil {
		return nil, err
	}
	return pages.NewsTeasers(items, lang), nil
}

// OpenCalls returns nothing until the calls feature exists.
func (zoneExtras) OpenCalls(context.Context, string, i18n.Lang) ([]paths.Teaser, error) {
	return nil, nil
}
