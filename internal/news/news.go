// Package news publishes the programme's news: bilingual items with a
// Markdown body, a cover picture with its alternative text, the
// territories they concern (none: the whole region), and a status — draft,
// scheduled or published — read against publish_at at every request, so a
// scheduled item appears when its time comes with no job to run it.
//
// Visitors read the list (/notizie), the items and the RSS and Atom feeds
// of the site and of each territory. Coordinators edit the news of their
// territories and admins everything; see docs/content.md.
package news

import (
	"html/template"
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/markdown"
)

// Status is where an item is in its life.
type Status string

// The statuses of an item.
const (
	Draft     Status = "draft"
	Scheduled Status = "scheduled"
	Published Status = "published"
)

// Item is a news item as stored.
type Item struct {
	ID        int64
	Slug      string
	TitleIT   string
	TitleEN   string
	SummaryIT string
	SummaryEN string
	BodyIT    string
	BodyEN    string

	// CoverFileID is the cover's upload (0: no cover); CoverHash and its
	// size come from the files table.
	CoverFileID int64
	CoverHash   string
	CoverWidth  int
	CoverHeight int
	CoverAltIT  string
	CoverAltEN  string

	Status    Status
	PublishAt time.Time // zero for a draft never scheduled
	// Zones are the territories of the item, sorted; none: region-wide.
	Zones      []string
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Visible reports whether visitors see the item at now.
func (it *Item) Visible(now time.Time) bool {
	return (it.Status == Published || it.Status == Scheduled) && !it.PublishAt.IsZero() && !it.PublishAt.After(now)
}

// State is the status as people understand it at now: a scheduled item
// whose time has come is published.
func (it *Item) State(now time.Time) Status {
	if it.Status == Scheduled && it.Visible(now) {
		return Published
	}
	return it.Status
}

// RegionWide reports whether the item concerns the whole region.
func (it *Item) RegionWide() bool { return len(it.Zones) == 0 }

// InZone reports whether zone is one of the item's territories.
func (it *Item) InZone(zone string) bool { return slices.Contains(it.Zones, zone) }

// Text is a piece of text in the language it is written in: Lang is set
// only when it differs from the page's (an English page showing the
// Italian text because no translation exists), for a lang attribute.
type Text struct {
	S    string
	Lang string
}

// HTML is rendered Markdown with the language it is written in, as Text.
type HTML struct {
	H    template.HTML
	Lang string
}

// pick returns the text for lang, falling back to Italian.
func pick(lang i18n.Lang, it, en string) Text {
	if lang == i18n.EN {
		if en != "" {
			return Text{S: en}
		}
		if it != "" {
			return Text{S: it, Lang: string(i18n.IT)}
		}
	}
	return Text{S: it}
}

// View is an item ready for a page in one language.
type View struct {
	*Item
	Title    Text
	Summary  Text
	Body     HTML
	CoverAlt Text
	// URL is the item's public path; CoverURL the cover's (empty: none).
	URL      string
	CoverURL string
	// ZoneNames are the item's territories by name, in Zones order.
	ZoneNames []ZoneName
}

// ZoneName is a territory as links show it.
type ZoneName struct {
	ID   string
	Name string
}

// Localise prepares it for a page in lang; names gives zone names by id.
func Localise(it *Item, lang i18n.Lang, names map[string]string) View {
	v := View{
		Item:     it,
		Title:    pick(lang, it.TitleIT, it.TitleEN),
		Summary:  pick(lang, it.SummaryIT, it.SummaryEN),
		CoverAlt: pick(lang, it.CoverAltIT, it.CoverAltEN),
		URL:      "/notizie/" + it.Slug,
	}
	body := pick(lang, it.BodyIT, it.BodyEN)
	if lang == i18n.EN && it.BodyEN == "" && it.BodyIT != "" {
		body.Lang = string(i18n.IT)
	}
	v.Body = HTML{H: markdown.Render(body.S), Lang: body.Lang}
	if it.CoverHash != "" {
		v.CoverURL = "/file/" + it.CoverHash
	}
	for _, z := range it.Zones {
		n := names[z]
		if n == "" {
			n = z
		}
		v.ZoneNames = append(v.ZoneNames, ZoneName{ID: z, Name: n})
	}
	return v
}
