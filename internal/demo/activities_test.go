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
		list, total, err := activities.ForEditor(ctx, d, nil, true, 100, 0)
		if err != nil || total != 12 {
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
		if withAttendance != 5 || full != 1 || walkIns == 0 {
			t.Errorf("%d with attendance, %d full with a waiting list, %d walk-ins", withAttendance, full, walkIns)
		}
		if up, err := activities.Upcoming(ctx, d, "", 20); err != nil || len(up) != 7 {
			t.Errorf("upcoming on the home page: %d %v", len(up), err)
		}
	})
}
