package calls_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/files"
)

func TestPersonalDataGoAfterTheRetentionPeriod(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, p := setup(t, d)
		ev := user(t, d, "ev@example.org")
		in := activatorsInput("ev@example.org")
		in.RetentionMonths, in.MinScore = 12, 0
		c := publishedCall(t, s, p, in)
		u := user(t, d, "mario@example.org")
		dr := completeDraft(c, 0)
		blob, err := s.Files.Put(ctx, strings.NewReader("%PDF-1.4 curriculum di Mario"), calls.MaxAttachment)
		if err != nil {
			t.Fatal(err)
		}
		dr.Files = map[int64]calls.NewFile{c.Fields[3].ID: {Blob: blob, Name: "cv-mario.pdf"}}
		v, _ := s.SaveDraft(ctx, actor, c.ID, u, dr)
		rc, err := s.Submit(ctx, actor, c.ID, u, v)
		if err != nil {
			t.Fatal(err)
		}
		draftOnly := user(t, d, "draft@example.org")
		if _, err := s.SaveDraft(ctx, actor, c.ID, draftOnly, completeDraft(c, 0)); err != nil {
			t.Fatal(err)
		}
		a, _ := calls.ApplicationOf(ctx, d, c.ID, u)
		clk.t = deadline.Add(time.Hour)
		for _, err := range []error{s.Decide(ctx, actor, a.ID, calls.Admissible, "Documenti in ordine"), s.DeclareConflict(ctx, actor, a.ID, ev, true),
			s.SaveScores(ctx, actor, a.ID, ev, false, sheet(c, "5", "5"))} {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Rank(ctx, actor, c.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rank(ctx, actor, c.ID, true); err != nil {
			t.Fatal(err)
		}
		var runAt time.Time
		if err := d.QueryRow(ctx, `SELECT run_at FROM jobs WHERE kind = ?`, calls.KindPurge).Scan(&runAt); err != nil {
			t.Fatalf("no purge job: %v", err)
		}
		if want := clk.t.AddDate(0, 12, 0); !runAt.Equal(want) {
			t.Errorf("purge due %v, want %v", runAt, want)
		}
		clk.t = clk.t.AddDate(0, 11, 0)
		if done, err := s.PurgeCall(ctx, c.ID); err != nil || done {
			t.Fatalf("purge before the period: %v %v", done, err)
		}
		clk.t = clk.t.AddDate(0, 1, 1)
		if done, err := s.PurgeCall(ctx, c.ID); err != nil || !done {
			t.Fatalf("purge: %v %v", done, err)
		}
		a, err = calls.GetApplication(ctx, d, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != "Candidato 1" || a.TaxCode != "" || a.Email != "" || a.UserID != 0 || a.Receipt.Content != "" || a.Receipt.SHA256 != rc.SHA256 {
			t.Errorf("after the purge: %+v receipt %+v", a.Applicant, a.Receipt)
		}
		for _, v := range a.Values {
			if v.Text != "" || v.File != nil {
				t.Errorf("an answer survived: %+v", v)
			}
		}
		if a.Eval.Outcome == nil || a.Eval.Outcome.TotalCenti == 0 {
			t.Errorf("the ranking must survive: %+v", a.Eval.Outcome)
		}
		if _, err := s.Files.Open(ctx, blob.Hash); err != files.ErrNotFound {
			t.Errorf("the attachment is still in the store: %v", err)
		}
		if _, err := calls.ApplicationOf(ctx, d, c.ID, draftOnly); err == nil {
			t.Errorf("a never-submitted draft survived")
		}
	})
}
