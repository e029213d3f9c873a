package activities

import (
	"errors"
	"time"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// Times are typed and shown in Europe/Rome and stored in UTC. Twice a
// year a local reading is not one instant:
//
//   - on the last Sunday of March the clocks jump from 02:00 to 03:00, so
//     02:00–02:59 does not exist;
//   - on the last Sunday of October they go back from 03:00 to 02:00, so
//     02:00–02:59 happens twice (first in summer time, UTC+2, then in
//     standard time, UTC+1).
//
// Go's time.Date silently picks one answer in both cases. We refuse both
// instead, with a message that says why and asks for another time: no
// activity of the programme meets in the middle of the night, and a guess
// would put the wrong hour in every participant's calendar. Every other
// local time of those days is unambiguous and converted with the offset in
// force at that moment, so an activity from 01:30 to 03:30 on 25 October
// 2026 lasts three hours.

// Problems reading a local time, as message keys.
var (
	errTimeInvalid   = errors.New("activities.err.time_invalid")
	errTimeSkipped   = errors.New("activities.err.time_skipped")
	errTimeAmbiguous = errors.New("activities.err.time_ambiguous")
)

// localLayout is how <input type="date"> and <input type="time"> send a
// day and a time, joined.
const localLayout = "2006-01-02 15:04"

// datetimeLocal is the value format of <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

// parseLocal reads a wall-clock reading in Europe/Rome (layout localLayout
// or datetimeLocal) and returns the one instant it names, or one of the
// errors above.
func parseLocal(layout, s string) (time.Time, error) {
	naive, err := time.Parse(layout, s)
	if err != nil || naive.Year() < 2000 || naive.Year() > 2200 {
		return time.Time{}, errTimeInvalid
	}
	return resolveLocal(naive)
}

// resolveLocal turns the wall clock of naive (read as if UTC) into the
// instant it names in Europe/Rome.
func resolveLocal(naive time.Time) (time.Time, error) {
	rome := web.Rome()
	want := naive.Format(localLayout)
	t := time.Date(naive.Year(), naive.Month(), naive.Day(), naive.Hour(), naive.Minute(), 0, 0, rome)
	if t.Format(localLayout) != want {
		return time.Time{}, errTimeSkipped
	}
	// The same reading an hour earlier or later means the hour repeats.
	for _, d := range []time.Duration{-time.Hour, time.Hour} {
		if t.Add(d).In(rome).Format(localLayout) == want {
			return time.Time{}, errTimeAmbiguous
		}
	}
	return t.UTC(), nil
}

// localDay is the day of t in Italy, YYYY-MM-DD.
func localDay(t time.Time) string { return t.In(web.Rome()).Format(time.DateOnly) }

// localClock is the time of day of t in Italy, HH:MM.
func localClock(t time.Time) string { return t.In(web.Rome()).Format("15:04") }

// localDateTime is t for a datetime-local input, or "" for zero.
func localDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(web.Rome()).Format(datetimeLocal)
}
