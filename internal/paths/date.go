package paths

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"time"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Date is a calendar day without time or zone, stored as ISO YYYY-MM-DD
// text. The zero Date means "no date" and is stored as NULL.
type Date struct {
	t time.Time // midnight UTC, or zero
}

// ParseDate reads an ISO date (what <input type="date"> sends). Years
// outside 1900-2200 are refused: they are typing mistakes here.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("paths: date %q: %w", s, err)
	}
	if t.Year() < 1900 || t.Year() > 2200 {
		return Date{}, fmt.Errorf("paths: date %q out of range", s)
	}
	return Date{t: t}, nil
}

// MustDate is ParseDate for constants in code; it panics on a bad literal.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the calendar day of t in t's own location: pass
// t.In(web.Rome()) for the day in Italy.
func DateOf(t time.Time) Date {
	return Date{t: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// IsZero reports whether d is "no date".
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is the ISO form, "" for no date: the value of a date input.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	return Date{t: d.t.AddDate(0, 0, n)}
}

// AddMonths returns d moved by n months; on a day the target month lacks,
// the date overflows as time.AddDate does (use it on first days of months).
func (d Date) AddMonths(n int) Date {
	if d.IsZero() {
		return d
	}
	return Date{t: d.t.AddDate(0, n, 0)}
}

// DaysUntil is the number of days from d to e (negative when e is before).
func (d Date) DaysUntil(e Date) int {
	return int(e.t.Sub(d.t).Hours() / 24)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// Max returns the later of d and e, ignoring a zero e.
func (d Date) Max(e Date) Date {
	if e.IsZero() || (!d.IsZero() && !e.After(d)) {
		return d
	}
	return e
}

// Min returns the earlier of d and e, ignoring a zero e.
func (d Date) Min(e Date) Date {
	if e.IsZero() || (!d.IsZero() && !e.Before(d)) {
		return d
	}
	return e
}

// FirstOfMonth is the first day of d's month.
func (d Date) FirstOfMonth() Date {
	return Date{t: time.Date(d.t.Year(), d.t.Month(), 1, 0, 0, 0, 0, time.UTC)}
}

// Year and Month of the date.
func (d Date) Year() int { return d.t.Year() }

// Month is d's month, 1-12.
func (d Date) Month() int { return int(d.t.Month()) }

// Format writes d for readers of lang: "3 marzo 2024", "3 March 2024".
func (d Date) Format(lang i18n.Lang) string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.t.Day()) + " " + i18n.T(lang, monthKey(d.Month())) + " " + strconv.Itoa(d.t.Year())
}

// Short writes d as day/month/year, for tables.
func (d Date) Short() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

func monthKey(m int) string { return "paths.month." + strconv.Itoa(m) }

func monthShortKey(m int) string { return "paths.month_short." + strconv.Itoa(m) }

// Value stores d as ISO text, or NULL when zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads ISO text (or a time, should a driver return one); NULL is the
// zero Date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	case time.Time:
		*d = DateOf(v)
		return nil
	}
	return fmt.Errorf("paths: cannot scan %T into a Date", src)
}

func (d *Date) scanString(s string) error {
	if s == "" {
		*d = Date{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return fmt.Errorf("paths: stored date %q: %w", s, err)
	}
	*d = Date{t: t}
	return nil
}
