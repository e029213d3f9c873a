//go:build e2e

package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// TestChecksCatchProblems proves that the page checks can fail: each page
// of a small server, sent with the platform's own Content-Security-Policy,
// carries one fault, and the checks must report it; the clean page must
// pass. It also proves that axe-core runs under that policy.
func TestChecksCatchProblems(t *testing.T) {
	const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Check</title></head><body><main><h1>Check</h1>`
	const tail = `</main></body></html>`
	pages := map[string]string{
		"/clean":      `<p>Nothing wrong here.</p>`,
		"/inline":     `<script>document.title = "ran"</script>`,
		"/console":    `<script src="/console.js"></script>`,
		"/exception":  `<script src="/throw.js"></script>`,
		"/foreign":    `<img src="http://localhost:1/x.png" alt="x">`,
		"/missing":    `<img src="/nothing-here.png" alt="x">`,
		"/axe":        `<img src="/dot.gif">`,
		"/style-attr": `<p style="color: red">inline style</p>`,
	}
	mux := http.NewServeMux()
	for path, body := range pages {
		csp := web.CSP
		if path == "/foreign" {
			csp = "" // or CSP would block the request before it leaves
		}
		mux.HandleFunc("GET "+path, func(w http.ResponseWriter, r *http.Request) {
			if csp != "" {
				w.Header().Set("Content-Security-Policy", csp)
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(head + body + tail))
		})
	}
	mux.HandleFunc("GET /console.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`console.error("boom from console.js")`))
	})
	mux.HandleFunc("GET /throw.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(`throw new Error("thrown by throw.js")`))
	})
	mux.HandleFunc("GET /dot.gif", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/gif")
		_, _ = w.Write([]byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	browser := startBrowser(t)
	cases := []struct {
		path string
		want string // a fragment of the expected problem; "" for none
	}{
		{"/clean", ""},
		{"/inline", "Content Security Policy"},
		{"/style-attr", "Content Security Policy"},
		{"/console", "boom from console.js"},
		{"/exception", "thrown by throw.js"},
		{"/foreign", "request to another host: http://localhost:1/x.png"},
		{"/missing", "HTTP 404 for " + srv.URL + "/nothing-here.png"},
		{"/axe", "image-alt"},
	}
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			v := newVisitor(t, browser, srv.URL)
			v.open(t, c.path, http.StatusOK)
			violations, err := v.axe(t)
			if err != nil {
				t.Fatalf("axe did not run under the page's CSP: %v", err)
			}
			var found []string
			for _, viol := range violations {
				found = append(found, viol.String())
			}
			found = append(found, v.settledProblems()...)
			if c.want == "" {
				if len(found) > 0 {
					t.Errorf("clean page reported problems:\n%s", strings.Join(found, "\n"))
				}
				return
			}
			for _, f := range found {
				if strings.Contains(f, c.want) {
					return
				}
			}
			t.Errorf("no problem mentions %q; found:\n%s", c.want, strings.Join(found, "\n"))
		})
	}
}
