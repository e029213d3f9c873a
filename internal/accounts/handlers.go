package accounts

import (
	"net/http"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Handlers serves the account pages.
type Handlers struct {
	Render   *web.Renderer
	Accounts *Service
}

// passwordFields are never written back into a page.
var passwordFields = []string{"password", "confirm", "current"}

// page renders one of this package's pages with a form. Passwords are
// dropped from the form first: a page never shows one back.
func (h *Handlers) page(w http.ResponseWriter, r *http.Request, status int, name string, f *web.Form, data any) error {
	if f == nil {
		f = web.NewForm()
	}
	for _, k := range passwordFields {
		f.Values.Del(k)
	}
	return h.Render.RenderForm(w, r, status, "accounts/"+name, f, data)
}

// invalid re-renders a form whose input has problems.
func (h *Handlers) invalid(w http.ResponseWriter, r *http.Request, name string, f *web.Form, data any) error {
	return h.page(w, r, http.StatusUnprocessableEntity, name, f, data)
}

// origin is who and where a request comes from, for the audit log and the
// throttling of logins.
type origin struct {
	IP        string
	RequestID string
}

func originOf(r *http.Request) origin {
	return origin{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
}

// nextURL is the local page to go to after login. Besides what
// web.LocalURL refuses, it refuses backslashes and control characters,
// which browsers drop or turn into slashes ("/\t/evil.example").
func nextURL(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	return web.LocalURL(s)
}

// formEmail reads and checks an e-mail field, recording its problem.
func formEmail(f *web.Form, field string) string {
	raw := f.Get(field)
	if len(f.Errors[field]) > 0 {
		return ""
	}
	if raw == "" {
		f.AddError(field, "form.required")
		return ""
	}
	if len([]rune(raw)) > MaxEmailLen {
		f.AddError(field, "form.too_long")
		return ""
	}
	e, ok := NormalizeEmail(raw)
	if !ok {
		f.AddError(field, "form.email_invalid")
	}
	return e
}

// formName reads and checks the display name field.
func formName(f *web.Form) string {
	if len(f.Errors["name"]) > 0 {
		return ""
	}
	n, problem := cleanName(f.Get("name"))
	if problem != "" {
		f.AddError("name", problem)
	}
	return n
}

// formNewPassword checks the new password and its confirmation.
func formNewPassword(f *web.Form, email, name string) string {
	pw := f.Raw("password")
	switch {
	case len(f.Errors["password"]) > 0:
	case pw == "":
		f.AddError("password", "form.required")
	default:
		if problem := CheckPassword(pw, email, name); problem != "" {
			f.AddError("password", problem)
		} else if f.Raw("confirm") != pw && len(f.Errors["confirm"]) == 0 {
			f.AddError("confirm", "accounts.password.mismatch")
		}
	}
	return pw
}

// validUTF8 drops invalid bytes from text that comes from headers.
func validUTF8(s string) string { return strings.ToValidUTF8(s, "") }
