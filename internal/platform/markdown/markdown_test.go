package markdown_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/markdown"
)

// unsafeTag finds elements that must never reach a page from Markdown.
var unsafeTag = regexp.MustCompile(`(?i)<\s*/?\s*(script|iframe|object|embed|style|svg|math|form|input|base|meta|link|frame|details)\b`)

var (
	tagRe  = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	attrRe = regexp.MustCompile(`\s([^\s=>/"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?`)
)

// checkSafe fails when out has an unsafe element, an event-handler or style
// attribute (the CSP forbids inline styles), or an href or src whose scheme
// is not http, https or mailto.
func checkSafe(t *testing.T, in, out string) {
	t.Helper()
	if m := unsafeTag.FindString(out); m != "" {
		t.Fatalf("unsafe element %q for input %q:\n%s", m, in, out)
	}
	for _, tag := range tagRe.FindAllString(out, -1) {
		for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
			name := strings.ToLower(a[1])
			val := strings.ToLower(html.UnescapeString(strings.Trim(a[2], `"'`)))
			val = strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, val)
			switch {
			case strings.HasPrefix(name, "on"), name == "style":
				t.Fatalf("attribute %s in %q for input %q", name, tag, in)
			case name == "href" || name == "src":
				colon, stop := strings.Index(val, ":"), strings.IndexAny(val, "/?#")
				if colon >= 0 && (stop < 0 || colon < stop) {
					if sch := val[:colon]; sch != "http" && sch != "https" && sch != "mailto" {
						t.Fatalf("%s=%q in %q for input %q", name, val, tag, in)
					}
				}
			}
		}
	}
}

// XSSCorpus are well-known payloads, in Markdown and raw HTML; exported to
// tests of other packages through the test file of each (copied there).
var xssCorpus = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=//x.example/x.js></SCRIPT>`,
	`<img src=x onerror=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<svg onload=alert(1)>`,
	`<a href="javascript:alert(1)">x</a>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`[click](javascript:alert(1))`,
	`[click](JaVaScRiPt:alert(1))`,
	`[click](  javascript:alert(1))`,
	"[click](java\tscript:alert(1))",
	`[click](<java script:alert(1)>)`,
	`[click](&#106;avascript:alert(1))`,
	`[click](&#x6A;avascript&colon;alert(1))`,
	`[click](vbscript:msgbox(1))`,
	`[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
	`[click](file:///etc/passwd)`,
	`[x][ref]` + "\n\n" + `[ref]: javascript:alert(1)`,
	`[x][ref]` + "\n\n" + `[ref]: <javascript:alert(1)> "title"`,
	`<javascript:alert(1)>`,
	`<vbscript:alert(1)>`,
	`![x](javascript:alert(1))`,
	`![x](https://tracker.example/pixel.gif)`,
	`![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
	`[a](https://ok.example "x\" onmouseover=\"alert(1)")`,
	`[a](https://ok.example) <b onclick="alert(1)">b</b>`,
	"```html\n<script>alert(1)</script>\n```",
	"`<script>alert(1)</script>`",
	`<!-- --><script>alert(1)</script>`,
	`<details open ontoggle=alert(1)>`,
	`<math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
	`[a](//evil.example/x)`,
	`[a](\\evil.example\x)`,
	`| a | b |` + "\n" + `|:-|-:|` + "\n" + `| 1 | 2 |`,
	"www.example.org/<script>",
	`"><script>alert(1)</script>`,
}

func TestKnownXSSPayloadsAreNeutralised(t *testing.T) {
	for _, in := range xssCorpus {
		checkSafe(t, in, string(markdown.Render(in)))
	}
}

func TestOrdinaryMarkdownIsKept(t *testing.T) {
	cases := map[string]string{
		"**forte** e _corsivo_":                            "<strong>forte</strong> e <em>corsivo</em>",
		"[Regione](https://www.regione.toscana.it/)":       `<a href="https://www.regione.toscana.it/">Regione</a>`,
		"[FAQ](/faq#progetto)":                             `<a href="/faq#progetto">FAQ</a>`,
		"[scrivi](mailto:info@example.org)":                `<a href="mailto:info@example.org">scrivi</a>`,
		"Vedi https://www.regione.toscana.it/-/i-comitati": `<a href="https://www.regione.toscana.it/-/i-comitati">`,
		"![Camper](/file/abc)":                             `<img src="/file/abc" alt="Camper">`,
		"# Titolo":                                         "<h2>Titolo</h2>",
		"- uno\n- due":                                     "<li>uno</li>",
		"| a | b |\n|:-|-:|\n| 1 | 2 |":                    "<td>1</td>",
		"~~vecchio~~":                                      "<del>vecchio</del>",
	}
	for in, want := range cases {
		if got := string(markdown.Render(in)); !strings.Contains(got, want) {
			t.Errorf("Render(%q) = %q, want it to contain %q", in, got, want)
		}
	}
}

func TestRefusedLinksKeepTheirWords(t *testing.T) {
	got := string(markdown.Render("Premi [qui](javascript:alert(1)) per continuare"))
	if strings.Contains(got, "<a") || !strings.Contains(got, "Premi qui per continuare") {
		t.Errorf("got %q", got)
	}
	got = string(markdown.Render("Foto ![il camper](https://cdn.example/c.jpg)"))
	if strings.Contains(got, "<img") || !strings.Contains(got, "il camper") {
		t.Errorf("external image: got %q", got)
	}
}

func TestPlainDropsMarkup(t *testing.T) {
	if got := markdown.Plain("# Titolo\n\nUn **testo** con [link](https://x.example) & <b>html</b>"); got != "Titolo Un testo con link & html" {
		t.Errorf("Plain = %q", got)
	}
}

func FuzzRenderIsSafe(f *testing.F) {
	for _, s := range xssCorpus {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkSafe(t, in, string(markdown.Render(in)))
	})
}
