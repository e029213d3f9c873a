package files_test

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/files"
)

// zipOf writes a zip with the named entries in order; stored entries are
// not compressed (an ODT's "mimetype" must be).
func zipOf(t testing.TB, entries [][2]string, storeFirst bool) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i, e := range entries {
		method := zip.Deflate
		if i == 0 && storeFirst {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(e[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func odtBytes(t testing.TB) []byte {
	return zipOf(t, [][2]string{{"mimetype", files.ODT}, {"META-INF/manifest.xml", "<manifest/>"}, {"content.xml", "<office:document-content/>"}}, true)
}

func docxBytes(t testing.TB) []byte {
	return zipOf(t, [][2]string{{"[Content_Types].xml", "<Types/>"}, {"_rels/.rels", "<Relationships/>"}, {"word/document.xml", "<w:document/>"}}, false)
}

// TestDocumentsAreRecognisedFromTheirContentNotTheirName: PDF, ODT, DOCX
// and pictures pass whatever their name; a web page or a program named
// like a document is "disguised"; other zips (an ODS, a plain archive)
// and a truncated zip are refused.
func TestDocumentsAreRecognisedFromTheirContentNotTheirName(t *testing.T) {
	odt, docx := odtBytes(t), docxBytes(t)
	cases := []struct {
		name, file string
		content    []byte
		want       string
		problem    files.Problem
	}{
		{"pdf", "verbale.pdf", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), files.PDF, files.ProblemNone},
		{"odt", "verbale.odt", odt, files.ODT, files.ProblemNone},
		{"docx", "verbale.docx", docx, files.DOCX, files.ProblemNone},
		{"docx named .pdf", "verbale.pdf", docx, files.DOCX, files.ProblemNone},
		{"png", "lavagna.png", pngBytes(t), files.PNG, files.ProblemNone},
		{"jpeg", "foto.jpg", jpegBytes(t), files.JPEG, files.ProblemNone},
		{"html named .pdf", "verbale.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "", files.ProblemDisguised},
		{"exe named .pdf", "verbale.pdf", append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 200)...), "", files.ProblemDisguised},
		{"zip named .docx", "verbale.docx", zipOf(t, [][2]string{{"virus.exe", "MZ"}}, false), "", files.ProblemDisguised},
		{"ods named .odt", "conti.odt", zipOf(t, [][2]string{{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}, {"content.xml", "x"}}, true), "", files.ProblemDisguised},
		{"truncated docx", "verbale.docx", docx[:len(docx)/2], "", files.ProblemDisguised},
		{"truncated png", "foto.png", pngBytes(t)[:20], "", files.ProblemDisguised},
		{"exe", "setup.exe", append([]byte("MZ\x90\x00"), make([]byte, 100)...), "", files.ProblemWrongType},
		{"too large", "verbale.pdf", append([]byte("%PDF-1.4\n"), make([]byte, 5000)...), "", files.ProblemTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, ct := multipartBody(t, [][2]string{{"title", "Verbale"}}, "file", c.file, c.content)
			f, err := readForm(t, body, ct, 4096)
			if err != nil {
				t.Fatal(err)
			}
			if f.Values.Get("title") != "Verbale" || f.Values.Get("after") != "testo dopo il file" {
				t.Errorf("text fields lost: %v", f.Values)
			}
			u := f.Files["file"]
			if u == nil {
				t.Fatal("no upload")
			}
			got, p := files.CheckDocument(u, files.DocumentTypes)
			if got != c.want || p != c.problem {
				t.Errorf("CheckDocument = %q %q, want %q %q", got, p, c.want, c.problem)
			}
		})
	}
}

func TestPathsInUploadedNamesAreDropped(t *testing.T) {
	for _, name := range []string{"../../etc/verbale.pdf", `..\..\windows\verbale.pdf`, "/tmp/verbale.pdf"} {
		body, ct := multipartBody(t, nil, "file", name, []byte("%PDF-1.4\n"))
		f, err := readForm(t, body, ct, 4096)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Files["file"].Name; got != "verbale.pdf" {
			t.Errorf("%q is kept as %q, want verbale.pdf", name, got)
		}
	}
}

func FuzzSniffDocument(f *testing.F) {
	f.Add(odtBytes(f))
	f.Add(docxBytes(f))
	f.Add([]byte("%PDF-1.4"))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ct := files.SniffDocument(bytes.NewReader(b), int64(len(b)))
		if ct != "" && ct != files.PDF && ct != files.ODT && ct != files.DOCX && ct != files.PNG && ct != files.JPEG && ct != files.WebP {
			t.Fatalf("SniffDocument gave %q", ct)
		}
	})
}
