package calls

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// ScoreInput is one criterion's score as an evaluator enters it.
type ScoreInput struct {
	Points string // as typed
	Reason string
}

// Score is a stored score.
type Score struct {
	ApplicationID int64
	CriterionID   int64
	EvaluatorID   int64 // 0 for the consensus sheet
	Points        int
	Reason        string
}

// SaveScores records user's scores of application id, one per criterion,
// each within its bounds and with a reason. With consensus, they are the
// commission's agreed sheet (calls whose aggregation is Consensus), which
// any member who declared no conflict records. Every problem is returned
// at once; nothing is saved unless every criterion is right.
func (s *Service) SaveScores(ctx context.Context, actor Actor, id, user int64, consensus bool, in map[int64]ScoreInput) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, a, err := s.evalContext(ctx, tx, id)
		if err != nil {
			return err
		}
		if !c.IsMember(user) {
			return ErrNotMember
		}
		if !a.Eval.NoConflict(user) {
			return ErrNoDeclaration
		}
		if a.Eval.Review.Status != Admissible {
			return ErrNotAdmissible
		}
		var pr problems
		points := map[int64]int{}
		for _, cr := range c.Criteria {
			v := in[cr.ID]
			p := fmt.Sprintf("p%d", cr.ID)
			n, err := strconv.Atoi(strings.TrimSpace(v.Points))
			switch {
			case strings.TrimSpace(v.Points) == "":
				pr.add(p, "form.required")
			case err != nil || n < 0 || n > cr.MaxPoints:
				pr.add(p, "calls.err.points")
			}
			points[cr.ID] = n
			if strings.TrimSpace(v.Reason) == "" {
				pr.add(fmt.Sprintf("r%d", cr.ID), "calls.err.score_reason")
			}
		}
		if err := pr.err(); err != nil {
			return err
		}
		var evaluator any = user
		if consensus {
			evaluator = nil
		}
		before, err := sheetOf(ctx, tx, a.ID, evaluator)
		if err != nil {
			return err
		}
		for _, cr := range c.Criteria {
			reason := clip(in[cr.ID].Reason, 2000)
			var q string
			if consensus {
				q = `INSERT INTO application_scores (application_id, criterion_id, evaluator_id, points, reason, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (application_id, criterion_id) WHERE evaluator_id IS NULL DO UPDATE SET points = excluded.points, reason = excluded.reason, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at`
			} else {
				q = `INSERT INTO application_scores (application_id, criterion_id, evaluator_id, points, reason, recorded_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
					ON CONFLICT (application_id, criterion_id, evaluator_id) WHERE evaluator_id IS NOT NULL DO UPDATE SET points = excluded.points, reason = excluded.reason, recorded_by = excluded.recorded_by, updated_at = excluded.updated_at`
			}
			if _, err := tx.Exec(ctx, q, a.ID, cr.ID, evaluator, points[cr.ID], reason, user, s.now()); err != nil {
				return fmt.Errorf("calls: score %d: %w", a.ID, err)
			}
		}
		after, err := sheetOf(ctx, tx, a.ID, evaluator)
		if err != nil {
			return err
		}
		action := "application.score"
		if consensus {
			action = "application.score_consensus"
		}
		return record(ctx, tx, actor, action, "application", a.ID, c.ZoneID, before, after)
	})
}

// sheetOf reads one sheet of scores (evaluator nil: the consensus).
func sheetOf(ctx context.Context, ex db.Execer, app int64, evaluator any) (map[string]any, error) {
	q := `SELECT criterion_id, points, reason FROM application_scores WHERE application_id = ? AND evaluator_id = ?`
	args := []any{app, evaluator}
	if evaluator == nil {
		q = `SELECT criterion_id, points, reason FROM application_scores WHERE application_id = ? AND evaluator_id IS NULL`
		args = args[:1]
	}
	rows, err := ex.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for rows.Next() {
		var c int64
		var p int
		var r string
		if err := rows.Scan(&c, &p, &r); err != nil {
			rows.Close()
			return nil, err
		}
		out[itoa(c)] = map[string]any{"points": p, "reason": r}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// Scores lists every score of the call's applications.
func Scores(ctx context.Context, ex db.Execer, call int64) ([]Score, error) {
	rows, err := ex.Query(ctx, `SELECT s.application_id, s.criterion_id, COALESCE(s.evaluator_id, 0), s.points, s.reason
		FROM application_scores s JOIN applications a ON a.id = s.application_id WHERE a.call_id = ? ORDER BY s.application_id, s.evaluator_id, s.criterion_id`, call)
	if err != nil {
		return nil, fmt.Errorf("calls: scores of %d: %w", call, err)
	}
	var out []Score
	for rows.Next() {
		var sc Score
		if err := rows.Scan(&sc.ApplicationID, &sc.CriterionID, &sc.EvaluatorID, &sc.Points, &sc.Reason); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, sc)
	}
	return out, closeRows(rows)
}
