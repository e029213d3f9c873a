package activities_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestConcurrentSignUpsNeverExceedCapacity: 200 people sign up at the same
// moment for 50 places. Exactly 50 get a place and 150 are on the waiting
// list, in one order with no gaps, on both engines.
func TestConcurrentSignUpsNeverExceedCapacity(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loaded(t, d)
		s := activities.NewService(d, "http://cantieri.test")
		p := publishedPath(t, d, zoneA, "concorrenza")
		id := published(t, s, p, input(p, time.Now().Add(30*24*time.Hour), 50))

		const n = 200
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := s.SignUp(context.Background(), actor, id, person(fmt.Sprintf("Persona %d", i), fmt.Sprintf("persona%03d@example.org", i)))
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a sign-up failed: %v", err)
			}
		}
		regs, err := activities.Registrations(context.Background(), d, id)
		if err != nil {
			t.Fatal(err)
		}
		count := map[activities.RegStatus]int{}
		for i, r := range regs {
			count[r.Status]++
			if r.Status == activities.RegWaiting && r.Position != i-49 {
				t.Errorf("waiting sign-up %d has position %d", i, r.Position)
			}
		}
		if count[activities.RegConfirmed] != 50 || count[activities.RegWaiting] != 150 || len(regs) != n {
			t.Fatalf("%d sign-ups: %d confirmed, %d waiting; want 50 and 150", len(regs), count[activities.RegConfirmed], count[activities.RegWaiting])
		}
		a, err := activities.Get(context.Background(), d, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Confirmed != 50 || a.Waiting != 150 || !a.Full() {
			t.Errorf("activity counts %d confirmed, %d waiting", a.Confirmed, a.Waiting)
		}
		var mails int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send'`).Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if mails != n {
			t.Errorf("%d e-mails queued for %d sign-ups", mails, n)
		}
	})
}
