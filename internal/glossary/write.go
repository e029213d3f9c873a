package glossary

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
)

// Actor is who makes a change: the signed-in editor (Name is shown in the
// history, Label goes to the audit log), or the system (zero UserID).
type Actor struct {
	UserID    int64
	Name      string
	Label     string
	IP        string
	RequestID string
}

// Edit is a change an editor makes to a term: its new content, status and
// a short description of the change.
type Edit struct {
	Content
	Status  Status
	Summary string
}

func (e *Edit) check() error {
	e.normalize()
	e.Summary = strings.TrimSpace(e.Summary)
	p := Problems{}
	e.validate(p)
	if !e.Status.Valid() {
		p.add("status", "glossary.error.status")
	}
	if utf8.RuneCountInString(e.Summary) > MaxSummary {
		p.add("summary", "glossary.error.summary_too_long")
	}
	return p.orNil()
}

// Create adds a term with its first revision, authored by a.
func Create(ctx context.Context, d *db.DB, a Actor, e Edit) (*Term, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	var t *Term
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		t, err = createTx(ctx, tx, a, e, revisionMeta{Summary: e.Summary}, "")
		return err
	})
	return t, err
}

// createTx inserts the term and its revision 1 and records it in the
// audit log. seedKey marks a term loaded at start ("" otherwise); the seed
// may name related terms it loads later in the same transaction, so their
// existence is checked by a test instead. The content must be checked
// already.
func createTx(ctx context.Context, tx *db.Tx, a Actor, e Edit, m revisionMeta, seedKey string) (*Term, error) {
	if seedKey == "" {
		if err := checkRelated(ctx, tx, "", e.Related); err != nil {
			return nil, err
		}
	}
	slug, err := freeSlug(ctx, tx, slugify(e.TermIT))
	if err != nil {
		return nil, err
	}
	var seed any
	if seedKey != "" {
		seed = seedKey
	}
	now := db.Now()
	id, err := tx.InsertID(ctx, `INSERT INTO glossary_terms (slug, initial, term_it, term_en, definition_it, definition_en,
		explanation_it, explanation_en, examples_it, examples_en, related, sources, status, revision, seed_key, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
		slug, Initial(e.TermIT), e.TermIT, e.TermEN, e.DefinitionIT, e.DefinitionEN, e.ExplanationIT, e.ExplanationEN,
		e.ExamplesIT, e.ExamplesEN, encodeJSON(e.Related), encodeJSON(e.Sources), string(e.Status), seed, now, now)
	if err != nil {
		return nil, fmt.Errorf("glossary: insert term %q: %w", slug, err)
	}
	if err := insertRevision(ctx, tx, id, 1, &e.Content, a, m); err != nil {
		return nil, err
	}
	after := map[string]any{"slug": slug, "term": e.TermIT, "status": e.Status, "revision": 1}
	if err := record(ctx, tx, a, "glossary.create", id, nil, after); err != nil {
		return nil, err
	}
	if e.Status == Published {
		if err := record(ctx, tx, a, "glossary.publish", id, map[string]any{"status": ""}, map[string]any{"status": Published}); err != nil {
			return nil, err
		}
	}
	return indexed(ctx, tx, id)
}

// freeSlug returns base, or base-2, base-3… when taken. A slug never
// changes after creation, so links to a term keep working.
func freeSlug(ctx context.Context, tx *db.Tx, base string) (string, error) {
	for i := 1; i < 1000; i++ {
		s := base
		if i > 1 {
			s = fmt.Sprintf("%s-%d", base, i)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM glossary_terms WHERE slug = ?`, s).Scan(&n); err != nil {
			return "", fmt.Errorf("glossary: check slug: %w", err)
		}
		if n == 0 {
			return s, nil
		}
	}
	return "", fmt.Errorf("glossary: no free slug for %q", base)
}

// checkRelated requires every related slug to be an existing term other
// than self.
func checkRelated(ctx context.Context, tx *db.Tx, self string, related []string) error {
	if len(related) == 0 {
		return nil
	}
	found, err := bySlugs(ctx, tx, related, false)
	if err != nil {
		return err
	}
	if len(found) != len(related) || containsSlug(related, self) {
		return Problems{"related": {"glossary.error.related_unknown"}}
	}
	return nil
}

func containsSlug(slugs []string, s string) bool {
	for _, x := range slugs {
		if x == s {
			return true
		}
	}
	return false
}

// Update changes the term with slug as e says, as a new revision authored
// by a. base is the revision the editor started from: when the term has
// moved on since, nothing is saved and the error is ErrConflict (0 skips
// the check). A change of status alone makes no revision; it is recorded
// in the audit log like every change of status. Nothing to change is
// ErrNoChange.
func Update(ctx context.Context, d *db.DB, a Actor, slug string, base int, e Edit) (*Term, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	var t *Term
	err := d.Tx(ctx, func(tx *db.Tx) error {
		cur, err := termBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		t, err = updateTx(ctx, tx, a, cur, base, e, revisionMeta{Summary: e.Summary})
		return err
	})
	return t, err
}

// updateTx applies e to cur; see Update.
func updateTx(ctx context.Context, tx *db.Tx, a Actor, cur *Term, base int, e Edit, m revisionMeta) (*Term, error) {
	if base != 0 && base != cur.Revision {
		return nil, ErrConflict
	}
	contentChanged := !cur.Equal(&e.Content)
	if !contentChanged && cur.Status == e.Status {
		return nil, ErrNoChange
	}
	if err := checkRelated(ctx, tx, cur.Slug, e.Related); err != nil {
		return nil, err
	}
	next := cur.Revision
	if contentChanged {
		next++
	}
	res, err := tx.Exec(ctx, `UPDATE glossary_terms SET initial = ?, term_it = ?, term_en = ?, definition_it = ?, definition_en = ?,
		explanation_it = ?, explanation_en = ?, examples_it = ?, examples_en = ?, related = ?, sources = ?, status = ?,
		revision = ?, updated_at = ? WHERE id = ? AND revision = ?`,
		Initial(e.TermIT), e.TermIT, e.TermEN, e.DefinitionIT, e.DefinitionEN, e.ExplanationIT, e.ExplanationEN,
		e.ExamplesIT, e.ExamplesEN, encodeJSON(e.Related), encodeJSON(e.Sources), string(e.Status),
		next, db.Now(), cur.ID, cur.Revision)
	if err != nil {
		return nil, fmt.Errorf("glossary: update %q: %w", cur.Slug, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return nil, errors.Join(ErrConflict, err)
	}
	if contentChanged {
		if err := insertRevision(ctx, tx, cur.ID, next, &e.Content, a, m); err != nil {
			return nil, err
		}
	}
	if cur.Status != e.Status {
		action := "glossary.publish"
		if e.Status == Draft {
			action = "glossary.unpublish"
		}
		if err := record(ctx, tx, a, action, cur.ID, map[string]any{"status": cur.Status, "revision": cur.Revision},
			map[string]any{"status": e.Status, "revision": next}); err != nil {
			return nil, err
		}
	}
	return indexed(ctx, tx, cur.ID)
}

// indexed reads term id back and brings its search document up to date.
func indexed(ctx context.Context, tx *db.Tx, id int64) (*Term, error) {
	t, err := termByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := indexForSearch(ctx, tx, t); err != nil {
		return nil, fmt.Errorf("glossary: index %q: %w", t.Slug, err)
	}
	return t, nil
}

// Restore makes the content of revision number the term's content again,
// as a new revision authored by a (the status does not change). Restoring
// what the term already says is ErrNoChange.
func Restore(ctx context.Context, d *db.DB, a Actor, slug string, number int) (*Term, error) {
	var t *Term
	err := d.Tx(ctx, func(tx *db.Tx) error {
		cur, err := termBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		old, err := revisionOf(ctx, tx, cur.ID, number)
		if err != nil {
			return err
		}
		// A related term may not exist any longer (none is ever deleted
		// today; the check keeps the rule of Update).
		e := Edit{Content: old.Content, Status: cur.Status}
		t, err = updateTx(ctx, tx, a, cur, cur.Revision, e, revisionMeta{RestoredFrom: number})
		if err != nil {
			return err
		}
		return record(ctx, tx, a, "glossary.restore", cur.ID, map[string]any{"revision": cur.Revision},
			map[string]any{"revision": t.Revision, "restored_from": number})
	})
	return t, err
}

// record writes one audit line about term id.
func record(ctx context.Context, ex db.Execer, a Actor, action string, id int64, before, after any) error {
	e := audit.Entry{ActorID: a.UserID, ActorLabel: a.Label, Action: action, Entity: "glossary_term",
		EntityID: fmt.Sprint(id), IP: a.IP, RequestID: a.RequestID}
	if before != nil {
		e.Before = audit.JSON(before)
	}
	if after != nil {
		e.After = audit.JSON(after)
	}
	return audit.Record(ctx, ex, e)
}
