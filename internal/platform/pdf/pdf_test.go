package pdf_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/pdf"
	"github.com/cantieri/cantieri/internal/platform/pdf/pdftest"
)

func render(t *testing.T, d *pdf.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	n, err := d.WriteTo(&b)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(b.Len()) {
		t.Fatalf("WriteTo reported %d bytes, wrote %d", n, b.Len())
	}
	return b.Bytes()
}

// sample is a two-page document with accents, parentheses and a long
// paragraph.
func sample() *pdf.Document {
	d := pdf.New()
	d.Title = "Attestato di partecipazione – è così"
	d.Created = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	p := d.AddPage()
	p.Text(56, 780, pdf.HelveticaBold, 18, "Perché è così: àèéìòù ÀÈÉÌÒÙ (prova) \\ 20 €")
	p.Paragraph(56, 740, 300, pdf.Helvetica, 11, 15, strings.Repeat("Laboratorio di esplorazione apprezzativa ", 10))
	p.Line(56, 600, 540, 600, 0.5)
	p.Rect(56, 500, 100, 50, 1)
	p.FillRect(200, 500, 100, 50, 0.9)
	d.AddPage().TextCenter(pdf.A4Width/2, 400, pdf.Helvetica, 12, "Seconda pagina")
	return d
}

// TestCrossReferenceOffsetsPointAtTheirObjects reads the xref table and
// checks that each entry's offset is where "N 0 obj" starts, and that
// startxref points at the table.
func TestCrossReferenceOffsetsPointAtTheirObjects(t *testing.T) {
	b := render(t, sample())
	if !bytes.HasPrefix(b, []byte("%PDF-1.4\n")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
		t.Fatalf("header or trailer missing: %q … %q", b[:12], b[len(b)-12:])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\n$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if !bytes.HasPrefix(b[xref:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d points at %q", xref, b[xref:xref+10])
	}
	var count int
	fmt.Sscanf(string(b[xref:]), "xref\n0 %d\n", &count)
	if count != 10 { // free entry, 5 shared objects, 2 objects per page
		t.Errorf("xref has %d entries, want 10", count)
	}
	entries := b[bytes.IndexByte(b[xref+5:], '\n')+xref+6:]
	for i := 0; i < count; i++ {
		e := string(entries[i*20 : (i+1)*20])
		if len(e) != 20 || !strings.HasSuffix(e, " \n") {
			t.Fatalf("entry %d is %q: entries are 20 bytes ending in space and LF", i, e)
		}
		if i == 0 {
			continue
		}
		off, _ := strconv.Atoi(e[:10])
		if want := fmt.Sprintf("%d 0 obj\n", i); !bytes.HasPrefix(b[off:], []byte(want)) {
			t.Errorf("entry %d: offset %d holds %q, want %q", i, off, b[off:off+12], want)
		}
	}
	if !bytes.Contains(b, []byte("/Size 10 ")) {
		t.Error("trailer /Size is not 10")
	}
}

func TestStreamLengthsMatchTheirContent(t *testing.T) {
	b := render(t, sample())
	re := regexp.MustCompile(`<< /Length (\d+) >>\nstream\n`)
	locs := re.FindAllSubmatchIndex(b, -1)
	if len(locs) != 2 {
		t.Fatalf("%d streams, want 2", len(locs))
	}
	for _, l := range locs {
		n, _ := strconv.Atoi(string(b[l[2]:l[3]]))
		if !bytes.HasPrefix(b[l[1]+n:], []byte("\nendstream")) {
			t.Errorf("stream of /Length %d is not followed by endstream", n)
		}
	}
}

func TestAccentsAreWinAnsiCodes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []byte
	}{
		{"àèéìòù", []byte{0xE0, 0xE8, 0xE9, 0xEC, 0xF2, 0xF9}},
		{"ÀÈÉÌÒÙ", []byte{0xC0, 0xC8, 0xC9, 0xCC, 0xD2, 0xD9}},
		{"20 € – “sì”", []byte{'2', '0', ' ', 0x80, ' ', 0x96, ' ', 0x93, 's', 0xEC, 0x94}},
		{"tab\there\x00", []byte("tab here")},
		{"日本", []byte("??")},
	} {
		if got := pdf.Encode(c.in); !bytes.Equal(got, c.want) {
			t.Errorf("Encode(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	b := render(t, sample())
	if !bytes.Contains(b, []byte(`(Perch\351 \350 cos\354: \340\350\351\354\362\371 \300\310\311\314\322\331 \(prova\) \\ 20 \200) Tj`)) {
		t.Errorf("the accented line is not in the content stream as octal WinAnsi codes")
	}
	if !bytes.Contains(b, []byte("/Encoding /WinAnsiEncoding")) {
		t.Error("fonts are not in WinAnsiEncoding")
	}
}

func TestWidthsAreHelveticaMetrics(t *testing.T) {
	// From the AFM files: H 722, e 556, l 222; bold H 722, e 556, l 278.
	if got := pdf.Width(pdf.Helvetica, 10, "Hel"); got != 15 {
		t.Errorf("Helvetica 10pt \"Hel\" = %v, want 15", got)
	}
	if got := pdf.Width(pdf.HelveticaBold, 10, "Hel"); got != 15.56 {
		t.Errorf("Helvetica-Bold 10pt \"Hel\" = %v, want 15.56", got)
	}
	if got := pdf.Width(pdf.Helvetica, 1000, "è"); got != 556 {
		t.Errorf("è = %v, want 556", got)
	}
}

func TestWrapKeepsLinesWithinTheWidth(t *testing.T) {
	text := "Il laboratorio di problem setting: «Poiché… tenendo conto che… come fare per… ottenere…?»\nSeconda riga. " +
		strings.Repeat("x", 120)
	lines := pdf.Wrap(pdf.Helvetica, 11, 200, text)
	if len(lines) < 4 {
		t.Fatalf("wrapped in %d lines: %q", len(lines), lines)
	}
	for _, l := range lines {
		if w := pdf.Width(pdf.Helvetica, 11, l); w > 200 {
			t.Errorf("line %q is %v points wide, over 200", l, w)
		}
	}
	joined := strings.Join(lines, " ")
	if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(strings.ReplaceAll(text, "\n", ""), " ", "") {
		t.Errorf("wrapping lost or changed text:\n%q", lines)
	}
	if !strings.HasPrefix(lines[0], "Il laboratorio") || pdf.Wrap(pdf.Helvetica, 11, 200, "") != nil {
		t.Errorf("unexpected wrap: %q", lines[0])
	}
}

func TestFlowStartsNewPagesWhenFull(t *testing.T) {
	d := pdf.New()
	f := d.NewFlow(56)
	for i := range 120 {
		f.Line(pdf.Helvetica, 11, fmt.Sprintf("Riga %d", i+1))
	}
	if d.Pages() < 2 {
		t.Fatalf("120 lines of 11 pt fit on %d page", d.Pages())
	}
	text := pdftest.Text(t, render(t, d))
	if !strings.Contains(text, "Riga 1\n") || !strings.Contains(text, "Riga 120") {
		t.Errorf("first or last line missing from the text")
	}
	if strings.Count(text, "\f") != d.Pages() {
		t.Errorf("pdftotext found %d pages, want %d", strings.Count(text, "\f"), d.Pages())
	}
}

// TestReadersParseTheFile checks the file with qpdf and reads its text
// back with pdftotext: accents, the euro sign and parentheses come back.
func TestReadersParseTheFile(t *testing.T) {
	b := render(t, sample())
	pdftest.Check(t, b)
	text := pdftest.Text(t, b)
	for _, want := range []string{"Perché è così: àèéìòù ÀÈÉÌÒÙ (prova) \\ 20 €", "Seconda pagina", "Laboratorio di esplorazione"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext does not find %q in:\n%s", want, text)
		}
	}
}

func TestEmptyDocumentHasOnePage(t *testing.T) {
	b := render(t, pdf.New())
	pdftest.Check(t, b)
	if !bytes.Contains(b, []byte("/Count 1 ")) {
		t.Error("an empty document does not have one page")
	}
}

// BenchmarkSampleDocument writes the two-page sample (a certificate is of
// the same size).
func BenchmarkSampleDocument(b *testing.B) {
	var n int64
	for b.Loop() {
		var buf bytes.Buffer
		m, err := sample().WriteTo(&buf)
		if err != nil {
			b.Fatal(err)
		}
		n = m
	}
	b.ReportMetric(float64(n), "bytes/doc")
}
