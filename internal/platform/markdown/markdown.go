// Package markdown turns Markdown written by editors (news bodies, FAQ
// answers) into HTML that is safe to put in a page as it is.
//
// Safety comes from three layers, each enough on its own for the cases it
// covers:
//
//   - goldmark's HTML renderer in its default, safe mode: raw HTML blocks and
//     inline tags are dropped (a comment takes their place), and links to
//     javascript:, vbscript:, file: and data: URLs lose their address;
//   - our own pass over the parsed document (sanitize), which keeps a link
//     only when its address is http, https, mailto or a path on this site,
//     and an image only when its address is a path on this site (pages load
//     nothing from other hosts); anything else becomes its plain text;
//   - every attribute value and text is HTML-escaped by the renderer.
//
// Headings are moved one level down (# becomes <h2>), because the page that
// shows the text already has its <h1>. Tables are rendered without the
// alignment style attributes that the Content-Security-Policy forbids.
package markdown

import (
	"bytes"
	"html"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// MaxInput bounds what Render accepts; longer text is cut. The forms that
// take Markdown allow far less.
const MaxInput = 200_000

var md = goldmark.New(
	goldmark.WithExtensions(
		extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
		extension.Strikethrough,
		extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:", "mailto:"})),
	),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(sanitizer{}, 1000))),
)

// Render returns the HTML for source. It never fails: goldmark accepts any
// input, and a rendering error (which only a writer error could cause) gives
// an empty result.
func Render(source string) template.HTML {
	if len(source) > MaxInput {
		source = source[:MaxInput]
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(source), &buf); err != nil {
		return ""
	}
	return template.HTML(buf.String()) // #nosec: produced by the safe renderer after sanitize
}

// sanitizer is the AST pass described in the package comment.
type sanitizer struct{}

func (sanitizer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var unwrap []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := n.(type) {
		case *ast.Heading:
			v.Level = min(v.Level+1, 6)
		case *ast.Link:
			if !LinkAllowed(string(v.Destination)) {
				unwrap = append(unwrap, v)
			}
		case *ast.Image:
			if !ImageAllowed(string(v.Destination)) {
				unwrap = append(unwrap, v)
			}
		case *ast.AutoLink:
			u := string(v.URL(src))
			if v.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(u), "mailto:") {
				u = "mailto:" + u
			}
			if !LinkAllowed(u) {
				unwrap = append(unwrap, v)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		replaceWithText(n, src)
	}
}

// replaceWithText puts n's children (or, for an autolink, its label) in
// its place, so the reader keeps the words and loses the address.
func replaceWithText(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if al, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(al.Label(src)))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// normalise returns the address as a browser would read it for its scheme:
// entities decoded, and every space and control character removed (browsers
// ignore them in "java\tscript:").
func normalise(u string) string {
	u = html.UnescapeString(u)
	return strings.Map(func(r rune) rune {
		if r <= 0x20 || r == 0x7f || r == '\u00a0' || r == '\ufeff' {
			return -1
		}
		return r
	}, u)
}

// scheme returns the lower-case scheme of u, or "" when u has none (a
// relative reference: a colon appears only after a /, ? or #).
func scheme(u string) string {
	for i, r := range u {
		switch r {
		case ':':
			if i == 0 {
				return ":" // no valid scheme is empty: refuse
			}
			return strings.ToLower(u[:i])
		case '/', '?', '#', '\\':
			return ""
		}
	}
	return ""
}

// LinkAllowed reports whether a link may point at u: http, https and mailto
// addresses, and references without a scheme (paths, fragments). Addresses
// starting with // or \ (another host, scheme-relative) must name http(s)
// explicitly, so they are refused.
func LinkAllowed(u string) bool {
	n := normalise(u)
	switch scheme(n) {
	case "http", "https", "mailto":
		return true
	case "":
		return !strings.HasPrefix(n, "//") && !strings.HasPrefix(n, `\`) && !strings.HasPrefix(n, `/\`)
	}
	return false
}

// ImageAllowed reports whether an image may be loaded from u: only a path
// on this site, because pages request nothing from other hosts.
func ImageAllowed(u string) bool {
	n := normalise(u)
	return scheme(n) == "" && strings.HasPrefix(n, "/") && !strings.HasPrefix(n, "//") && !strings.HasPrefix(n, `/\`)
}

// Plain returns source reduced to its text, for summaries and feeds that
// want no markup: the rendered HTML with tags removed and spaces collapsed.
func Plain(source string) string {
	h := string(Render(source))
	var b strings.Builder
	in := false
	for _, r := range h {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}
