package calls_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestSubmitGivesAReceiptWithProtocolTimeAndHash(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _, p := setup(t, d)
		c := publishedCall(t, s, p, activatorsInput())
		u := user(t, d, "mario@example.org")
		v, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, 0))
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Submit(ctx, actor, c.ID, u, v)
		if err != nil {
			t.Fatal(err)
		}
		if r.Protocol != 1 || r.Number() != itoa(c.ID)+"/0001" {
			t.Errorf("protocol %d (%s), want the first", r.Protocol, r.Number())
		}
		sum := sha256.Sum256([]byte(r.Content))
		if hex.EncodeToString(sum[:]) != r.SHA256 {
			t.Errorf("the hash does not cover the stored content")
		}
		if !strings.Contains(r.Content, `"tax_code":"RSSMRA85T10A562S"`) {
			t.Errorf("content %s lacks the normalised tax code", r.Content)
		}
		a, err := calls.ApplicationOf(ctx, d, c.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != calls.AppSubmitted || a.Receipt == nil || a.Receipt.SHA256 != r.SHA256 {
			t.Errorf("stored application %+v", a)
		}
		var mails int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND payload LIKE ?`, "%"+r.SHA256+"%").Scan(&mails); err != nil {
			t.Fatal(err)
		}
		if mails != 1 {
			t.Errorf("%d receipt e-mails queued, want 1", mails)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestIncompleteApplicationListsEveryProblem(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _, p := setup(t, d)
		c := publishedCall(t, s, p, activatorsInput())
		u := user(t, d, "anna@example.org")
		dr := completeDraft(c, 0)
		dr.Applicant.TaxCode = "RSSMRA85T10A562T" // wrong check letter
		delete(dr.Declared, c.Declarations[0].ID)
		dr.Values[c.Fields[0].ID] = ""
		dr.Values[c.Fields[2].ID] = "tre"
		v, err := s.SaveDraft(ctx, actor, c.ID, u, dr)
		if err != nil {
			t.Fatalf("a draft is saved as typed: %v", err)
		}
		_, err = s.Submit(ctx, actor, c.ID, u, v)
		var inv *calls.InvalidError
		if !errors.As(err, &inv) {
			t.Fatalf("submit: %v, want the problems", err)
		}
		got := map[string]string{}
		for _, pr := range inv.Problems {
			got[pr.Field] = pr.Key
		}
		want := map[string]string{"tax_code": "calls.err.tax_code", "d" + itoa(c.Declarations[0].ID): "calls.err.declaration",
			"f" + itoa(c.Fields[0].ID): "form.required", "f" + itoa(c.Fields[2].ID): "calls.err.number"}
		for f, k := range want {
			if got[f] != k {
				t.Errorf("problem of %s = %q, want %q (all: %v)", f, got[f], k, got)
			}
		}
		a, err := calls.ApplicationOf(ctx, d, c.ID, u)
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != calls.AppDraft || a.Values[c.Fields[2].ID].Text != "tre" {
			t.Errorf("the draft as typed was not kept: %+v", a)
		}
	})
}

func TestAfterTheDeadlineNothingIsAccepted(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, p := setup(t, d)
		c := publishedCall(t, s, p, activatorsInput())
		u := user(t, d, "late@example.org")
		v, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, 0))
		if err != nil {
			t.Fatal(err)
		}
		clk.t = deadline // the deadline itself is already too late
		if _, err := s.Submit(ctx, actor, c.ID, u, v); !errors.Is(err, calls.ErrClosed) {
			t.Errorf("submit at the deadline: %v, want ErrClosed", err)
		}
		if _, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, v)); !errors.Is(err, calls.ErrClosed) {
			t.Errorf("save after the deadline: %v, want ErrClosed", err)
		}
		a, _ := calls.ApplicationOf(ctx, d, c.ID, u)
		if a.Status != calls.AppDraft || a.Receipt != nil {
			t.Errorf("late application stored as %s", a.Status)
		}
	})
}

func TestDoubleSubmitAndTwoTabs(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _, p := setup(t, d)
		c := publishedCall(t, s, p, activatorsInput())
		u := user(t, d, "tabs@example.org")
		v1, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, 0))
		if err != nil {
			t.Fatal(err)
		}
		// Two tabs loaded version v1; the first saves, the second is stale.
		if _, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, v1)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, v1)); !errors.Is(err, calls.ErrStale) {
			t.Errorf("second tab: %v, want ErrStale", err)
		}
		a, _ := calls.ApplicationOf(ctx, d, c.ID, u)
		first, err := s.Submit(ctx, actor, c.ID, u, a.Version)
		if err != nil {
			t.Fatal(err)
		}
		again, err := s.Submit(ctx, actor, c.ID, u, a.Version)
		if !errors.Is(err, calls.ErrSubmitted) || again == nil || again.Protocol != first.Protocol {
			t.Errorf("second click: %v %+v, want the first receipt", err, again)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM application_receipts WHERE call_id = ?`, c.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d receipts after a double click", n)
		}
		if _, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, a.Version+1)); !errors.Is(err, calls.ErrSubmitted) {
			t.Errorf("change after submission: %v, want ErrSubmitted", err)
		}
	})
}

func TestWithdrawAndSubmitAgainGetsANewProtocol(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, p := setup(t, d)
		c := publishedCall(t, s, p, activatorsInput())
		u := user(t, d, "w@example.org")
		v, _ := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, 0))
		if _, err := s.Submit(ctx, actor, c.ID, u, v); err != nil {
			t.Fatal(err)
		}
		if err := s.Withdraw(ctx, actor, c.ID, u); err != nil {
			t.Fatal(err)
		}
		a, _ := calls.ApplicationOf(ctx, d, c.ID, u)
		if a.Status != calls.AppWithdrawn || a.Receipt.WithdrawnAt.IsZero() {
			t.Fatalf("after withdrawal: %s", a.Status)
		}
		v, err := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, a.Version))
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Submit(ctx, actor, c.ID, u, v)
		if err != nil || r.Protocol != 2 {
			t.Fatalf("resubmission: %v, protocol %v", err, r)
		}
		clk.t = deadline.Add(time.Second)
		if err := s.Withdraw(ctx, actor, c.ID, u); !errors.Is(err, calls.ErrClosed) {
			t.Errorf("withdrawal after the deadline: %v", err)
		}
	})
}

// TestLastSecondRush submits 500 applications concurrently during the last
// second before the deadline, the clock advancing 2.5 ms at each reading:
// the first 400 readings fall before the deadline. Every acknowledged
// submission must be stored with its receipt and a time before the
// deadline, the refused ones must stay drafts, and the protocol numbers
// must run from 1 without gaps.
func TestLastSecondRush(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, _, p := setup(t, d)
		c := publishedCall(t, s, p, activatorsInput())
		const n = 500
		users := make([]int64, n)
		versions := make([]int, n)
		for i := range users {
			users[i] = user(t, d, "rush"+itoa(int64(i))+"@example.org")
			v, err := s.SaveDraft(ctx, actor, c.ID, users[i], completeDraft(c, 0))
			if err != nil {
				t.Fatal(err)
			}
			versions[i] = v
		}
		var ticks atomic.Int64
		start := deadline.Add(-time.Second)
		s.Now = func() time.Time { return start.Add(time.Duration(ticks.Add(1)-1) * 2500 * time.Microsecond) }
		var wg sync.WaitGroup
		acked := make([]*calls.Receipt, n)
		errs := make([]error, n)
		for i := range users {
			wg.Add(1)
			go func() {
				defer wg.Done()
				acked[i], errs[i] = s.Submit(ctx, actor, c.ID, users[i], versions[i])
			}()
		}
		wg.Wait()
		ok, closed := 0, 0
		seen := map[int]bool{}
		for i := range users {
			a, err := calls.ApplicationOf(ctx, d, c.ID, users[i])
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case errs[i] == nil:
				ok++
				if a.Status != calls.AppSubmitted || a.Receipt == nil || a.Receipt.SHA256 != acked[i].SHA256 {
					t.Errorf("acknowledged submission %d not stored as acknowledged", i)
				}
				if !acked[i].SubmittedAt.Before(deadline) {
					t.Errorf("submission %d accepted at %v, after the deadline", i, acked[i].SubmittedAt)
				}
				seen[acked[i].Protocol] = true
			case errors.Is(errs[i], calls.ErrClosed):
				closed++
				if a.Status != calls.AppDraft {
					t.Errorf("refused submission %d stored as %s", i, a.Status)
				}
			default:
				t.Errorf("submission %d: %v", i, errs[i])
			}
		}
		for k := 1; k <= ok; k++ {
			if !seen[k] {
				t.Errorf("protocol %d missing among %d accepted", k, ok)
			}
		}
		if ok != 400 || closed != 100 {
			t.Errorf("%d accepted and %d refused, want 400 and 100", ok, closed)
		}
		var stored int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM application_receipts WHERE call_id = ? AND submitted_at < ?`, c.ID, deadline).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored != ok {
			t.Errorf("%d receipts stored, %d acknowledged", stored, ok)
		}
		t.Logf("%d accepted, %d refused after the deadline", ok, closed)
	})
}
