package activities_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestUpcomingAndListChooseThePageFirst checks the lists that select a
// page of ids before reading the rows (activities_public, migration
// 0016): an activity under way for days is still upcoming, ended ones,
// drafts and the activities of a path no longer published are not, the
// order is by start, pages do not overlap and the total counts them all.
func TestUpcomingAndListChooseThePageFirst(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newSite(t, d)
		other := publishedPath(t, d, zoneB, "percorso-valdichiana")
		now := time.Now().Truncate(time.Minute)
		at := func(p int64, start, end time.Time) {
			t.Helper()
			if _, err := d.Exec(ctx, `UPDATE activities SET starts_at = ?, ends_at = ? WHERE id = ?`, db.Time(start), db.Time(end), p); err != nil {
				t.Fatal(err)
			}
		}
		in := func(h int) activities.Input { return input(s.path, now.Add(time.Duration(h)*time.Hour), 0) }
		ended := published(t, s.svc, s.path, in(24))
		at(ended, now.Add(-48*time.Hour), now.Add(-47*time.Hour))
		long := published(t, s.svc, s.path, in(24)) // under way: started three days ago, ends tomorrow
		at(long, now.Add(-72*time.Hour), now.Add(24*time.Hour))
		soon := published(t, s.svc, s.path, in(5))
		later := published(t, s.svc, s.path, in(50))
		cancelled := published(t, s.svc, s.path, in(30))
		if err := s.svc.Cancel(ctx, actor, cancelled); err != nil {
			t.Fatal(err)
		}
		draft, err := s.svc.Create(ctx, actor, s.path, in(10))
		if err != nil {
			t.Fatal(err)
		}
		elsewhere := published(t, s.svc, other, input(other, now.Add(3*time.Hour), 0))
		hidden := published(t, s.svc, other, input(other, now.Add(4*time.Hour), 0))
		hiddenPath := publishedPath(t, d, zoneB, "percorso-ritirato")
		if _, err := d.Exec(ctx, `UPDATE activities SET path_id = ?, phase_id = ? WHERE id = ?`, hiddenPath.ID, hiddenPath.Phases[1].ID, hidden); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE paths SET status = 'draft' WHERE id = ?`, hiddenPath.ID); err != nil {
			t.Fatal(err)
		}
		ids := func(list []*activities.Activity) []int64 {
			var out []int64
			for _, a := range list {
				out = append(out, a.ID)
			}
			return out
		}
		want := []int64{long, elsewhere, soon, cancelled, later}
		up, err := activities.Upcoming(ctx, d, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(up); !slices.Equal(got, want) {
			t.Errorf("upcoming %v, want %v (ended %d, draft %d, hidden %d)", got, want, ended, draft, hidden)
		}
		if up, err = activities.Upcoming(ctx, d, zoneA, 2); err != nil || !slices.Equal(ids(up), []int64{long, soon}) {
			t.Errorf("upcoming in %s: %v %v", zoneA, ids(up), err)
		}
		// Every row of a page comes with its joins and counts.
		if up[0].PathSlug != s.path.Slug || up[0].ZoneName == "" || len(up[0].Audiences) == 0 {
			t.Errorf("first upcoming: %+v", up[0])
		}
		var pages []int64
		for off := 0; off < 6; off += 2 {
			list, total, err := activities.List(ctx, d, activities.Filter{From: now}, 2, off)
			if err != nil || total != len(want) {
				t.Fatalf("list from %d: %d in all, %v", off, total, err)
			}
			pages = append(pages, ids(list)...)
		}
		if !slices.Equal(pages, want) {
			t.Errorf("pages %v, want %v", pages, want)
		}
		list, total, err := activities.List(ctx, d, activities.Filter{From: now, PathSlug: s.path.Slug, Kind: activities.Meeting}, 10, 0)
		if err != nil || total != 4 || !slices.Equal(ids(list), []int64{long, soon, cancelled, later}) {
			t.Errorf("list of path %s: %v, %d in all, %v", s.path.Slug, ids(list), total, err)
		}
		list, total, err = activities.List(ctx, d, activities.Filter{From: now, PathSlug: hiddenPath.Slug}, 10, 0)
		if err != nil || total != 0 || len(list) != 0 {
			t.Errorf("list of a draft path: %v, %d in all, %v", ids(list), total, err)
		}
	})
}
