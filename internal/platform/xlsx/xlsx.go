// Package xlsx writes spreadsheets in the Office Open XML format (.xlsx)
// that Excel, LibreOffice and openpyxl read: one workbook of one or more
// sheets, each a header row and rows of typed cells. It writes the
// smallest set of SpreadsheetML parts a reader needs ([Content_Types].xml,
// the package and workbook relationships, the workbook, a style sheet with
// a bold header and a date style, and one worksheet per sheet) with inline
// strings, so there is no shared-strings table to build. It only writes;
// it never reads untrusted files.
//
// Cells are typed by their Go value:
//
//	string             text (never a formula, whatever it starts with)
//	int, int64         number
//	float64            number (NaN and ±Inf are refused)
//	bool               TRUE / FALSE
//	time.Time          date and time (dd/mm/yyyy hh:mm), as the wall
//	                   clock reads in the time's own Location: convert
//	                   to Europe/Rome before writing. A zero time is an
//	                   empty cell.
//	nil                empty cell
//
// Any other type is an error, so a caller never gets a silently empty or
// stringified column.
package xlsx

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sheet is one worksheet: a bold header row, then Rows. A row may be
// shorter or longer than the header.
type Sheet struct {
	// Name is the tab's name. Characters Excel forbids ([]:*?/\) become
	// "-", it is cut to 31 characters, and a name used twice gets " (2)";
	// an empty name becomes "Foglio1", "Foglio2"…
	Name   string
	Header []string
	Rows   [][]any
}

// MaxCellText is the longest text a cell may hold (Excel's limit, in
// characters); longer texts are cut.
const MaxCellText = 32767

// Write writes a workbook holding sheets to w. With no sheet it writes
// one empty sheet, since a workbook must have one.
func Write(w io.Writer, sheets ...Sheet) error {
	if len(sheets) == 0 {
		sheets = []Sheet{{}}
	}
	names := sheetNames(sheets)
	zw := zip.NewWriter(w)
	parts := []struct {
		name string
		body func(*bufio.Writer) error
	}{
		{"[Content_Types].xml", func(b *bufio.Writer) error { return contentTypes(b, len(sheets)) }},
		{"_rels/.rels", func(b *bufio.Writer) error { _, err := b.WriteString(packageRels); return err }},
		{"xl/workbook.xml", func(b *bufio.Writer) error { return workbook(b, names) }},
		{"xl/_rels/workbook.xml.rels", func(b *bufio.Writer) error { return workbookRels(b, len(sheets)) }},
		{"xl/styles.xml", func(b *bufio.Writer) error { _, err := b.WriteString(styles); return err }},
	}
	for _, p := range parts {
		if err := writePart(zw, p.name, p.body); err != nil {
			return err
		}
	}
	for i, s := range sheets {
		name := "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml"
		if err := writePart(zw, name, func(b *bufio.Writer) error { return worksheet(b, s) }); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", names[i], err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// modified is the date stored in the archive for every part, so that the
// same data always gives the same bytes.
var modified = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func writePart(zw *zip.Writer, name string, body func(*bufio.Writer) error) error {
	f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return fmt.Errorf("xlsx: %s: %w", name, err)
	}
	b := bufio.NewWriter(f)
	if err := body(b); err != nil {
		return err
	}
	return b.Flush()
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

func contentTypes(b *bufio.Writer, n int) error {
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	b.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`)
	b.WriteString(`<Default Extension="xml" ContentType="application/xml"/>`)
	b.WriteString(`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	b.WriteString(`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
	}
	_, err := b.WriteString(`</Types>`)
	return err
}

const packageRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`

func workbook(b *bufio.Writer, names []string) error {
	b.WriteString(xmlHeader)
	b.WriteString(`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>`)
	for i, name := range names {
		fmt.Fprintf(b, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, escape(name), i+1, i+1)
	}
	_, err := b.WriteString(`</sheets></workbook>`)
	return err
}

func workbookRels(b *bufio.Writer, n int) error {
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(b, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i, nsRel, i)
	}
	fmt.Fprintf(b, `<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>`, n+1, nsRel)
	_, err := b.WriteString(`</Relationships>`)
	return err
}

// The cell formats of styles (their index in cellXfs).
const (
	styleDefault = 0
	styleDate    = 1 // numFmt 164: dd/mm/yyyy hh:mm
	styleHeader  = 2 // bold
)

const styles = xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
	`<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/></numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

func worksheet(b *bufio.Writer, s Sheet) error {
	b.WriteString(xmlHeader)
	b.WriteString(`<worksheet xmlns="` + nsMain + `">`)
	if len(s.Header) > 0 { // the header stays in view while scrolling
		b.WriteString(`<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	}
	if cols := widths(s); len(cols) > 0 {
		b.WriteString(`<cols>`)
		for i, w := range cols {
			fmt.Fprintf(b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, w)
		}
		b.WriteString(`</cols>`)
	}
	b.WriteString(`<sheetData>`)
	row := 0
	if len(s.Header) > 0 {
		row++
		fmt.Fprintf(b, `<row r="%d">`, row)
		for i, h := range s.Header {
			writeText(b, ref(i, row), h, styleHeader)
		}
		b.WriteString(`</row>`)
	}
	for _, cells := range s.Rows {
		row++
		fmt.Fprintf(b, `<row r="%d">`, row)
		for i, v := range cells {
			if err := writeCell(b, ref(i, row), v); err != nil {
				return fmt.Errorf("row %d, column %d: %w", row, i+1, err)
			}
		}
		b.WriteString(`</row>`)
	}
	_, err := b.WriteString(`</sheetData></worksheet>`)
	return err
}

// ErrType is returned for a cell whose Go type has no spreadsheet type.
var ErrType = errors.New("xlsx: unsupported cell type")

func writeCell(b *bufio.Writer, r string, v any) error {
	switch v := v.(type) {
	case nil:
	case string:
		writeText(b, r, v, styleDefault)
	case int:
		fmt.Fprintf(b, `<c r="%s"><v>%d</v></c>`, r, v)
	case int64:
		fmt.Fprintf(b, `<c r="%s"><v>%d</v></c>`, r, v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("xlsx: %v is not a number a spreadsheet can hold", v)
		}
		fmt.Fprintf(b, `<c r="%s"><v>%s</v></c>`, r, strconv.FormatFloat(v, 'g', -1, 64))
	case bool:
		n := 0
		if v {
			n = 1
		}
		fmt.Fprintf(b, `<c r="%s" t="b"><v>%d</v></c>`, r, n)
	case time.Time:
		if v.IsZero() {
			return nil
		}
		fmt.Fprintf(b, `<c r="%s" s="%d"><v>%s</v></c>`, r, styleDate, strconv.FormatFloat(Serial(v), 'f', -1, 64))
	default:
		return fmt.Errorf("%w %T", ErrType, v)
	}
	return nil
}

func writeText(b *bufio.Writer, r, s string, style int) {
	if s == "" && style == styleDefault {
		return
	}
	if style != styleDefault {
		fmt.Fprintf(b, `<c r="%s" s="%d" t="inlineStr"><is><t xml:space="preserve">`, r, style)
	} else {
		fmt.Fprintf(b, `<c r="%s" t="inlineStr"><is><t xml:space="preserve">`, r)
	}
	b.WriteString(escape(cut(s)))
	b.WriteString(`</t></is></c>`)
}

// epoch is day 0 of the 1900 date system as readers count it (1899-12-30,
// because of the 1900 leap-year bug Excel keeps).
var epoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Serial is t's wall clock, in its own Location, as a spreadsheet date
// serial: days since 1899-12-30, the time of day as the fraction,
// rounded to the millisecond.
func Serial(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	ms := wall.Sub(epoch).Milliseconds()
	return float64(ms) / float64(24*time.Hour/time.Millisecond)
}

// ref is the A1-style reference of the zero-based column col in row.
func ref(col, row int) string {
	return ColumnName(col) + strconv.Itoa(row)
}

// ColumnName is the letters of the zero-based column: A … Z, AA, AB…
func ColumnName(col int) string {
	var out []byte
	for col++; col > 0; col = (col - 1) / 26 {
		out = append(out, byte('A'+(col-1)%26))
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

// escape makes s safe as XML character data or attribute value, dropping
// the characters XML 1.0 cannot hold (most control characters, invalid
// UTF-8).
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r == '\r':
			b.WriteString("&#13;")
		case r < 0x20, r == utf8.RuneError, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cut shortens s to MaxCellText characters.
func cut(s string) string {
	if len(s) <= MaxCellText {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxCellText {
			return s[:i]
		}
		n++
	}
	return s
}

// sheetNames makes the tab names valid and unique.
func sheetNames(sheets []Sheet) []string {
	out := make([]string, len(sheets))
	used := map[string]bool{}
	for i, s := range sheets {
		name := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
				return '-'
			}
			return r
		}, strings.TrimSpace(s.Name))
		name = strings.Trim(name, "'")
		if name == "" {
			name = "Foglio" + strconv.Itoa(i+1)
		}
		base := truncRunes(name, 31)
		name = base
		for n := 2; used[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = truncRunes(base, 31-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		out[i] = name
	}
	return out
}

func truncRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// widths are the columns' widths in characters: the longest header or
// text in the first rows, between 8 and 60.
func widths(s Sheet) []int {
	n := len(s.Header)
	for _, r := range s.Rows {
		n = max(n, len(r))
	}
	out := make([]int, n)
	measure := func(i, w int) { out[i] = max(out[i], min(w+2, 60)) }
	for i, h := range s.Header {
		measure(i, utf8.RuneCountInString(h))
	}
	for j, r := range s.Rows {
		if j == 200 {
			break
		}
		for i, v := range r {
			switch v := v.(type) {
			case string:
				measure(i, utf8.RuneCountInString(v))
			case time.Time:
				measure(i, 16)
			default:
				measure(i, 8)
			}
		}
	}
	for i := range out {
		out[i] = max(out[i], 8)
	}
	return out
}
