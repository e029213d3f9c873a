//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath is the browser the suite drives: $CHROMIUM, or Debian's.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// requireOrSkip fails the test under CI=true, where every part of the
// suite must run, and skips it elsewhere.
func requireOrSkip(t testing.TB, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("required under CI=true: "+format, args...)
	}
	t.Skipf(format, args...)
}

// startBrowser starts one headless Chromium for the test and its subtests,
// with a fresh profile, and returns the context its visitors derive from.
// The flags are those that work as root on the project's machines: without
// the background-networking ones Chromium tries to reach Google's hosts.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := chromiumPath()
	if _, err := exec.LookPath(exe); err != nil {
		requireOrSkip(t, "Chromium not found at %s (set $CHROMIUM or apt-get install chromium): %v", exe, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start Chromium %s: %v", exe, err)
	}
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return ctx
}

// visitor is one person at one browser: a tab in its own browser context
// (cookies, storage), so visitors do not share sessions. It records every
// problem the page reports: console errors, uncaught exceptions, CSP
// violations, failed requests and requests to another host.
type visitor struct {
	t    testing.TB
	ctx  context.Context
	base string // the server's origin, e.g. http://127.0.0.1:41234
	host string // its host:port, the only host pages may reach

	// signedIn is set once the visitor has logged in (see env.signIn).
	signedIn bool

	mu       sync.Mutex
	problems []string
	urls     map[network.RequestID]string
}

// newVisitor opens a tab in a new browser context of browserCtx for pages
// served at base.
func newVisitor(t testing.TB, browserCtx context.Context, base string) *visitor {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("base URL %q: %v", base, err)
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	v := &visitor{t: t, ctx: ctx, base: strings.TrimRight(base, "/"), host: u.Host, urls: map[network.RequestID]string{}}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, v.observe); err != nil {
		t.Fatalf("listen to the tab: %v", err)
	}
	return v
}

// observe runs in the tab's event loop: it must return fast and send no
// command.
func (v *visitor) observe(ev any) {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			v.problems = append(v.problems, fmt.Sprintf("console.%s: %s", ev.Type, remoteArgs(ev.Args)))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		v.problems = append(v.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text))
	case *log.EventEntryAdded:
		e := ev.Entry
		// Failed requests are reported below with their URL, and a page
		// answered with an expected error status (the 404 page) is not one.
		if e.Source == log.EntrySourceNetwork {
			return
		}
		// CSP violations arrive here as errors from the "security" source.
		if e.Level == log.EntryLevelError || e.Source == log.EntrySourceSecurity {
			v.problems = append(v.problems, fmt.Sprintf("browser log (%s, %s): %s %s", e.Source, e.Level, e.Text, e.URL))
		}
	case *network.EventRequestWillBeSent:
		v.urls[ev.RequestID] = ev.Request.URL
		if problem := v.foreign(ev.Request.URL); problem != "" {
			v.problems = append(v.problems, problem)
		}
	case *network.EventResponseReceived:
		// The document's own status is checked by whoever navigated.
		if ev.Type != network.ResourceTypeDocument && ev.Response.Status >= 400 {
			v.problems = append(v.problems, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
		}
	case *network.EventLoadingFailed:
		// A request cancelled by a navigation is not a fault of the page.
		if ev.Canceled && ev.BlockedReason == "" {
			return
		}
		reason := ev.ErrorText
		if ev.BlockedReason != "" {
			reason += ", blocked: " + string(ev.BlockedReason)
		}
		v.problems = append(v.problems, fmt.Sprintf("request failed (%s): %s", reason, v.urls[ev.RequestID]))
	}
}

// foreign describes a request to anything but the server, or returns "".
func (v *visitor) foreign(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Sprintf("request to an unparsable URL %q", raw)
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return ""
	case "http", "https":
		if u.Host == v.host {
			return ""
		}
	}
	return "request to another host: " + raw
}

func remoteArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Description != "":
			parts = append(parts, a.Description)
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// takeProblems returns the problems seen since the last call and forgets
// them.
func (v *visitor) takeProblems() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	p := v.problems
	v.problems = nil
	return p
}

// settledProblems waits a moment for late events (a font fetched after
// layout, a deferred script) and returns the problems seen since the last
// call.
func (v *visitor) settledProblems() []string {
	time.Sleep(100 * time.Millisecond)
	return v.takeProblems()
}

// checkClean fails the test with every problem seen since the last check.
func (v *visitor) checkClean(t testing.TB, where string) {
	t.Helper()
	for _, p := range v.settledProblems() {
		t.Errorf("%s: %s", where, p)
	}
}

// url returns the absolute URL of a path on the server.
func (v *visitor) url(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return v.base + path
}

// open loads path and fails the test unless it answers wantStatus. It
// returns the final URL's path and query, after redirects.
func (v *visitor) open(t testing.TB, path string, wantStatus int) string {
	t.Helper()
	resp, err := chromedp.Run(v.ctx, chromedp.NavigateResponse(v.url(path)))
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != int64(wantStatus) {
		t.Fatalf("open %s: HTTP %d, want %d (ended at %s)", path, resp.Status, wantStatus, resp.URL)
	}
	return v.relative(resp.URL)
}

// submit clicks the element sel (a submit button) and waits for the page
// that answers; it returns that page's path and fails unless it answers
// wantStatus.
func (v *visitor) submit(t testing.TB, sel string, wantStatus int) string {
	t.Helper()
	resp, err := chromedp.RunResponse(v.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("submit %s: %v", sel, err)
	}
	if resp.Status != int64(wantStatus) {
		body, _ := chromedp.Run(v.ctx, chromedp.Text(chromedp.CSS("main")))
		t.Fatalf("submit %s: HTTP %d, want %d (at %s); the page says:\n%s", sel, resp.Status, wantStatus, resp.URL, body)
	}
	return v.relative(resp.URL)
}

// fill types into form fields, keyed by CSS selector, after clearing them.
func (v *visitor) fill(t testing.TB, fields map[string]string) {
	t.Helper()
	for sel, value := range fields {
		if err := chromedp.Do(v.ctx,
			chromedp.Clear(chromedp.CSS(sel)),
			chromedp.SendKeys(chromedp.CSS(sel), value),
		); err != nil {
			t.Fatalf("fill %s: %v", sel, err)
		}
	}
}

// text returns the visible text of the first element matching sel.
func (v *visitor) text(t testing.TB, sel string) string {
	t.Helper()
	s, err := chromedp.Run(v.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("read %s: %v", sel, err)
	}
	return s
}

// has reports whether an element matches sel now, without waiting.
func (v *visitor) has(t testing.TB, sel string) bool {
	t.Helper()
	n, err := chromedp.Run(v.ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
	if err != nil {
		t.Fatalf("query %s: %v", sel, err)
	}
	return n > 0
}

// attr returns attribute name of the first element matching sel.
func (v *visitor) attr(t testing.TB, sel, name string) string {
	t.Helper()
	s, err := chromedp.Run(v.ctx, chromedp.Evaluate[string](
		fmt.Sprintf("(document.querySelector(%q)||{getAttribute(){return ''}}).getAttribute(%q)||''", sel, name)))
	if err != nil {
		t.Fatalf("read %s[%s]: %v", sel, name, err)
	}
	return s
}

// viewport sets the size of the tab's viewport, as a phone (mobile) or a
// desktop window.
func (v *visitor) viewport(t testing.TB, width, height int64, mobile bool) {
	t.Helper()
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := chromedp.Do(v.ctx, chromedp.EmulateViewport(width, height, opts...)); err != nil {
		t.Fatalf("viewport %dx%d: %v", width, height, err)
	}
}

func (v *visitor) relative(raw string) string {
	return strings.TrimPrefix(raw, v.base)
}
