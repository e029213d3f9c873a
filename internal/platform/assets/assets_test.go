package assets

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantieri/cantieri/web"
)

const (
	cssBody = "body{font-family:\"Titillium Web\"}\n"
	jsBody  = "console.log('cantieri');\n"
	svgBody = `<svg xmlns="http://www.w3.org/2000/svg"><symbol id="it-search"/></svg>`
	// Not real brotli (the standard library has no encoder): the handler
	// serves the bytes as they are, which is all these tests look at.
	cssBrotli = "BROTLI:" + cssBody
)

func gz(t testing.TB, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixture is a built asset folder: a CSS file with .br and .gz, a JS file
// with .gz only, a font and a sprite without siblings, plus files that are
// there but not in the manifest.
func fixture(t testing.TB) fstest.MapFS {
	return fstest.MapFS{
		"manifest.json": {Data: []byte(`{
			"app.css": "app.1a2b3c4d.css",
			"app.js": "app.5e6f7a8b.js",
			"sprites.svg": "sprites.9c0d1e2f.svg",
			"font.woff2": "font.3a4b5c6d.woff2"
		}`)},
		"app.1a2b3c4d.css":       {Data: []byte(cssBody)},
		"app.1a2b3c4d.css.br":    {Data: []byte(cssBrotli)},
		"app.1a2b3c4d.css.gz":    {Data: gz(t, cssBody)},
		"app.5e6f7a8b.js":        {Data: []byte(jsBody)},
		"app.5e6f7a8b.js.gz":     {Data: gz(t, jsBody)},
		"sprites.9c0d1e2f.svg":   {Data: []byte(svgBody)},
		"font.3a4b5c6d.woff2":    {Data: []byte("wOF2 font bytes")},
		"unlisted.2b3c4d5e.css":  {Data: []byte("secret")},
		"sub/app.1a2b3c4d.css":   {Data: []byte(cssBody)},
		".keep":                  {Data: nil},
		"app.1a2b3c4d.css.other": {Data: []byte("x")},
	}
}

func newFixtureSet(t testing.TB) *Set {
	t.Helper()
	s, err := New(fixture(t))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if !s.Built() {
		t.Fatal("Built() = false for a fixture with a manifest")
	}
	return s
}

func TestPath(t *testing.T) {
	s := newFixtureSet(t)
	var nilSet *Set
	unbuilt, err := New(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		set     *Set
		logical string
		want    string
	}{
		{"css", s, "app.css", "/static/app.1a2b3c4d.css"},
		{"sprite", s, "sprites.svg", "/static/sprites.9c0d1e2f.svg"},
		{"unknown", s, "nope.css", "/static/nope.css"},
		{"empty", s, "", "/static/"},
		{"hashed name is not a logical name", s, "app.1a2b3c4d.css", "/static/app.1a2b3c4d.css"},
		{"unbuilt set", unbuilt, "app.css", "/static/app.css"},
		{"nil set", nilSet, "app.css", "/static/app.css"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.set.Path(tt.logical); got != tt.want {
				t.Errorf("Path(%q) = %q, want %q", tt.logical, got, tt.want)
			}
		})
	}
}

func TestNewWithoutManifest(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"empty":              {},
		"only .keep":         {".keep": {}},
		"files, no manifest": {"app.1a2b3c4d.css": {Data: []byte(cssBody)}},
	} {
		t.Run(name, func(t *testing.T) {
			s, err := New(fsys)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if s.Built() {
				t.Error("Built() = true without a manifest")
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/static/app.1a2b3c4d.css", nil))
			if rec.Code != http.StatusNotFound {
				t.Errorf("status = %d, want 404", rec.Code)
			}
		})
	}
	s, err := New(nil)
	if err != nil || s.Built() {
		t.Errorf("New(nil) = built %v, err %v; want an unbuilt set", s.Built(), err)
	}
}

func TestNewErrors(t *testing.T) {
	tests := []struct {
		name     string
		manifest string
	}{
		{"malformed json", `{"app.css": `},
		{"not an object of strings", `{"app.css": 3}`},
		{"listed file missing", `{"gone.css": "gone.12345678.css"}`},
		{"path in hashed name", `{"app.css": "sub/app.1a2b3c4d.css"}`},
		{"parent in hashed name", `{"app.css": "../app.1a2b3c4d.css"}`},
		{"empty hashed name", `{"app.css": ""}`},
		{"empty logical name", `{"": "app.1a2b3c4d.css"}`},
		{"manifest serves itself", `{"m": "manifest.json"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixture(t)
			fsys["manifest.json"] = &fstest.MapFile{Data: []byte(tt.manifest)}
			if s, err := New(fsys); err == nil {
				t.Errorf("New succeeded (built %v), want an error", s.Built())
			}
		})
	}
}

func TestServe(t *testing.T) {
	h := newFixtureSet(t).Handler()
	const css = "/static/app.1a2b3c4d.css"
	tests := []struct {
		name     string
		method   string
		path     string
		header   map[string]string
		status   int
		encoding string // Content-Encoding
		body     string // "" with status 200 means a HEAD: no body
		ctype    string
	}{
		{"identity without Accept-Encoding", "GET", css, nil, 200, "", cssBody, "text/css; charset=utf-8"},
		{"brotli preferred", "GET", css, map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"}, 200, "br", cssBrotli, "text/css; charset=utf-8"},
		{"brotli over gzip whatever the q", "GET", css, map[string]string{"Accept-Encoding": "gzip;q=1, br;q=0.1"}, 200, "br", cssBrotli, "text/css; charset=utf-8"},
		{"gzip when no brotli", "GET", css, map[string]string{"Accept-Encoding": "gzip"}, 200, "gzip", string(gz(t, cssBody)), "text/css; charset=utf-8"},
		{"x-gzip alias", "GET", css, map[string]string{"Accept-Encoding": "x-gzip"}, 200, "gzip", string(gz(t, cssBody)), "text/css; charset=utf-8"},
		{"br refused with q=0", "GET", css, map[string]string{"Accept-Encoding": "br;q=0, gzip"}, 200, "gzip", string(gz(t, cssBody)), "text/css; charset=utf-8"},
		{"all refused", "GET", css, map[string]string{"Accept-Encoding": "br;q=0.0, gzip;q=0"}, 200, "", cssBody, "text/css; charset=utf-8"},
		{"wildcard", "GET", css, map[string]string{"Accept-Encoding": "*"}, 200, "br", cssBrotli, "text/css; charset=utf-8"},
		{"wildcard but br refused", "GET", css, map[string]string{"Accept-Encoding": "*, br;q=0"}, 200, "gzip", string(gz(t, cssBody)), "text/css; charset=utf-8"},
		{"identity only", "GET", css, map[string]string{"Accept-Encoding": "identity"}, 200, "", cssBody, "text/css; charset=utf-8"},
		{"case-insensitive coding", "GET", css, map[string]string{"Accept-Encoding": "BR"}, 200, "br", cssBrotli, "text/css; charset=utf-8"},
		{"js has only gzip", "GET", "/static/app.5e6f7a8b.js", map[string]string{"Accept-Encoding": "br, gzip"}, 200, "gzip", string(gz(t, jsBody)), "text/javascript; charset=utf-8"},
		{"svg has no siblings", "GET", "/static/sprites.9c0d1e2f.svg", map[string]string{"Accept-Encoding": "br, gzip"}, 200, "", svgBody, "image/svg+xml"},
		{"font", "GET", "/static/font.3a4b5c6d.woff2", map[string]string{"Accept-Encoding": "br, gzip"}, 200, "", "wOF2 font bytes", "font/woff2"},
		{"HEAD", "HEAD", css, map[string]string{"Accept-Encoding": "br"}, 200, "br", "", "text/css; charset=utf-8"},
		{"HEAD identity", "HEAD", css, nil, 200, "", "", "text/css; charset=utf-8"},

		{"logical name", "GET", "/static/app.css", nil, 404, "", "", ""},
		{"not in manifest", "GET", "/static/unlisted.2b3c4d5e.css", nil, 404, "", "", ""},
		{"precompressed sibling", "GET", css + ".gz", nil, 404, "", "", ""},
		{"manifest", "GET", "/static/manifest.json", nil, 404, "", "", ""},
		{"dotfile", "GET", "/static/.keep", nil, 404, "", "", ""},
		{"subfolder", "GET", "/static/sub/app.1a2b3c4d.css", nil, 404, "", "", ""},
		{"folder", "GET", "/static/", nil, 404, "", "", ""},
		{"outside prefix", "GET", "/app.1a2b3c4d.css", nil, 404, "", "", ""},
		{"POST", "POST", css, nil, 405, "", "", ""},
		{"PUT", "PUT", css, nil, 405, "", "", ""},
		{"DELETE unknown", "DELETE", "/static/nope", nil, 405, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)

			if res.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
			switch tt.status {
			case 404:
				if cc := res.Header.Get("Cache-Control"); cc != "no-cache" {
					t.Errorf("404 Cache-Control = %q, want no-cache", cc)
				}
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
					t.Errorf("404 Content-Type = %q, want text/plain", ct)
				}
				return
			case 405:
				if got := res.Header.Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow = %q, want GET, HEAD", got)
				}
				return
			}

			if got := res.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.encoding)
			}
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type = %q, want %q", got, tt.ctype)
			}
			if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
				t.Errorf("Cache-Control = %q", got)
			}
			if got := res.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary = %q, want Accept-Encoding", got)
			}
			etag := res.Header.Get("ETag")
			if !regexp.MustCompile(`^"[0-9a-f]{24}(-br|-gzip)?"$`).MatchString(etag) {
				t.Errorf("ETag = %q, want a strong tag", etag)
			}
			if tt.encoding != "" && !strings.HasSuffix(etag, "-"+tt.encoding+`"`) {
				t.Errorf("ETag %q does not name the encoding %q", etag, tt.encoding)
			}
			if tt.method == "HEAD" {
				if len(body) != 0 {
					t.Errorf("HEAD body has %d bytes", len(body))
				}
				if res.Header.Get("Content-Length") == "" {
					t.Error("HEAD without Content-Length")
				}
				return
			}
			if string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if got, want := res.Header.Get("Content-Length"), len(tt.body); got != strconv.Itoa(want) {
				t.Errorf("Content-Length = %s, want %d", got, want)
			}
		})
	}
}

func TestGzipDecodes(t *testing.T) {
	h := newFixtureSet(t).Handler()
	req := httptest.NewRequest("GET", "/static/app.1a2b3c4d.css", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || string(got) != cssBody {
		t.Errorf("gunzipped body = %q, %v; want %q", got, err, cssBody)
	}
}

func TestConditional(t *testing.T) {
	h := newFixtureSet(t).Handler()
	const css = "/static/app.1a2b3c4d.css"
	etagFor := func(ae string) string {
		req := httptest.NewRequest("GET", css, nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Header().Get("ETag")
	}
	plain, br, gzipTag := etagFor(""), etagFor("br"), etagFor("gzip")
	if plain == br || plain == gzipTag || br == gzipTag {
		t.Fatalf("representations share an ETag: %s %s %s", plain, br, gzipTag)
	}
	tests := []struct {
		name   string
		ae     string
		inm    string
		status int
	}{
		{"same tag", "", plain, 304},
		{"same tag, brotli", "br", br, 304},
		{"weak form", "", "W/" + plain, 304},
		{"in a list", "gzip", `"other", ` + gzipTag, 304},
		{"star", "", "*", 304},
		{"tag of another encoding", "br", plain, 200},
		{"other tag", "", `"deadbeef"`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				req := httptest.NewRequest(method, css, nil)
				req.Header.Set("If-None-Match", tt.inm)
				if tt.ae != "" {
					req.Header.Set("Accept-Encoding", tt.ae)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != tt.status {
					t.Fatalf("%s: status = %d, want %d", method, rec.Code, tt.status)
				}
				if tt.status == 304 {
					if rec.Body.Len() != 0 {
						t.Errorf("%s: 304 with a body", method)
					}
					for _, k := range []string{"ETag", "Cache-Control", "Vary"} {
						if rec.Header().Get(k) == "" {
							t.Errorf("%s: 304 without %s", method, k)
						}
					}
				}
			}
		})
	}
}

func TestVaryKeepsOtherValues(t *testing.T) {
	h := newFixtureSet(t).Handler()
	rec := httptest.NewRecorder()
	rec.Header().Set("Vary", "Origin")
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/static/app.1a2b3c4d.css", nil))
	if got := rec.Header().Values("Vary"); len(got) != 2 || got[0] != "Origin" || got[1] != "Accept-Encoding" {
		t.Errorf("Vary = %q, want [Origin Accept-Encoding]", got)
	}
}

func TestAccepts(t *testing.T) {
	tests := []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"br"}, true},
		{[]string{"gzip, br"}, true},
		{[]string{"gzip", "br"}, true},
		{[]string{" br ;q=0.5 "}, true},
		{[]string{"br;q=0"}, false},
		{[]string{"br; q=0.000"}, false},
		{[]string{"br;Q=0"}, false},
		{[]string{"br;q=0.001"}, true},
		{[]string{"br;q=1.0"}, true},
		{[]string{"brotli"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"*;q=0, br"}, true},
		{[]string{"*, br;q=0"}, false},
		{[]string{"gzip,,br"}, true},
	}
	for _, tt := range tests {
		if got := accepts(tt.header, "br", ""); got != tt.want {
			t.Errorf("accepts(%q, br) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

// discardWriter is a ResponseWriter that keeps nothing, reusing its header
// map, so that allocation counts show the handler's own.
type discardWriter struct {
	h    http.Header
	code int
	n    int
}

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) WriteHeader(code int)        { w.code = code }
func (w *discardWriter) Write(b []byte) (int, error) { w.n += len(b); return len(b), nil }

func TestServeDoesNotAllocate(t *testing.T) {
	h := newFixtureSet(t).Handler()
	for _, ae := range []string{"", "gzip, deflate, br, zstd", "gzip"} {
		req := httptest.NewRequest("GET", "/static/app.1a2b3c4d.css", nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		w := &discardWriter{h: http.Header{}}
		allocs := testing.AllocsPerRun(100, func() {
			clear(w.h)
			h.ServeHTTP(w, req)
		})
		if w.code != 200 || allocs != 0 {
			t.Errorf("Accept-Encoding %q: status %d, %v allocations per request, want 200 and 0", ae, w.code, allocs)
		}
	}
}

// TestBuiltAssets checks the real output of `make assets` when it is there:
// every manifest entry is served, and every url() in the CSS points to a file
// of the manifest (so the fonts load).
func TestBuiltAssets(t *testing.T) {
	s, err := New(web.VendorFS())
	if err != nil {
		t.Fatalf("New(web.VendorFS()): %v", err)
	}
	if !s.Built() {
		if os.Getenv("CI") == "true" {
			t.Fatal("assets not built under CI=true: run make assets before the tests")
		}
		t.Skip("assets not built: run make assets")
	}
	for _, logical := range []string{"bootstrap-italia.min.css", "bootstrap-italia.bundle.min.js", "sprites.svg", "cantieri.css", "fonts.css"} {
		if _, ok := s.paths[logical]; !ok {
			t.Errorf("manifest lacks %s", logical)
		}
	}
	h := s.Handler()
	urlRef := regexp.MustCompile(`url\(\s*["']?([^"')]+)`)
	for logical, p := range s.paths {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		if rec.Code != 200 {
			t.Errorf("%s (%s): status %d", logical, p, rec.Code)
			continue
		}
		if !strings.HasSuffix(logical, ".css") {
			continue
		}
		for _, m := range urlRef.FindAllStringSubmatch(rec.Body.String(), -1) {
			ref := m[1]
			if strings.HasPrefix(ref, "data:") {
				continue
			}
			ref, _, _ = strings.Cut(ref, "#")
			if _, ok := s.files[ref]; !ok {
				t.Errorf("%s: url(%s) is not a served asset", logical, m[1])
			}
		}
	}
}

func BenchmarkServeCSS(b *testing.B) {
	fsys := fixture(b)
	big := strings.Repeat(cssBody, 20000) // about 700 kB, like Bootstrap Italia
	fsys["app.1a2b3c4d.css"] = &fstest.MapFile{Data: []byte(big)}
	fsys["app.1a2b3c4d.css.br"] = &fstest.MapFile{Data: []byte(big[:len(big)/8])}
	s, err := New(fsys)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	req := httptest.NewRequest("GET", "/static/app.1a2b3c4d.css", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
	if w.code != 200 {
		b.Fatalf("status %d", w.code)
	}
}
