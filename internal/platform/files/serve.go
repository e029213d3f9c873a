package files

import (
	"errors"
	"fmt"
	"mime"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Serve writes the content of f from s: its sniffed Content-Type,
// nosniff, Content-Disposition inline for images and attachment for
// everything else (with the sanitised original name), and Range support.
// Public files are cached for a year as immutable (their URL names the
// content); others are private and never stored by shared caches. The
// caller has already decided that the user may read f.
func Serve(w http.ResponseWriter, r *http.Request, s Store, f File) error {
	rc, err := s.Open(r.Context(), f.Hash)
	if errors.Is(err, ErrNotFound) {
		return web.NotFound()
	}
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	disposition := "attachment"
	if f.IsImage() {
		disposition = "inline"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": f.Name}))
	// A file is never a page: nothing in it may run, even if a browser
	// were tricked into rendering it.
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox")
	if f.Public {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "private, no-cache")
	}
	h.Set("ETag", `"`+f.Hash+`"`)
	http.ServeContent(w, r, "", f.CreatedAt, rc)
	return nil
}

// URL is the public address of a public file.
func URL(hash string) string { return "/file/" + hash }

// Handlers serves public files at /file/{hash}.
type Handlers struct {
	DB    *db.DB
	Store Store
}

// Register adds the public file route. A file that is not public does
// not exist here: features serve those behind their own permission check.
func (h *Handlers) Register(rt *web.Router) error {
	if h.Store == nil {
		return fmt.Errorf("files: no store")
	}
	rt.Handle("GET /file/{hash}", authz.ViewPublic, h.Public)
	return nil
}

// Public serves GET /file/{hash}: the content if some upload of it is
// public, the 404 page otherwise.
func (h *Handlers) Public(w http.ResponseWriter, r *http.Request) error {
	hash := r.PathValue("hash")
	if !ValidHash(hash) {
		return web.NotFound()
	}
	f, err := PublicByHash(r.Context(), h.DB, hash)
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	if err != nil {
		return err
	}
	return Serve(w, r, h.Store, f)
}
