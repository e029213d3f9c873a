package pages

import (
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// NewsTeasers turns news items into teasers in lang: the English title and
// summary when the item has an English title, else the Italian ones marked
// as Italian. (news.Localise would also render every body, which a list
// does not show.)
func NewsTeasers(items []*news.Item, lang i18n.Lang) []paths.Teaser {
	out := make([]paths.Teaser, 0, len(items))
	for _, it := range items {
		t := paths.Teaser{Title: it.TitleIT, Summary: it.SummaryIT, URL: "/notizie/" + it.Slug, Date: it.PublishAt}
		switch {
		case lang == i18n.EN && it.TitleEN != "":
			t.Title, t.Summary = it.TitleEN, it.SummaryEN // no English summary: none, rather than an Italian one
		case lang != i18n.IT:
			t.Lang = i18n.IT
		}
		out = append(out, t)
	}
	return out
}
