package activities_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/ical/icaltest"
)

// TestActivityOnTheNightSummerTimeEndsShowsItsLocalTimes: an activity from
// 01:30 to 03:30 on 25 October 2026 lasts three hours (the clocks go back
// at 03:00). The page, the .ics and the feeds all say 01:30–03:30 in
// Italy, and python3-icalendar reads the same instants.
func TestActivityOnTheNightSummerTimeEndsShowsItsLocalTimes(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		in := input(s.path, rome(t, "2026-10-25 01:30"), 30)
		in.End = rome(t, "2026-10-25 03:30")
		if got := in.End.Sub(in.Start); got != 3*time.Hour {
			t.Fatalf("the test's own times: %s", got)
		}
		s.svc.Now = func() time.Time { return time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC) }
		id := published(t, s.svc, s.path, in)
		c := s.env.Client()
		page := c.Get("/attivita/" + itoa(id))
		if when := page.Text("main dl dd"); !strings.Contains(when, "25 ottobre 2026, 01:30–03:30") {
			t.Errorf("the page says %q", when)
		}
		if got := page.Attr("main time", "datetime"); got != "2026-10-24T23:30:00Z" {
			t.Errorf("<time datetime=%q>", got)
		}
		for _, url := range []string{"/attivita/" + itoa(id) + "/evento.ics", "/territori/" + zoneA + "/calendario.ics",
			"/percorsi/" + s.path.Slug + "/calendario.ics", "/calendario.ics"} {
			res := c.Get(url)
			if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
				t.Fatalf("%s: %d %s", url, res.Status, res.Header.Get("Content-Type"))
			}
			raw := strings.ReplaceAll(res.Body, "\r\n ", "")
			for _, want := range []string{"DTSTART;TZID=Europe/Rome:20261025T013000", "DTEND;TZID=Europe/Rome:20261025T033000",
				"UID:activity-" + itoa(id) + "@127.0.0.1", "BEGIN:VTIMEZONE"} {
				if !strings.Contains(raw, want) {
					t.Errorf("%s lacks %q", url, want)
				}
			}
			if strings.Contains(raw, "meet.example.org") {
				t.Errorf("%s shows the online link to everyone", url)
			}
			cal := icaltest.Parse(t, []byte(res.Body))
			if len(cal.Events) != 1 {
				t.Fatalf("%s: %d events", url, len(cal.Events))
			}
			e := cal.Events[0]
			if e.StartLocal != "2026-10-25T01:30:00" || e.EndLocal != "2026-10-25T03:30:00" || e.TZID != "Europe/Rome" ||
				!e.Start.Equal(in.Start) || !e.End.Equal(in.End) {
				t.Errorf("%s: python3-icalendar reads %s – %s (%s – %s)", url, e.StartLocal, e.EndLocal, e.Start, e.End)
			}
			if e.Status != "CONFIRMED" || e.Sequence != 0 || !strings.HasSuffix(e.URL, "/attivita/"+itoa(id)) {
				t.Errorf("%s: %+v", url, e)
			}
		}
		if res := c.Get("/territori/zona-che-non-esiste/calendario.ics"); res.Status != 404 {
			t.Errorf("unknown zone feed: %d", res.Status)
		}
		if res := c.Get("/percorsi/percorso-che-non-esiste/calendario.ics"); res.Status != 404 {
			t.Errorf("unknown path feed: %d", res.Status)
		}
		// Cancelled: the same UID, a higher SEQUENCE, STATUS:CANCELLED.
		if err := s.svc.Cancel(context.Background(), actor, id); err != nil {
			t.Fatal(err)
		}
		cal := icaltest.Parse(t, []byte(c.Get("/territori/"+zoneA+"/calendario.ics").Body))
		if e := cal.Events[0]; e.Status != "CANCELLED" || e.Sequence != 1 || !strings.Contains(e.Summary, "ANNULLATA") {
			t.Errorf("cancelled event: %+v", e)
		}
		// The month view lists it on its day, as a link.
		month := c.Get("/calendario?mese=2026-10")
		if month.Status != 200 || !month.Has(`table caption`) || !month.Has(`td a[href="/attivita/`+itoa(id)+`"]`) ||
			!strings.Contains(month.Text(`td a[href="/attivita/`+itoa(id)+`"]`), "01:30") {
			t.Errorf("month view: %d %s", month.Status, month.Text("table"))
		}
	})
}

func TestCalendarFiltersAndAddressesThatDoNotExist(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		other := publishedPath(t, d, zoneB, "percorso-valdichiana")
		soon := time.Now().Add(72 * time.Hour).Truncate(time.Minute)
		a := published(t, s.svc, s.path, input(s.path, soon, 0))
		online := input(other, soon.Add(time.Hour), 0)
		online.Mode, online.Comune, online.VenueAddress, online.Kind = activities.Online, "", "", activities.Lab
		online.Audiences = []activities.Audience{activities.Activators}
		b := published(t, s.svc, other, online)
		c := s.env.Client()
		list := c.Get("/calendario")
		if list.Status != 200 || !list.Has(`a[href="/attivita/`+itoa(a)+`"]`) {
			t.Fatalf("calendar list: %d", list.Status)
		}
		for q, want := range map[string]bool{"territorio=" + zoneA: true, "territorio=" + zoneB: false, "tipo=meeting": true,
			"tipo=lab": false, "pubblico=citizens": true, "pubblico=activators": false, "modalita=hybrid": true, "modalita=online": false,
			"percorso=" + s.path.Slug: true, "percorso=" + other.Slug: false} {
			res := c.Get("/calendario?" + q)
			if res.Status != 200 || res.Has(`a[href="/attivita/`+itoa(a)+`"]`) != want || res.Has(`a[href="/attivita/`+itoa(b)+`"]`) == want {
				t.Errorf("?%s: %d, lists A: %v, want %v (and B the other way)", q, res.Status, !want, want)
			}
		}
		for _, q := range []string{"territorio=atlantide", "tipo=cena", "pubblico=tutti", "modalita=telepatia", "percorso=non-esiste",
			"page=0", "page=2", "page=x", "mese=2026-13", "mese=26-11", "mese=2026-11&page=2"} {
			if res := c.Get("/calendario?" + q); res.Status != 404 {
				t.Errorf("?%s: %d, want 404", q, res.Status)
			}
		}
		for _, p := range []string{"/attivita/0", "/attivita/-1", "/attivita/99999999999999999999", "/attivita/999999/evento.ics"} {
			if res := c.Get(p); res.Status != 404 {
				t.Errorf("%s: %d, want 404", p, res.Status)
			}
		}
	})
}
