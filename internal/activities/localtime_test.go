package activities

import (
	"errors"
	"testing"
	"time"
)

func TestLocalTimesAroundDaylightSavingChanges(t *testing.T) {
	cases := []struct {
		in   string
		want string // UTC, or "" for an error
		err  error
	}{
		{"2026-10-25 01:30", "2026-10-24T23:30:00Z", nil}, // still summer time, UTC+2
		{"2026-10-25 02:00", "", errTimeAmbiguous},        // happens twice
		{"2026-10-25 02:59", "", errTimeAmbiguous},
		{"2026-10-25 03:00", "2026-10-25T02:00:00Z", nil}, // standard time, UTC+1
		{"2026-10-25 10:00", "2026-10-25T09:00:00Z", nil},
		{"2027-10-31 02:30", "", errTimeAmbiguous},
		{"2027-03-28 02:30", "", errTimeSkipped}, // does not exist
		{"2027-03-28 01:59", "2027-03-28T00:59:00Z", nil},
		{"2027-03-28 03:00", "2027-03-28T01:00:00Z", nil},
		{"2026-07-01 18:00", "2026-07-01T16:00:00Z", nil},
		{"2026-02-30 10:00", "", errTimeInvalid},
		{"1999-12-31 10:00", "", errTimeInvalid},
		{"2026-10-25 25:00", "", errTimeInvalid},
	}
	for _, c := range cases {
		got, err := parseLocal(localLayout, c.in)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("%s: error %v, want %v", c.in, err, c.err)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != c.want {
			t.Errorf("%s = %s (%v), want %s", c.in, got.Format(time.RFC3339), err, c.want)
		}
	}
}
