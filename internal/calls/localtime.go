package calls

import (
	"time"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// datetimeLocal is the value format of <input type="datetime-local">.
const datetimeLocal = "2006-01-02T15:04"

// parseLocal reads a wall-clock reading in Europe/Rome and returns the
// instant it names, or the message key of its problem: a reading that does
// not exist (spring forward) or happens twice (fall back) is refused, as a
// guess would move a deadline by an hour.
func parseLocal(s string) (time.Time, string) {
	naive, err := time.Parse(datetimeLocal, s)
	if err != nil || naive.Year() < 2000 || naive.Year() > 2200 {
		return time.Time{}, "calls.err.when"
	}
	rome := web.Rome()
	t := time.Date(naive.Year(), naive.Month(), naive.Day(), naive.Hour(), naive.Minute(), 0, 0, rome)
	if t.Format(datetimeLocal) != s {
		return time.Time{}, "calls.err.time_skipped"
	}
	for _, d := range []time.Duration{-time.Hour, time.Hour} {
		if t.Add(d).In(rome).Format(datetimeLocal) == s {
			return time.Time{}, "calls.err.time_ambiguous"
		}
	}
	return t.UTC(), ""
}

// localValue is t for a datetime-local input, or "" for zero.
func localValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(web.Rome()).Format(datetimeLocal)
}

// Seconds is t in Italy to the second, as receipts print it.
func Seconds(t time.Time) string { return t.In(web.Rome()).Format("02/01/2006 15:04:05") }
