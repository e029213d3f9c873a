package files

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"strings"
)

// Limits of ReadForm.
const (
	// MaxFieldBytes bounds one text field of a multipart form.
	MaxFieldBytes = 256 << 10
	// MaxFieldsBytes bounds all the text fields of a form together.
	MaxFieldsBytes = 1 << 20
	// MaxBodyBytes bounds a whole request body. A file over its own limit
	// is read to its end and thrown away, so the text typed beside it is
	// kept; past this bound the request is refused as a whole.
	MaxBodyBytes = 64 << 20
)

// ErrFormTooLarge means the text of a form, or the whole request, was
// larger than the limits above.
var ErrFormTooLarge = errors.New("files: form too large")

// Upload is a file received with a form, held in a temporary file until
// the handler stores it or the request ends.
type Upload struct {
	// Name is the sanitised name the browser gave.
	Name string
	// Size is how many bytes were received (up to the limit + 1).
	Size int64
	// TooLarge is true when the file was over the limit; its bytes were
	// thrown away.
	TooLarge bool
	// Type is sniffed from the first bytes.
	Type string

	tmp *os.File
}

// Reader returns the content from its start.
func (u *Upload) Reader() (io.Reader, error) {
	if u.tmp == nil {
		return bytes.NewReader(nil), nil
	}
	if _, err := u.tmp.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("files: upload: %w", err)
	}
	return u.tmp, nil
}

// Close removes the temporary file.
func (u *Upload) Close() {
	if u != nil && u.tmp != nil {
		u.tmp.Close()
		os.Remove(u.tmp.Name()) // #nosec G703 -- the name of a temporary file we created with os.CreateTemp
		u.tmp = nil
	}
}

// Form is a submitted form: its text fields and its files.
type Form struct {
	Values url.Values
	// Files holds the file fields that carried a file (a file input left
	// empty is absent).
	Files map[string]*Upload
}

// Close removes every temporary file of the form.
func (f *Form) Close() {
	for _, u := range f.Files {
		u.Close()
	}
}

// ReadForm reads a multipart form as it streams: text fields into Values,
// each file into a temporary file of at most limit bytes (over the limit
// the rest is drained and the Upload marked TooLarge). A url-encoded body
// (a form without files) is read too. The caller must Close the form.
func ReadForm(w http.ResponseWriter, r *http.Request, limit int64) (*Form, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		r.Body = http.MaxBytesReader(w, r.Body, MaxFieldsBytes)
		if err := r.ParseForm(); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, ErrFormTooLarge
			}
			return nil, fmt.Errorf("files: read form: %w", err)
		}
		return &Form{Values: r.PostForm, Files: map[string]*Upload{}}, nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, fmt.Errorf("files: read form: %w", err)
	}
	f := &Form{Values: url.Values{}, Files: map[string]*Upload{}}
	textBytes := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return f, nil
		}
		if err != nil {
			f.Close()
			return nil, tooLarge(fmt.Errorf("files: read form: %w", err))
		}
		name := p.FormName()
		if name == "" {
			p.Close()
			continue
		}
		if !isFilePart(p.Header.Get("Content-Disposition")) {
			b, err := io.ReadAll(io.LimitReader(p, MaxFieldBytes+1))
			p.Close()
			if err != nil {
				f.Close()
				return nil, tooLarge(fmt.Errorf("files: read form: %w", err))
			}
			textBytes += len(b)
			if len(b) > MaxFieldBytes || textBytes > MaxFieldsBytes {
				f.Close()
				return nil, ErrFormTooLarge
			}
			f.Values.Add(name, string(b))
			continue
		}
		u, err := receive(p, limit)
		p.Close()
		if err != nil {
			u.Close()
			f.Close()
			return nil, tooLarge(err)
		}
		if u.Size == 0 && !u.TooLarge {
			u.Close()
			continue // an empty file input
		}
		if old := f.Files[name]; old != nil {
			old.Close()
		}
		f.Files[name] = u
	}
}

func isFilePart(disposition string) bool {
	_, params, err := mime.ParseMediaType(disposition)
	if err != nil {
		return false
	}
	_, ok := params["filename"]
	return ok
}

func tooLarge(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return ErrFormTooLarge
	}
	return err
}

// receive copies one file part into a temporary file, up to limit bytes.
func receive(p io.Reader, limit int64) (*Upload, error) {
	u := &Upload{}
	if fp, ok := p.(interface{ FileName() string }); ok {
		u.Name = SanitizeName(fp.FileName())
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(p, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return u, fmt.Errorf("files: receive: %w", err)
	}
	head = head[:n]
	if n == 0 {
		return u, nil
	}
	u.Type = Sniff(head)
	tmp, err := os.CreateTemp("", "cantieri-upload-*")
	if err != nil {
		return u, fmt.Errorf("files: receive: %w", err)
	}
	u.tmp = tmp
	if _, err := tmp.Write(head); err != nil {
		return u, fmt.Errorf("files: receive: %w", err)
	}
	rest, err := io.Copy(tmp, io.LimitReader(p, limit+1-int64(n)))
	if err != nil {
		return u, fmt.Errorf("files: receive: %w", err)
	}
	u.Size = int64(n) + rest
	if u.Size > limit {
		u.TooLarge = true
		u.Close()
		if _, err := io.Copy(io.Discard, p); err != nil {
			return u, fmt.Errorf("files: receive: %w", err)
		}
	}
	return u, nil
}

// Problem is what is wrong with an upload, for the message to the user.
type Problem string

// The problems CheckImage finds.
const (
	ProblemNone      Problem = ""
	ProblemTooLarge  Problem = "too_large"
	ProblemWrongType Problem = "wrong_type"
	// ProblemDisguised is a file named like an image whose content is
	// something else (an HTML page called photo.jpg).
	ProblemDisguised Problem = "disguised"
	// ProblemDamaged is content that starts like an image but is not a
	// readable one.
	ProblemDamaged Problem = "damaged"
)

// CheckImage decides whether u is a picture of one of the accepted types
// from its content, and returns its size in pixels.
func CheckImage(u *Upload, accept []string) (w, h int, p Problem, err error) {
	if u.TooLarge {
		return 0, 0, ProblemTooLarge, nil
	}
	ok := false
	for _, a := range accept {
		ok = ok || a == u.Type
	}
	if !ok {
		if NameSuggestsImage(u.Name) && !strings.HasPrefix(u.Type, "image/") {
			return 0, 0, ProblemDisguised, nil
		}
		return 0, 0, ProblemWrongType, nil
	}
	rd, err := u.Reader()
	if err != nil {
		return 0, 0, ProblemNone, err
	}
	w, h, good := ImageSize(u.Type, rd)
	if !good {
		return 0, 0, ProblemDamaged, nil
	}
	return w, h, ProblemNone, nil
}
