package glossary

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Revision is the full content of a term after one change.
type Revision struct {
	ID     int64
	TermID int64
	// Number counts the term's revisions from 1.
	Number int
	Content
	// Summary is the author's description of the change; may be empty.
	Summary    string
	AuthorID   int64
	AuthorName string
	// ContributionID is the accepted proposal this revision comes from;
	// CreditName names its proposer when they agreed to be named.
	ContributionID int64
	CreditName     string
	// RestoredFrom is the number of the revision this one restored.
	RestoredFrom int
	CreatedAt    time.Time
}

const revisionColumns = `id, term_id, number, term_it, term_en, definition_it, definition_en, explanation_it, explanation_en,
	examples_it, examples_en, related, sources, summary, COALESCE(author_id, 0), author_name,
	COALESCE(contribution_id, 0), credit_name, restored_from, created_at`

func scanRevision(s scanner) (*Revision, error) {
	var v Revision
	var related, sources string
	if err := s.Scan(&v.ID, &v.TermID, &v.Number, &v.TermIT, &v.TermEN, &v.DefinitionIT, &v.DefinitionEN,
		&v.ExplanationIT, &v.ExplanationEN, &v.ExamplesIT, &v.ExamplesEN, &related, &sources, &v.Summary,
		&v.AuthorID, &v.AuthorName, &v.ContributionID, &v.CreditName, &v.RestoredFrom, &v.CreatedAt); err != nil {
		return nil, err
	}
	var err error
	if v.Related, err = decodeRelated(related); err != nil {
		return nil, err
	}
	if v.Sources, err = decodeSources(sources); err != nil {
		return nil, err
	}
	return &v, nil
}

// Revisions returns every revision of the term, newest first.
func Revisions(ctx context.Context, d *db.DB, termID int64) ([]Revision, error) {
	rows, err := d.Query(ctx, `SELECT `+revisionColumns+` FROM glossary_revisions WHERE term_id = ? ORDER BY number DESC`, termID)
	if err != nil {
		return nil, fmt.Errorf("glossary: revisions of %d: %w", termID, err)
	}
	defer rows.Close()
	var out []Revision
	for rows.Next() {
		v, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("glossary: scan revision: %w", err)
		}
		out = append(out, *v)
	}
	return out, rows.Err()
}

// RevisionOf returns revision number of the term, or ErrNotFound.
func RevisionOf(ctx context.Context, d *db.DB, termID int64, number int) (*Revision, error) {
	return revisionOf(ctx, d, termID, number)
}

func revisionOf(ctx context.Context, q db.Execer, termID int64, number int) (*Revision, error) {
	v, err := scanRevision(q.QueryRow(ctx, `SELECT `+revisionColumns+` FROM glossary_revisions WHERE term_id = ? AND number = ?`, termID, number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("glossary: revision %d of %d: %w", number, termID, err)
	}
	return v, nil
}

// revisionMeta is what a new revision records besides its content.
type revisionMeta struct {
	Summary        string
	ContributionID int64
	CreditName     string
	RestoredFrom   int
}

func insertRevision(ctx context.Context, tx *db.Tx, termID int64, number int, c *Content, a Actor, m revisionMeta) error {
	var author, contribution any
	if a.UserID != 0 {
		author = a.UserID
	}
	if m.ContributionID != 0 {
		contribution = m.ContributionID
	}
	_, err := tx.Exec(ctx, `INSERT INTO glossary_revisions (term_id, number, term_it, term_en, definition_it, definition_en,
		explanation_it, explanation_en, examples_it, examples_en, related, sources, summary, author_id, author_name,
		contribution_id, credit_name, restored_from, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		termID, number, c.TermIT, c.TermEN, c.DefinitionIT, c.DefinitionEN, c.ExplanationIT, c.ExplanationEN,
		c.ExamplesIT, c.ExamplesEN, encodeJSON(c.Related), encodeJSON(c.Sources), m.Summary, author, a.Name,
		contribution, m.CreditName, m.RestoredFrom, db.Now())
	if db.IsUniqueViolation(err) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("glossary: insert revision %d of %d: %w", number, termID, err)
	}
	return nil
}
