package web_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/web"
	webfiles "github.com/cantieri/cantieri/web"
)

// newStack builds the web stack on the real layout and error page, with
// routes that fail in each way a handler can.
func newStack(t *testing.T, user *authz.Principal) http.Handler {
	t.Helper()
	render, err := web.NewRenderer(web.MustSub(webfiles.Layout, "templates"), nil, "http://example.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := render.AddPages("platform", web.MustSub(webfiles.Pages, "pages")); err != nil {
		t.Fatal(err)
	}
	form := fstest.MapFS{"form.html": {Data: []byte(`{{define "title"}}Form{{end}}{{define "content"}}<h1>Form</h1>
{{template "form-errors" .}}<input id="f-name" name="name" value="{{.Form.Value "name"}}">{{end}}`)}}
	if err := render.AddPages("test", form); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rt := web.NewRouter(render, log, "/accedi")
	rt.Handle("GET /boom", authz.ViewPublic, func(w http.ResponseWriter, r *http.Request) error {
		return errors.New("database exploded")
	})
	rt.Handle("GET /panic", authz.ViewPublic, func(w http.ResponseWriter, r *http.Request) error {
		panic("nil map")
	})
	rt.Handle("GET /private", authz.UseAccount, func(w http.ResponseWriter, r *http.Request) error {
		_, err := io.WriteString(w, "secret")
		return err
	})
	rt.Handle("GET /admin-only", authz.ManageUsers, func(w http.ResponseWriter, r *http.Request) error {
		_, err := io.WriteString(w, "admin")
		return err
	})
	rt.Handle("POST /form", authz.ViewPublic, func(w http.ResponseWriter, r *http.Request) error {
		f, err := web.ParseForm(w, r)
		if err != nil {
			return err
		}
		f.Required("name")
		f.MaxLen("name", 5)
		f.Email("email")
		if !f.Valid() {
			return render.RenderForm(w, r, http.StatusUnprocessableEntity, "test/form", f, nil)
		}
		return web.Redirect(w, r, "/done")
	})
	s := &web.Stack{Router: rt, Log: log, Sessions: func(http.ResponseWriter, *http.Request) (*authz.Principal, error) {
		return user, nil
	}}
	return s.Handler()
}

func do(h http.Handler, method, target string, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestHandlerErrorGivesA500PageWithTheRequestID(t *testing.T) {
	h := newStack(t, nil)
	for _, path := range []string{"/boom", "/panic"} {
		rec := do(h, "GET", path, "")
		id := rec.Header().Get("X-Request-Id")
		body := rec.Body.String()
		if rec.Code != 500 || id == "" || !strings.Contains(body, id) || !strings.Contains(body, "Errore del sistema") {
			t.Errorf("%s: status %d, id %q, body %s", path, rec.Code, id, body)
		}
		if strings.Contains(body, "exploded") || strings.Contains(body, "nil map") || strings.Contains(body, "goroutine") {
			t.Errorf("%s: the cause leaked to the page", path)
		}
	}
}

func TestVisitorIsSentToLoginAndBack(t *testing.T) {
	rec := do(newStack(t, nil), "GET", "/private?x=1", "")
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/accedi?next="+url.QueryEscape("/private?x=1") {
		t.Fatalf("status %d, location %q", rec.Code, rec.Header().Get("Location"))
	}
}

func TestSignedInUserWithoutTheRoleGetsThe403Page(t *testing.T) {
	h := newStack(t, &authz.Principal{UserID: 1})
	rec := do(h, "GET", "/admin-only", "")
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "Accesso non consentito") {
		t.Fatalf("status %d", rec.Code)
	}
	if rec := do(h, "GET", "/private", ""); rec.Code != 200 {
		t.Fatalf("a signed-in user should reach /private, got %d", rec.Code)
	}
}

func TestFormErrorsAreListedAndTypedValuesKept(t *testing.T) {
	h := newStack(t, nil)
	rec := do(h, "POST", "/form", "name=abcdefgh&email=not-an-email")
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(body, "troppo lungo") || !strings.Contains(body, "indirizzo e-mail valido") ||
		!strings.Contains(body, `value="abcdefgh"`) || !strings.Contains(body, `href="#f-name"`) {
		t.Fatalf("status %d, body %s", rec.Code, body)
	}
	if rec := do(h, "POST", "/form", "name=ok&email=a%40example.org"); rec.Code != http.StatusSeeOther {
		t.Fatalf("valid form: status %d", rec.Code)
	}
	rec = do(h, "POST", "/form", "name=%ff%fe&email=")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "caratteri non validi") {
		t.Fatalf("invalid UTF-8: status %d", rec.Code)
	}
	rec = do(h, "POST", "/form", "name="+strings.Repeat("a", web.MaxFormBytes+10))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized body: status %d", rec.Code)
	}
}

func TestLocalURLRefusesOtherSites(t *testing.T) {
	cases := map[string]string{
		"/account":              "/account",
		"//evil.example":        "/",
		"/\\evil.example":       "/",
		"https://evil.example/": "/",
		"":                      "/",
		"/a\r\nSet-Cookie: x":   "/",
	}
	for in, want := range cases {
		if got := web.LocalURL(in); got != want {
			t.Errorf("LocalURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidEmail(t *testing.T) {
	good := []string{"a@example.org", "nome.cognome+tag@asl.toscana.it"}
	bad := []string{"", "a", "a@b", "a@@b.it", "Name <a@b.it>", "a@b..it", "a@.b.it", "a b@c.it", strings.Repeat("a", 65) + "@b.it"}
	for _, s := range good {
		if !web.ValidEmail(s) {
			t.Errorf("%q rejected", s)
		}
	}
	for _, s := range bad {
		if web.ValidEmail(s) {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestFormOfRemovesAndReportsInvalidUTF8AndNUL(t *testing.T) {
	f := web.FormOf(url.Values{
		"name":       {"Anna"},
		"bio":        {"a\x00b"},
		"city":       {"Aulla\xff"},
		"\xffbroken": {"dropped"},
	})
	if got := f.Get("name"); got != "Anna" {
		t.Errorf("name = %q", got)
	}
	for field, want := range map[string]string{"bio": "ab", "city": "Aulla"} {
		if f.Get(field) != want || f.Error(field) != "form.invalid_utf8" {
			t.Errorf("%s: value %q, error %q; want %q and the error", field, f.Get(field), f.Error(field), want)
		}
	}
	if len(f.Values) != 3 {
		t.Errorf("values %v: want the field with a broken name dropped", f.Values)
	}
}
