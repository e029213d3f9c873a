package paths

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// LoadSeeds brings the built-in editions and path templates (seeds.go) in
// the database up to date. It runs at every start: when everything is
// already as the code describes it, it only reads two small tables;
// otherwise it writes in one transaction. A template whose definition
// changed gets its phases replaced; paths already made from it keep their
// own copy and do not move. Nothing is ever deleted.
func LoadSeeds(ctx context.Context, d *db.DB) error {
	upToDate, err := seedsUpToDate(ctx, d)
	if err != nil {
		return fmt.Errorf("paths: read seeds: %w", err)
	}
	if upToDate {
		return nil
	}
	err = d.Tx(ctx, func(tx *db.Tx) error {
		for _, e := range seedEditions {
			if err := upsertEdition(ctx, tx, e); err != nil {
				return err
			}
		}
		for _, t := range seedTemplates {
			if err := upsertTemplate(ctx, tx, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("paths: load seeds: %w", err)
	}
	return nil
}

// definitionHash fingerprints a template's definition.
func definitionHash(t Template) string {
	b, err := json.Marshal(t)
	if err != nil {
		panic(err) // plain structs of strings and ints always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func editionLine(slug, nameIT, nameEN, start, end string) string {
	return slug + "\x1f" + nameIT + "\x1f" + nameEN + "\x1f" + start + "\x1f" + end
}

func seedsUpToDate(ctx context.Context, d *db.DB) (bool, error) {
	have := map[string]bool{}
	rows, err := d.Query(ctx, `SELECT slug, name_it, name_en, start_date, COALESCE(end_date, '') FROM editions`)
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var s, it, en, start, end string
		if err := rows.Scan(&s, &it, &en, &start, &end); err != nil {
			rows.Close()
			return false, err
		}
		have[editionLine(s, it, en, start, end)] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, e := range seedEditions {
		if !have[editionLine(e.Slug, e.Name.IT, e.Name.EN, e.Start.String(), e.End.String())] {
			return false, nil
		}
	}
	hashes := map[string]string{}
	rows, err = d.Query(ctx, `SELECT slug, definition_hash FROM path_templates`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	for rows.Next() {
		var s, h string
		if err := rows.Scan(&s, &h); err != nil {
			return false, err
		}
		hashes[s] = h
	}
	if err := rows.Err(); err != nil {
		return false, err
	}
	for _, t := range seedTemplates {
		if hashes[t.Slug] != definitionHash(t) {
			return false, nil
		}
	}
	return true, nil
}

func upsertEdition(ctx context.Context, tx *db.Tx, e Edition) error {
	_, err := tx.Exec(ctx, `INSERT INTO editions (slug, name_it, name_en, start_date, end_date) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (slug) DO UPDATE SET name_it = excluded.name_it, name_en = excluded.name_en,
	start_date = excluded.start_date, end_date = excluded.end_date`,
		e.Slug, e.Name.IT, e.Name.EN, e.Start, e.End)
	if err != nil {
		return fmt.Errorf("edition %s: %w", e.Slug, err)
	}
	return nil
}

// upsertTemplate writes t and replaces its phases. On PostgreSQL the upsert
// locks the template's row, so two instances starting together write one
// after the other.
func upsertTemplate(ctx context.Context, tx *db.Tx, t Template) error {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO path_templates (slug, name_it, name_en, description_it, description_en, duration_months, definition_hash)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (slug) DO UPDATE SET name_it = excluded.name_it, name_en = excluded.name_en,
	description_it = excluded.description_it, description_en = excluded.description_en,
	duration_months = excluded.duration_months, definition_hash = excluded.definition_hash
RETURNING id`,
		t.Slug, t.Name.IT, t.Name.EN, t.Description.IT, t.Description.EN, t.DurationMonths, definitionHash(t)).Scan(&id)
	if err != nil {
		return fmt.Errorf("template %s: %w", t.Slug, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM phase_templates WHERE template_id = ?`, id); err != nil {
		return fmt.Errorf("template %s: clear phases: %w", t.Slug, err)
	}
	for i, ph := range t.Phases {
		pid, err := tx.InsertID(ctx, `INSERT INTO phase_templates (template_id, position, name_it, name_en, description_it, description_en, offset_weeks, duration_weeks)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id, i+1, ph.Name.IT, ph.Name.EN, ph.Description.IT, ph.Description.EN, ph.OffsetWeeks, ph.DurationWeeks)
		if err != nil {
			return fmt.Errorf("template %s: phase %d: %w", t.Slug, i+1, err)
		}
		for j, a := range ph.Activities {
			if _, err := tx.Exec(ctx, `INSERT INTO phase_template_activities (phase_template_id, position, kind, planned_count, label_it, label_en)
VALUES (?, ?, ?, ?, ?, ?)`, pid, j+1, a.Kind, a.Count, a.Label.IT, a.Label.EN); err != nil {
				return fmt.Errorf("template %s: phase %d: activity %d: %w", t.Slug, i+1, j+1, err)
			}
		}
	}
	return nil
}
