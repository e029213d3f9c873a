package glossary

import (
	"context"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// seedActor signs the revisions of the seed terms.
var seedActor = Actor{Name: "Redazione Le Parole della Salute", Label: "seed"}

// LoadSeed adds the seed terms that are missing (by their seed key), as
// published terms with a first revision, in one transaction. Terms already
// there are never touched, so editors' changes survive every start. When a
// concurrent start on PostgreSQL inserts the same term first, the load is
// tried once more and then finds nothing to do.
func LoadSeed(ctx context.Context, d *db.DB) error {
	err := loadSeed(ctx, d)
	if db.IsUniqueViolation(err) {
		err = loadSeed(ctx, d)
	}
	if err != nil {
		return fmt.Errorf("glossary: load seed: %w", err)
	}
	return nil
}

func loadSeed(ctx context.Context, d *db.DB) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		for _, s := range seedTerms {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM glossary_terms WHERE seed_key = ?`, s.key).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			e := Edit{Content: s.Content, Status: Published}
			e.Related = append([]string(nil), s.Related...)
			e.Sources = append([]Source(nil), s.Sources...)
			if err := e.check(); err != nil {
				return fmt.Errorf("seed term %s: %w", s.key, err)
			}
			if _, err := createTx(ctx, tx, seedActor, e, revisionMeta{}, s.key); err != nil {
				return fmt.Errorf("seed term %s: %w", s.key, err)
			}
		}
		return nil
	})
}
