// Package pdf writes simple PDF 1.4 documents with no dependency: A4
// pages, text in the standard Type1 fonts Helvetica and Helvetica-Bold
// (which every PDF reader has, so nothing is embedded) in WinAnsiEncoding,
// so Italian accents (àèéìòù, À, È…) and the euro sign print; lines,
// rectangles, and paragraphs wrapped by the fonts' measured widths. It is
// enough for certificates, receipts and score sheets.
//
//	d := pdf.New()
//	d.Title = "Attestato di partecipazione"
//	p := d.AddPage()
//	p.Text(56, 780, pdf.HelveticaBold, 18, "Attestato")
//	y := p.Paragraph(56, 750, 480, pdf.Helvetica, 11, 15, long)
//	_, err := d.WriteTo(w)
//
// Coordinates are PDF points (1/72 inch) from the bottom-left corner of
// the page, y upwards, as in PDF itself. For text that flows down the page
// and onto new pages, use a Flow (d.NewFlow(margin)).
//
// Characters outside WinAnsiEncoding (which covers Western European
// languages) are written as '?': the fonts cannot show them.
package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// A4 page size in points.
const (
	A4Width  = 595.28
	A4Height = 841.89
)

// Font is one of the standard fonts a document can use.
type Font int

// The fonts.
const (
	Helvetica Font = iota
	HelveticaBold
)

var fontNames = [...]string{Helvetica: "Helvetica", HelveticaBold: "Helvetica-Bold"}

func (f Font) widths() *[256]uint16 {
	if f == HelveticaBold {
		return &helveticaBoldWidths
	}
	return &helveticaWidths
}

// resource is the font's name in the pages' resource dictionary.
func (f Font) resource() string {
	if f == HelveticaBold {
		return "F2"
	}
	return "F1"
}

// Document is a PDF being built. The zero value is not usable: call New.
type Document struct {
	// Title, Author and Subject go in the document information
	// dictionary (shown by readers as the document's properties).
	Title, Author, Subject string
	// Created is the creation date written in the document; New sets it
	// to the current time. Fix it for byte-identical output.
	Created time.Time

	pages []*Page
}

// New returns an empty document.
func New() *Document { return &Document{Created: time.Now()} }

// AddPage appends an A4 portrait page and returns it.
func (d *Document) AddPage() *Page {
	p := &Page{}
	d.pages = append(d.pages, p)
	return p
}

// Pages is the number of pages so far.
func (d *Document) Pages() int { return len(d.pages) }

// Page is one page's content stream.
type Page struct {
	buf bytes.Buffer
}

func num(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// Text writes s with its baseline starting at (x, y).
func (p *Page) Text(x, y float64, f Font, size float64, s string) {
	fmt.Fprintf(&p.buf, "BT /%s %s Tf %s %s Td ", f.resource(), num(size), num(x), num(y))
	writeString(&p.buf, Encode(s))
	p.buf.WriteString(" Tj ET\n")
}

// TextRight writes s so that it ends at x.
func (p *Page) TextRight(x, y float64, f Font, size float64, s string) {
	p.Text(x-Width(f, size, s), y, f, size, s)
}

// TextCenter writes s centred on x.
func (p *Page) TextCenter(x, y float64, f Font, size float64, s string) {
	p.Text(x-Width(f, size, s)/2, y, f, size, s)
}

// Paragraph writes s wrapped to width, the first baseline at y and each
// next one leading points lower, and returns the baseline after the last
// line (where a following line would go). Line breaks in s are kept.
func (p *Page) Paragraph(x, y, width float64, f Font, size, leading float64, s string) float64 {
	for _, line := range Wrap(f, size, width, s) {
		p.Text(x, y, f, size, line)
		y -= leading
	}
	return y
}

// Line draws a straight line of the given width (points), in black.
func (p *Page) Line(x1, y1, x2, y2, width float64) {
	fmt.Fprintf(&p.buf, "%s w %s %s m %s %s l S\n", num(width), num(x1), num(y1), num(x2), num(y2))
}

// Rect draws the outline of a rectangle whose lower-left corner is (x, y).
func (p *Page) Rect(x, y, w, h, lineWidth float64) {
	fmt.Fprintf(&p.buf, "%s w %s %s %s %s re S\n", num(lineWidth), num(x), num(y), num(w), num(h))
}

// FillRect fills a rectangle with a grey level from 0 (black) to 1
// (white); later drawing is black again.
func (p *Page) FillRect(x, y, w, h, gray float64) {
	fmt.Fprintf(&p.buf, "q %s g %s %s %s %s re f Q\n", num(gray), num(x), num(y), num(w), num(h))
}

// Width is the advance of s in font f at size, in points.
func Width(f Font, size float64, s string) float64 {
	w := f.widths()
	total := 0
	for _, c := range Encode(s) {
		total += int(w[c])
	}
	return float64(total) * size / 1000
}

// Wrap splits s into lines no wider than width, breaking at spaces; a
// word longer than a line is cut where it must be. Line breaks in s
// start new lines; an empty s gives no lines.
func Wrap(f Font, size, width float64, s string) []string {
	var lines []string
	if s == "" {
		return nil
	}
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			cand := word
			if line != "" {
				cand = line + " " + word
			}
			if Width(f, size, cand) <= width {
				line = cand
				continue
			}
			if line != "" {
				lines = append(lines, line)
			}
			// A word wider than the line is cut rune by rune.
			for Width(f, size, word) > width {
				cut := 1
				rs := []rune(word)
				for cut < len(rs) && Width(f, size, string(rs[:cut+1])) <= width {
					cut++
				}
				lines = append(lines, string(rs[:cut]))
				word = string(rs[cut:])
			}
			line = word
		}
		lines = append(lines, line)
	}
	return lines
}

// winAnsi maps the characters of WinAnsiEncoding's 0x80–0x9F range; the
// rest of Latin-1 (0xA0–0xFF) is the same code as the Unicode one.
var winAnsi = map[rune]byte{
	'€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88,
	'‰': 0x89, 'Š': 0x8A, '‹': 0x8B, 'Œ': 0x8C, 'Ž': 0x8E, '‘': 0x91, '’': 0x92, '“': 0x93,
	'”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '˜': 0x98, '™': 0x99, 'š': 0x9A, '›': 0x9B,
	'œ': 0x9C, 'ž': 0x9E, 'Ÿ': 0x9F,
}

// Encode converts s to WinAnsiEncoding. Tabs become spaces; other control
// characters are dropped; characters the encoding lacks become '?'.
func Encode(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r == '\t':
			out = append(out, ' ')
		case r < 0x20 || r == 0x7f:
		case r < 0x80:
			out = append(out, byte(r))
		case r >= 0xA0 && r <= 0xFF:
			out = append(out, byte(r))
		default:
			if b, ok := winAnsi[r]; ok {
				out = append(out, b)
			} else {
				out = append(out, '?')
			}
		}
	}
	return out
}

// writeString writes b as a PDF literal string, escaping the delimiters
// and writing every byte outside printable ASCII in octal.
func writeString(buf *bytes.Buffer, b []byte) {
	buf.WriteByte('(')
	for _, c := range b {
		switch {
		case c == '(' || c == ')' || c == '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(buf, "\\%03o", c)
		default:
			buf.WriteByte(c)
		}
	}
	buf.WriteByte(')')
}

// textString encodes an information-dictionary string: PDFDocEncoding is
// ASCII-compatible, so ASCII goes as a literal and anything else as
// UTF-16BE with a byte-order mark, in hex.
func textString(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		var b bytes.Buffer
		writeString(&b, []byte(s))
		return b.String()
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			fmt.Fprintf(&b, "%04X%04X", 0xD800+(r>>10), 0xDC00+(r&0x3FF))
			continue
		}
		fmt.Fprintf(&b, "%04X", r)
	}
	b.WriteString(">")
	return b.String()
}

// WriteTo writes the document: header, objects, cross-reference table and
// trailer. A document without pages gets one empty page (a PDF needs one).
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	if len(d.pages) == 0 {
		d.AddPage()
	}
	var out bytes.Buffer
	var offsets []int
	obj := func(body string) {
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", len(offsets), body)
	}
	out.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	// Objects 1–5: catalog, page tree, the two fonts, information; then a
	// page object and its content stream for each page.
	const firstPage = 6
	kids := make([]string, len(d.pages))
	for i := range d.pages {
		kids[i] = fmt.Sprintf("%d 0 R", firstPage+2*i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %s %s] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>",
		strings.Join(kids, " "), len(d.pages), num(A4Width), num(A4Height)))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /" + fontNames[Helvetica] + " /Encoding /WinAnsiEncoding >>")
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /" + fontNames[HelveticaBold] + " /Encoding /WinAnsiEncoding >>")
	offsets = append(offsets, out.Len())
	fmt.Fprintf(&out, "%d 0 obj\n<< /Producer (Cantieri) /CreationDate %s", len(offsets), textString(pdfDate(d.Created)))
	for _, kv := range [][2]string{{"Title", d.Title}, {"Author", d.Author}, {"Subject", d.Subject}} {
		if kv[1] != "" {
			fmt.Fprintf(&out, " /%s %s", kv[0], textString(kv[1]))
		}
	}
	out.WriteString(" >>\nendobj\n")
	for i, p := range d.pages {
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>", firstPage+2*i+1))
		offsets = append(offsets, out.Len())
		fmt.Fprintf(&out, "%d 0 obj\n<< /Length %d >>\nstream\n", len(offsets), p.buf.Len())
		out.Write(p.buf.Bytes())
		out.WriteString("\nendstream\nendobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(offsets)+1)
	for _, off := range offsets {
		fmt.Fprintf(&out, "%010d 00000 n \n", off)
	}
	id := sha256.Sum256(out.Bytes())
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		len(offsets)+1, id[:16], id[:16], xref)
	n, err := w.Write(out.Bytes())
	return int64(n), err
}

// pdfDate formats t as a PDF date (D:YYYYMMDDHHmmSSZ), in UTC.
func pdfDate(t time.Time) string {
	return "D:" + t.UTC().Format("20060102150405") + "Z"
}
