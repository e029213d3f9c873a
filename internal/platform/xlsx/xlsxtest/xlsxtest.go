// Package xlsxtest reads spreadsheets back with an independent reader,
// Debian's python3-openpyxl, so tests check what a spreadsheet program
// will see rather than what our writer meant to write. Without the
// package the test is skipped, unless CI=true, where that is a failure.
package xlsxtest

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"testing"
)

// Python is the interpreter that has the openpyxl module (Debian's).
const Python = "/usr/bin/python3"

// Cell is one cell as openpyxl reads it. Type is "s" (text), "n"
// (number), "b" (boolean), "d" (date and time) or "" (empty); Text is the
// value written out: the text itself, a number as Python prints it
// ("3", "2.5"), "True"/"False", or an ISO date ("2026-11-23T17:30:00").
type Cell struct {
	Type string
	Text string
}

// Sheet is one worksheet: its tab name and its rows, each as long as
// openpyxl's widest row.
type Sheet struct {
	Title string
	Rows  [][]Cell
}

const script = `
import sys, io, json, datetime, openpyxl
wb = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()))
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows(values_only=True):
        cells = []
        for v in row:
            if v is None: cells.append({"Type": "", "Text": ""})
            elif isinstance(v, bool): cells.append({"Type": "b", "Text": str(v)})
            elif isinstance(v, (int, float)): cells.append({"Type": "n", "Text": repr(v)})
            elif isinstance(v, datetime.datetime): cells.append({"Type": "d", "Text": v.isoformat()})
            else: cells.append({"Type": "s", "Text": str(v)})
        rows.append(cells)
    out.append({"Title": ws.title, "Rows": rows})
print(json.dumps(out))
`

// Read reads data with python3-openpyxl and fails the test if it cannot.
func Read(t testing.TB, data []byte) []Sheet {
	t.Helper()
	if !Available() {
		if os.Getenv("CI") == "true" {
			t.Fatalf("xlsxtest: %s cannot import openpyxl: install Debian's python3-openpyxl", Python)
		}
		t.Skipf("xlsxtest: %s cannot import openpyxl (apt-get install python3-openpyxl)", Python)
	}
	cmd := exec.Command(Python, "-c", script)
	cmd.Stdin = bytes.NewReader(data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("xlsxtest: openpyxl refused the file: %v\n%s", err, stderr.String())
	}
	var out []Sheet
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("xlsxtest: reading the reader's answer: %v\n%s", err, stdout.String())
	}
	return out
}

// Available reports whether the reader can be run here.
func Available() bool {
	return exec.Command(Python, "-c", "import openpyxl").Run() == nil
}

// Texts returns the Text of each cell of row, for short comparisons.
func Texts(row []Cell) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = c.Text
	}
	return out
}
