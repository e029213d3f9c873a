package search

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	psearch "github.com/cantieri/cantieri/internal/platform/search"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// maxPage bounds the page number accepted before searching.
const maxPage = 100_000

// PageData is what the search page shows.
type PageData struct {
	// Query is the text as typed; Kind and Zone the filters ("" for all).
	Query, Kind, Zone string
	Kinds             []Option
	Zones             []Option
	// Searched is false when the page is opened without a query.
	Searched bool
	Results  psearch.Results
	Hits     []HitView
	// First and Last number the hits shown, for the count.
	First, Last      int
	PrevURL, NextURL string
	// Unfiltered counts the hits without the filters, when the filtered
	// search found nothing; UnfilteredURL is that search.
	Unfiltered    int
	UnfilteredURL string
	// Ranked is how many hits the pages cover when more match.
	Ranked int
}

// Option is one choice of a filter.
type Option struct{ Value, Label string }

// HitView is a hit as the page shows it.
type HitView struct {
	psearch.Hit
	KindLabel string
	ZoneNames []string
}

func (h *Handlers) page(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, ok := parsePage(q.Get("page"))
	if !ok {
		return web.NotFound()
	}
	zones, err := territory.Zones(r.Context(), h.DB)
	if err != nil {
		return err
	}
	lang := web.Lang(r)
	data := PageData{Query: q.Get("q"), Kind: q.Get("tipo"), Zone: q.Get("territorio")}
	names := map[string]string{}
	for _, z := range zones {
		names[z.ID] = z.Name
		data.Zones = append(data.Zones, Option{z.ID, z.Name})
	}
	for _, k := range psearch.Kinds {
		data.Kinds = append(data.Kinds, Option{k, i18n.T(lang, "search.kind."+k)})
	}
	if _, known := names[data.Zone]; data.Zone != "" && !known {
		return web.NotFound()
	}
	if data.Kind != "" && !slices.Contains(psearch.Kinds, data.Kind) {
		return web.NotFound()
	}
	if data.Query == "" {
		return h.Render.Render(w, r, http.StatusOK, "search/search", data)
	}
	data.Searched = true
	query := psearch.Query{Text: data.Query, Zone: data.Zone, Lang: string(lang), Page: page}
	if data.Kind != "" {
		query.Kinds = []string{data.Kind}
	}
	res, err := psearch.Search(r.Context(), h.DB, query)
	if err != nil {
		return err
	}
	// A page past the last one does not exist, as in the other lists.
	if page > res.Pages {
		return web.NotFound()
	}
	data.Results = res
	data.Ranked = psearch.MaxRanked
	for _, hit := range res.Hits {
		v := HitView{Hit: hit, KindLabel: i18n.T(lang, "search.kind."+hit.Kind)}
		for _, z := range hit.ZoneIDs {
			if n, ok := names[z]; ok {
				v.ZoneNames = append(v.ZoneNames, n)
			}
		}
		data.Hits = append(data.Hits, v)
	}
	if res.Total > 0 {
		data.First = (res.Page-1)*res.PerPage + 1
		data.Last = data.First + len(res.Hits) - 1
	}
	if res.Page > 1 {
		data.PrevURL = link(data.Query, data.Kind, data.Zone, res.Page-1)
	}
	if res.Page < res.Pages {
		data.NextURL = link(data.Query, data.Kind, data.Zone, res.Page+1)
	}
	if res.Total == 0 && !res.NoTerms && (data.Kind != "" || data.Zone != "") {
		all := query
		all.Kinds, all.Zone, all.Page = nil, "", 1
		if wide, err := psearch.Search(r.Context(), h.DB, all); err != nil {
			return err
		} else if wide.Total > 0 {
			data.Unfiltered, data.UnfilteredURL = wide.Total, link(data.Query, "", "", 1)
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "search/search", data)
}

// link is the URL of a page of results.
func link(q, kind, zone string, page int) string {
	v := url.Values{"q": {q}}
	if kind != "" {
		v.Set("tipo", kind)
	}
	if zone != "" {
		v.Set("territorio", zone)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/cerca?" + v.Encode()
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
