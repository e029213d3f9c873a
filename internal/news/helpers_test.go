package news_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	zoneA   = "lunigiana"
	zoneB   = "valdichiana-aretina"
	baseURL = "https://cantieri.example.org"
)

// env is the real application on a test database, with an admin and a
// coordinator of zone A.
type env struct {
	t     *testing.T
	a     *app.App
	d     *db.DB
	admin *authz.Principal
	coord *authz.Principal
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.BaseURL = baseURL
	a, err := app.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, a: a, d: d}
	e.admin = e.user("admin@example.org", authz.Grant{Role: authz.Admin})
	e.coord = e.user("coord-a@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
	return e
}

// user creates an account row (the tests need its id for authorship) and
// returns its principal with grants.
func (e *env) user(email string, grants ...authz.Grant) *authz.Principal {
	e.t.Helper()
	now := db.Now()
	id, err := e.d.InsertID(context.Background(), `INSERT INTO users (email, name, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
		email, "Utente "+email, now, now, now)
	if err != nil {
		e.t.Fatal(err)
	}
	return &authz.Principal{UserID: id, Email: email, Name: "Utente " + email, Grants: grants}
}

// do sends a request as p (nil: a visitor) to the router.
func (e *env) do(p *authz.Principal, method, target string, body io.Reader, contentType string, lang ...i18n.Lang) *httptest.ResponseRecorder {
	return apptest.Direct(e.a.Router, p, method, target, body, contentType, lang...)
}

func (e *env) get(p *authz.Principal, target string, lang ...i18n.Lang) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do(p, http.MethodGet, target, nil, "", lang...)
}

func (e *env) post(p *authz.Principal, target string, form url.Values) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.do(p, http.MethodPost, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// upload posts the edit form as a browser does: multipart, text fields
// and, when fileName is not empty, the cover file.
func (e *env) upload(p *authz.Principal, target string, fields url.Values, fileName string, content []byte) *httptest.ResponseRecorder {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("cover", fileName)
	fw.Write(content)
	mw.Close()
	return e.do(p, http.MethodPost, target, &buf, mw.FormDataContentType())
}

// create adds an item through the Go API.
func (e *env) create(in news.Input) *news.Item {
	e.t.Helper()
	it, err := news.Create(context.Background(), e.d, in, news.Actor{ID: e.admin.UserID, Label: e.admin.Email, Name: "Redazione"})
	if err != nil {
		e.t.Fatal(err)
	}
	return it
}

func published(title string, zones ...string) news.Input {
	return news.Input{TitleIT: title, SummaryIT: "Sommario di " + title, BodyIT: "Testo di " + title, Zones: zones, Status: news.Published}
}

func expectStatus(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; Location %q; body:\n%s", w.Code, status, w.Header().Get("Location"), w.Body.String())
	}
}

// passTime moves an item's publication time, as if time had passed.
func (e *env) passTime(id int64, at time.Time) {
	e.t.Helper()
	if _, err := e.d.Exec(context.Background(), `UPDATE news SET publish_at = ? WHERE id = ?`, db.Time(at), id); err != nil {
		e.t.Fatal(err)
	}
}
