package app

import (
	"context"
	"fmt"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// upcomingActivities fills the home page's "upcoming activities" block
// (pages.UpcomingActivities) from internal/activities.
type upcomingActivities struct {
	DB *db.DB
}

// Upcoming returns the next n public activities of every territory, with
// where and when they take place as the summary.
func (u upcomingActivities) Upcoming(ctx context.Context, lang i18n.Lang, n int) ([]paths.Teaser, error) {
	list, err := activities.Upcoming(ctx, u.DB, "", n)
	if err != nil {
		return nil, err
	}
	out := make([]paths.Teaser, 0, len(list))
	for _, a := range list {
		summary := a.ZoneName
		if where := a.Where(); where != "" {
			summary = where + " · " + a.ZoneName
		}
		out = append(out, paths.Teaser{
			Title:   a.Title.In(lang),
			URL:     fmt.Sprintf("/attivita/%d", a.ID),
			Summary: summary,
			Date:    a.Start,
			Lang:    a.Title.Lang(lang),
		})
	}
	return out, nil
}
