package activities

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// PerPage is how many activities a page of the list shows.
const PerPage = 20

// maxPage bounds the page number accepted.
const maxPage = 10000

// calendarData is what the calendar shows: the filters, and either the
// list of upcoming activities or a month grid.
type calendarData struct {
	Filter   Filter
	Zones    []territory.ZoneSummary
	Paths    []PathOption
	Query    url.Values // the filters, for links that keep them
	Month    *Month     // the month view, or nil for the list
	List     []*Activity
	Total    int
	Page     int
	Pages    int
	PrevURL  string
	NextURL  string
	MonthURL string // the month view of the current month, with the filters
	ListURL  string // the list view, with the filters
	FeedURL  string // the .ics feed that matches the territory or path filter
}

// Month is a month of the calendar as a grid of weeks, Monday first.
type Month struct {
	Year    int
	Month   time.Month
	Weeks   [][7]Day
	Count   int
	PrevURL string
	NextURL string
}

// Day is one cell of the grid: zero Date outside the month.
type Day struct {
	Date       paths.Date
	Activities []*Activity
	Today      bool
}

// Key is the month's name key.
func (m *Month) Key() string { return "paths.month." + strconv.Itoa(int(m.Month)) }

// calendarFilter reads the filters of the query; an unknown value is a
// page that does not exist.
func (h *Handlers) calendarFilter(ctx context.Context, q url.Values, d *calendarData) (bool, error) {
	zones, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return false, err
	}
	d.Zones = zones
	f := Filter{Zone: q.Get("territorio"), PathSlug: q.Get("percorso"), Kind: Kind(q.Get("tipo")),
		Audience: Audience(q.Get("pubblico")), Mode: Mode(q.Get("modalita"))}
	if f.Zone != "" && !knownZone(zones, f.Zone) {
		return false, nil
	}
	if (f.Kind != "" && !f.Kind.Valid()) || (f.Audience != "" && !f.Audience.Valid()) || (f.Mode != "" && !f.Mode.Valid()) {
		return false, nil
	}
	d.Paths, err = pathOptions(ctx, h.DB, f.Zone)
	if err != nil {
		return false, err
	}
	if f.PathSlug != "" {
		p, err := paths.PathBySlug(ctx, h.DB, f.PathSlug)
		if err != nil || p.IsDraft() || (f.Zone != "" && p.ZoneID != f.Zone) {
			return false, nil
		}
		if !containsPath(d.Paths, p.Slug) {
			d.Paths = append(d.Paths, PathOption{Slug: p.Slug, Title: p.Title, ZoneName: p.ZoneName})
		}
	}
	d.Filter = f
	d.Query = url.Values{}
	for k, v := range map[string]string{"territorio": f.Zone, "percorso": f.PathSlug, "tipo": string(f.Kind),
		"pubblico": string(f.Audience), "modalita": string(f.Mode)} {
		if v != "" {
			d.Query.Set(k, v)
		}
	}
	switch {
	case f.PathSlug != "":
		d.FeedURL = "/percorsi/" + f.PathSlug + "/calendario.ics"
	case f.Zone != "":
		d.FeedURL = "/territori/" + f.Zone + "/calendario.ics"
	default:
		d.FeedURL = "/calendario.ics"
	}
	return true, nil
}

func knownZone(zones []territory.ZoneSummary, id string) bool {
	for _, z := range zones {
		if z.ID == id {
			return true
		}
	}
	return false
}

// PathOption is a path of the calendar's filter: what its list shows.
type PathOption struct {
	Slug     string
	Title    paths.Text
	ZoneName string
}

// maxPathOptions bounds the paths the filter lists (a path not listed can
// still be chosen by its link).
const maxPathOptions = 200

// pathOptions lists the published paths of zone (of every zone when
// empty) for the calendar's filter, the newest edition and start first:
// one query of the paths feature's tables, read-only like activitySelect,
// without the phases and the count that paths.ListPublished reads for
// the pages that show them.
func pathOptions(ctx context.Context, d *db.DB, zone string) ([]PathOption, error) {
	where, args := "p.status = 'published'", []any{}
	if zone != "" {
		where += " AND p.zone_id = ?"
		args = append(args, zone)
	}
	rows, err := d.Query(ctx, `SELECT p.slug, p.title_it, p.title_en, z.name FROM paths p JOIN zones z ON z.id = p.zone_id
JOIN editions e ON e.id = p.edition_id WHERE `+where+` ORDER BY e.start_date DESC, p.start_date DESC, p.id DESC LIMIT ?`,
		append(args, maxPathOptions)...)
	if err != nil {
		return nil, fmt.Errorf("activities: paths for the calendar: %w", err)
	}
	defer rows.Close()
	var out []PathOption
	for rows.Next() {
		var o PathOption
		if err := rows.Scan(&o.Slug, &o.Title.IT, &o.Title.EN, &o.ZoneName); err != nil {
			return nil, fmt.Errorf("activities: paths for the calendar: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func containsPath(list []PathOption, slug string) bool {
	for _, p := range list {
		if p.Slug == slug {
			return true
		}
	}
	return false
}

// pageNumber reads the page number of a list (?page=, 1 when absent);
// false for a value that is no page.
func pageNumber(q url.Values) (int, bool) {
	s := q.Get("page")
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxPage || len(s) > 6 {
		return 0, false
	}
	return n, true
}

// withQuery is path with the filters and extra parameters.
func withQuery(path string, q url.Values, extra ...string) string {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// calendar serves the list of upcoming activities, or with ?mese=YYYY-MM
// the month grid.
func (h *Handlers) calendar(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var d calendarData
	ok, err := h.calendarFilter(r.Context(), q, &d)
	if err != nil {
		return err
	}
	if !ok {
		return web.NotFound()
	}
	now := h.Service().now()
	d.MonthURL = withQuery("/calendario", d.Query, "mese", now.In(web.Rome()).Format("2006-01"))
	d.ListURL = withQuery("/calendario", d.Query)
	if m := q.Get("mese"); m != "" {
		if q.Get("page") != "" {
			return web.NotFound()
		}
		return h.month(w, r, &d, m, now)
	}
	page, ok := pageNumber(q)
	if !ok {
		return web.NotFound()
	}
	f := d.Filter
	f.From = now
	d.List, d.Total, err = List(r.Context(), h.DB, f, PerPage, (page-1)*PerPage)
	if err != nil {
		return err
	}
	d.Page, d.Pages = page, max(1, (d.Total+PerPage-1)/PerPage)
	if page > d.Pages {
		return web.NotFound()
	}
	if page > 1 {
		d.PrevURL = withQuery("/calendario", d.Query, "page", strconv.Itoa(page-1))
	}
	if page < d.Pages {
		d.NextURL = withQuery("/calendario", d.Query, "page", strconv.Itoa(page+1))
	}
	return h.Render.Render(w, r, http.StatusOK, "activities/calendar", d)
}

// month fills the grid of month m ("2026-11") and renders it.
func (h *Handlers) month(w http.ResponseWriter, r *http.Request, d *calendarData, m string, now time.Time) error {
	first, err := time.Parse("2006-01", m)
	if err != nil || first.Year() < 2000 || first.Year() > 2200 || len(m) != 7 {
		return web.NotFound()
	}
	rome := web.Rome()
	start := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, rome)
	end := start.AddDate(0, 1, 0)
	f := d.Filter
	f.From, f.To = start, end
	list, total, err := List(r.Context(), h.DB, f, maxList, 0)
	if err != nil {
		return err
	}
	mo := &Month{Year: first.Year(), Month: first.Month(), Count: total,
		PrevURL: withQuery("/calendario", d.Query, "mese", start.AddDate(0, -1, 0).Format("2006-01")),
		NextURL: withQuery("/calendario", d.Query, "mese", end.Format("2006-01"))}
	today := paths.DateOf(now.In(rome))
	byDay := map[paths.Date][]*Activity{}
	for _, a := range list {
		// An activity is listed on the day it starts, or on the 1st
		// when it started in the month before.
		day := paths.DateOf(a.Start.In(rome))
		if a.Start.Before(start) {
			day = paths.DateOf(start)
		}
		byDay[day] = append(byDay[day], a)
	}
	lead := (int(start.Weekday()) + 6) % 7 // Monday is 0
	var week [7]Day
	col := lead
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		date := paths.DateOf(day)
		week[col] = Day{Date: date, Activities: byDay[date], Today: date == today}
		col++
		if col == 7 {
			mo.Weeks = append(mo.Weeks, week)
			week, col = [7]Day{}, 0
		}
	}
	if col > 0 {
		mo.Weeks = append(mo.Weeks, week)
	}
	d.Month = mo
	return h.Render.Render(w, r, http.StatusOK, "activities/calendar", d)
}

// Weekdays are the keys of the grid's column headings, Monday first.
var Weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// WeekdayKeys is Weekdays for templates.
func (calendarData) WeekdayKeys() []string { return Weekdays }

// Kinds, Audiences and Modes are the filters' options, for templates.
func (calendarData) Kinds() []Kind { return Kinds }

// Audiences lists the audiences for the filter.
func (calendarData) Audiences() []Audience { return Audiences }

// Modes lists the modes for the filter.
func (calendarData) Modes() []Mode { return Modes }
