// Package files keeps uploaded files: the bytes in a Store, addressed by
// their SHA-256, and one row per upload in the files table (who uploaded
// what, under which name, whether it is public). Types are decided from
// the content, never from the file name; sizes are enforced while the
// upload streams; files are served with their sniffed type, nosniff, and a
// Content-Disposition that lets only images show inline.
package files

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
)

// Blob is stored content.
type Blob struct {
	Hash        string // lower-case hex SHA-256 of the content
	Size        int64
	ContentType string // sniffed from the first bytes
}

// Store keeps blobs by hash. The directory store is the default; a store
// that several instances share (S3-compatible, say) can take its place.
type Store interface {
	// Put stores what r yields, at most limit bytes (ErrTooLarge beyond,
	// with nothing stored). Storing content that is already there is not
	// an error: the same Blob comes back.
	Put(ctx context.Context, r io.Reader, limit int64) (Blob, error)
	// Open returns the content of hash, or ErrNotFound.
	Open(ctx context.Context, hash string) (io.ReadSeekCloser, error)
	// Delete removes the content of hash; a missing blob is not an error.
	Delete(ctx context.Context, hash string) error
}

// Errors of the store.
var (
	ErrTooLarge = errors.New("files: too large")
	ErrNotFound = errors.New("files: not found")
)

// Dir is a Store in a directory: root/ab/cd/<hash>, written to a temporary
// file, synced, then renamed into place, so a blob is either whole or
// absent. The directory is created at the first Put.
type Dir struct {
	root string
}

// NewDir returns the store rooted at root (typically <data>/files).
func NewDir(root string) *Dir { return &Dir{root: root} }

// ValidHash reports whether h looks like a hash this package produced.
func ValidHash(h string) bool {
	if len(h) != sha256.Size*2 {
		return false
	}
	for _, c := range h {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (d *Dir) path(hash string) string {
	return filepath.Join(d.root, hash[:2], hash[2:4], hash)
}

// Put implements Store.
func (d *Dir) Put(ctx context.Context, r io.Reader, limit int64) (b Blob, err error) {
	tmpDir := filepath.Join(d.root, "tmp")
	if err := os.MkdirAll(tmpDir, 0o750); err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	tmp, err := os.CreateTemp(tmpDir, "upload-*")
	if err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	defer func() {
		if tmp != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	sniff := &headWriter{max: 512}
	n, err := io.Copy(io.MultiWriter(tmp, h, sniff), io.LimitReader(&ctxReader{ctx, r}, limit+1))
	if err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	if n > limit {
		return Blob{}, ErrTooLarge
	}
	if err := tmp.Sync(); err != nil {
		return Blob{}, fmt.Errorf("files: put: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	b = Blob{Hash: hex.EncodeToString(h.Sum(nil)), Size: n, ContentType: http.DetectContentType(sniff.b)}
	dst := d.path(b.Hash)
	if _, err := os.Stat(dst); err == nil {
		return b, nil // same content already stored
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	tmp = nil
	if err := syncDir(filepath.Dir(dst)); err != nil {
		return Blob{}, fmt.Errorf("files: put: %w", err)
	}
	return b, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	f, err := os.Open(dir) // #nosec G304 -- dir is the store's own folder, from the operator's --data flag
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Open implements Store.
func (d *Dir) Open(ctx context.Context, hash string) (io.ReadSeekCloser, error) {
	if !ValidHash(hash) {
		return nil, ErrNotFound
	}
	f, err := os.Open(d.path(hash)) // #nosec G703 -- d.path takes only a hash checked by ValidHash (hex, fixed length)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("files: open %s: %w", hash, err)
	}
	return f, nil
}

// Delete implements Store.
func (d *Dir) Delete(ctx context.Context, hash string) error {
	if !ValidHash(hash) {
		return nil
	}
	err := os.Remove(d.path(hash))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("files: delete %s: %w", hash, err)
	}
	return nil
}

// headWriter keeps the first max bytes written to it.
type headWriter struct {
	b   []byte
	max int
}

func (w *headWriter) Write(p []byte) (int, error) {
	if room := w.max - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// ctxReader stops a copy when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
