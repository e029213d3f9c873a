package calls

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Input is what a coordinator enters for a call.
type Input struct {
	Kind            Kind
	Title           Text
	Body            Text
	Opens           time.Time
	Closes          time.Time
	Applicants      Applicants
	MinScore        int
	Places          int
	TieBreak        TieBreak
	Aggregation     Aggregation
	RetentionMonths int
	Declarations    []Declaration
	Fields          []Field
	Criteria        []Criterion
	// Commission lists the members' e-mail addresses; each must have an
	// account.
	Commission []string
}

// Errors of the calls' lifecycle.
var (
	ErrNotDraft = errors.New("calls: the call is no longer a draft")
)

// Limits of a call's texts.
const (
	maxTitle     = 200
	maxBody      = 20000
	maxCommittee = 20
)

// Validate checks in and returns every problem at once, with the users of
// the commission's addresses.
func (in Input) Validate(ctx context.Context, ex db.Execer) ([]int64, error) {
	var pr problems
	if !in.Kind.Valid() {
		pr.add("kind", "calls.err.kind")
	}
	switch {
	case strings.TrimSpace(in.Title.IT) == "":
		pr.add("title_it", "form.required")
	case utf8.RuneCountInString(in.Title.IT) > maxTitle:
		pr.add("title_it", "form.too_long")
	}
	if utf8.RuneCountInString(in.Title.EN) > maxTitle {
		pr.add("title_en", "form.too_long")
	}
	if strings.TrimSpace(in.Body.IT) == "" {
		pr.add("body_it", "form.required")
	}
	if utf8.RuneCountInString(in.Body.IT) > maxBody {
		pr.add("body_it", "form.too_long")
	}
	if utf8.RuneCountInString(in.Body.EN) > maxBody {
		pr.add("body_en", "form.too_long")
	}
	if in.Opens.IsZero() {
		pr.add("opens", "calls.err.when")
	}
	if in.Closes.IsZero() {
		pr.add("closes", "calls.err.when")
	} else if !in.Opens.IsZero() && !in.Closes.After(in.Opens) {
		pr.add("closes", "calls.err.closes_before")
	}
	if !in.Applicants.Valid() {
		pr.add("applicants", "calls.err.applicants")
	}
	if !in.TieBreak.Valid() {
		pr.add("tie_break", "calls.err.tie_break")
	}
	if !in.Aggregation.Valid() {
		pr.add("aggregation", "calls.err.aggregation")
	}
	if in.Places < 0 || in.Places > 100000 {
		pr.add("places", "calls.err.places")
	}
	if in.RetentionMonths < 1 || in.RetentionMonths > 240 {
		pr.add("retention", "calls.err.retention")
	}
	if len(in.Criteria) == 0 {
		pr.add("criteria", "calls.err.no_criteria")
	}
	total := 0
	for _, c := range in.Criteria {
		total += c.MaxPoints * c.Weight
	}
	if in.MinScore < 0 || (len(in.Criteria) > 0 && in.MinScore > total) {
		pr.add("min_score", "calls.err.min_score")
	}
	if len(in.Commission) > maxCommittee {
		pr.add("commission", "calls.err.commission_size")
	}
	var members []int64
	for _, e := range in.Commission {
		var id int64
		err := ex.QueryRow(ctx, `SELECT id FROM users WHERE email = ?`, strings.ToLower(strings.TrimSpace(e))).Scan(&id)
		if err != nil {
			pr.add("commission", "calls.err.commission_unknown")
			break
		}
		if !contains(members, id) {
			members = append(members, id)
		}
	}
	return members, pr.err()
}

func contains(ids []int64, id int64) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// Place is where a new call goes: a path of a zone, or the whole region
// (zero values).
type Place struct {
	ZoneID string
	PathID int64
}

// Create saves a new draft call and returns its id.
func (s *Service) Create(ctx context.Context, actor Actor, at Place, in Input) (int64, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		members, err := in.Validate(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		var zone, path any
		if at.ZoneID != "" {
			zone, path = at.ZoneID, at.PathID
		}
		var places any
		if in.Places > 0 {
			places = in.Places
		}
		id, err = tx.InsertID(ctx, `INSERT INTO calls (zone_id, path_id, kind, title_it, title_en, body_it, body_en, opens_at, closes_at,
			applicants, min_score, places, tie_break, aggregation, retention_months, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			zone, path, in.Kind, in.Title.IT, in.Title.EN, in.Body.IT, in.Body.EN, db.Time(in.Opens), db.Time(in.Closes),
			in.Applicants, in.MinScore, places, in.TieBreak, in.Aggregation, in.RetentionMonths, userOrNil(actor.ID), now, now)
		if err != nil {
			return fmt.Errorf("calls: create: %w", err)
		}
		if err := writeParts(ctx, tx, id, in, members); err != nil {
			return err
		}
		return record(ctx, tx, actor, "call.create", "call", id, at.ZoneID, nil, in)
	})
	return id, err
}

func userOrNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// writeParts replaces the declarations, fields, criteria and commission
// of call id.
func writeParts(ctx context.Context, tx *db.Tx, id int64, in Input, members []int64) error {
	for _, q := range []string{`DELETE FROM call_declarations WHERE call_id = ?`, `DELETE FROM call_fields WHERE call_id = ?`,
		`DELETE FROM call_criteria WHERE call_id = ?`, `DELETE FROM call_commission WHERE call_id = ?`} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("calls: write %d: %w", id, err)
		}
	}
	for i, d := range in.Declarations {
		if _, err := tx.Exec(ctx, `INSERT INTO call_declarations (call_id, position, text_it, text_en, with_amount) VALUES (?, ?, ?, ?, ?)`,
			id, i+1, d.Text.IT, d.Text.EN, d.WithAmount); err != nil {
			return fmt.Errorf("calls: write %d: %w", id, err)
		}
	}
	for i, f := range in.Fields {
		if _, err := tx.Exec(ctx, `INSERT INTO call_fields (call_id, position, kind, label_it, label_en, required, options) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			id, i+1, f.Kind, f.Label.IT, f.Label.EN, f.Required, encodeOptions(f.Options)); err != nil {
			return fmt.Errorf("calls: write %d: %w", id, err)
		}
	}
	for i, c := range in.Criteria {
		if _, err := tx.Exec(ctx, `INSERT INTO call_criteria (call_id, position, label_it, label_en, max_points, weight) VALUES (?, ?, ?, ?, ?, ?)`,
			id, i+1, c.Label.IT, c.Label.EN, c.MaxPoints, c.Weight); err != nil {
			return fmt.Errorf("calls: write %d: %w", id, err)
		}
	}
	for _, m := range members {
		if _, err := tx.Exec(ctx, `INSERT INTO call_commission (call_id, user_id) VALUES (?, ?)`, id, m); err != nil {
			return fmt.Errorf("calls: write %d: %w", id, err)
		}
	}
	return nil
}

// Update saves a draft call. A published call's terms are fixed.
func (s *Service) Update(ctx context.Context, actor Actor, id int64, in Input) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		before, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != Draft {
			return ErrNotDraft
		}
		members, err := in.Validate(ctx, tx)
		if err != nil {
			return err
		}
		var places any
		if in.Places > 0 {
			places = in.Places
		}
		if _, err := tx.Exec(ctx, `UPDATE calls SET kind = ?, title_it = ?, title_en = ?, body_it = ?, body_en = ?, opens_at = ?, closes_at = ?,
			applicants = ?, min_score = ?, places = ?, tie_break = ?, aggregation = ?, retention_months = ?, updated_at = ? WHERE id = ?`,
			in.Kind, in.Title.IT, in.Title.EN, in.Body.IT, in.Body.EN, db.Time(in.Opens), db.Time(in.Closes), in.Applicants,
			in.MinScore, places, in.TieBreak, in.Aggregation, in.RetentionMonths, s.now(), id); err != nil {
			return fmt.Errorf("calls: update %d: %w", id, err)
		}
		if err := writeParts(ctx, tx, id, in, members); err != nil {
			return err
		}
		return record(ctx, tx, actor, "call.update", "call", id, before.ZoneID, InputOf(before), in)
	})
}

// Publish makes a draft call public. Its commission may then be changed,
// its terms no more.
func (s *Service) Publish(ctx context.Context, actor Actor, id int64) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Status != Draft {
			return ErrNotDraft
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE calls SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
			return fmt.Errorf("calls: publish %d: %w", id, err)
		}
		for _, d := range c.Documents {
			if _, err := tx.Exec(ctx, `UPDATE files SET public = ? WHERE id = ?`, true, d.ID); err != nil {
				return fmt.Errorf("calls: publish %d: %w", id, err)
			}
		}
		return record(ctx, tx, actor, "call.publish", "call", id, c.ZoneID, map[string]any{"status": c.Status}, map[string]any{"status": Published})
	})
}

// InputOf is the input that would save c as it is.
func InputOf(c *Call) Input {
	in := Input{Kind: c.Kind, Title: c.Title, Body: c.Body, Opens: c.Opens, Closes: c.Closes,
		Applicants: c.Applicants, MinScore: c.MinScore, Places: c.Places, TieBreak: c.TieBreak, Aggregation: c.Aggregation,
		RetentionMonths: c.RetentionMonths, Declarations: c.Declarations, Fields: c.Fields, Criteria: c.Criteria}
	for _, m := range c.Commission {
		in.Commission = append(in.Commission, m.Email)
	}
	return in
}
