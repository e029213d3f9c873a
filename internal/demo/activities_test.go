package demo_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/tracks"
)

func TestDemoActivitiesLoadOnceWithSignUpsAndAttendance(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var out strings.Builder
		for range 2 {
			if err := demo.Load(ctx, d, "http://localhost:8080", log, &out); err != nil {
				t.Fatal(err)
			}
		}
		if !strings.Contains(out.String(), "Activities: 12 demo activities added") || !strings.Contains(out.String(), "Activities: 0 demo activities added") {
			t.Errorf("summary:\n%s", out.String())
		}
		// 12 activities of their own, and the 9 of the demo training
		// tracks (tracks.go: 3 workshops and 3 general meetings past, with
		// attendance; 3 thematic meetings to come).
		list, total, err := activities.ForEditor(ctx, d, nil, true, 100, 0)
		if err != nil || total != 12+9 {
			t.Fatalf("%d activities after two loads: %v", total, err)
		}
		kinds, modes, zones := map[activities.Kind]bool{}, map[activities.Mode]bool{}, map[string]bool{}
		var withAttendance, full, walkIns int
		for _, a := range list {
			kinds[a.Kind], modes[a.Mode], zones[a.ZoneID] = true, true, true
			if a.Full() && a.Waiting > 0 {
				full++
			}
			atts, err := activities.AttendanceOf(ctx, d, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(atts) > 0 {
				withAttendance++
			}
			for _, at := range atts {
				if at.WalkIn() {
					walkIns++
				}
			}
		}
		if len(kinds) != len(activities.Kinds) || len(modes) != len(activities.Modes) || len(zones) < 6 {
			t.Errorf("kinds %v, modes %v, zones %v", kinds, modes, zones)
		}
		if withAttendance != 5+6 || full != 1 || walkIns == 0 {
			t.Errorf("%d with attendance, %d full with a waiting list, %d walk-ins", withAttendance, full, walkIns)
		}
		if up, err := activities.Upcoming(ctx, d, "", 20); err != nil || len(up) != 7+3 {
			t.Errorf("upcoming on the home page: %d %v", len(up), err)
		}
	})
}

// TestDemoTracksLoadOnceAndTheCitizenCompletedOne: the demo citizen sees
// the activators' track of Lunigiana completed (3 workshops, 8 hours)
// and the committees' track is there with its six meetings.
func TestDemoTracksLoadOnceAndTheCitizenCompletedOne(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var out strings.Builder
		for range 2 {
			if err := demo.Load(ctx, d, "http://localhost:8080", log, &out); err != nil {
				t.Fatal(err)
			}
		}
		if !strings.Contains(out.String(), "Training tracks: 2 added") || !strings.Contains(out.String(), "Training tracks: 0 added") {
			t.Errorf("summary:\n%s", out.String())
		}
		act, err := tracks.ForKind(ctx, d, demo.ZoneLunigiana, tracks.Activators)
		if err != nil || len(act) != 1 || len(act[0].ActivityIDs) != 3 {
			t.Fatalf("activators' tracks: %v %v", act, err)
		}
		com, err := tracks.ForKind(ctx, d, demo.ZoneLunigiana, tracks.Committees)
		if err != nil || len(com) != 1 || len(com[0].ActivityIDs) != 6 {
			t.Fatalf("committees' tracks: %v %v", com, err)
		}
		_, mine, err := tracks.ProgressOfUser(ctx, d, act[0], 0, "cittadino@demo.cantieri.test")
		if err != nil || mine == nil || !mine.Complete || mine.Minutes != 480 || !mine.Enrolled {
			t.Errorf("the demo citizen's progress: %+v %v", mine, err)
		}
		_, people, err := tracks.ProgressOf(ctx, d, com[0])
		if err != nil || len(people) != 2 || people[0].Complete {
			t.Errorf("committees' track progress: %+v %v", people, err)
		}
	})
}
