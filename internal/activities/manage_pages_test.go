package activities_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestCoordinatorsListIsPaged checks that the coordinators' list of
// activities shows ManagePerPage at a time, newest start first, with
// links between the pages, and that a page that does not exist is 404.
func TestCoordinatorsListIsPaged(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		s.env.CreateUser(t, "coord@example.org", coordPassword, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		start := time.Now().Add(24 * time.Hour).Truncate(time.Minute)
		var first int64
		for i := range activities.ManagePerPage + 1 {
			id, err := s.svc.Create(context.Background(), actor, s.path, input(s.path, start.Add(time.Duration(i)*time.Hour), 0))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = id
			}
		}
		c := s.env.Client()
		c.Login(t, "coord@example.org", coordPassword)
		one := c.Get("/gestione/attivita")
		if n := len(one.Find("tbody tr")); one.Status != 200 || n != activities.ManagePerPage || one.Has(`a[rel="prev"]`) ||
			one.Attr(`a[rel="next"]`, "href") != "/gestione/attivita?page=2" || one.Has(`a[href="/gestione/attivita/`+itoa(first)+`"]`) {
			t.Fatalf("page 1: %d, %d rows, next %q", one.Status, n, one.Attr(`a[rel="next"]`, "href"))
		}
		if !strings.Contains(one.Text("caption"), itoa(int64(activities.ManagePerPage+1))) {
			t.Errorf("caption %q: not the total", one.Text("caption"))
		}
		two := c.Get("/gestione/attivita?page=2")
		if n := len(two.Find("tbody tr")); two.Status != 200 || n != 1 || two.Has(`a[rel="next"]`) ||
			two.Attr(`a[rel="prev"]`, "href") != "/gestione/attivita?page=1" || !two.Has(`a[href="/gestione/attivita/`+itoa(first)+`"]`) {
			t.Errorf("page 2: %d, %d rows", two.Status, n)
		}
		for _, q := range []string{"page=3", "page=0", "page=x", "page=-1", "page=99999999"} {
			if res := c.Get("/gestione/attivita?" + q); res.Status != 404 {
				t.Errorf("?%s: %d, want 404", q, res.Status)
			}
		}
	})
}
