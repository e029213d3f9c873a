//go:build e2e

package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets the suite enforces: WCAG 2.0 and 2.1, levels A
// and AA, which the Italian accessibility law (Legge Stanca, via EN 301 549)
// requires of public services.
const axeRun = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']}})
	.then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target.map(String), summary: n.failureSummary || ''})),
	})))`

// axeViolation is one rule that failed on a page, with the elements that
// fail it.
type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s <%s>", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n      %s", strings.Join(n.Target, " "))
		if n.Summary != "" {
			fmt.Fprintf(&b, "\n        %s", strings.ReplaceAll(n.Summary, "\n", "\n        "))
		}
	}
	return b.String()
}

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript returns node_modules/axe-core/axe.min.js, installed by npm ci
// (make assets). The pages' CSP forbids inline and foreign scripts; the
// source is evaluated through the DevTools protocol (Runtime.evaluate),
// which the page's CSP does not govern. TestChecksCatchProblems proves it
// on a page with the same policy.
func axeScript(t testing.TB) string {
	t.Helper()
	axeOnce.Do(func() {
		root, err := repoRoot()
		if err != nil {
			axeErr = err
			return
		}
		b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			axeErr = fmt.Errorf("%w (run `make assets`, which runs npm ci)", err)
			return
		}
		axeSource = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core: %v", axeErr)
	}
	return axeSource
}

// axeCheck runs axe-core on the page the visitor is on and fails the test
// with every violation.
func (v *visitor) axeCheck(t testing.TB, where string) {
	t.Helper()
	violations, err := v.axe(t)
	if err != nil {
		t.Fatalf("%s: axe: %v", where, err)
	}
	for _, viol := range violations {
		t.Errorf("%s: accessibility violation %s", where, viol)
	}
}

func (v *visitor) axe(t testing.TB) ([]axeViolation, error) {
	t.Helper()
	src := axeScript(t)
	if err := chromedp.Do(v.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		return nil, fmt.Errorf("inject axe.min.js: %w", err)
	}
	return chromedp.Run(v.ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
}
