package pages

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// UpcomingActivities supplies the home page's "upcoming activities"
// block, which the activities feature fills: at most n public activities
// from today on, soonest first.
type UpcomingActivities interface {
	Upcoming(ctx context.Context, lang i18n.Lang, n int) ([]paths.Teaser, error)
}

// homeNews is how many news items the home page shows.
const homeNews = 3

// homeUpcoming is how many upcoming activities the home page shows.
const homeUpcoming = 4

// Routes other features may register, linked from "how to take part" only
// once they exist.
const (
	calendarRoute = "GET /calendario"
	callsRoute    = "GET /avvisi"
)

// HomeData is what the home page shows.
type HomeData struct {
	About       HTML
	Participate HTML
	// Phases are the phases of the "Cantiere della Salute" path template;
	// empty when the template is missing.
	Template *paths.Template
	Map      TileMap
	// Authorities groups every zone by Azienda USL, for the list.
	Authorities []AuthorityZones
	Zones       int
	ZonesActive int // zones with at least one published path
	News        []paths.Teaser
	// Upcoming is filled by Handlers.Upcoming; nil leaves the block out.
	Upcoming []paths.Teaser
	// Links of "how to take part": empty when the page does not exist.
	SignUp, Calendar, Calls string
	CanEditTexts            bool
}

// AuthorityZones is an Azienda USL with its zones, for the list and the
// legend.
type AuthorityZones struct {
	ID, Name, Fill string
	Zones          []ZoneItem
}

// ZoneItem is a zone in the list beside the map.
type ZoneItem struct {
	ID, Name, Abbr string
	Paths          int
	PathsText      string
}

// home serves the home page. Queries, whatever the data: the two home
// texts (1), the path template (2), the zones (2), the published paths per
// zone (1), the latest news (2, plus 1 for their territories when there
// are any): 9 in all, 8 before the first news item.
func (h *Handlers) home(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), web.Lang(r)
	texts, err := LoadTexts(ctx, h.DB, TextAbout, TextParticipate)
	if err != nil {
		return err
	}
	data := HomeData{
		About:       texts[TextAbout].Render(lang),
		Participate: texts[TextParticipate].Render(lang),
		Calendar:    h.linkIf(calendarRoute, "/calendario"),
		Calls:       h.linkIf(callsRoute, "/avvisi"),
	}
	if web.Principal(r) == nil {
		data.SignUp = "/registrati"
	}
	data.CanEditTexts = canEditTexts(r)
	tmpl, err := paths.TemplateBySlug(ctx, h.DB, paths.TemplateCantiere)
	switch {
	case err == nil:
		data.Template = &tmpl
	case !errors.Is(err, db.ErrNotFound):
		return err
	}
	zones, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return err
	}
	counts, err := paths.PublishedCounts(ctx, h.DB)
	if err != nil {
		return err
	}
	data.Map = buildTileMap(zones, counts, lang)
	data.Authorities = groupByAuthority(zones, counts, lang)
	data.Zones = len(zones)
	for _, z := range zones {
		if counts[z.ID] > 0 {
			data.ZonesActive++
		}
	}
	items, err := news.Latest(ctx, h.DB, "", homeNews)
	if err != nil {
		return err
	}
	data.News = NewsTeasers(items, lang)
	if h.Upcoming != nil {
		if data.Upcoming, err = h.Upcoming.Upcoming(ctx, lang, homeUpcoming); err != nil {
			return err
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "pages/home", data)
}

// groupByAuthority lists the zones under their Azienda USL, both by name.
func groupByAuthority(zones []territory.ZoneSummary, counts map[string]int, lang i18n.Lang) []AuthorityZones {
	var out []AuthorityZones
	index := map[string]int{}
	for _, z := range zones { // sorted by name
		i, ok := index[z.HealthAuthorityID]
		if !ok {
			i = len(out)
			index[z.HealthAuthorityID] = i
			out = append(out, AuthorityZones{ID: z.HealthAuthorityID, Name: z.HealthAuthorityName, Fill: colourOf(z.HealthAuthorityID)})
		}
		n := counts[z.ID]
		out[i].Zones = append(out[i].Zones, ZoneItem{ID: z.ID, Name: z.Name, Abbr: zonePlaces[z.ID].Abbr, Paths: n, PathsText: pathsPhrase(lang, n)})
	}
	slices.SortFunc(out, func(a, b AuthorityZones) int { return strings.Compare(a.Name, b.Name) })
	return out
}
