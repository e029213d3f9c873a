// Package assets serves the static files built by `make assets`: CSS, JS,
// fonts and the icon sprite, under content-hashed names listed in
// manifest.json.
//
// Templates turn a logical name into a URL with Set.Path; Set.Handler serves
// the hashed files from memory, cached for a year as immutable, choosing the
// brotli or gzip copy written at build time when the client accepts it.
package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Prefix is the URL path under which Handler must be mounted.
const Prefix = "/static/"

// ManifestName is the manifest's file name, at the root of the FS given to
// New. It maps logical names to hashed file names.
const ManifestName = "manifest.json"

// Set is a built set of assets. Its methods are safe for concurrent use, and
// a nil *Set behaves like a set that was never built.
type Set struct {
	built bool
	paths map[string]string // logical name -> URL path
	files map[string]*file  // hashed name -> contents
}

// file is one asset with its precompressed representations.
type file struct {
	contentType []string
	identity    representation
	br, gzip    *representation // nil when not built
}

// representation is one encoding of a file, with its header values prepared
// once so that serving it allocates nothing. The []string values are shared
// across requests and are never modified: len == cap, so an append by other
// code copies them.
type representation struct {
	body      []byte
	etag      string // quoted
	hETag     []string
	hLength   []string
	hEncoding []string // nil for identity
}

// Header values shared by every response.
var (
	hCacheControl = []string{"public, max-age=31536000, immutable"}
	hVary         = []string{"Accept-Encoding"}
	hNosniff      = []string{"nosniff"}
	hAllow        = []string{"GET, HEAD"}
	hBrotli       = []string{"br"}
	hGzip         = []string{"gzip"}
	hNoCache      = []string{"no-cache"}
)

// New loads the manifest and every file it lists from fsys, which is rooted
// at the folder holding manifest.json (web.VendorFS()). All files are read
// into memory now.
//
// When fsys has no manifest (the assets were never built) New returns a Set
// that serves nothing and whose Built reports false, with a nil error. A
// manifest that is malformed or lists a missing file is an error.
func New(fsys fs.FS) (*Set, error) {
	s := &Set{paths: map[string]string{}, files: map[string]*file{}}
	if fsys == nil {
		return s, nil
	}
	raw, err := fs.ReadFile(fsys, ManifestName)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("assets: reading %s: %w", ManifestName, err)
	}
	var manifest map[string]string
	if err := json.Unmarshal(raw, &manifest); err != nil {
		return nil, fmt.Errorf("assets: parsing %s: %w", ManifestName, err)
	}
	for logical, hashed := range manifest {
		if logical == "" || !plainName(hashed) || hashed == ManifestName {
			return nil, fmt.Errorf("assets: %s: bad entry %q: %q", ManifestName, logical, hashed)
		}
		if _, ok := s.files[hashed]; !ok {
			f, err := load(fsys, hashed)
			if err != nil {
				return nil, err
			}
			s.files[hashed] = f
		}
		s.paths[logical] = Prefix + hashed
	}
	s.built = true
	return s, nil
}

// plainName reports whether name is a file name without any directory part.
func plainName(name string) bool {
	return name != "" && name != "." && name != ".." && fs.ValidPath(name) &&
		!strings.ContainsAny(name, `/\`)
}

func load(fsys fs.FS, name string) (*file, error) {
	body, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("assets: %s lists %s: %w (run make assets again)", ManifestName, name, err)
	}
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:12])
	f := &file{
		contentType: []string{contentType(name)},
		identity:    newRepresentation(body, `"`+tag+`"`, nil),
	}
	for _, sib := range []struct {
		ext  string
		enc  []string
		dest **representation
	}{
		{".br", hBrotli, &f.br},
		{".gz", hGzip, &f.gzip},
	} {
		b, err := fs.ReadFile(fsys, name+sib.ext)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("assets: reading %s%s: %w", name, sib.ext, err)
		}
		r := newRepresentation(b, `"`+tag+"-"+sib.enc[0]+`"`, sib.enc)
		*sib.dest = &r
	}
	return f, nil
}

func newRepresentation(body []byte, etag string, encoding []string) representation {
	return representation{
		body:      body,
		etag:      etag,
		hETag:     []string{etag},
		hLength:   []string{strconv.Itoa(len(body))},
		hEncoding: encoding,
	}
}

// contentTypes covers what the pipeline produces; other extensions fall back
// to the mime package.
var contentTypes = map[string]string{
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".map":   "application/json",
	".svg":   "image/svg+xml",
	".txt":   "text/plain; charset=utf-8",
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".webp":  "image/webp",
	".ico":   "image/vnd.microsoft.icon",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if ct, ok := contentTypes[ext]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// Built reports whether the assets were built: false means every Path
// points to a 404 and the operator should run `make assets`.
func (s *Set) Built() bool {
	return s != nil && s.built
}

// Path returns the URL path of the asset with the given logical name, such
// as "/static/bootstrap-italia.min.3f2a9c1d.css" for
// "bootstrap-italia.min.css". An unknown name gives Prefix+logical, which
// the handler answers with 404.
func (s *Set) Path(logical string) string {
	if s != nil {
		if p, ok := s.paths[logical]; ok {
			return p
		}
	}
	return Prefix + logical
}

// Handler returns the handler to mount at Prefix. It expects the full
// request path (it strips Prefix itself) and serves only the hashed files of
// the manifest, for GET and HEAD. Do not wrap it in a compressing
// middleware: it picks the precompressed copies itself.
func (s *Set) Handler() http.Handler {
	return handler{s}
}

type handler struct{ s *Set }

func (h handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr["Allow"] = hAllow
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var f *file
	if name, ok := strings.CutPrefix(r.URL.Path, Prefix); ok && h.s != nil {
		f = h.s.files[name]
	}
	if f == nil {
		hdr["Cache-Control"] = hNoCache
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}

	rep := &f.identity
	ae := r.Header["Accept-Encoding"]
	if f.br != nil && accepts(ae, "br", "") {
		rep = f.br
	} else if f.gzip != nil && accepts(ae, "gzip", "x-gzip") {
		rep = f.gzip
	}

	hdr["Cache-Control"] = hCacheControl
	if len(hdr["Vary"]) == 0 {
		hdr["Vary"] = hVary
	} else {
		hdr.Add("Vary", "Accept-Encoding")
	}
	hdr["Etag"] = rep.hETag
	hdr["X-Content-Type-Options"] = hNosniff

	if inm := r.Header["If-None-Match"]; len(inm) > 0 && etagListMatches(inm, rep.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}

	hdr["Content-Type"] = f.contentType
	hdr["Content-Length"] = rep.hLength
	if rep.hEncoding != nil {
		hdr["Content-Encoding"] = rep.hEncoding
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(rep.body) //nolint:errcheck // the client went away; nothing to do
	}
}

// accepts reports whether the Accept-Encoding header values accept coding
// (or its alias) with a non-zero quality, explicitly or through "*".
// No header at all accepts only identity.
func accepts(values []string, coding, alias string) bool {
	explicit, wildcard := -1, -1 // -1 not listed, 0 refused, 1 accepted
	for _, v := range values {
		for v != "" {
			var elem string
			elem, v, _ = strings.Cut(v, ",")
			token, params, _ := strings.Cut(elem, ";")
			token = strings.TrimSpace(token)
			ok := 1
			if qZero(params) {
				ok = 0
			}
			switch {
			case strings.EqualFold(token, coding), alias != "" && strings.EqualFold(token, alias):
				explicit = max(explicit, ok)
			case token == "*":
				wildcard = max(wildcard, ok)
			}
		}
	}
	if explicit >= 0 {
		return explicit == 1
	}
	return wildcard == 1
}

// qZero reports whether the parameters of an Accept-Encoding element give
// it a quality of zero ("q=0", "q=0.0", "q=0.000").
func qZero(params string) bool {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		val = strings.TrimSpace(val)
		if val == "" || val[0] != '0' {
			return false
		}
		return strings.Trim(val[1:], ".0") == "" && strings.Count(val, ".") <= 1
	}
	return false
}

// etagListMatches reports whether an If-None-Match header matches etag,
// using the weak comparison RFC 9110 prescribes for it.
func etagListMatches(values []string, etag string) bool {
	for _, v := range values {
		for v != "" {
			var elem string
			elem, v, _ = strings.Cut(v, ",")
			elem = strings.TrimSpace(elem)
			if elem == "*" {
				return true
			}
			elem = strings.TrimPrefix(elem, "W/")
			if elem == etag {
				return true
			}
		}
	}
	return false
}
