package xlsx_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/xlsx"
	"github.com/cantieri/cantieri/internal/platform/xlsx/xlsxtest"
)

func write(t *testing.T, sheets ...xlsx.Sheet) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets...); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// parts unzips a workbook into its parts.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return out
}

var rome, _ = time.LoadLocation("Europe/Rome")

func sample() xlsx.Sheet {
	return xlsx.Sheet{Name: "Presenze", Header: []string{"Nome", "Presenze", "Ore", "Confermata", "Arrivo", "Nota"},
		Rows: [][]any{
			{"Niccolò Tofanelli", 3, 4.5, true, time.Date(2026, 10, 25, 1, 30, 0, 0, rome), "=HYPERLINK(\"x\")"},
			{"Perché <no> & \"sì\"", int64(0), 0.25, false, time.Time{}, nil},
			{"solo nome"},
		}}
}

func TestPartsAreTheMinimalSpreadsheetML(t *testing.T) {
	p := parts(t, write(t, sample()))
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"} {
		if _, ok := p[name]; !ok {
			t.Errorf("no part %s", name)
		}
	}
	sheet := p["xl/worksheets/sheet1.xml"]
	for _, want := range []string{
		`<c r="A1" s="2" t="inlineStr"><is><t xml:space="preserve">Nome</t></is></c>`,
		`<c r="A2" t="inlineStr"><is><t xml:space="preserve">Niccolò Tofanelli</t></is></c>`,
		`<c r="B2"><v>3</v></c>`, `<c r="C2"><v>4.5</v></c>`, `<c r="D2" t="b"><v>1</v></c>`,
		`<c r="E2" s="1"><v>46320.0625</v></c>`, // 25 Oct 2026 01:30 as the wall clock reads
		`Perché &lt;no&gt; &amp; &quot;sì&quot;`,
		`<c r="F2" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK(&quot;x&quot;)</t></is></c>`, // text, never a formula
		`<pane ySplit="1"`,
	} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet1.xml lacks %s\n%s", want, sheet)
		}
	}
	if strings.Contains(sheet, `r="E3"`) || strings.Contains(sheet, `r="F3"`) {
		t.Errorf("a zero time or nil wrote a cell:\n%s", sheet)
	}
	if !strings.Contains(p["xl/styles.xml"], `formatCode="dd/mm/yyyy hh:mm"`) {
		t.Errorf("no date style:\n%s", p["xl/styles.xml"])
	}
}

func TestSheetNamesAreMadeValidAndUnique(t *testing.T) {
	p := parts(t, write(t, xlsx.Sheet{Name: "Iscrizioni: 1/2 [bozza]?"}, xlsx.Sheet{Name: "Iscrizioni: 1/2 [bozza]?"},
		xlsx.Sheet{Name: strings.Repeat("Valdichiana Aretina ", 3)}, xlsx.Sheet{}))
	wb := p["xl/workbook.xml"]
	for _, want := range []string{`name="Iscrizioni- 1-2 -bozza--"`, `name="Iscrizioni- 1-2 -bozza-- (2)"`,
		`name="Valdichiana Aretina Valdichiana"`, `name="Foglio4"`} {
		if !strings.Contains(wb, want) {
			t.Errorf("workbook.xml lacks %s\n%s", want, wb)
		}
	}
}

func TestUnsupportedCellsAreRefused(t *testing.T) {
	for _, v := range []any{struct{}{}, uint8(1), math.NaN(), math.Inf(1)} {
		err := xlsx.Write(io.Discard, xlsx.Sheet{Rows: [][]any{{v}}})
		if err == nil {
			t.Errorf("%T %v was accepted", v, v)
		}
	}
	if err := xlsx.Write(io.Discard, xlsx.Sheet{Rows: [][]any{{[]byte("x")}}}); !errors.Is(err, xlsx.ErrType) {
		t.Errorf("[]byte: %v, want ErrType", err)
	}
}

func TestControlCharactersAreDropped(t *testing.T) {
	p := parts(t, write(t, xlsx.Sheet{Rows: [][]any{{"a\x00b\x1bc\td\ne", "bad \xff utf8"}}}))
	sheet := p["xl/worksheets/sheet1.xml"]
	if !strings.Contains(sheet, ">abc\td\ne<") || !strings.Contains(sheet, ">bad  utf8<") {
		t.Errorf("sheet:\n%s", sheet)
	}
}

func TestColumnNames(t *testing.T) {
	for col, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := xlsx.ColumnName(col); got != want {
			t.Errorf("ColumnName(%d) = %s, want %s", col, got, want)
		}
	}
}

func TestSameDataSameBytes(t *testing.T) {
	if !bytes.Equal(write(t, sample()), write(t, sample())) {
		t.Error("two writes of the same sheet differ")
	}
}

// TestOpenpyxlReadsTheWorkbook reads the file back with Debian's
// python3-openpyxl: the rows, the cell types and the accents.
func TestOpenpyxlReadsTheWorkbook(t *testing.T) {
	long := strings.Repeat("è", xlsx.MaxCellText+10)
	got := xlsxtest.Read(t, write(t, sample(), xlsx.Sheet{Name: "Àltro", Rows: [][]any{{long, -7, 1e-3}}}))
	if len(got) != 2 || got[0].Title != "Presenze" || got[1].Title != "Àltro" {
		t.Fatalf("sheets: %+v", got)
	}
	rows := got[0].Rows
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4: %+v", len(rows), rows)
	}
	want := [][]string{
		{"s:Nome", "s:Presenze", "s:Ore", "s:Confermata", "s:Arrivo", "s:Nota"},
		{"s:Niccolò Tofanelli", "n:3", "n:4.5", "b:True", "d:2026-10-25T01:30:00", `s:=HYPERLINK("x")`},
		{`s:Perché <no> & "sì"`, "n:0", "n:0.25", "b:False", ":", ":"},
		{"s:solo nome", ":", ":", ":", ":", ":"},
	}
	for i := range want {
		if got := typed(rows[i]); !slices.Equal(got, want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got, want[i])
		}
	}
	other := got[1].Rows[0]
	if other[0].Text != strings.Repeat("è", xlsx.MaxCellText) || !slices.Equal(typed(other[1:]), []string{"n:-7", "n:0.001"}) {
		t.Errorf("second sheet: %d characters, %v %v", len([]rune(other[0].Text)), other[1], other[2])
	}
}

// typed writes each cell as "type:text".
func typed(row []xlsxtest.Cell) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = c.Type + ":" + c.Text
	}
	return out
}
