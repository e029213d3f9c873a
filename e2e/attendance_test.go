//go:build e2e

package e2e

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/cantieri/cantieri/internal/platform/xlsx/xlsxtest"
)

// coordinatorPassword is the password of the coordinator this test makes.
const coordinatorPassword = "Fortezza-della-Brunella-ad-Aulla"

// demoPastMeeting is the demo activity of Lunigiana held ten days before
// the demo was loaded: still open to attendance (up to 14 days after the
// end), with sign-ups not yet marked present.
const demoPastMeeting = "Incontro di avvio con il Comitato di Partecipazione"

// testAttendance is "a coordinator checks people in by code": a person
// signs up for an account, the administrator makes her coordinator of
// Lunigiana, and she opens the attendance screen of the demo's past
// meeting on a phone, types a sign-up's code, sees the person marked
// present, is told clearly when the code is used twice, adds a walk-in,
// downloads the XLSX (read back with openpyxl) and opens the printable
// register; the participant's ticket page shows the QR code. Every page
// gets the axe-core, browser and Nu Html checks.
func (e *env) testAttendance(t *testing.T) {
	email := "coordinatrice-" + randomHex(t, 3) + "@example.org"
	e.registerAccount(t, "Chiara Coordinatrice", email, coordinatorPassword)

	t.Log("the administrator grants her the coordinator role for Lunigiana")
	adm := e.visitor(t, "it")
	e.signIn(t, adm, admin)
	adm.open(t, "/admin/utenti?q="+email, http.StatusOK)
	adm.open(t, adm.attr(t, `main a[href^="/admin/utenti/"]`, "href"), http.StatusOK)
	adm.setValues(t, map[string]string{`#f-role`: "coordinator", `#f-zone`: "lunigiana"})
	adm.submit(t, `form[action$="/ruoli"] button[type=submit]`, http.StatusOK)

	coord := e.visitor(t, "it")
	e.logIn(t, coord, email, coordinatorPassword)
	coord.viewport(t, phoneWidth, phoneHeight, true)
	coord.open(t, "/gestione/attivita", http.StatusOK)
	screen := coord.eval(t, fmt.Sprintf(`[...document.querySelectorAll("main tbody tr")].find(r => r.textContent.includes(%q))
		.querySelector('a[href$="/presenze"]').getAttribute("href")`, demoPastMeeting))
	coord.open(t, screen, http.StatusOK)
	e.checkAndSave(t, coord, "attendance screen")
	coord.noSidewaysScroll(t, "attendance screen")
	coord.viewport(t, 1280, 1024, false) // the phone's layout is checked; taps are clicks from here on

	t.Log("she types the code of someone not yet present")
	row := `document.querySelector(".cantieri-att-list li:not(.cantieri-att-present)")`
	name := coord.eval(t, `(`+row+`||{querySelector(){return {textContent:""}}}).querySelector(".cantieri-att-name").textContent`)
	code := coord.eval(t, `(`+row+`||{querySelector(){return {textContent:""}}}).querySelector(".cantieri-code").textContent`)
	if name == "" || code == "" {
		t.Fatalf("no sign-up left to check in on %s:\n%s", screen, coord.eval(t, `document.querySelector("main").innerText`))
	}
	coord.fill(t, map[string]string{`#f-code`: strings.ToLower(strings.ReplaceAll(code, "-", ""))})
	coord.submit(t, `.cantieri-att-codeform button[type=submit]`, http.StatusOK)
	if got := coord.text(t, "#ultimo"); !strings.Contains(got, name) {
		t.Fatalf("after the code of %s the screen says %q", name, got)
	}
	present := coord.eval(t, `[...document.querySelectorAll(".cantieri-att-present .cantieri-att-name")].map(n => n.textContent).join("|")`)
	if !strings.Contains("|"+present+"|", "|"+name+"|") {
		t.Errorf("%s is not marked present in the list: %s", name, present)
	}
	e.checkAndSave(t, coord, "attendance screen after a check-in")

	t.Log("the same code again is refused clearly, and nothing changes")
	coord.fill(t, map[string]string{`#f-code`: code})
	coord.submit(t, `.cantieri-att-codeform button[type=submit]`, http.StatusConflict)
	if got := coord.text(t, "#problema"); !strings.Contains(got, "già presente") || !strings.Contains(got, name) {
		t.Errorf("a second check-in says %q", got)
	}
	e.checkAndSave(t, coord, "attendance screen with a refused code")

	t.Log("she adds a walk-in")
	coord.open(t, screen, http.StatusOK)
	coord.fill(t, map[string]string{`#f-name`: "Ospite Senza Iscrizione"})
	coord.submit(t, `form[action$="/senza-iscrizione"] button[type=submit]`, http.StatusOK)
	if got := coord.text(t, "#ultimo"); !strings.Contains(got, "Ospite Senza Iscrizione") {
		t.Fatalf("after the walk-in the screen says %q", got)
	}

	t.Log("she downloads the XLSX, which openpyxl reads back")
	data := coord.download(t, strings.TrimSuffix(screen, "/presenze")+"/esporta.xlsx")
	sheets := xlsxtest.Read(t, data)
	if len(sheets) != 2 || sheets[0].Title != "Persone" {
		t.Fatalf("sheets: %+v", sheets)
	}
	found := map[string]bool{}
	for _, r := range sheets[0].Rows[1:] {
		if r[6].Type != "b" {
			t.Errorf("the Present column is not a boolean: %+v", r)
		}
		if r[6].Text == "True" {
			found[r[0].Text] = true
		}
	}
	if !found[name] || !found["Ospite Senza Iscrizione"] {
		t.Errorf("present in the XLSX: %v", found)
	}

	t.Log("the printable register and a participant's ticket")
	coord.open(t, strings.TrimSuffix(screen, "/presenze")+"/registro", http.StatusOK)
	e.checkAndSave(t, coord, "printable register")
	if !strings.Contains(coord.text(t, "main tbody"), code) {
		t.Errorf("the register lacks the code %s", code)
	}
	id := strings.TrimSuffix(strings.TrimPrefix(screen, "/gestione/attivita/"), "/presenze")
	ticket := e.visitor(t, "en")
	ticket.open(t, "/attivita/"+id+"/biglietto/"+strings.ReplaceAll(code, "-", ""), http.StatusOK)
	e.checkAndSave(t, ticket, "ticket")
}

// checkAndSave runs the page checks and keeps the page for the Nu Html
// Checker.
func (e *env) checkAndSave(t *testing.T, v *visitor, where string) {
	t.Helper()
	v.checkPageA11y(t, where)
	saveHTML(t, v, e.htmlDir, "attendance-"+where)
}

// eval returns the string value of a JavaScript expression on the page.
func (v *visitor) eval(t *testing.T, expr string) string {
	t.Helper()
	s, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return s
}

// download fetches path with the visitor's cookies, from the page, and
// returns the body; it fails unless the answer is 200.
func (v *visitor) download(t *testing.T, path string) []byte {
	t.Helper()
	js := fmt.Sprintf(`fetch(%q).then(r => { if (!r.ok) throw new Error("HTTP " + r.status); return r.arrayBuffer(); })
		.then(b => { let s = ""; for (const c of new Uint8Array(b)) s += String.fromCharCode(c); return btoa(s); })`, path)
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

// noSidewaysScroll fails if the page is wider than the viewport (WCAG
// 1.4.10, reflow).
func (v *visitor) noSidewaysScroll(t *testing.T, where string) {
	t.Helper()
	w, err := chromedp.Run(v.ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil {
		t.Fatal(err)
	}
	if w[0] > w[1] {
		t.Errorf("%s scrolls sideways on a %dpx wide phone: the page is %dpx wide", where, w[1], w[0])
	}
}
