// Package ical writes iCalendar files (RFC 5545): a VCALENDAR of VEVENTs
// whose times carry the TZID of Europe/Rome, with the VTIMEZONE that
// defines it, so calendar programs show the same local times as the site
// on both sides of a daylight-saving change. Lines end in CRLF and are
// folded at 75 octets without splitting a UTF-8 character; TEXT values are
// escaped. The package only writes; it never parses untrusted input.
package ical

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is one iCalendar object.
type Calendar struct {
	// ProdID names the program that wrote the file, e.g.
	// "-//Cantieri della Salute//Cantieri//IT".
	ProdID string
	// Name, when set, is shown by calendar programs for a subscribed feed
	// (X-WR-CALNAME and NAME of RFC 7986).
	Name string
	// Description, when set, describes a subscribed feed.
	Description string
	// RefreshInterval, when set, tells subscribers how often to fetch the
	// feed again (REFRESH-INTERVAL of RFC 7986, and X-PUBLISHED-TTL).
	RefreshInterval time.Duration
	Events          []Event
}

// Status is the STATUS of an event.
type Status string

// The statuses an event may have.
const (
	Confirmed Status = "CONFIRMED"
	Tentative Status = "TENTATIVE"
	Cancelled Status = "CANCELLED"
)

// Event is one VEVENT. Start and End are instants; they are written as
// local times of Europe/Rome with its TZID.
type Event struct {
	// UID identifies the event forever, e.g. "activity-42@example.org".
	UID string
	// Sequence counts the revisions that matter to attendees (time, place,
	// status); a calendar program replaces its copy when it grows.
	Sequence int
	// Stamp is DTSTAMP: when the information was last revised.
	Stamp time.Time
	// Created and Modified, when not zero, are CREATED and LAST-MODIFIED.
	Created  time.Time
	Modified time.Time
	Start    time.Time
	End      time.Time
	Summary  string
	// Description is plain text; line breaks are kept.
	Description string
	Location    string
	// URL is the event's page.
	URL        string
	Status     Status
	Categories []string
}

// Location is the time zone every event's times are written in.
var Location = mustRome()

func mustRome() *time.Location {
	loc, err := time.LoadLocation(TZID)
	if err != nil {
		// The binary embeds the time zone database (time/tzdata in main).
		panic(err)
	}
	return loc
}

// TZID is the identifier of the one time zone the package writes.
const TZID = "Europe/Rome"

// vtimezone defines Europe/Rome with the European Union's rules in force
// since 1996: summer time (CEST, UTC+2) from 02:00 on the last Sunday of
// March, standard time (CET, UTC+1) from 03:00 summer time on the last
// Sunday of October.
var vtimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:" + TZID,
	"X-LIC-LOCATION:" + TZID,
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// Validate reports the first problem that would make the file invalid.
func (c *Calendar) Validate() error {
	if strings.TrimSpace(c.ProdID) == "" {
		return fmt.Errorf("ical: no PRODID")
	}
	for i, e := range c.Events {
		switch {
		case strings.TrimSpace(e.UID) == "":
			return fmt.Errorf("ical: event %d has no UID", i)
		case e.Start.IsZero() || e.End.IsZero():
			return fmt.Errorf("ical: event %s has no start or end", e.UID)
		case e.End.Before(e.Start):
			return fmt.Errorf("ical: event %s ends before it starts", e.UID)
		case e.Stamp.IsZero():
			return fmt.Errorf("ical: event %s has no DTSTAMP", e.UID)
		case e.Sequence < 0:
			return fmt.Errorf("ical: event %s has a negative SEQUENCE", e.UID)
		}
	}
	return nil
}

// Bytes returns the file.
func (c *Calendar) Bytes() ([]byte, error) {
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteTo writes the file to w.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	lw := &lineWriter{}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.prop("PRODID", c.ProdID)
	lw.line("CALSCALE:GREGORIAN")
	if c.Name != "" {
		lw.prop("NAME", c.Name)
		lw.prop("X-WR-CALNAME", c.Name)
	}
	if c.Description != "" {
		lw.prop("DESCRIPTION", c.Description)
		lw.prop("X-WR-CALDESC", c.Description)
	}
	if c.RefreshInterval > 0 {
		d := duration(c.RefreshInterval)
		lw.line("REFRESH-INTERVAL;VALUE=DURATION:" + d)
		lw.line("X-PUBLISHED-TTL:" + d)
	}
	lw.line("X-WR-TIMEZONE:" + TZID)
	for _, l := range vtimezone {
		lw.line(l)
	}
	for _, e := range c.Events {
		lw.event(e)
	}
	lw.line("END:VCALENDAR")
	n, err := w.Write(lw.b.Bytes())
	return int64(n), err
}

func (lw *lineWriter) event(e Event) {
	lw.line("BEGIN:VEVENT")
	lw.prop("UID", e.UID)
	lw.line("SEQUENCE:" + fmt.Sprint(e.Sequence))
	lw.line("DTSTAMP:" + utc(e.Stamp))
	if !e.Created.IsZero() {
		lw.line("CREATED:" + utc(e.Created))
	}
	if !e.Modified.IsZero() {
		lw.line("LAST-MODIFIED:" + utc(e.Modified))
	}
	lw.line("DTSTART;TZID=" + TZID + ":" + local(e.Start))
	lw.line("DTEND;TZID=" + TZID + ":" + local(e.End))
	lw.prop("SUMMARY", e.Summary)
	if e.Description != "" {
		lw.prop("DESCRIPTION", e.Description)
	}
	if e.Location != "" {
		lw.prop("LOCATION", e.Location)
	}
	if e.URL != "" {
		// URL is of type URI: not escaped as TEXT, but still folded.
		lw.line("URL:" + stripControls(e.URL))
	}
	if e.Status != "" {
		lw.line("STATUS:" + string(e.Status))
	}
	if len(e.Categories) > 0 {
		esc := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			esc[i] = Escape(c)
		}
		lw.line("CATEGORIES:" + strings.Join(esc, ","))
	}
	lw.line("TRANSP:OPAQUE")
	lw.line("END:VEVENT")
}

// utc writes t as a UTC DATE-TIME, 20261025T013000Z.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// local writes t as a local DATE-TIME of Europe/Rome, 20261025T023000.
func local(t time.Time) string { return t.In(Location).Format("20060102T150405") }

// duration writes d as an RFC 5545 DURATION, in whole minutes (at least
// one): PT1H, PT90M, P1D.
func duration(d time.Duration) string {
	m := max(int64(d/time.Minute), 1)
	switch {
	case m%(24*60) == 0:
		return fmt.Sprintf("P%dD", m/(24*60))
	case m%60 == 0:
		return fmt.Sprintf("PT%dH", m/60)
	}
	return fmt.Sprintf("PT%dM", m)
}

// Escape escapes a TEXT value: backslash, semicolon and comma get a
// backslash, a line break (CRLF, CR or LF) becomes \n, and other control
// characters, which TEXT may not hold, are dropped.
func Escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\', c == ';', c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case c == '\n':
			b.WriteString(`\n`)
		case c < 0x20 || c == 0x7f:
			// dropped
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func stripControls(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// lineWriter collects content lines, folded and ended with CRLF.
type lineWriter struct{ b bytes.Buffer }

// prop writes NAME:VALUE with the value escaped as TEXT.
func (lw *lineWriter) prop(name, value string) {
	lw.line(name + ":" + Escape(strings.ToValidUTF8(value, "\uFFFD")))
}

// maxLine is the longest a line may be, in octets, without its CRLF.
const maxLine = 75

// line writes one content line, folding it: every physical line is at most
// 75 octets, continuation lines start with a space (which counts), and a
// fold never falls inside a UTF-8 sequence.
func (lw *lineWriter) line(s string) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	limit := maxLine
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		lw.b.WriteString(s[:cut])
		lw.b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxLine - 1 // the leading space
	}
	lw.b.WriteString(s)
	lw.b.WriteString("\r\n")
}
