//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cantieri/cantieri/internal/platform/pdf"
	"github.com/cantieri/cantieri/internal/platform/pdf/pdftest"
)

// demoCitizen is the demo participant who attended the three workshops of
// the activators' track of Lunigiana (internal/demo/tracks.go).
const demoCitizen = "cittadino@demo.cantieri.test"

// demoWorkshop is the first workshop of that track.
const demoWorkshop = "Workshop formativo 1 – Il ruolo dell'attivatore di comunità"

// testTracks is the certificate path in Chromium: the demo citizen (whose
// one-time password a new `cantieri demo` prints) sees his activators'
// track completed, downloads the certificate, which qpdf finds sound and
// pdftotext reads his name and code from; a visitor opens the
// verification page, which says the code is genuine. Then the minutes of
// a workshop: the administrator uploads a file named .pdf that is a web
// page (refused, the title kept), then a PDF restricted to the path's
// participants; the visitor neither sees it listed nor gets its bytes,
// the demo citizen (present at the workshop) sees and downloads it. Every
// page gets the axe-core, browser and Nu Html checks.
func (e *env) testTracks(t *testing.T) {
	out := e.srv.cli(t, "demo")
	m := regexp.MustCompile(regexp.QuoteMeta(demoCitizen) + `\s+(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("`cantieri demo` printed no password for %s:\n%s", demoCitizen, out)
	}
	p := e.visitor(t, "it")
	e.logIn(t, p, demoCitizen, m[1])
	p.open(t, "/account", http.StatusOK)
	p.open(t, p.attr(t, `main a[href="/account/percorsi-formativi"]`, "href"), http.StatusOK)
	e.checkTrackPage(t, p, "my tracks")
	track := `main section.cantieri-track`
	if got := p.text(t, track); !strings.Contains(got, "Completato") || !strings.Contains(got, "3 attività frequentate su 3, 8 ore") {
		t.Fatalf("the participant's tracks page says %q", got)
	}

	t.Log("he downloads the certificate")
	doc := p.fetch(t, p.attr(t, track+` a.cantieri-certificate`, "href"))
	pdftest.Check(t, doc)
	text := strings.Join(strings.Fields(pdftest.Text(t, doc)), " ")
	code := regexp.MustCompile(`[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}`).FindString(text)
	if code == "" || !strings.Contains(text, "Marco Esposito") || !strings.Contains(text, "Attestato di partecipazione") ||
		!strings.Contains(text, e.srv.URL+"/attestati/"+code) {
		t.Fatalf("the certificate lacks the name, the title or the verification code:\n%s", text)
	}

	t.Log("a visitor checks the code on the verification page")
	anon := e.visitor(t, "en")
	anon.open(t, "/attestati", http.StatusOK)
	anon.fill(t, map[string]string{`#f-codice`: strings.ToLower(code)})
	if got := anon.submit(t, submitButton, http.StatusOK); got != "/attestati/"+code {
		t.Fatalf("the code typed leads to %s", got)
	}
	if got := anon.text(t, "main"); !strings.Contains(got, "Genuine certificate") || !strings.Contains(got, "Marco E.") || strings.Contains(got, "Esposito") {
		t.Errorf("the verification page says %q", got)
	}
	e.checkTrackPage(t, anon, "certificate verified")

	t.Log("the administrator opens the track's progress and its editing form")
	adm := e.visitor(t, "it")
	e.signIn(t, adm, admin)
	adm.open(t, "/gestione/percorsi-formativi", http.StatusOK)
	adm.open(t, adm.evalString(t, `[...document.querySelectorAll("main tbody th a")].find(a => a.textContent.includes("Formazione degli attivatori")).getAttribute("href")`), http.StatusOK)
	if got := adm.text(t, "main table"); !strings.Contains(got, "Marco Esposito") || !strings.Contains(got, code) {
		t.Errorf("the progress table lacks the participant or his certificate's code:\n%s", got)
	}
	adm.open(t, adm.attr(t, `main a[href$="/modifica"]`, "href"), http.StatusOK)
	e.checkTrackPage(t, adm, "track editing form")

	t.Log("the administrator uploads the workshop's minutes")
	adm.open(t, "/gestione/attivita", http.StatusOK)
	manage := adm.evalString(t, `[...document.querySelectorAll("main tbody tr a")].find(a => a.textContent.includes(`+jsString(demoWorkshop)+`)).getAttribute("href")`)
	adm.open(t, manage, http.StatusOK)
	adm.open(t, adm.attr(t, `main a[href$="/materiali"]`, "href"), http.StatusOK)
	e.checkTrackPage(t, adm, "materials screen")
	dir := t.TempDir()
	fake := filepath.Join(dir, "verbale.pdf")
	if err := os.WriteFile(fake, []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	adm.fill(t, map[string]string{`#f-title_it`: "Verbale del workshop 1"})
	adm.click(t, `#f-access-participants`)
	adm.click(t, `#f-publish`)
	adm.upload(t, `#f-file`, fake)
	adm.submit(t, `main form[enctype] button[type=submit]`, http.StatusUnprocessableEntity)
	if got := adm.text(t, "#f-file-error"); !strings.Contains(got, "il contenuto è di un altro tipo") {
		t.Errorf("a web page named verbale.pdf: the form says %q", got)
	}
	if got := adm.attr(t, "#f-title_it", "value"); got != "Verbale del workshop 1" {
		t.Errorf("the title typed was lost: %q", got)
	}
	e.checkTrackPage(t, adm, "materials upload refused")

	real := filepath.Join(dir, "verbale-vero.pdf")
	d := pdf.New()
	d.AddPage().Text(72, 760, pdf.HelveticaBold, 16, "Verbale del workshop 1 – attivatori di comunità")
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(real, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	adm.upload(t, `#f-file`, real)
	adm.submit(t, `main form[enctype] button[type=submit]`, http.StatusOK)
	adm.expectFlash(t, "upload")
	file := adm.attr(t, `main tbody th a[href*="/materiali/"]`, "href")
	page := strings.SplitN(file, "/materiali/", 2)[0]

	t.Log("the visitor neither sees the restricted minutes nor gets them; the participant does")
	anon.open(t, page, http.StatusOK)
	if anon.has(t, `main a[href="`+file+`"]`) {
		t.Error("a visitor sees the restricted minutes listed")
	}
	anon.open(t, file, http.StatusNotFound)
	p.open(t, page, http.StatusOK)
	if !p.has(t, `main a[href="`+file+`"]`) {
		t.Fatal("the participant does not see the restricted minutes listed")
	}
	e.checkTrackPage(t, p, "activity page with minutes")
	if got := p.fetch(t, file); !bytes.Equal(got, b.Bytes()) {
		t.Errorf("the participant downloads %d bytes, not the %d uploaded", len(got), b.Len())
	}
}

// checkTrackPage runs the page checks and keeps the page for the Nu Html
// Checker.
func (e *env) checkTrackPage(t *testing.T, v *visitor, where string) {
	t.Helper()
	v.checkPageA11y(t, where)
	saveHTML(t, v, e.htmlDir, "tracks-"+where)
}

// upload sets the file of a file input.
func (v *visitor) upload(t *testing.T, sel, path string) {
	t.Helper()
	if err := chromedp.Do(v.ctx, chromedp.SetUploadFiles(chromedp.CSS(sel), []string{path})); err != nil {
		t.Fatalf("choose %s in %s: %v", path, sel, err)
	}
}

// evalString returns the string value of a JavaScript expression.
func (v *visitor) evalString(t *testing.T, expr string) string {
	t.Helper()
	s, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// fetch downloads path with the visitor's cookies, from the page, and
// fails unless the answer is 200.
func (v *visitor) fetch(t *testing.T, path string) []byte {
	t.Helper()
	js := `fetch(` + jsString(path) + `).then(r => { if (!r.ok) throw new Error("HTTP " + r.status); return r.arrayBuffer(); })
		.then(b => { let s = ""; for (const c of new Uint8Array(b)) s += String.fromCharCode(c); return btoa(s); })`
	b64, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("download %s: %v", path, err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("download %s: %v", path, err)
	}
	return data
}

// jsString quotes s for JavaScript.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
