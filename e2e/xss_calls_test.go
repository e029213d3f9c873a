//go:build e2e

package e2e

import (
	"encoding/csv"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
)

// xssSampleIndexes are the payloads (from 1) every field of the calls'
// cycle gets, one of each dangerous class, short enough to go, with their
// XSS<n> markers, into a one-line field of 200 characters in two
// submissions: tag injection (1, 4), a javascript: URL in Markdown (43),
// attribute breakouts (33, 34), an event handler on a tag the browser
// opens by itself (16), template syntax (52) and Unicode tricks (53, 54).
// Long texts (bodies, answers, reasons, requests) get every payload.
var xssSampleIndexes = []int{1, 4, 43, 33, 34, 16, 52, 53, 54}

// xssSample returns the sample payloads, numbered as in the corpus, packed
// into submissions of at most max characters.
func xssSample(payloads []string, max int) []payloadChunk {
	var picked []string
	var nums []int
	for _, i := range xssSampleIndexes {
		if i <= len(payloads) {
			picked, nums = append(picked, payloads[i-1]), append(nums, i)
		}
	}
	chunks := packPayloads(picked, max)
	// packPayloads numbers from 1: give each its number in the corpus.
	for ci := range chunks {
		for k := len(nums); k >= 1; k-- {
			for _, part := range []*string{&chunks[ci].line, &chunks[ci].text, &chunks[ci].first, &chunks[ci].marker} {
				*part = strings.ReplaceAll(*part, fmt.Sprintf("XSS%d ", k), fmt.Sprintf("XSS#%d ", nums[k-1]))
			}
		}
		for _, part := range []*string{&chunks[ci].line, &chunks[ci].text, &chunks[ci].first, &chunks[ci].marker} {
			*part = strings.ReplaceAll(*part, "XSS#", "XSS")
		}
	}
	return chunks
}

// splitChunk is the payloads of a chunk, each with its XSS<n> marker.
func splitChunk(c payloadChunk) []string { return strings.Split(c.text, "\n\n") }

// fillForm reads the form with the given action on page, sets every text
// field not in set to line (textareas to text), and posts it, with a file
// when fileField is set.
func (h *httpVisitor) fillForm(t *testing.T, page, action string, set url.Values, line, text, fileField, fileName string, content []byte) (int, string, string) {
	t.Helper()
	status, body := h.get(t, page)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", page, status)
	}
	return h.fillFormAt(t, body, action, "", set, line, text, fileField, fileName, content)
}

// wantRedirect fails unless a submission answered 303.
func wantRedirect(t *testing.T, what string, status int, body string) {
	t.Helper()
	if status != http.StatusSeeOther {
		t.Fatalf("%s: HTTP %d, want 303; the page says:\n%s", what, status, apptest.ParseHTML(body).First("main").Text())
	}
}

// testXSSCalls takes the sample of the corpus through every text of the
// calls' cycle: the coordinator's call (title, text, declarations, the
// form's field labels and choices, criteria), a person's and an
// organisation's application (every text answer, name, phone, the
// organisation's name and legal form in the draft, the attachment's file
// name), the request for documents and its answer (text and file name),
// the admissibility reasons and the commission's score reasons; then it
// opens every page that shows them in Chromium, and reads the score sheet
// CSV as text: no cell may start a formula.
//
// The calls close at the first minute boundary 40 seconds ahead: the
// first part (calls, applications) runs before the other forms, and the
// part after the closing time (returned) after them, so the wait overlaps
// their work.
func (e *env) testXSSCalls(t *testing.T, h *httpVisitor, payloads []string, openIn func(*testing.T, string)) func(t *testing.T) {
	open := func(p string) { openIn(t, p); h.mustShowXSS(t, p) }
	citizenEmail := e.account(t, citizen)
	hc := newHTTPVisitor(t, e.srv.URL, citizenEmail, citizenPassword)
	adminEmail := e.account(t, admin)
	all := strings.Join(numbered(payloads), "\n\n")
	chunks := xssSample(payloads, 200)
	pdf := []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	// Closing at the first minute boundary 40 seconds ahead at least: time
	// to create the calls and apply.
	now := time.Now().In(rome)
	closes := now.Add(40*time.Second + time.Minute - 1).Truncate(time.Minute)

	var runs []*xssCallRun
	for i, chunk := range chunks {
		var decl, fields, criteria, options []string
		for _, p := range splitChunk(chunk) {
			decl = append(decl, p+" | "+p)
			fields = append(fields, "testo | "+p+" | "+p)
			criteria = append(criteria, p+" | "+p+" | 10 | 1")
			if !strings.ContainsAny(p, ";=|") {
				options = append(options, p)
			}
		}
		if len(options) < 2 {
			options = append(options, fmt.Sprintf("XSS scelta %d", len(options)+1), "XSS scelta altra")
		}
		fields = append(fields, "testo_lungo | Risposta lunga XSS | Long answer", "scelta | Scelta XSS | Choice | "+strings.Join(options, "; "),
			"file | Allegato XSS | Attachment")
		set := url.Values{"kind": {"activators"}, "applicants": {"both"}, "opens": {now.Truncate(time.Minute).Format("2006-01-02T15:04")},
			"closes": {closes.Format("2006-01-02T15:04")}, "declarations": {strings.Join(decl, "\n")}, "fields": {strings.Join(fields, "\n")},
			"criteria": {strings.Join(criteria, "\n")}, "commission": {adminEmail}, "min_score": {"0"}, "places": {"5"},
			"tie_break": {"submission_order"}, "aggregation": {"mean"}, "retention": {"24"}}
		page := "/gestione/percorsi/cantiere-della-salute-lunigiana/bandi/nuovo"
		status, loc, body := h.fillForm(t, page, page, set, chunk.line, all, "", "", nil)
		wantRedirect(t, fmt.Sprintf("call %d", i+1), status, body)
		id := strings.TrimPrefix(loc, "/gestione/bandi/")
		status, _, body = h.fillForm(t, loc, "/pubblica", nil, "", "", "", "", nil)
		wantRedirect(t, "publish call "+id, status, body)
		runs = append(runs, &xssCallRun{id: id, chunk: chunk})
		open(loc)
		open("/bandi/" + id)
	}
	open("/bandi")
	open("/gestione/bandi")

	// The applications: the citizen as a person, the administrator for an
	// organisation; a draft first (the legal form typed as a payload, as
	// a form can be made to send), then submitted with a valid one.
	for _, r := range runs {
		apply := "/bandi/" + r.id + "/domanda"
		for _, who := range []struct {
			h    *httpVisitor
			kind string
			cf   string
			dst  *string
		}{{hc, "person", personCF("RSSMRA85T10A562"), &r.person}, {h, "organisation", personCF("VRDCRL78C45F023"), &r.org}} {
			set := url.Values{"kind": {who.kind}, "tax_code": {who.cf}, "org_tax_code": {partitaIVA("0123456789")}, "org_vat": {partitaIVA("0123456789")},
				"runts": {""}, "legal_form": {r.chunk.line}}
			status, _, body := who.h.fillForm(t, apply, apply, set, r.chunk.line, all, "", "", nil)
			wantRedirect(t, "draft to call "+r.id, status, body)
			if who.h == h {
				open(apply)
				open("/domande")
			}
			_, form := who.h.get(t, apply)
			set.Set("legal_form", "aps")
			for _, d := range apptest.ParseHTML(form).Find(`input[type=checkbox][name^="d"]`) {
				set.Set(d.Attr("name"), "1")
			}
			for _, sel := range apptest.ParseHTML(form).Find(`select[name^="f"]`) {
				set.Set(sel.Attr("name"), "1")
			}
			file := apptest.ParseHTML(form).First(`input[type=file][name^="f"]`)
			if file == nil {
				t.Fatalf("no file field on %s", apply)
			}
			status, loc, body := who.h.fillFormAt(t, form, apply, apply+"/invia", set, r.chunk.line, all, file.Attr("name"), r.chunk.first+".pdf", pdf)
			wantRedirect(t, "submission to call "+r.id, status, body)
			*who.dst = loc
			if who.h == h {
				open(loc)
			}
		}
	}

	return func(t *testing.T) {
		open := func(p string) { openIn(t, p); h.mustShowXSS(t, p) }
		if wait := time.Until(closes) + 2*time.Second; wait > 0 {
			t.Logf("waiting %s for the calls to close", wait.Round(time.Second))
			time.Sleep(wait)
		}
		e.xssCallsClosed(t, h, hc, open, runs, all, pdf)
	}
}

// xssCallsClosed is the part of the calls' cycle after the closing time.
func (e *env) xssCallsClosed(t *testing.T, h, hc *httpVisitor, open func(string), runs []*xssCallRun, all string, pdf []byte) {
	rome, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		t.Fatal(err)
	}
	// A formula in a reason: the CSV must neutralise it.
	const formula = `=HYPERLINK("https://evil.example/","x")`
	for _, r := range runs {
		// A request for documents to the person, answered with a file.
		due := time.Now().In(rome).Add(48 * time.Hour).Format("2006-01-02T15:04")
		status, _, body := h.fillForm(t, r.person, "/integrazione", url.Values{"due": {due}}, r.chunk.line, all, "", "", nil)
		wantRedirect(t, "request for documents "+r.person, status, body)
		status, _, body = hc.fillForm(t, r.person, r.person+"/integrazione", nil, r.chunk.line, all, "file", r.chunk.first+".pdf", pdf)
		wantRedirect(t, "answer to the request "+r.person, status, body)
		// Admissibility with reasons, then the commission's sheets.
		for _, app := range []string{r.person, r.org} {
			status, _, body = h.fillForm(t, app, "/ammissibilita", url.Values{"decision": {"admissible"}}, r.chunk.line, all, "", "", nil)
			wantRedirect(t, "admissibility "+app, status, body)
			sheet := "/commissione" + app
			status, _, body = h.fillForm(t, sheet, "/dichiarazione", url.Values{"declaration": {"none"}}, "", "", "", "", nil)
			wantRedirect(t, "declaration "+sheet, status, body)
			_, page := h.get(t, sheet)
			set := url.Values{}
			for _, in := range apptest.ParseHTML(page).Find(`form input[type=number]`) {
				set.Set(in.Attr("name"), "7")
			}
			status, _, body = h.fillForm(t, sheet, sheet, set, r.chunk.line, formula+"\n\n"+all, "", "", nil)
			wantRedirect(t, "scores "+sheet, status, body)
			open(app)
			open(sheet)
		}
		if _, body := hc.get(t, r.person); !strings.Contains(body, "XSS") {
			t.Errorf("%s does not show the texts to its applicant", r.person)
		}
		open("/commissione/bandi/" + r.id)
		manage := "/gestione/bandi/" + r.id + "/domande"
		status, _, body = h.fillForm(t, manage, "/graduatoria", nil, "", "", "", "", nil)
		wantRedirect(t, "provisional ranking "+r.id, status, body)
		open(manage)
		status, _, body = h.fillForm(t, manage, "/esito", url.Values{"confirm": {"1"}}, "", "", "", "", nil)
		wantRedirect(t, "outcome "+r.id, status, body)
		open(manage)
		open("/bandi/" + r.id + "/esito")
		open("/bandi/" + r.id)
		e.checkScoreSheet(t, h, "/gestione/bandi/"+r.id+"/punteggi.csv")
	}
	open("/commissione")
	// The applicant's own pages, in the citizen's browser.
	cv := newVisitor(t, e.browser, e.srv.URL)
	installXSSHook(t, cv)
	e.signIn(t, cv, citizen)
	cv.takeProblems()
	cv.openXSS(t, "/domande")
	for _, r := range runs {
		cv.openXSS(t, r.person)
		cv.openXSS(t, "/bandi/"+r.id+"/esito")
	}
}

// mustShowXSS fails if the page at path shows no payload: the check of
// the browser would then prove nothing.
func (h *httpVisitor) mustShowXSS(t *testing.T, path string) {
	t.Helper()
	if _, body := h.get(t, path); !strings.Contains(body, "XSS") {
		t.Errorf("%s shows none of the payloads", path)
	}
}

// xssCallRun is one call of the cycle.
type xssCallRun struct {
	id, person, org string // the call's id and the two applications' pages
	chunk           payloadChunk
}

// fillFormAt is fillForm on a page already read, posting to postTo (as a
// button's formaction does) or, when it is empty, to the form's action.
func (h *httpVisitor) fillFormAt(t *testing.T, page, action, postTo string, set url.Values, line, text, fileField, fileName string, content []byte) (int, string, string) {
	t.Helper()
	form := formWithAction(apptest.ParseHTML(page), action)
	if form == nil {
		t.Fatalf("no form with the action %s", action)
	}
	act, vals, names := formValues(form)
	for _, name := range names {
		vals.Set(name, line)
		if form.First(`textarea[name="`+name+`"]`) != nil {
			vals.Set(name, text)
		}
	}
	for k, vs := range set {
		vals[k] = vs
	}
	if postTo == "" {
		postTo = act
	}
	return h.post(t, postTo, vals, fileField, fileName, content)
}

// formulaStart is how a spreadsheet cell that runs a formula starts.
var formulaStart = regexp.MustCompile(`^[=+\-@\t\r]`)

// checkScoreSheet reads the score sheet CSV as text: a download (never a
// page a browser renders), and no cell starting a formula.
func (e *env) checkScoreSheet(t *testing.T, h *httpVisitor, path string) {
	t.Helper()
	res, err := h.hc.Get(h.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	if ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); ct != "text/csv" {
		t.Errorf("%s: Content-Type %q, want text/csv", path, res.Header.Get("Content-Type"))
	}
	if d := res.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment") {
		t.Errorf("%s: Content-Disposition %q, want an attachment", path, d)
	}
	if n := res.Header.Get("X-Content-Type-Options"); n != "nosniff" {
		t.Errorf("%s: X-Content-Type-Options %q, want nosniff", path, n)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff")))
	r.Comma, r.FieldsPerRecord, r.LazyQuotes = ';', -1, true
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	sawPayload := false
	for _, row := range rows {
		for _, cell := range row {
			if formulaStart.MatchString(cell) {
				t.Errorf("%s: a cell starts a formula: %.80q", path, cell)
			}
			sawPayload = sawPayload || strings.Contains(cell, "HYPERLINK")
		}
	}
	if !sawPayload {
		t.Errorf("%s: the reasons with a formula are not in the sheet", path)
	}
}
