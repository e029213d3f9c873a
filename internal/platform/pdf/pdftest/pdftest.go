// Package pdftest reads PDF files back with independent tools, Debian's
// qpdf (structure: objects, cross-reference table, streams) and
// poppler-utils' pdftotext (the text a reader shows), so tests check what
// PDF readers will see. Without the tools the test is skipped, unless
// CI=true, where that is a failure.
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// tool returns the path of a command, skipping (or failing under CI) the
// test when it is missing.
func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found (Debian package %s): CI must have it", name, pkg)
		}
		t.Skipf("%s not found: apt-get install %s to run this test", name, pkg)
	}
	return p
}

// write saves b in a temporary file for the tools.
func write(t testing.TB, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Check fails the test unless `qpdf --check` finds the file sound, with
// no warning (qpdf exits 3 on warnings, such as a repaired xref table).
func Check(t testing.TB, b []byte) {
	t.Helper()
	qpdf := tool(t, "qpdf", "qpdf")
	out, err := exec.Command(qpdf, "--check", write(t, b)).CombinedOutput() // #nosec G204 -- test helper: Debian's qpdf found on PATH, on a temporary file it wrote
	if err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("No syntax or stream encoding errors found")) {
		t.Fatalf("qpdf --check did not find the file sound:\n%s", out)
	}
}

// Text returns the text of the file as pdftotext extracts it (UTF-8,
// physical layout kept), failing the test if it cannot.
func Text(t testing.TB, b []byte) string {
	t.Helper()
	pdftotext := tool(t, "pdftotext", "poppler-utils")
	out, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", write(t, b), "-").Output() // #nosec G204 -- test helper: Debian's pdftotext found on PATH, on a temporary file it wrote
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
