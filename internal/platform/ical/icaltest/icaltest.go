// Package icaltest reads iCalendar files back with an independent parser,
// Debian's python3-icalendar, so tests check what calendar programs will
// see rather than what our writer meant to write. Without the package the
// test is skipped, unless CI=true, where that is a failure.
package icaltest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
	"time"
)

// Python is the interpreter that has the icalendar module (Debian's).
const Python = "/usr/bin/python3"

// Event is a VEVENT as python3-icalendar reads it.
type Event struct {
	UID         string
	Summary     string
	Description string
	Location    string
	URL         string
	Status      string
	Sequence    int
	// Start and End are the times with the offset the parser computed
	// from the file's VTIMEZONE; StartLocal and EndLocal are the wall
	// clock readings ("2026-10-25T01:30:00") and TZID the zone named.
	Start      time.Time
	End        time.Time
	StartLocal string
	EndLocal   string
	TZID       string
}

// Calendar is what the parser found in a file.
type Calendar struct {
	Name      string
	Timezones []string
	Events    []Event
}

// script parses stdin strictly and prints JSON. The offsets come from
// icalendar's own handling of the file's TZID (the zoneinfo zone of the
// same name, or the VTIMEZONE), independently of Go.
const script = `
import sys, json, icalendar
data = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(data)
out = {"Name": str(cal.get("X-WR-CALNAME", "")), "Timezones": [], "Events": []}
for c in cal.walk():
    if c.name == "VTIMEZONE":
        out["Timezones"].append(str(c["TZID"]))
    if c.name != "VEVENT":
        continue
    s, e = c.decoded("DTSTART"), c.decoded("DTEND")
    out["Events"].append({
        "UID": str(c.get("UID", "")),
        "Summary": str(c.get("SUMMARY", "")),
        "Description": str(c.get("DESCRIPTION", "")),
        "Location": str(c.get("LOCATION", "")),
        "URL": str(c.get("URL", "")),
        "Status": str(c.get("STATUS", "")),
        "Sequence": int(c.get("SEQUENCE", 0)),
        "Start": s.isoformat(), "End": e.isoformat(),
        "StartLocal": s.replace(tzinfo=None).isoformat(), "EndLocal": e.replace(tzinfo=None).isoformat(),
        "TZID": str(c["DTSTART"].params.get("TZID", "")),
    })
print(json.dumps(out))
`

// Parse reads data with python3-icalendar and fails the test if it cannot.
func Parse(t testing.TB, data []byte) Calendar {
	t.Helper()
	if !Available() {
		if os.Getenv("CI") == "true" {
			t.Fatalf("icaltest: %s cannot import icalendar: install Debian's python3-icalendar", Python)
		}
		t.Skipf("icaltest: %s cannot import icalendar (apt-get install python3-icalendar)", Python)
	}
	cmd := exec.Command(Python, "-c", script)
	cmd.Stdin = bytes.NewReader(data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("icaltest: python3-icalendar refused the file: %v\n%s\nfile:\n%s", err, stderr.String(), data)
	}
	var raw struct {
		Name      string
		Timezones []string
		Events    []struct {
			Event
			Start, End string
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &raw); err != nil {
		t.Fatalf("icaltest: reading the parser's answer: %v\n%s", err, stdout.String())
	}
	out := Calendar{Name: raw.Name, Timezones: raw.Timezones}
	for _, e := range raw.Events {
		ev := e.Event
		var err error
		if ev.Start, err = time.Parse("2006-01-02T15:04:05Z07:00", e.Start); err != nil {
			t.Fatalf("icaltest: DTSTART %q of %s has no offset: %v", e.Start, ev.UID, err)
		}
		if ev.End, err = time.Parse("2006-01-02T15:04:05Z07:00", e.End); err != nil {
			t.Fatalf("icaltest: DTEND %q of %s has no offset: %v", e.End, ev.UID, err)
		}
		out.Events = append(out.Events, ev)
	}
	return out
}

// Available reports whether the parser can be run here.
func Available() bool {
	return exec.Command(Python, "-c", "import icalendar").Run() == nil
}
