package files

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"strings"
)

// Document types that uploads of minutes and materials accept, besides
// the pictures of ImageTypes.
const (
	PDF  = "application/pdf"
	ODT  = "application/vnd.oasis.opendocument.text"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// DocumentTypes are the formats of minutes and materials: PDF, OpenDocument
// and Word text, and the pictures browsers show.
var DocumentTypes = []string{PDF, ODT, DOCX, JPEG, PNG, WebP}

// ProblemEmpty is an upload with no content.
const ProblemEmpty Problem = "empty"

// maxZipEntries bounds the entries read from an uploaded zip's central
// directory: an office document has a few dozen.
const maxZipEntries = 10000

// SniffDocument decides the type of a document from its content: a PDF
// starts with "%PDF-"; an ODT text is a zip whose first entry, named
// "mimetype", holds the ODT type; a DOCX is a zip with
// "[Content_Types].xml" and parts under "word/". Pictures are recognised
// by their header and must have readable dimensions. It returns "" for
// anything else (including a zip that is neither, or damaged).
func SniffDocument(r io.ReaderAt, size int64) string {
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return ""
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return sniffZip(r, size)
	}
	ct := Sniff(head)
	for _, t := range ImageTypes {
		if ct == t {
			if _, _, ok := ImageSize(ct, io.NewSectionReader(r, 0, size)); ok {
				return ct
			}
			return ""
		}
	}
	return ""
}

// sniffZip tells an ODT text from a DOCX (or neither).
func sniffZip(r io.ReaderAt, size int64) string {
	zr, err := zip.NewReader(r, size)
	if err != nil || len(zr.File) == 0 || len(zr.File) > maxZipEntries {
		return ""
	}
	if first := zr.File[0]; first.Name == "mimetype" && first.Method == zip.Store && first.UncompressedSize64 < 100 {
		rc, err := first.Open()
		if err != nil {
			return ""
		}
		b, err := io.ReadAll(io.LimitReader(rc, 100))
		rc.Close()
		if err == nil && string(b) == ODT {
			return ODT
		}
		return ""
	}
	types, word := false, false
	for _, f := range zr.File {
		types = types || f.Name == "[Content_Types].xml"
		word = word || strings.HasPrefix(f.Name, "word/")
	}
	if types && word {
		return DOCX
	}
	return ""
}

// NameSuggestsDocument reports whether a file name ends like a document
// or a picture, to tell a disguised file (a web page or a program called
// verbale.pdf) from a plain wrong choice. It never decides the type.
func NameSuggestsDocument(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf", ".odt", ".docx", ".doc", ".rtf", ".txt":
		return true
	}
	return NameSuggestsImage(name)
}

// CheckDocument decides from its content whether u is a document of one
// of the accepted types (DocumentTypes, or a subset), and returns the
// type. Problems: too large, empty, disguised (named like a document but
// something else inside), wrong type.
func CheckDocument(u *Upload, accept []string) (string, Problem) {
	switch {
	case u.TooLarge:
		return "", ProblemTooLarge
	case u.Size == 0 || u.tmp == nil:
		return "", ProblemEmpty
	}
	ct := SniffDocument(u.tmp, u.Size)
	for _, a := range accept {
		if ct != "" && a == ct {
			return ct, ProblemNone
		}
	}
	if NameSuggestsDocument(u.Name) {
		return "", ProblemDisguised
	}
	return "", ProblemWrongType
}
