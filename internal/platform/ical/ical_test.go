package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/ical"
	"github.com/cantieri/cantieri/internal/platform/ical/icaltest"
)

func rome(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, ical.Location)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func sample(t *testing.T) *ical.Calendar {
	stamp := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	return &ical.Calendar{
		ProdID: "-//Cantieri della Salute//Cantieri//IT",
		Name:   "Attività – Lunigiana",
		Events: []ical.Event{{
			UID: "activity-7@cantieri.test", Sequence: 2, Stamp: stamp, Created: stamp, Modified: stamp,
			// The night daylight saving time ends: 02:00–03:00 happens twice.
			Start:       time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), // 01:30 CEST
			End:         time.Date(2026, 10, 25, 2, 30, 0, 0, time.UTC),  // 03:30 CET
			Summary:     "Laboratorio; esplorazione, \"apprezzativa\" \\ àèìòù",
			Description: "Prima riga\r\nSeconda riga\nTerza: " + strings.Repeat("è più lunga di settantacinque ottetti ", 4),
			Location:    "Sala consiliare, via Roma 1; Aulla",
			URL:         "https://cantieri.test/attivita/7",
			Status:      ical.Cancelled,
			Categories:  []string{"laboratorio", "in presenza"},
		}, {
			UID: "activity-8@cantieri.test", Stamp: stamp,
			Start: rome(t, "2027-03-28 10:00"), End: rome(t, "2027-03-28 12:00"), Summary: "Dopo il cambio d'ora",
		}},
	}
}

func TestLinesEndInCRLFAndAreFoldedAt75OctetsOnCharacterBoundaries(t *testing.T) {
	b, err := sample(t).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
		t.Fatalf("file does not end with END:VCALENDAR CRLF")
	}
	if bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\r")) {
		t.Fatalf("a bare CR or LF in the file")
	}
	folded := 0
	for _, l := range strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a character: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Fatal("no line was folded; the sample has long ones")
	}
	unfolded := strings.ReplaceAll(string(b), "\r\n ", "")
	for _, want := range []string{
		`SUMMARY:Laboratorio\; esplorazione\, "apprezzativa" \\ àèìòù`,
		`DESCRIPTION:Prima riga\nSeconda riga\nTerza: è più lunga`,
		`LOCATION:Sala consiliare\, via Roma 1\; Aulla`,
		"DTSTART;TZID=Europe/Rome:20261025T013000",
		"DTEND;TZID=Europe/Rome:20261025T033000",
		"DTSTART;TZID=Europe/Rome:20270328T100000",
		"SEQUENCE:2", "STATUS:CANCELLED", "UID:activity-7@cantieri.test", "DTSTAMP:20260901T080000Z",
		"BEGIN:VTIMEZONE", "TZID:Europe/Rome", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
		`X-WR-CALNAME:Attività – Lunigiana`, "CATEGORIES:laboratorio,in presenza",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, unfolded)
		}
	}
}

func TestEscapeHandlesEveryTextSpecial(t *testing.T) {
	cases := map[string]string{
		`a,b;c\d`:                  `a\,b\;c\\d`,
		"uno\r\ndue\rtre\nquattro": `uno\ndue\ntre\nquattro`,
		"tab\there\x00":            "tabhere",
		"àè":                       "àè",
	}
	for in, want := range cases {
		if got := ical.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInvalidCalendarsAreRefused(t *testing.T) {
	ok := sample(t)
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(c *ical.Calendar){
		"no prodid":         func(c *ical.Calendar) { c.ProdID = "" },
		"no uid":            func(c *ical.Calendar) { c.Events[0].UID = "" },
		"ends before":       func(c *ical.Calendar) { c.Events[0].End = c.Events[0].Start.Add(-time.Minute) },
		"no stamp":          func(c *ical.Calendar) { c.Events[0].Stamp = time.Time{} },
		"negative sequence": func(c *ical.Calendar) { c.Events[0].Sequence = -1 },
	} {
		c := sample(t)
		change(c)
		if _, err := c.Bytes(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestPythonIcalendarReadsTheFileWithTheRightLocalTimes(t *testing.T) {
	b, err := sample(t).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	cal := icaltest.Parse(t, b)
	if cal.Name != "Attività – Lunigiana" || len(cal.Timezones) != 1 || cal.Timezones[0] != "Europe/Rome" || len(cal.Events) != 2 {
		t.Fatalf("parsed %+v", cal)
	}
	e := cal.Events[0]
	if e.StartLocal != "2026-10-25T01:30:00" || e.EndLocal != "2026-10-25T03:30:00" {
		t.Errorf("local times %s – %s", e.StartLocal, e.EndLocal)
	}
	if !e.Start.Equal(time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC)) || !e.End.Equal(time.Date(2026, 10, 25, 2, 30, 0, 0, time.UTC)) {
		t.Errorf("instants %s – %s: the offsets across the change are wrong", e.Start, e.End)
	}
	if e.Summary != `Laboratorio; esplorazione, "apprezzativa" \ àèìòù` || e.Sequence != 2 || e.Status != "CANCELLED" {
		t.Errorf("event %+v", e)
	}
	if !strings.HasPrefix(e.Description, "Prima riga\nSeconda riga\nTerza: è più lunga") {
		t.Errorf("description %q", e.Description)
	}
	if got := cal.Events[1].Start; !got.Equal(time.Date(2027, 3, 28, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("10:00 on the day summer time starts is %s", got)
	}
}

// FuzzWriter checks, for any text, that the file keeps its shape: lines
// of at most 75 octets, valid UTF-8 on each, and unfolding then
// unescaping gives back the text (less what TEXT cannot hold).
func FuzzWriter(f *testing.F) {
	f.Add("Laboratorio; a, b \\ c\r\nè", "x")
	f.Add(strings.Repeat("€", 40), strings.Repeat("a", 80))
	f.Fuzz(func(t *testing.T, summary, location string) {
		c := &ical.Calendar{ProdID: "-//t//t//IT", Events: []ical.Event{{UID: "u@t", Stamp: time.Unix(0, 0),
			Start: time.Unix(1e9, 0), End: time.Unix(1e9+3600, 0), Summary: summary, Location: location}}}
		b, err := c.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) || strings.ContainsAny(l, "\r\n") {
				t.Fatalf("bad line %q", l)
			}
		}
		unfolded := strings.ReplaceAll(string(b), "\r\n ", "")
		i := strings.Index(unfolded, "\r\nSUMMARY:")
		if i < 0 {
			t.Fatal("no SUMMARY")
		}
		got := unfolded[i+len("\r\nSUMMARY:"):]
		got = got[:strings.Index(got, "\r\n")]
		if want := ical.Escape(strings.ToValidUTF8(summary, "\uFFFD")); got != want {
			t.Fatalf("SUMMARY %q, want %q", got, want)
		}
	})
}
