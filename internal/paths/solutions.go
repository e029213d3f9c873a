package paths

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/db"
)

const maxBody = 20000

// SolutionInput is what CreateSolution and UpdateSolution need. In problems
// the fields are named zone, path, title_it, title_en, summary_it,
// summary_en, body_it, body_en, slug.
type SolutionInput struct {
	Zone    string // ignored by UpdateSolution: a solution stays in its zone
	Path    string // slug of a path of the same zone, or ""
	Title   Text
	Summary Text
	Body    Text // plain text; blank lines separate paragraphs
	// Slug is optional at creation (made from the title); it never changes.
	Slug string
}

const solutionSelect = `SELECT s.id, s.slug, s.zone_id, z.name, COALESCE(s.path_id, 0), COALESCE(p.slug, ''), COALESCE(p.title_it, ''),
	COALESCE(p.title_en, ''), COALESCE(p.status, ''), s.title_it, s.title_en, s.summary_it, s.summary_en, s.body_it, s.body_en,
	s.created_at, s.updated_at
FROM solutions s JOIN zones z ON z.id = s.zone_id LEFT JOIN paths p ON p.id = s.path_id`

func querySolutions(ctx context.Context, q db.Execer, where string, args ...any) ([]Solution, error) {
	rows, err := q.Query(ctx, solutionSelect+" WHERE "+where+" ORDER BY s.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Solution
	for rows.Next() {
		var s Solution
		var status string
		if err := rows.Scan(&s.ID, &s.Slug, &s.ZoneID, &s.ZoneName, &s.PathID, &s.PathSlug, &s.PathTitle.IT, &s.PathTitle.EN, &status,
			&s.Title.IT, &s.Title.EN, &s.Summary.IT, &s.Summary.EN, &s.Body.IT, &s.Body.EN, &s.CreatedAt, &s.UpdatedAt); err != nil {
			return nil, err
		}
		s.PathPublished = status == string(Published)
		out = append(out, s)
	}
	return out, rows.Err()
}

// Solutions lists the solutions tested in zone, oldest first. One query.
func Solutions(ctx context.Context, d *db.DB, zone string) ([]Solution, error) {
	out, err := querySolutions(ctx, d, "s.zone_id = ?", zone)
	if err != nil {
		return nil, fmt.Errorf("paths: solutions of %s: %w", zone, err)
	}
	return out, nil
}

// SolutionsIn lists the solutions of zones (of every zone when all), for
// the editing screens. One query.
func SolutionsIn(ctx context.Context, d *db.DB, zones []string, all bool) ([]Solution, error) {
	if all {
		return querySolutions(ctx, d, "1 = 1")
	}
	if len(zones) == 0 {
		return nil, nil
	}
	args := make([]any, len(zones))
	for i, z := range zones {
		args[i] = z
	}
	out, err := querySolutions(ctx, d, "s.zone_id IN ("+placeholders(len(zones))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("paths: solutions: %w", err)
	}
	return out, nil
}

// SolutionBySlug returns one solution, or db.ErrNotFound.
func SolutionBySlug(ctx context.Context, d *db.DB, slug string) (Solution, error) {
	out, err := querySolutions(ctx, d, "s.slug = ?", slug)
	if err != nil {
		return Solution{}, fmt.Errorf("paths: solution %q: %w", slug, err)
	}
	if len(out) == 0 {
		return Solution{}, fmt.Errorf("paths: solution %q: %w", slug, db.ErrNotFound)
	}
	return out[0], nil
}

// checkSolution records the problems of in for a solution of zone and
// returns the id of its path (nil for none).
func checkSolution(ctx context.Context, tx db.Execer, zone string, in SolutionInput, pr *problems) any {
	if in.Title.IT == "" {
		pr.add("title_it", "form.required")
	}
	if in.Summary.IT == "" {
		pr.add("summary_it", "form.required")
	}
	checkLen(pr, "title_it", in.Title.IT, maxTitle)
	checkLen(pr, "title_en", in.Title.EN, maxTitle)
	checkLen(pr, "summary_it", in.Summary.IT, maxSummary)
	checkLen(pr, "summary_en", in.Summary.EN, maxSummary)
	checkLen(pr, "body_it", in.Body.IT, maxBody)
	checkLen(pr, "body_en", in.Body.EN, maxBody)
	if in.Path == "" || zone == "" {
		return nil
	}
	var id int64
	var pathZone string
	err := tx.QueryRow(ctx, `SELECT id, zone_id FROM paths WHERE slug = ?`, in.Path).Scan(&id, &pathZone)
	if err != nil || pathZone != zone {
		pr.add("path", "paths.err.solution_path_zone")
		return nil
	}
	return id
}

type solutionState struct {
	Path      string `json:"path"`
	TitleIT   string `json:"title_it"`
	TitleEN   string `json:"title_en"`
	SummaryIT string `json:"summary_it"`
	SummaryEN string `json:"summary_en"`
	BodyIT    string `json:"body_it"`
	BodyEN    string `json:"body_en"`
}

func (in SolutionInput) state() solutionState {
	return solutionState{in.Path, in.Title.IT, in.Title.EN, in.Summary.IT, in.Summary.EN, in.Body.IT, in.Body.EN}
}

// Validate returns an *InvalidError listing every problem of in for a
// solution of zone, or nil, without changing anything.
func (in SolutionInput) Validate(ctx context.Context, d *db.DB, zone string) error {
	var pr problems
	checkZone(ctx, d, zone, &pr)
	checkSolution(ctx, d, zone, in, &pr)
	return pr.err()
}

// CreateSolution records a solution tested in a zone and returns its slug.
// Invalid input gives an *InvalidError.
func CreateSolution(ctx context.Context, d *db.DB, actor Actor, in SolutionInput) (string, error) {
	var slug string
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var pr problems
		checkZone(ctx, tx, in.Zone, &pr)
		if in.Slug != "" && (!validSlug(in.Slug) || reservedSlugs[in.Slug]) {
			pr.add("slug", "paths.err.slug_invalid")
		}
		pathID := checkSolution(ctx, tx, in.Zone, in, &pr)
		if err := pr.err(); err != nil {
			return err
		}
		var err error
		if slug, err = freeSlug(ctx, tx, "solutions", in.Slug, in.Title.IT, "soluzione"); err != nil {
			return err
		}
		now := db.Now()
		id, err := tx.InsertID(ctx, `INSERT INTO solutions (slug, zone_id, path_id, title_it, title_en, summary_it, summary_en, body_it, body_en,
	created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			slug, in.Zone, pathID, in.Title.IT, in.Title.EN, in.Summary.IT, in.Summary.EN, in.Body.IT, in.Body.EN, now, now)
		if db.IsUniqueViolation(err) {
			pr.add("slug", "paths.err.slug_taken")
			return pr.err()
		}
		if err != nil {
			return err
		}
		return actor.record(ctx, tx, "solution.create", "solution", strconv.FormatInt(id, 10), in.Zone, nil, in.state())
	})
	if err := wrapChange(err, "create solution in "+in.Zone); err != nil {
		return "", err
	}
	return slug, nil
}

// UpdateSolution changes a solution's path and texts, recording the change.
func UpdateSolution(ctx context.Context, d *db.DB, actor Actor, id int64, in SolutionInput) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var zone string
		var before SolutionInput
		err := tx.QueryRow(ctx, `SELECT s.zone_id, COALESCE(p.slug, ''), s.title_it, s.title_en, s.summary_it, s.summary_en, s.body_it, s.body_en
FROM solutions s LEFT JOIN paths p ON p.id = s.path_id WHERE s.id = ?`, id).Scan(
			&zone, &before.Path, &before.Title.IT, &before.Title.EN, &before.Summary.IT, &before.Summary.EN, &before.Body.IT, &before.Body.EN)
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return err
		}
		var pr problems
		pathID := checkSolution(ctx, tx, zone, in, &pr)
		if err := pr.err(); err != nil {
			return err
		}
		if before.state() == in.state() {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE solutions SET path_id = ?, title_it = ?, title_en = ?, summary_it = ?, summary_en = ?,
	body_it = ?, body_en = ?, updated_at = ? WHERE id = ?`,
			pathID, in.Title.IT, in.Title.EN, in.Summary.IT, in.Summary.EN, in.Body.IT, in.Body.EN, db.Now(), id); err != nil {
			return err
		}
		return actor.record(ctx, tx, "solution.update", "solution", strconv.FormatInt(id, 10), zone, before.state(), in.state())
	})
	return wrapChange(err, fmt.Sprintf("update solution %d", id))
}

// DeleteSolution removes a solution, keeping what it said in the audit log.
func DeleteSolution(ctx context.Context, d *db.DB, actor Actor, id int64) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var zone string
		var before SolutionInput
		err := tx.QueryRow(ctx, `SELECT s.zone_id, s.slug, COALESCE(p.slug, ''), s.title_it, s.title_en, s.summary_it, s.summary_en, s.body_it, s.body_en
FROM solutions s LEFT JOIN paths p ON p.id = s.path_id WHERE s.id = ?`, id).Scan(&zone, &before.Slug, &before.Path,
			&before.Title.IT, &before.Title.EN, &before.Summary.IT, &before.Summary.EN, &before.Body.IT, &before.Body.EN)
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM solutions WHERE id = ?`, id); err != nil {
			return err
		}
		return actor.record(ctx, tx, "solution.delete", "solution", strconv.FormatInt(id, 10), zone,
			before.state(), nil)
	})
	return wrapChange(err, fmt.Sprintf("delete solution %d", id))
}
