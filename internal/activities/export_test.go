package activities_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// reminderJob returns the first reminder job, as the queue would hand it.
func reminderJob(t *testing.T, d *db.DB) jobs.Job {
	t.Helper()
	var j jobs.Job
	var payload string
	if err := d.QueryRow(context.Background(), `SELECT id, payload FROM jobs WHERE kind = ? ORDER BY id LIMIT 1`, activities.KindReminder).Scan(&j.ID, &payload); err != nil {
		t.Fatal(err)
	}
	j.Kind, j.Payload, j.Attempt = activities.KindReminder, []byte(payload), 1
	return j
}
