//go:build e2e

package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// loadDemo runs `cantieri demo` against the running server's database, so
// the content pages (territories, paths, news, glossary) have something to
// show. The server started on an empty database first: that it migrated
// and served it is checked by waitReady.
func (s *server) loadDemo(t *testing.T) {
	t.Helper()
	s.Run(t, "demo")
}

// saveHTML keeps the page the visitor is on, for the Nu Html Checker that
// runs once over every page at the end (starting Java per page is slow).
func saveHTML(t *testing.T, v *visitor, dir, name string) {
	t.Helper()
	html, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil {
		t.Fatalf("read the page's HTML: %v", err)
	}
	file := filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_").Replace(name)+".html")
	if err := os.WriteFile(file, []byte("<!DOCTYPE html>\n"+html), 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkValidity runs the Nu Html Checker (npm vnu-jar, with Java) on every
// saved page and fails on any error.
func checkValidity(t *testing.T, dir string) {
	t.Helper()
	jar := filepath.Join("..", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
	if _, err := os.Stat(jar); err != nil {
		requireOrSkip(t, "vnu.jar not found (run npm ci): %v", err)
		return
	}
	java, err := exec.LookPath("java")
	if err != nil {
		requireOrSkip(t, "java not found: %v", err)
		return
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
	if len(files) == 0 {
		t.Fatal("no page was saved for the HTML checker")
	}
	var out bytes.Buffer
	cmd := exec.Command(java, append([]string{"-jar", jar, "--errors-only", "--format", "gnu"}, files...)...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Errorf("the Nu Html Checker found errors in %d pages checked:\n%s", len(files), out.String())
	}
}
