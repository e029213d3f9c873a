package files

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// File is one upload's row in the files table.
type File struct {
	ID          int64
	Hash        string
	Size        int64
	ContentType string
	Name        string
	Width       int
	Height      int
	UploadedBy  int64 // 0 when unknown
	CreatedAt   time.Time
	Public      bool
}

// IsImage reports whether the file is a picture browsers show inline.
func (f File) IsImage() bool {
	for _, t := range ImageTypes {
		if f.ContentType == t {
			return true
		}
	}
	return false
}

// Record inserts the row of an upload whose bytes are in the store as b,
// in the transaction that links it to its owner.
func Record(ctx context.Context, tx *db.Tx, b Blob, f File) (File, error) {
	f.Hash, f.Size, f.ContentType = b.Hash, b.Size, b.ContentType
	f.Name = SanitizeName(f.Name)
	if f.CreatedAt.IsZero() {
		f.CreatedAt = db.Now()
	}
	var by any
	if f.UploadedBy != 0 {
		by = f.UploadedBy
	}
	err := tx.QueryRow(ctx, `INSERT INTO files (hash, size, content_type, name, width, height, uploaded_by, created_at, public)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.Hash, f.Size, f.ContentType, f.Name, f.Width, f.Height, by, f.CreatedAt, f.Public).Scan(&f.ID)
	if err != nil {
		return File{}, fmt.Errorf("files: record %s: %w", f.Hash, err)
	}
	return f, nil
}

const fileColumns = `id, hash, size, content_type, name, width, height, COALESCE(uploaded_by, 0), created_at, public`

func scanFile(row interface{ Scan(...any) error }) (File, error) {
	var f File
	err := row.Scan(&f.ID, &f.Hash, &f.Size, &f.ContentType, &f.Name, &f.Width, &f.Height, &f.UploadedBy, &f.CreatedAt, &f.Public)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, db.ErrNotFound
	}
	return f, err
}

// Get returns the row id, or db.ErrNotFound.
func Get(ctx context.Context, ex db.Execer, id int64) (File, error) {
	f, err := scanFile(ex.QueryRow(ctx, `SELECT `+fileColumns+` FROM files WHERE id = ?`, id))
	if err != nil {
		return File{}, fmt.Errorf("files: get %d: %w", id, err)
	}
	return f, nil
}

// PublicByHash returns a public row for hash, or db.ErrNotFound when no
// upload of that content is public.
func PublicByHash(ctx context.Context, ex db.Execer, hash string) (File, error) {
	f, err := scanFile(ex.QueryRow(ctx, `SELECT `+fileColumns+` FROM files WHERE hash = ? AND public = ? ORDER BY id LIMIT 1`, hash, true))
	if err != nil {
		return File{}, fmt.Errorf("files: public %s: %w", hash, err)
	}
	return f, nil
}

// SetPublic makes the upload id public or private.
func SetPublic(ctx context.Context, ex db.Execer, id int64, public bool) error {
	if _, err := ex.Exec(ctx, `UPDATE files SET public = ? WHERE id = ?`, public, id); err != nil {
		return fmt.Errorf("files: set public %d: %w", id, err)
	}
	return nil
}

// Remove deletes the row id and, when no other row shares its content,
// the bytes in the store. The row goes first: bytes left behind by a
// failure are harmless, a row without bytes would not be.
func Remove(ctx context.Context, d *db.DB, s Store, id int64) error {
	f, err := Get(ctx, d, id)
	if err != nil {
		return err
	}
	if _, err := d.Exec(ctx, `DELETE FROM files WHERE id = ?`, id); err != nil {
		return fmt.Errorf("files: remove %d: %w", id, err)
	}
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM files WHERE hash = ?`, f.Hash).Scan(&n); err != nil {
		return fmt.Errorf("files: remove %d: %w", id, err)
	}
	if n == 0 {
		return s.Delete(ctx, f.Hash)
	}
	return nil
}
