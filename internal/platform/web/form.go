package web

import (
	"errors"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// MaxFormBytes bounds the body of an ordinary (non-upload) form.
const MaxFormBytes = 1 << 20

var errBodyTooLarge = errors.New("web: request body too large")

// Form holds what the user submitted and every problem found in it, so a
// page can be shown again with the values kept and the errors listed.
type Form struct {
	Values url.Values
	// Errors maps a field name to message keys; the key "" is for problems
	// that concern the whole form.
	Errors map[string][]string
	// order keeps fields in the order their first error was added, for the
	// error summary.
	order []string
}

// NewForm returns an empty form, for showing a page the first time.
func NewForm() *Form { return &Form{Values: url.Values{}, Errors: map[string][]string{}} }

// ParseForm reads a url-encoded or multipart form body (at most
// MaxFormBytes for url-encoded ones), as FormOf.
func ParseForm(w http.ResponseWriter, r *http.Request) (*Form, error) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxFormBytes)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errBodyTooLarge
		}
		return nil, BadRequest("error.400.form")
	}
	return FormOf(r.PostForm), nil
}

// FormOf is the form of values read from a request body (url-encoded or
// multipart): a field whose name is not valid UTF-8 is dropped; from a
// value, bytes that are not valid UTF-8 and NUL characters (which
// PostgreSQL refuses in text) are removed and the field gets an error, so
// the person sees the rest of what they typed and which field to check.
func FormOf(values url.Values) *Form {
	f := NewForm()
	for k, vs := range values {
		if !utf8.ValidString(k) {
			continue
		}
		for _, v := range vs {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				f.AddError(k, "form.invalid_utf8")
				v = strings.ReplaceAll(strings.ToValidUTF8(v, ""), "\x00", "")
			}
			f.Values.Add(k, v)
		}
	}
	return f
}

// Get returns the field's value with surrounding spaces removed.
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return strings.TrimSpace(f.Values.Get(name))
}

// Raw returns the field's value exactly as typed (for passwords).
func (f *Form) Raw(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Value is Get for templates.
func (f *Form) Value(name string) string { return f.Get(name) }

// Checked reports whether a checkbox was ticked.
func (f *Form) Checked(name string) bool { return f.Get(name) != "" }

// AddError records the problem key on field.
func (f *Form) AddError(field, key string) {
	if _, seen := f.Errors[field]; !seen {
		f.order = append(f.order, field)
	}
	f.Errors[field] = append(f.Errors[field], key)
}

// Valid reports whether no problem was found.
func (f *Form) Valid() bool { return f == nil || len(f.Errors) == 0 }

// Error returns the first problem key of field, for templates.
func (f *Form) Error(field string) string {
	if f == nil || len(f.Errors[field]) == 0 {
		return ""
	}
	return f.Errors[field][0]
}

// FieldError is one entry of the error summary.
type FieldError struct {
	Field string
	Key   string
}

// Summary lists every problem in the order found, for the error summary at
// the top of a form.
func (f *Form) Summary() []FieldError {
	if f == nil {
		return nil
	}
	var out []FieldError
	for _, field := range f.order {
		for _, k := range f.Errors[field] {
			out = append(out, FieldError{Field: field, Key: k})
		}
	}
	return out
}

// Required checks that each field is not empty.
func (f *Form) Required(fields ...string) {
	for _, name := range fields {
		if f.Get(name) == "" && len(f.Errors[name]) == 0 {
			f.AddError(name, "form.required")
		}
	}
}

// MaxLen checks that field has at most n characters.
func (f *Form) MaxLen(field string, n int) {
	if utf8.RuneCountInString(f.Get(field)) > n {
		f.AddError(field, "form.too_long")
	}
}

// Email checks that field holds one plain e-mail address and returns it
// normalised to lower case.
func (f *Form) Email(field string) string {
	v := strings.ToLower(f.Get(field))
	if v == "" {
		return ""
	}
	if !ValidEmail(v) {
		f.AddError(field, "form.email_invalid")
		return ""
	}
	return v
}

// ValidEmail reports whether s is a single bare address of reasonable
// length (no display name, no comments), with a dot in the domain.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"(),;:\\[]") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && len(local) <= 64 && strings.Contains(domain, ".") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") && !strings.Contains(domain, "..")
}

// flash messages survive one redirect in a cookie that holds a catalogue
// key, never free text.
const flashCookie = "flash"

// SetFlash shows the message key on the next page the user sees.
func SetFlash(w http.ResponseWriter, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60}) // #nosec G124 -- the flash cookie carries only an i18n key, read once; Secure would drop it on plain-HTTP development servers
}

func takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode}) // #nosec G124 -- deletes the flash cookie (see SetFlash)
	if !strings.HasPrefix(c.Value, "flash.") || !i18n.Has(c.Value) {
		return ""
	}
	return c.Value
}

// Redirect sends the user to a local URL with 303 See Other, the answer to
// a successful POST.
func Redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, LocalURL(to), http.StatusSeeOther)
	return nil
}

// LocalURL returns u if it is a path on this site, or "/" otherwise, so a
// "next" parameter cannot send users elsewhere.
func LocalURL(u string) string {
	if u == "" || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, "/\\") || strings.ContainsAny(u, "\r\n") {
		return "/"
	}
	return u
}
