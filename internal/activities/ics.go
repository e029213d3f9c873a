package activities

import (
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/ical"
)

// prodID names Cantieri in every calendar file.
const prodID = "-//Cantieri della Salute//Cantieri//IT"

// feedRefresh is how often subscribers are asked to fetch a feed again.
const feedRefresh = 6 * time.Hour

// UID is the activity's calendar identifier, stable for ever.
func (s *Service) UID(a *Activity) string { return fmt.Sprintf("activity-%d@%s", a.ID, s.host()) }

// event is the calendar entry of a in lang. withLink adds the online link,
// for the file e-mailed to a confirmed participant; public files never
// carry it.
func (s *Service) event(a *Activity, lang i18n.Lang, withLink bool) ical.Event {
	e := ical.Event{
		UID: s.UID(a), Sequence: a.Sequence, Stamp: a.UpdatedAt, Created: a.CreatedAt, Modified: a.UpdatedAt,
		Start: a.Start, End: a.End, Summary: a.Title.In(lang), URL: s.url(activityPath(a.ID)),
		Status: ical.Confirmed, Categories: []string{i18n.T(lang, a.Kind.Key()), i18n.T(lang, a.Mode.Key())},
	}
	if a.Status == Cancelled {
		e.Status = ical.Cancelled
		e.Summary = i18n.T(lang, "activities.ics.cancelled_summary", e.Summary)
	}
	var desc []string
	if d := strings.TrimSpace(a.Description.In(lang)); d != "" {
		desc = append(desc, d)
	}
	desc = append(desc, i18n.T(lang, "activities.ics.path", a.PathTitle.In(lang), a.ZoneName))
	if a.Mode.HasVenue() {
		e.Location = a.Where()
	}
	if a.Mode.HasLink() {
		if withLink && a.OnlineURL != "" {
			desc = append(desc, i18n.T(lang, "activities.ics.link", a.OnlineURL))
			if a.Mode == Online {
				e.Location = a.OnlineURL
			}
		} else {
			desc = append(desc, i18n.T(lang, "activities.ics.link_hidden"))
		}
	}
	if acc := accessibilityLines(a, lang); len(acc) > 0 {
		desc = append(desc, i18n.T(lang, "activities.accessibility.title")+": "+strings.Join(acc, "; "))
	}
	desc = append(desc, e.URL)
	e.Description = strings.Join(desc, "\n\n")
	return e
}

// Where is the venue as one line: name, address, comune.
func (a *Activity) Where() string {
	var parts []string
	for _, p := range []string{a.VenueName, a.VenueAddress, a.ComuneName} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// accessibilityLines lists the accessibility information of a in lang.
func accessibilityLines(a *Activity, lang i18n.Lang) []string {
	var out []string
	if a.StepFree {
		out = append(out, i18n.T(lang, "activities.accessibility.step_free"))
	}
	if a.HearingLoop {
		out = append(out, i18n.T(lang, "activities.accessibility.hearing_loop"))
	}
	if a.Interpreter {
		out = append(out, i18n.T(lang, "activities.accessibility.interpreter"))
	}
	if n := strings.TrimSpace(a.Accessibility.In(lang)); n != "" {
		out = append(out, n)
	}
	return out
}

// Calendar is the file of one activity.
func (s *Service) Calendar(a *Activity, lang i18n.Lang, withLink bool) ([]byte, error) {
	c := ical.Calendar{ProdID: prodID, Events: []ical.Event{s.event(a, lang, withLink)}}
	return c.Bytes()
}

// FeedCalendar is a subscribable feed named name.
func (s *Service) FeedCalendar(name string, list []*Activity, lang i18n.Lang) ([]byte, error) {
	c := ical.Calendar{ProdID: prodID, Name: name, RefreshInterval: feedRefresh}
	for _, a := range list {
		c.Events = append(c.Events, s.event(a, lang, false))
	}
	return c.Bytes()
}

// activityPath is the public page of an activity.
func activityPath(id int64) string { return "/attivita/" + itoa(id) }
