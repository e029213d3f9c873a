//go:build e2e

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/cantieri/cantieri/internal/app/apptest"
)

// The XSS corpus (testdata/xss/payloads.txt) goes through every text field
// of the forms below, one payload per submission in every field at once
// (and as the name of an uploaded file where the form takes one); after
// each submission the pages that show the stored text are opened in
// Chromium. A payload that runs calls window.__xss(N): the suite installs
// that function before any script of each page and fails if it was
// called. It also fails on a CSP violation, a request to another host
// (checkClean), and on any element of the page that could run code: an
// on* attribute, a javascript:/data: URL in a link or source, a script
// not served from /static/, an iframe, object, embed or base.

// xssHook runs before every script of every page the xss visitor opens;
// scripts added through DevTools are not subject to the page's CSP.
const xssHook = `window.__xssHits = []; window.__xss = function (n) { window.__xssHits.push(String(n)); };`

// xssDOMCheck lists the elements of the page that could run code.
const xssDOMCheck = `(() => {
  const bad = [];
  const urlAttrs = /^(href|src|action|formaction|xlink:href|data|poster|background|srcdoc)$/i;
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push(tag + ' ' + a.name + '=' + a.value.slice(0, 60));
      if (urlAttrs.test(a.name) && /^\s*(javascript|vbscript|data:text\/html|data:text\/javascript)/i.test(a.value.replace(/[\s\x00-\x1f]/g, ''))) bad.push(tag + ' ' + a.name + '=' + a.value.slice(0, 60));
      if (a.name === 'srcdoc') bad.push(tag + ' srcdoc');
    }
    if (tag === 'script' && !(el.src && el.src.startsWith(location.origin + '/static/'))) bad.push('script ' + (el.src || el.textContent.slice(0, 60)));
    if (['iframe', 'object', 'embed', 'base', 'frame', 'frameset'].includes(tag)) bad.push(tag);
    if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) bad.push('meta refresh');
  }
  return JSON.stringify({hits: window.__xssHits || null, bad: bad});
})()`

// loadPayloads reads the corpus, numbering each payload from 1.
func loadPayloads(t *testing.T) []string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "testdata", "xss", "payloads.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(raw), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.ReplaceAll(line, "N", fmt.Sprint(len(out)+1)))
	}
	if len(out) < 50 {
		t.Fatalf("the corpus has %d payloads, want at least 50", len(out))
	}
	return out
}

// xssForm is a form that stores text, and where that text shows.
type xssForm struct {
	name string
	// page holds the form; action is the form's action. When page is
	// empty, pageFn gives both (a page made by an earlier form).
	page, action string
	pageFn       func() (page, action string)
	// showFn gives more pages like show, when they depend on earlier forms.
	showFn func() []string
	// uniqueEmail gives the email field a new address at each submission.
	uniqueEmail bool
	// anonymous forms are sent by a visitor who is not signed in, each
	// submission by a new one (the pages are still opened by the admin).
	anonymous bool
	// set gives fields their values; every other text input and textarea
	// gets the payload.
	set url.Values
	// file, when set, is the file input that gets a PNG named after the
	// payload.
	file string
	// after, when set, is the end of the action of a form on the page the
	// submission led to, submitted as it is (e.g. publish).
	after string
	// max, when set, is the length the form's one-line inputs accept
	// (200 otherwise): payloads are grouped up to it, a longer one is cut.
	max int
	// overwrite is set when each submission replaces the last one (a
	// name): its page and show are opened after each.
	overwrite bool
	// textMax, when set, cuts a joined text to the length the form takes.
	textMax int
	// refused is a message with which the form may refuse a submission
	// (the text then is not stored, which is fine).
	refused string
	// joined is set for a form of long texts only: one submission carries
	// every payload, one paragraph each.
	joined bool
	// sample is set for a form that gets the sample of the corpus
	// (xssSampleIndexes, one payload of each dangerous class) rather than
	// all of it, to keep the run short.
	sample bool
	// setFn gives more fixed values, when they depend on earlier forms.
	setFn func() url.Values
	// emailFmt, with uniqueEmail, makes the e-mail address of submission
	// %d (an address may carry quotes, slashes and equals signs).
	emailFmt string
	// show are more pages that show the text (the answer's page and the
	// site pages it links to that show the payload are opened anyway).
	show []string
}

// httpVisitor is a signed-in client outside the browser, used to submit
// the corpus fast.
type httpVisitor struct {
	base string
	hc   *http.Client
}

// anonymousHTTPVisitor is a visitor who is not signed in.
func anonymousHTTPVisitor(t *testing.T, base string) *httpVisitor {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &httpVisitor{base: base, hc: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func newHTTPVisitor(t *testing.T, base, email, password string) *httpVisitor {
	t.Helper()
	h := anonymousHTTPVisitor(t, base)
	status, loc, _ := h.post(t, "/accedi", url.Values{"email": {email}, "password": {password}}, "", "", nil)
	if status != http.StatusSeeOther || strings.HasPrefix(loc, "/accedi") {
		t.Fatalf("log in as %s: %d %s", email, status, loc)
	}
	return h
}

func (h *httpVisitor) get(t *testing.T, path string) (int, string) {
	t.Helper()
	res, err := h.hc.Get(h.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return res.StatusCode, string(body)
}

// post sends vals (multipart when fileField is set, with content named
// fileName) and returns the status, the redirect's path and the body.
func (h *httpVisitor) post(t *testing.T, path string, vals url.Values, fileField, fileName string, content []byte) (int, string, string) {
	t.Helper()
	var body io.Reader
	ct := "application/x-www-form-urlencoded"
	if fileField != "" {
		var err error
		if body, ct, err = apptest.Multipart(vals, fileField, fileName, content); err != nil {
			t.Fatal(err)
		}
	} else {
		body = strings.NewReader(vals.Encode())
	}
	req, err := http.NewRequest(http.MethodPost, h.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	res, err := h.hc.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return res.StatusCode, strings.TrimPrefix(res.Header.Get("Location"), h.base), string(b)
}

// formValues returns a form's action, its values as a browser would send
// them, and the names of its text fields.
func formValues(form *apptest.Node) (string, url.Values, []string) {
	vals, text := apptest.FormValues(form)
	// A select left on its placeholder gets its first real option.
	for _, sel := range form.Find("select[name]") {
		for _, o := range sel.Find("option") {
			if name := sel.Attr("name"); vals.Get(name) == "" && o.Attr("value") != "" {
				vals.Set(name, o.Attr("value"))
			}
		}
	}
	return form.Attr("action"), vals, text
}

// tinyPNG is a valid 1×1 PNG, the content of the uploads named after a
// payload.
func tinyPNG(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// installXSSHook installs window.__xss in every page v opens, before the
// page's scripts.
func installXSSHook(t *testing.T, v *visitor) {
	t.Helper()
	if _, err := chromedp.Call(v.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: xssHook}); err != nil {
		t.Fatal(err)
	}
}

// openXSS opens path in the visitor's tab and fails on any sign of a
// payload that ran or could run.
func (v *visitor) openXSS(t *testing.T, path string) {
	t.Helper()
	if _, err := chromedp.Run(v.ctx, chromedp.NavigateResponse(v.url(path))); err != nil {
		t.Errorf("open %s: %v", path, err)
		return
	}
	raw, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](xssDOMCheck))
	if err != nil {
		t.Errorf("check %s: %v", path, err)
		return
	}
	var res struct {
		Hits []string `json:"hits"`
		Bad  []string `json:"bad"`
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		t.Fatalf("check %s: %v (%s)", path, err, raw)
	}
	if res.Hits == nil {
		t.Fatalf("%s: the __xss hook is not installed: the check would prove nothing", path)
	}
	for _, n := range res.Hits {
		t.Errorf("%s: payload %s RAN (called __xss)", path, n)
	}
	for _, b := range res.Bad {
		t.Errorf("%s: element that could run code: %s", path, b)
	}
	v.checkClean(t, path)
}

// xssForms are the forms that store text, on a server with the demo data.
func xssForms(pathSlug, textKey string, lastActivity *string, walkIn string) []xssForm {
	day := time.Now().AddDate(0, 0, 21).Format("2006-01-02")
	return []xssForm{
		{name: "news", page: "/gestione/territori/lunigiana/notizie/nuova", action: "/gestione/territori/lunigiana/notizie/nuova",
			set: url.Values{"zones": {"lunigiana"}}, file: "cover",
			after: "/stato", show: []string{"/notizie", "/territori/lunigiana"}},
		{name: "faq", page: "/gestione/faq/nuova", action: "/gestione/faq/nuova",
			set: url.Values{"topic_new_it": {""}, "topic_new_en": {""}}, show: []string{"/faq", "/gestione/faq"}},
		// Proposals are limited to a few an hour per person: one carries
		// every payload in its long texts; the term and name get the first.
		{name: "glossary-proposal", page: "/glossario/proponi", action: "/glossario/proponi", max: 120, joined: true, textMax: 600,
			set: url.Values{"website": {""}, "consent": {"1"}, "credit": {"1"}, "sources": {""}}, show: []string{"/gestione/glossario/proposte"}},
		{name: "glossary-term", page: "/gestione/glossario/nuova", action: "/gestione/glossario/nuova", max: 120,
			set: url.Values{"sources": {""}, "status": {"published"}, "related": nil}, show: []string{"/glossario", "/gestione/glossario"}},
		{name: "account-name", page: "/account/nome", action: "/account/nome", max: 100, overwrite: true, show: []string{"/account"}},
		{name: "site-text", page: "/gestione/testi/" + textKey, action: "/gestione/testi/" + textKey, overwrite: true, joined: true,
			set: url.Values{"robots": nil, "action": {"publish"}}},
		{name: "solution", page: "/gestione/soluzioni/nuova", action: "/gestione/soluzioni/nuova",
			set: url.Values{"zone": {"lunigiana"}, "slug": {""}}, show: []string{"/soluzioni"}},
		{name: "activity", page: "/gestione/percorsi/" + pathSlug + "/attivita/nuova", action: "/gestione/percorsi/" + pathSlug + "/attivita/nuova",
			set: url.Values{"kind": {"lab"}, "date": {day}, "start_time": {"17:30"}, "end_time": {"19:30"}, "mode": {"in_person"},
				"comune": {"045001"}, "capacity": {"30"}, "audience": {"citizens"}, "online_url": {""}},
			after: "/pubblica", show: []string{"/calendario"}},
		// The sign-up form of the last activity the form above published.
		{name: "activity-signup", pageFn: func() (string, string) { return *lastActivity, *lastActivity + "/iscrizione" },
			set: url.Values{"consent": {"1"}}, uniqueEmail: true, anonymous: true, showFn: func() []string {
				manage := "/gestione" + *lastActivity
				return []string{manage + "/iscrizioni", manage + "/presenze", manage + "/registro"}
			}},
		{name: "newsletter-campaign", page: "/gestione/newsletter/campagne/nuova", action: "/gestione/newsletter/campagne/nuova",
			set: url.Values{"archive": {"1"}}, refused: "segnaposto sconosciuti"},
		// Training tracks (title, description) made of the last activity.
		{name: "track", page: "/gestione/percorsi-formativi/nuovo", action: "/gestione/percorsi-formativi/nuovo", sample: true,
			set: url.Values{"zone": {"lunigiana"}, "kind": {"activators"}, "rule": {"all"}, "min": {""}},
			setFn: func() url.Values {
				return url.Values{"activity": {strings.TrimPrefix(*lastActivity, "/attivita/")}}
			}, show: []string{"/gestione/percorsi-formativi"}},
		// Materials of the last activity: titles and the file's name.
		{name: "material", pageFn: func() (string, string) {
			m := "/gestione" + *lastActivity + "/materiali"
			return m, m
		}, sample: true, file: "file", set: url.Values{"access": {"public"}}, overwrite: false,
			showFn: func() []string { return []string{*lastActivity} }},
		// A walk-in at the demo's past meeting, whose check-in is still open.
		{name: "attendance-walk-in", pageFn: func() (string, string) { return walkIn, "/presenze/senza-iscrizione" }, sample: true,
			uniqueEmail: true, emailFmt: "xss-%d'onfocus='__xss'autofocus='@example.org", showFn: func() []string {
				return []string{strings.TrimSuffix(walkIn, "/presenze") + "/registro"}
			}},
	}
}

// testXSS stores the corpus through every form and opens every page that
// shows it in Chromium.
func (e *env) testXSS(t *testing.T) {
	payloads := loadPayloads(t)
	if n, err := strconv.Atoi(os.Getenv("CANTIERI_XSS_PAYLOADS")); err == nil && n > 0 && n < len(payloads) {
		payloads = payloads[:n] // a quicker run while working on the suite
	}
	email := e.account(t, admin)
	h := newHTTPVisitor(t, e.srv.URL, email, adminPassword)
	v := newVisitor(t, e.browser, e.srv.URL)
	installXSSHook(t, v)
	e.signIn(t, v, admin)
	v.takeProblems()

	// A path of the demo data for the activities, and a site text.
	_, texts := h.get(t, "/gestione/testi")
	textLink := apptest.ParseHTML(texts).First(`main a[href^="/gestione/testi/"]`)
	if textLink == nil {
		t.Fatal("no site text to edit on /gestione/testi")
	}
	textKey := strings.TrimPrefix(textLink.Attr("href"), "/gestione/testi/")
	pathSlug := "cantiere-della-salute-lunigiana"
	png := tinyPNG(t)

	opened := 0
	var lastActivity string
	// The attendance screen of the demo's past meeting, for walk-ins.
	var walkIn string
	_, list := h.get(t, "/gestione/attivita")
	for _, tr := range apptest.ParseHTML(list).Find("main tbody tr") {
		for _, a := range tr.Find("a[href]") {
			if strings.HasSuffix(a.Attr("href"), "/presenze") && strings.Contains(tr.Text(), demoPastMeeting) {
				walkIn = a.Attr("href")
			}
		}
	}
	if walkIn == "" {
		t.Fatalf("no attendance screen for %q on /gestione/attivita", demoPastMeeting)
	}
	forms := xssForms(pathSlug, textKey, &lastActivity, walkIn)
	only := regexp.MustCompile(os.Getenv("CANTIERI_XSS_FORMS")) // a quicker run on some forms, while working on them
	began := time.Now()
	openXSS := func(t *testing.T, p string) {
		v.openXSS(t, p)
		opened++
	}
	var closedCalls func(*testing.T)
	if only.MatchString("calls") {
		t.Run("calls-open", func(t *testing.T) {
			start := time.Now()
			closedCalls = e.testXSSCalls(t, h, payloads, openXSS)
			t.Logf("calls and applications: %d page loads in Chromium, %s", opened, time.Since(start).Round(time.Millisecond))
		})
	}
	for _, f := range forms {
		if !only.MatchString(f.name) {
			continue
		}
		t.Run(f.name, func(t *testing.T) {
			if f.pageFn != nil {
				if lastActivity == "" {
					t.Fatal("no activity was published by the activity form")
				}
				f.page, f.action = f.pageFn()
			}
			if f.showFn != nil {
				f.show = append(f.show, f.showFn()...)
			}
			if f.setFn != nil {
				set := url.Values{}
				for k, vs := range f.set {
					set[k] = vs
				}
				for k, vs := range f.setFn() {
					set[k] = vs
				}
				f.set = set
			}
			submitter := h
			if f.anonymous {
				submitter = anonymousHTTPVisitor(t, e.srv.URL)
			}
			start, loads, crawled := time.Now(), opened, 0
			open := func(p string) {
				v.openXSS(t, p)
				opened++
			}
			chunks := packPayloads(payloads, f.max)
			if f.sample || e.xssSampleOnly && !f.joined {
				max := f.max
				if max == 0 {
					max = 200
				}
				chunks = xssSample(payloads, max)
			}
			if f.joined {
				text := strings.Join(numbered(payloads), "\n\n")
				if f.textMax > 0 && len([]rune(text)) > f.textMax {
					text = string([]rune(text)[:f.textMax])
				}
				chunks = []payloadChunk{{line: chunks[0].line, text: text, first: chunks[0].first, marker: "XSS1 "}}
			}
			defer func() {
				n := len(payloads)
				if f.sample || e.xssSampleOnly && !f.joined {
					n = len(xssSampleIndexes)
				}
				t.Logf("%s: %d payloads in %d submissions, %d page loads in Chromium, %d pages fetched, %s",
					f.name, n, len(chunks), opened-loads, crawled, time.Since(start).Round(time.Millisecond))
			}()
			shared := map[string]bool{} // pages that show several submissions, opened at the end
			for i, chunk := range chunks {
				// The form is read again each time: it may carry a version.
				status, body := submitter.get(t, f.page)
				if status != http.StatusOK {
					t.Fatalf("GET %s: %d", f.page, status)
				}
				form := formWithAction(apptest.ParseHTML(body), f.action)
				if form == nil {
					t.Fatalf("no form with the action %s on %s", f.action, f.page)
				}
				action, vals, text := formValues(form)
				for k, vs := range f.set {
					vals[k] = vs
				}
				fields := 0
				for _, name := range text {
					if _, fixed := f.set[name]; fixed {
						continue
					}
					vals.Set(name, chunk.line)
					if form.First(`textarea[name="`+name+`"]`) != nil {
						vals.Set(name, chunk.text)
					}
					fields++
				}
				if fields == 0 {
					t.Fatalf("form %s on %s has no text field", f.action, f.page)
				}
				if f.uniqueEmail {
					vals.Set("email", fmt.Sprintf("xss-%d-%s@example.org", i+1, randomHex(t, 3)))
					if f.emailFmt != "" {
						vals.Set("email", fmt.Sprintf(f.emailFmt, i+1))
					}
				}
				fileField, fileName := "", ""
				if f.file != "" {
					fileField, fileName = f.file, chunk.first+".png"
				}
				status, loc, body := submitter.post(t, action, vals, fileField, fileName, png)
				if f.refused != "" && status == http.StatusUnprocessableEntity && strings.Contains(body, f.refused) {
					continue
				}
				if status != http.StatusSeeOther {
					t.Fatalf("submission %d through %s: HTTP %d, want 303; the page says:\n%s", i+1, f.name, status,
						apptest.ParseHTML(body).First("main").Text())
				}
				if f.after != "" {
					_, page := h.get(t, loc)
					af := formWithAction(apptest.ParseHTML(page), f.after)
					if af == nil {
						t.Fatalf("no form %s on %s", f.after, loc)
					}
					a, vals, _ := formValues(af)
					if st, _, _ := h.post(t, a, vals, "", "", nil); st != http.StatusSeeOther {
						t.Fatalf("submission %d: %s answered %d", i+1, a, st)
					}
				}
				if f.name == "activity" {
					lastActivity = "/attivita/" + strings.TrimPrefix(loc, "/gestione/attivita/")
				}
				open(loc)
				if f.overwrite {
					for _, p := range f.show {
						open(p)
					}
				}
				// The site's pages the answer links to that show this
				// submission: opened now when they are its own, at the end
				// when they were seen before (lists, calendars).
				_, page := h.get(t, loc)
				for _, a := range apptest.ParseHTML(page).Find(`a[href^="/"]`) {
					href := a.Attr("href")
					if f.overwrite && !f.joined || skipXSSLink(href) || href == loc || shared[href] {
						continue
					}
					crawled++
					if st, b := h.get(t, href); st == http.StatusOK && strings.Contains(b, chunk.marker) {
						if f.overwrite {
							open(href)
						} else {
							shared[href] = true
						}
					}
				}
			}
			for p := range shared {
				open(p)
			}
			if !f.overwrite {
				for _, p := range f.show {
					open(p)
				}
			}
		})
	}
	if closedCalls != nil {
		t.Run("calls-closed", func(t *testing.T) {
			start, loads := time.Now(), opened
			closedCalls(t)
			t.Logf("calls after their closing time: %d page loads in Chromium, %s", opened-loads, time.Since(start).Round(time.Millisecond))
		})
	}
	t.Logf("%d payloads through %d forms and the calls' cycle; %d page loads checked; %s", len(payloads), len(forms), opened,
		time.Since(began).Round(time.Second))
}

// numbered prefixes each payload with XSS<n>.
func numbered(payloads []string) []string {
	out := make([]string, len(payloads))
	for i, p := range payloads {
		out[i] = fmt.Sprintf("XSS%d %s", i+1, p)
	}
	return out
}

// payloadChunk is what one submission carries: line for a one-line
// input (payloads joined by spaces, at most max characters), text for a
// textarea (the same payloads, one paragraph each).
type payloadChunk struct {
	line, text, first, marker string
}

// packPayloads groups the payloads, each prefixed with XSS<n>, into as few
// submissions as fit in max characters (200 when 0); a payload longer
// than max is cut.
func packPayloads(payloads []string, max int) []payloadChunk {
	if max == 0 {
		max = 200
	}
	var out []payloadChunk
	var cur []string
	curLen := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, payloadChunk{line: strings.Join(cur, " "), text: strings.Join(cur, "\n\n"), first: cur[0],
				marker: strings.SplitN(cur[0], " ", 2)[0] + " "})
		}
		cur, curLen = nil, 0
	}
	for i, p := range payloads {
		item := []rune(fmt.Sprintf("XSS%d %s", i+1, p))
		if len(item) > max {
			item = item[:max]
		}
		if curLen+len(item)+1 > max {
			flush()
		}
		cur = append(cur, string(item))
		curLen += len(item) + 1
	}
	flush()
	return out
}

// formWithAction returns the first form whose action ends with suffix.
func formWithAction(doc *apptest.Node, suffix string) *apptest.Node {
	for _, f := range doc.Find("form") {
		if strings.HasSuffix(f.Attr("action"), suffix) {
			return f
		}
	}
	return nil
}

// skipXSSLink is true for links that are not pages showing content.
func skipXSSLink(href string) bool {
	for _, p := range []string{"/esci", "/lingua/", "/static/", "/files/", "/gestione/testi", "/admin"} {
		if strings.HasPrefix(href, p) {
			return true
		}
	}
	for _, s := range []string{".xml", ".ics", ".pdf", ".csv", ".xlsx", "#"} {
		if strings.Contains(href, s) {
			return true
		}
	}
	return false
}
