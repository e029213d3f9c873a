package calls

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Result is where an application ends in the ranking.
type Result string

// The results.
const (
	// Admitted: at or above the minimum and within the places.
	Admitted Result = "admitted"
	// Eligible: at or above the minimum, beyond the places (idoneo).
	Eligible Result = "eligible"
	// BelowMinimum: under the minimum admission score.
	BelowMinimum Result = "below_minimum"
	// Excluded: not admissible.
	Excluded Result = "excluded"
)

// Key is the message key.
func (r Result) Key() string { return "calls.result." + string(r) }

// Outcome is an application's place in the ranking.
type Outcome struct {
	Position   int // from 1; 0 for an excluded application
	TotalCenti int64
	Result     Result
}

// Total is the weighted total written with two decimals, the Italian way.
func (o *Outcome) Total() string {
	return FormatAmount(o.TotalCenti)
}

// candidate is an application in the ranking with its sums of points per
// criterion over n sheets.
type candidate struct {
	app      int64
	protocol int
	sums     []int64 // per criterion, in the call's order
	n        int64   // sheets summed (1 for the consensus)
	excluded bool
}

// weighted is the candidate's weighted total times n (an integer).
func (cd candidate) weighted(c *Call) int64 {
	var t int64
	for i, cr := range c.Criteria {
		t += int64(cr.Weight) * cd.sums[i]
	}
	return t
}

// centi is the weighted total in hundredths, rounded half up.
func (cd candidate) centi(c *Call) int64 {
	if cd.n == 0 {
		return 0
	}
	return (200*cd.weighted(c) + cd.n) / (2 * cd.n)
}

// order sorts the candidates: the higher exact total first (compared as
// fractions, never rounded), then the call's tie-break rule, then the
// protocol number, which is the order of submission.
func order(c *Call, cs []candidate) {
	slices.SortStableFunc(cs, func(a, b candidate) int {
		if a.excluded != b.excluded {
			if a.excluded {
				return 1
			}
			return -1
		}
		if d := a.weighted(c)*b.n - b.weighted(c)*a.n; d != 0 && !a.excluded {
			if d > 0 {
				return -1
			}
			return 1
		}
		if c.TieBreak == ByFirstCriterion && len(c.Criteria) > 0 && !a.excluded {
			if d := a.sums[0]*b.n - b.sums[0]*a.n; d != 0 {
				if d > 0 {
					return -1
				}
				return 1
			}
		}
		return a.protocol - b.protocol
	})
}

// outcomes gives each ordered candidate its result.
func outcomes(c *Call, cs []candidate) map[int64]Outcome {
	out := map[int64]Outcome{}
	admitted, pos := 0, 0
	for _, cd := range cs {
		if cd.excluded {
			out[cd.app] = Outcome{Result: Excluded}
			continue
		}
		pos++
		o := Outcome{Position: pos, TotalCenti: cd.centi(c)}
		switch {
		case cd.weighted(c)*100 < int64(c.MinScore)*100*cd.n:
			o.Result = BelowMinimum
		case c.Places == 0 || admitted < c.Places:
			o.Result = Admitted
			admitted++
		default:
			o.Result = Eligible
		}
		out[cd.app] = o
	}
	return out
}

// Errors of the ranking.
var (
	// ErrUndecided: an application's admissibility is not decided.
	ErrUndecided = errors.New("calls: admissibility not decided for every application")
	// ErrUnscored: an admissible application has no complete sheet.
	ErrUnscored = errors.New("calls: an admissible application is not scored")
	// ErrNotRanked: the final outcome needs a provisional ranking first.
	ErrNotRanked = errors.New("calls: no provisional ranking")
)

// candidates gathers the call's submitted applications with their sums:
// the mean of the complete evaluators' sheets, or the consensus sheet.
func candidates(ctx context.Context, ex db.Execer, c *Call) ([]candidate, error) {
	apps, err := ListApplications(ctx, ex, c.ID)
	if err != nil {
		return nil, err
	}
	scores, err := Scores(ctx, ex, c.ID)
	if err != nil {
		return nil, err
	}
	idx := map[int64]int{}
	for i, cr := range c.Criteria {
		idx[cr.ID] = i
	}
	// sheets[app][evaluator] = points per criterion (-1: missing)
	sheets := map[int64]map[int64][]int64{}
	for _, sc := range scores {
		if (c.Aggregation == Consensus) != (sc.EvaluatorID == 0) {
			continue
		}
		if sheets[sc.ApplicationID] == nil {
			sheets[sc.ApplicationID] = map[int64][]int64{}
		}
		sh := sheets[sc.ApplicationID][sc.EvaluatorID]
		if sh == nil {
			sh = make([]int64, len(c.Criteria))
			for i := range sh {
				sh[i] = -1
			}
			sheets[sc.ApplicationID][sc.EvaluatorID] = sh
		}
		if i, ok := idx[sc.CriterionID]; ok {
			sh[i] = int64(sc.Points)
		}
	}
	var out []candidate
	for _, a := range apps {
		if a.Status != AppSubmitted {
			continue
		}
		cd := candidate{app: a.ID, protocol: a.Receipt.Protocol, sums: make([]int64, len(c.Criteria))}
		switch a.Eval.Review.Status {
		case Inadmissible:
			cd.excluded = true
			out = append(out, cd)
			continue
		case Admissible:
		default:
			return nil, ErrUndecided
		}
	sheet:
		for _, sh := range sheets[a.ID] {
			for _, p := range sh {
				if p < 0 {
					continue sheet // incomplete
				}
			}
			for i, p := range sh {
				cd.sums[i] += p
			}
			cd.n++
		}
		if cd.n == 0 {
			return nil, ErrUnscored
		}
		out = append(out, cd)
	}
	return out, nil
}

// Rank computes the call's ranking after the deadline and stores it as
// provisional; with final, it becomes the published outcome: every
// applicant is e-mailed, and Afterwards runs (roles, training track,
// co-design group). A final ranking never changes.
func (s *Service) Rank(ctx context.Context, actor Actor, callID int64, final bool) ([]int64, error) {
	var admitted []int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := s.lockCall(ctx, tx, callID)
		if err != nil {
			return err
		}
		if !c.ClosedAt(s.now()) {
			return ErrStillOpen
		}
		switch {
		case c.Status == Final:
			return ErrDecided
		case c.Status == Draft:
			return ErrNotOpen
		case final && c.Status != Provisional:
			return ErrNotRanked
		}
		cs, err := candidates(ctx, tx, c)
		if err != nil {
			return err
		}
		order(c, cs)
		res := outcomes(c, cs)
		now := s.now()
		if _, err := tx.Exec(ctx, `DELETE FROM application_outcomes WHERE call_id = ?`, c.ID); err != nil {
			return fmt.Errorf("calls: rank %d: %w", c.ID, err)
		}
		summary := []map[string]any{}
		for _, cd := range cs {
			o := res[cd.app]
			if _, err := tx.Exec(ctx, `INSERT INTO application_outcomes (application_id, call_id, position, total_centi, outcome, computed_at) VALUES (?, ?, ?, ?, ?, ?)`,
				cd.app, c.ID, o.Position, o.TotalCenti, o.Result, now); err != nil {
				return fmt.Errorf("calls: rank %d: %w", c.ID, err)
			}
			summary = append(summary, map[string]any{"application": cd.app, "position": o.Position, "total_centi": o.TotalCenti, "result": o.Result})
			if o.Result == Admitted {
				admitted = append(admitted, cd.app)
			}
		}
		status := Provisional
		if final {
			status = Final
		}
		q := `UPDATE calls SET status = ?, updated_at = ? WHERE id = ?`
		args := []any{status, now, c.ID}
		if final {
			q = `UPDATE calls SET status = ?, updated_at = ?, final_at = ? WHERE id = ?`
			args = []any{status, now, now, c.ID}
		}
		if _, err := tx.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("calls: rank %d: %w", c.ID, err)
		}
		action := "call.rank_provisional"
		if final {
			action = "call.outcome_publish"
		}
		if err := record(ctx, tx, actor, action, "call", c.ID, c.ZoneID, map[string]any{"status": c.Status}, map[string]any{"status": status, "ranking": summary}); err != nil {
			return err
		}
		if !final {
			return nil
		}
		if err := s.mailOutcomes(ctx, tx, c, res); err != nil {
			return err
		}
		if err := schedulePurge(ctx, tx, c, now); err != nil {
			return err
		}
		return s.afterwards(ctx, tx, actor, c, admitted)
	})
	if err != nil || !final {
		return admitted, err
	}
	return admitted, s.grantActivators(ctx, actor, callID, admitted)
}

// mailOutcomes tells every applicant their result.
func (s *Service) mailOutcomes(ctx context.Context, tx *db.Tx, c *Call, res map[int64]Outcome) error {
	apps, err := ListApplications(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	for _, a := range apps {
		o, ok := res[a.ID]
		if !ok {
			continue // withdrawn
		}
		line := langT(a, o.Result.Key())
		if o.Result != Excluded {
			line += " — " + langT(a, "calls.mail.outcome.total", o.Total(), o.Position)
		}
		if err := s.mailTo(ctx, tx, c, a, "calls.mail.outcome.subject", "calls.mail.outcome.lead", line,
			"", s.url(CallPath(c.ID)+"/esito")); err != nil {
			return err
		}
	}
	return nil
}

// sortByPosition orders ranked applications by position, the excluded
// last in protocol order.
func sortByPosition(apps []*Application) {
	slices.SortStableFunc(apps, func(a, b *Application) int {
		pa, pb := a.Eval.Outcome.Position, b.Eval.Outcome.Position
		switch {
		case pa == 0 && pb != 0:
			return 1
		case pb == 0 && pa != 0:
			return -1
		}
		if pa != pb {
			return pa - pb
		}
		return a.Receipt.Protocol - b.Receipt.Protocol
	})
}
