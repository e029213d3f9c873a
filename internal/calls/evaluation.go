package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// ReviewStatus is the coordinator's decision on admissibility.
type ReviewStatus string

// The decisions; an application without one is pending.
const (
	Pending      ReviewStatus = ""
	Admissible   ReviewStatus = "admissible"
	Inadmissible ReviewStatus = "inadmissible"
	// Integration: documents were requested (soccorso istruttorio).
	Integration ReviewStatus = "integration"
)

// Key is the message key of the decision.
func (s ReviewStatus) Key() string {
	if s == Pending {
		return "calls.review.pending"
	}
	return "calls.review." + string(s)
}

// Review is the admissibility decision with its reason.
type Review struct {
	Status    ReviewStatus
	Reason    string
	UpdatedAt time.Time
}

// IntegrationRequest is a request of missing documents and its answer.
type IntegrationRequest struct {
	ID          int64
	Request     string
	Due         time.Time
	RequestedAt time.Time
	Answer      string
	File        *files.File
	AnsweredAt  time.Time
}

// Open reports whether the request still waits for an answer at now.
func (i IntegrationRequest) Open(now time.Time) bool {
	return i.AnsweredAt.IsZero() && now.Before(i.Due)
}

// Evaluation is what the evaluation adds to an application.
type Evaluation struct {
	Review       Review
	Integrations []IntegrationRequest
	// Declared maps an evaluator to their declaration: true for "no
	// conflict of interest".
	Declared map[int64]bool
	Outcome  *Outcome
}

// NoConflict reports whether user declared no conflict of interest.
func (e *Evaluation) NoConflict(user int64) bool { return e.Declared[user] }

// HasDeclared reports whether user made a declaration either way.
func (e *Evaluation) HasDeclared(user int64) bool { _, ok := e.Declared[user]; return ok }

// LastIntegration is the latest request of documents, or nil.
func (e *Evaluation) LastIntegration() *IntegrationRequest {
	if len(e.Integrations) == 0 {
		return nil
	}
	return &e.Integrations[len(e.Integrations)-1]
}

// loadEvaluation reads the review, the requests of documents, the
// declarations and the outcome of a.
func loadEvaluation(ctx context.Context, ex db.Execer, a *Application) error {
	a.Eval = Evaluation{Declared: map[int64]bool{}}
	var at sql.NullTime
	err := ex.QueryRow(ctx, `SELECT status, reason, updated_at FROM application_reviews WHERE application_id = ?`, a.ID).
		Scan(&a.Eval.Review.Status, &a.Eval.Review.Reason, &at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	a.Eval.Review.UpdatedAt = at.Time
	rows, err := ex.Query(ctx, `SELECT id, request, due_at, requested_at, answer, COALESCE(file_id, 0), answered_at
		FROM application_integrations WHERE application_id = ? ORDER BY requested_at, id`, a.ID)
	if err != nil {
		return err
	}
	var fileIDs []int64
	for rows.Next() {
		var ir IntegrationRequest
		var fid int64
		var answered sql.NullTime
		if err := rows.Scan(&ir.ID, &ir.Request, &ir.Due, &ir.RequestedAt, &ir.Answer, &fid, &answered); err != nil {
			rows.Close()
			return err
		}
		ir.Due, ir.AnsweredAt = ir.Due.UTC(), answered.Time.UTC()
		if !answered.Valid {
			ir.AnsweredAt = time.Time{}
		}
		a.Eval.Integrations = append(a.Eval.Integrations, ir)
		fileIDs = append(fileIDs, fid)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for i, fid := range fileIDs {
		if fid == 0 {
			continue
		}
		f, err := files.Get(ctx, ex, fid)
		if err != nil {
			return err
		}
		a.Eval.Integrations[i].File = &f
	}
	rows, err = ex.Query(ctx, `SELECT user_id, no_conflict FROM conflict_declarations WHERE application_id = ?`, a.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var u int64
		var ok bool
		if err := rows.Scan(&u, &ok); err != nil {
			rows.Close()
			return err
		}
		a.Eval.Declared[u] = ok
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	o := &Outcome{}
	err = ex.QueryRow(ctx, `SELECT position, total_centi, outcome FROM application_outcomes WHERE application_id = ?`, a.ID).
		Scan(&o.Position, &o.TotalCenti, &o.Result)
	switch {
	case err == nil:
		a.Eval.Outcome = o
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	return nil
}

// Errors of the evaluation.
var (
	// ErrStillOpen: the deadline has not passed; evaluation waits for it.
	ErrStillOpen = errors.New("calls: the call is still open")
	// ErrDecided: the final ranking is published; nothing changes.
	ErrDecided = errors.New("calls: the outcome is final")
	// ErrNotMember: the user is not on the call's commission.
	ErrNotMember = errors.New("calls: not a member of the commission")
	// ErrNoDeclaration: the evaluator has not declared the absence of a
	// conflict of interest for the application.
	ErrNoDeclaration = errors.New("calls: no conflict-of-interest declaration")
	// ErrNotAdmissible: only admissible applications are scored.
	ErrNotAdmissible = errors.New("calls: the application is not admissible")
	// ErrNoRequest: there is no open request of documents.
	ErrNoRequest = errors.New("calls: no open request of documents")
)

// evalContext loads, in tx, application id and its call, checking that
// the call is closed and its outcome not final.
func (s *Service) evalContext(ctx context.Context, tx *db.Tx, id int64) (*Call, *Application, error) {
	a, err := GetApplication(ctx, tx, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.lockCall(ctx, tx, a.CallID)
	if err != nil {
		return nil, nil, err
	}
	if a.Status != AppSubmitted {
		return nil, nil, ErrNotSubmitted
	}
	if !c.ClosedAt(s.now()) {
		return nil, nil, ErrStillOpen
	}
	if c.Status == Final {
		return nil, nil, ErrDecided
	}
	return c, a, nil
}

// Decide records the coordinator's decision on admissibility: admissible,
// or inadmissible with a reason.
func (s *Service) Decide(ctx context.Context, actor Actor, id int64, status ReviewStatus, reason string) error {
	var pr problems
	if status != Admissible && status != Inadmissible {
		pr.add("decision", "calls.err.decision")
	}
	reason = clip(reason, 2000)
	if status == Inadmissible && reason == "" {
		pr.add("reason", "calls.err.reason_required")
	}
	if err := pr.err(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, a, err := s.evalContext(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.setReview(ctx, tx, actor, c, a, status, reason); err != nil {
			return err
		}
		if status == Inadmissible {
			return s.mailTo(ctx, tx, c, a, "calls.mail.inadmissible.subject", "calls.mail.inadmissible.lead", reason)
		}
		return nil
	})
}

func (s *Service) setReview(ctx context.Context, tx *db.Tx, actor Actor, c *Call, a *Application, status ReviewStatus, reason string) error {
	if _, err := tx.Exec(ctx, `INSERT INTO application_reviews (application_id, status, reason, reviewed_by, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (application_id) DO UPDATE SET status = excluded.status, reason = excluded.reason, reviewed_by = excluded.reviewed_by, updated_at = excluded.updated_at`,
		a.ID, status, reason, userOrNil(actor.ID), s.now()); err != nil {
		return fmt.Errorf("calls: review %d: %w", a.ID, err)
	}
	return record(ctx, tx, actor, "application.review", "application", a.ID, c.ZoneID,
		map[string]any{"admissibility": a.Eval.Review.Status, "reason": a.Eval.Review.Reason},
		map[string]any{"admissibility": status, "reason": reason})
}

// RequestDocuments asks the applicant for missing documents by due
// (soccorso istruttorio) and e-mails them.
func (s *Service) RequestDocuments(ctx context.Context, actor Actor, id int64, request string, due time.Time) error {
	var pr problems
	request = clip(request, 2000)
	if request == "" {
		pr.add("request", "form.required")
	}
	if due.IsZero() || !due.After(s.now()) {
		pr.add("due", "calls.err.due")
	}
	if err := pr.err(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, a, err := s.evalContext(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_integrations (application_id, request, due_at, requested_by, requested_at) VALUES (?, ?, ?, ?, ?)`,
			a.ID, request, db.Time(due), userOrNil(actor.ID), s.now()); err != nil {
			return fmt.Errorf("calls: request documents %d: %w", a.ID, err)
		}
		if err := s.setReview(ctx, tx, actor, c, a, Integration, request); err != nil {
			return err
		}
		return s.mailTo(ctx, tx, c, a, "calls.mail.integration.subject", "calls.mail.integration.lead",
			request, "", langT(a, "calls.mail.integration.due")+" "+Seconds(due))
	})
}

// AnswerRequest records the applicant's answer to the open request of
// documents, with an optional file, before its deadline.
func (s *Service) AnswerRequest(ctx context.Context, actor Actor, id, user int64, answer string, file *NewFile) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := GetApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.UserID != user {
			return db.ErrNotFound
		}
		last := a.Eval.LastIntegration()
		if last == nil || !last.Open(s.now()) {
			return ErrNoRequest
		}
		answer = clip(answer, 5000)
		if answer == "" && file == nil {
			return &InvalidError{Problems: problemsOf("answer", "calls.err.answer_required")}
		}
		var fileID any
		if file != nil {
			rec, err := files.Record(ctx, tx, file.Blob, files.File{Name: file.Name, UploadedBy: user})
			if err != nil {
				return err
			}
			fileID = rec.ID
		}
		if _, err := tx.Exec(ctx, `UPDATE application_integrations SET answer = ?, file_id = ?, answered_at = ? WHERE id = ?`,
			answer, fileID, s.now(), last.ID); err != nil {
			return fmt.Errorf("calls: answer %d: %w", a.ID, err)
		}
		var zone string
		_ = tx.QueryRow(ctx, `SELECT COALESCE(zone_id, '') FROM calls WHERE id = ?`, a.CallID).Scan(&zone)
		return record(ctx, tx, actor, "application.integration_answer", "application", a.ID, zone, nil, map[string]any{"request": last.ID, "file": fileID != nil})
	})
}

// DeclareConflict records whether the evaluator user has a conflict of
// interest with application id; with one, they abstain.
func (s *Service) DeclareConflict(ctx context.Context, actor Actor, id, user int64, noConflict bool) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, a, err := s.evalContext(ctx, tx, id)
		if err != nil {
			return err
		}
		if !c.IsMember(user) {
			return ErrNotMember
		}
		if a.Eval.HasDeclared(user) {
			return nil // a declaration is made once
		}
		if _, err := tx.Exec(ctx, `INSERT INTO conflict_declarations (application_id, user_id, no_conflict, declared_at) VALUES (?, ?, ?, ?)`,
			a.ID, user, noConflict, s.now()); err != nil {
			return fmt.Errorf("calls: declare %d: %w", a.ID, err)
		}
		return record(ctx, tx, actor, "application.conflict_declaration", "application", a.ID, c.ZoneID, nil, map[string]any{"no_conflict": noConflict})
	})
}

func problemsOf(field, key string) []web.FieldError {
	return []web.FieldError{{Field: field, Key: key}}
}
