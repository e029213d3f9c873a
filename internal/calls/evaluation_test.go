package calls_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/roles"
	"github.com/cantieri/cantieri/internal/tracks"
)

// scores is a sheet: points and a reason per criterion, in order.
func sheet(c *calls.Call, points ...string) map[int64]calls.ScoreInput {
	out := map[int64]calls.ScoreInput{}
	for i, cr := range c.Criteria {
		out[cr.ID] = calls.ScoreInput{Points: points[i], Reason: "Motivato nel verbale"}
	}
	return out
}

// TestTheWholeEvaluation runs a call from the applications to the final
// outcome: admissibility with a request of documents, two evaluators with
// their declarations, a tie broken by the first criterion, the outcome's
// e-mails, the activator's role, the training track and the co-design group.
func TestTheWholeEvaluation(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, p := setup(t, d)
		ev1, ev2 := user(t, d, "ev1@example.org"), user(t, d, "ev2@example.org")
		in := activatorsInput("ev1@example.org", "ev2@example.org")
		in.Applicants, in.Places, in.MinScore = calls.Both, 0, 12
		c := publishedCall(t, s, p, in)
		track, err := tracks.Create(ctx, d, tracks.Actor{Label: "test"}, tracks.Input{ZoneID: zoneA, Kind: tracks.Activators,
			Title: tracks.Text{IT: "Formazione attivatori"}, Rule: tracks.All})
		if err != nil {
			t.Fatal(err)
		}
		apply := func(email string, dr calls.DraftInput) int64 {
			t.Helper()
			u := user(t, d, email)
			dr.Applicant.Email = email
			v, err := s.SaveDraft(ctx, actor, c.ID, u, dr)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Submit(ctx, actor, c.ID, u, v); err != nil {
				t.Fatal(err)
			}
			a, _ := calls.ApplicationOf(ctx, d, c.ID, u)
			return a.ID
		}
		mario := apply("mario@example.org", completeDraft(c, 0))
		anna := apply("anna@example.org", completeDraft(c, 0))
		orgDraft := completeDraft(c, 0)
		orgDraft.Applicant.Kind, orgDraft.Applicant.OrgName, orgDraft.Applicant.OrgTaxCode = calls.Organisation, "Auser Lunigiana ODV", "01114601006"
		orgDraft.Applicant.LegalForm = "odv"
		org := apply("auser@example.org", orgDraft)

		// Before the deadline nothing is evaluated.
		if err := s.Decide(ctx, actor, mario, calls.Admissible, ""); !errors.Is(err, calls.ErrStillOpen) {
			t.Fatalf("decide before the deadline: %v", err)
		}
		clk.t = deadline.Add(time.Hour)
		if err := s.Decide(ctx, actor, mario, calls.Admissible, ""); err != nil {
			t.Fatal(err)
		}
		var inv *calls.InvalidError
		if err := s.Decide(ctx, actor, org, calls.Inadmissible, ""); !errors.As(err, &inv) {
			t.Errorf("inadmissible without a reason: %v", err)
		}
		// Soccorso istruttorio for Anna: she answers in time, then is admitted.
		if err := s.RequestDocuments(ctx, actor, anna, "Manca la copia del documento d'identità", clk.t.Add(48*time.Hour)); err != nil {
			t.Fatal(err)
		}
		a, _ := calls.GetApplication(ctx, d, anna)
		if a.Eval.Review.Status != calls.Integration || len(a.Eval.Integrations) != 1 {
			t.Fatalf("after the request: %+v", a.Eval)
		}
		if err := s.AnswerRequest(ctx, actor, anna, a.UserID, "Allego il documento", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.AnswerRequest(ctx, actor, anna, a.UserID, "Di nuovo", nil); !errors.Is(err, calls.ErrNoRequest) {
			t.Errorf("second answer: %v", err)
		}
		if err := s.Decide(ctx, actor, anna, calls.Admissible, "Documento integrato"); err != nil {
			t.Fatal(err)
		}
		if err := s.Decide(ctx, actor, org, calls.Admissible, ""); err != nil {
			t.Fatal(err)
		}

		// Scoring needs the declaration first, then bounds and reasons.
		if err := s.SaveScores(ctx, actor, mario, ev1, false, sheet(c, "6", "8")); !errors.Is(err, calls.ErrNoDeclaration) {
			t.Errorf("scoring without a declaration: %v", err)
		}
		outsider := user(t, d, "outsider@example.org")
		if err := s.DeclareConflict(ctx, actor, mario, outsider, true); !errors.Is(err, calls.ErrNotMember) {
			t.Errorf("declaration by a non-member: %v", err)
		}
		for _, app := range []int64{mario, anna, org} {
			for _, ev := range []int64{ev1, ev2} {
				if err := s.DeclareConflict(ctx, actor, app, ev, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		bad := sheet(c, "11", "-1")
		bad[c.Criteria[0].ID] = calls.ScoreInput{Points: "5", Reason: " "}
		err = s.SaveScores(ctx, actor, mario, ev1, false, bad)
		if !errors.As(err, &inv) || len(inv.Problems) != 2 {
			t.Errorf("out of bounds and without a reason: %v", err)
		}
		// Weighted totals (2×first + second), mean of the two evaluators:
		// Mario (5,7)(5,9) → 10+8 = 18; Anna (6,6)(6,6) → 12+6 = 18, a
		// tie broken by the first criterion: Anna first. The organisation
		// (7,4)(7,4) → 18 too, with the best first criterion; Both above
		// the minimum of 12.
		for _, sc := range []struct {
			app, ev int64
			p       []string
		}{{mario, ev1, []string{"5", "7"}}, {mario, ev2, []string{"5", "9"}}, {anna, ev1, []string{"6", "6"}}, {anna, ev2, []string{"6", "6"}},
			{org, ev1, []string{"7", "4"}}, {org, ev2, []string{"7", "4"}}} {
			if err := s.SaveScores(ctx, actor, sc.app, sc.ev, false, sheet(c, sc.p...)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Rank(ctx, actor, c.ID, true); !errors.Is(err, calls.ErrNotRanked) {
			t.Errorf("final before provisional: %v", err)
		}
		if _, err := s.Rank(ctx, actor, c.ID, false); err != nil {
			t.Fatal(err)
		}
		admitted, err := s.Rank(ctx, actor, c.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(admitted) != 3 || admitted[0] != org || admitted[1] != anna || admitted[2] != mario {
			t.Errorf("admitted in order %v, want org %d, Anna %d, Mario %d", admitted, org, anna, mario)
		}
		a, _ = calls.GetApplication(ctx, d, mario)
		if a.Eval.Outcome == nil || a.Eval.Outcome.Position != 3 || a.Eval.Outcome.TotalCenti != 1800 {
			t.Errorf("Mario's outcome: %+v", a.Eval.Outcome)
		}
		if err := s.SaveScores(ctx, actor, mario, ev1, false, sheet(c, "1", "1")); !errors.Is(err, calls.ErrDecided) {
			t.Errorf("scoring after the final outcome: %v", err)
		}
		// E-mails: each applicant got the outcome.
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND payload LIKE ?`, "%Esito dell'avviso%").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3 {
			t.Errorf("%d outcome e-mails, want 3", n)
		}
		// Afterwards: the two people are activators of zone A and in the
		// track; the organisation is in the path's co-design group.
		ens, err := tracks.Enrolments(ctx, d, track)
		if err != nil {
			t.Fatal(err)
		}
		if len(ens) != 2 {
			t.Errorf("%d enrolled in the activators' track, want 2", len(ens))
		}
		grants, err := roles.For(ctx, d, a.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if len(grants) != 1 || grants[0] != (authz.Grant{Role: authz.Activator, ZoneID: zoneA}) {
			t.Errorf("Mario's grants: %+v", grants)
		}
		group, err := calls.CodesignGroup(ctx, d, p.ID)
		if err != nil || len(group) != 1 || group[0] != "Auser Lunigiana ODV" {
			t.Errorf("co-design group: %v %v", group, err)
		}
	})
}

func TestConsensusSheetDecides(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, clk, p := setup(t, d)
		ev := user(t, d, "ev@example.org")
		in := activatorsInput("ev@example.org")
		in.Aggregation, in.MinScore = calls.Consensus, 0
		c := publishedCall(t, s, p, in)
		u := user(t, d, "mario@example.org")
		v, _ := s.SaveDraft(ctx, actor, c.ID, u, completeDraft(c, 0))
		if _, err := s.Submit(ctx, actor, c.ID, u, v); err != nil {
			t.Fatal(err)
		}
		a, _ := calls.ApplicationOf(ctx, d, c.ID, u)
		clk.t = deadline.Add(time.Minute)
		if err := s.Decide(ctx, actor, a.ID, calls.Admissible, ""); err != nil {
			t.Fatal(err)
		}
		if err := s.DeclareConflict(ctx, actor, a.ID, ev, true); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rank(ctx, actor, c.ID, false); !errors.Is(err, calls.ErrUnscored) {
			t.Errorf("ranking without the consensus sheet: %v", err)
		}
		if err := s.SaveScores(ctx, actor, a.ID, ev, true, sheet(c, "9", "3")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rank(ctx, actor, c.ID, false); err != nil {
			t.Fatal(err)
		}
		a, _ = calls.GetApplication(ctx, d, a.ID)
		if a.Eval.Outcome.TotalCenti != 2100 {
			t.Errorf("consensus total %d, want 2100", a.Eval.Outcome.TotalCenti)
		}
	})
}
