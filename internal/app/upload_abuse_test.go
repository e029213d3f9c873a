package app_test

// Upload abuse: every form that takes a file is sent oversized files,
// files whose content is not what their name says (HTML, an ELF
// executable, a zip bomb named .docx or .odt), names with path traversal
// and control characters, and empty files. Each answer must be a page with
// a clear message, never a 5xx; a refused upload stores nothing (no row
// added or removed in any table, no file in the store); a zip is never
// decompressed.

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/materials"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// uploadRoute is a form that takes a file.
type uploadRoute struct {
	// template is the file of the form, relative to the repository root:
	// TestEveryUploadFormIsInTheAbuseSuite finds the forms by their
	// enctype and fails for one missing here.
	template string
	path     string
	// setup, when set, creates what the route needs and returns its path.
	setup  func(t *testing.T, env *apptest.Env) string
	field  string
	fields url.Values
	// limit is the largest file the route accepts.
	limit int64
	// good is a file the route accepts, for the names with tricks.
	good func(t *testing.T) (name string, content []byte)
}

// uploadPDF is a small PDF the document routes accept.
var uploadPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// abusedElsewhere are upload forms with a test of their own, which
// TestEveryUploadFormIsInTheAbuseSuite accepts.
var abusedElsewhere = map[string]string{
	"internal/calls/templates/apply.html":       "TestUploadAbuseThroughTheApplicantsForms (upload_abuse_applicant_test.go)",
	"internal/calls/templates/application.html": "TestUploadAbuseThroughTheApplicantsForms (upload_abuse_applicant_test.go)",
}

func uploadRoutes() []uploadRoute {
	csv := func(*testing.T) (string, []byte) { return "iscritti.csv", []byte("email\nbuona@example.org\n") }
	pdf := func(*testing.T) (string, []byte) { return "verbale.pdf", uploadPDF }
	return []uploadRoute{
		{template: "internal/news/templates/edit.html", path: "/gestione/territori/" + zoneA + "/notizie/nuova", field: "cover",
			fields: url.Values{"title_it": {"Notizia con copertina"}, "body_it": {"Testo."}, "cover_alt_it": {"Una foto"}, "zones": {zoneA}},
			limit:  news.MaxCover, good: func(t *testing.T) (string, []byte) { return "foto.png", pngFile(t) }},
		{template: "internal/newsletter/templates/import.html", path: "/gestione/newsletter/importa", field: "file",
			fields: url.Values{"lang": {"it"}, "consent_ref": {"Modulo cartaceo 2026"}}, limit: 32 << 20, good: csv},
		{template: "internal/newsletter/templates/bounces.html", path: "/gestione/newsletter/rimbalzi", field: "file",
			fields: url.Values{"note": {"Rimbalzi di novembre"}}, limit: 32 << 20,
			good: func(*testing.T) (string, []byte) { return "rimbalzi.txt", []byte("nessuno@example.org\n") }},
		{template: "internal/materials/templates/manage.html", field: "file", limit: materials.DefaultMaxBytes, good: pdf,
			fields: url.Values{"title_it": {"Verbale dell'incontro"}, "kind": {string(materials.Minutes)}, "access": {string(materials.Public)}},
			setup: func(t *testing.T, env *apptest.Env) string {
				return fmt.Sprintf("/gestione/attivita/%d/materiali", matrixActivity[zoneA])
			}},
		{template: "internal/calls/templates/manage_form.html", field: "document", limit: calls.MaxDocument, good: pdf,
			setup: func(t *testing.T, env *apptest.Env) string {
				ctx := context.Background()
				p, err := paths.PathBySlug(ctx, env.DB, "matrice-"+zoneA)
				if err != nil {
					t.Fatal(err)
				}
				opens := time.Now().Add(24 * time.Hour)
				criteria, problems := calls.ParseCriteria("Motivazione | Motivation | 10 | 1")
				if len(problems) > 0 {
					t.Fatal(problems)
				}
				id, err := calls.NewService(env.DB, env.App.Files, env.URL).Create(ctx, calls.Actor{Label: "test"}, calls.Place{ZoneID: zoneA, PathID: p.ID},
					calls.Input{Kind: calls.Activators, Title: calls.Text{IT: "Bando di prova"}, Body: calls.Text{IT: "Testo."}, Opens: opens,
						Closes: opens.Add(7 * 24 * time.Hour), Applicants: calls.People, Places: 1, TieBreak: calls.ByFirstCriterion,
						Aggregation: calls.Mean, RetentionMonths: 24, Criteria: criteria})
				if err != nil {
					t.Fatal(err)
				}
				return fmt.Sprintf("/gestione/bandi/%d/documenti", id)
			}},
	}
}

func pngFile(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 3))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// elfHeader is the start of a Linux x86-64 executable.
var elfHeader = append([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0}, make([]byte, 200)...)

// zipBombs keeps the bombs made, by entry: compressing 1 GiB takes seconds.
var zipBombs sync.Map

// zipBomb is a zip whose one entry, named like the main part of a DOCX or
// ODT, inflates to 1 GiB of zeros from about 1 MiB.
func zipBomb(t *testing.T, entry string) []byte {
	t.Helper()
	if b, ok := zipBombs.Load(entry); ok {
		return b.([]byte)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(entry)
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 1024 {
		if _, err := w.Write(zeros); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipBombs.Store(entry, buf.Bytes())
	return buf.Bytes()
}

// postFile sends fields and one file as a multipart form, like a browser.
func postFile(t *testing.T, c *apptest.Client, env *apptest.Env, path string, fields url.Values, field, name string, content []byte) *apptest.Response {
	t.Helper()
	body, ct, err := apptest.Multipart(fields, field, name, content)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, env.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ct)
	return c.Do(req)
}

// storedFiles lists the files under the app's file store.
func storedFiles(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryUploadFormIsInTheAbuseSuite(t *testing.T) {
	listed := map[string]bool{}
	for _, r := range uploadRoutes() {
		listed[r.template] = true
	}
	for tmpl := range abusedElsewhere {
		listed[tmpl] = true
	}
	root := filepath.Join("..", "..")
	for _, dir := range []string{"internal", "web"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".tmpl") {
				return err
			}
			b, err := os.ReadFile(p) // #nosec G304 -- a template of this repository, found by walking it
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if bytes.Contains(b, []byte("multipart/form-data")) && !listed[filepath.ToSlash(rel)] {
				t.Errorf("%s has a form that takes files: add its route to uploadRoutes in %s", rel, "internal/app/upload_abuse_test.go")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestUploadAbuseIsRefusedWithAMessageAndStoresNothing(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		dataDir := t.TempDir()
		env := apptest.New(t, d, apptest.WithConfig(func(c *config.Config) { c.DataDir = dataDir }))
		env.CreateUser(t, "caricamenti@example.org", securityPassword, authz.Grant{Role: authz.Admin})
		c := env.Client()
		c.Login(t, "caricamenti@example.org", securityPassword)
		matrixRecords(t, d) // a path and an activity in each zone
		store := filepath.Join(env.App.Config.DataDir, "files")

		for _, rt := range uploadRoutes() {
			t.Run(strings.TrimSuffix(filepath.Base(rt.template), ".html")+"-"+filepath.Base(filepath.Dir(filepath.Dir(rt.template))), func(t *testing.T) {
				if rt.setup != nil {
					rt.path = rt.setup(t, env)
				}
				goodName, goodContent := rt.good(t)
				big := append(append([]byte{}, goodContent...), make([]byte, rt.limit)...)
				refused := []struct {
					name, file string
					content    []byte
				}{
					{"oversized", goodName, big},
					{"html as png", "foto.png", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")},
					{"html as pdf", "bando.pdf", []byte("<html><body onload=alert(1)>")},
					{"elf as png", "foto.png", elfHeader},
					{"elf as pdf", "bando.pdf", elfHeader},
					{"zip bomb as docx", "relazione.docx", zipBomb(t, "word/document.xml")},
					{"zip bomb as odt", "relazione.odt", zipBomb(t, "content.xml")},
				}
				for _, c2 := range refused {
					before := fingerprint(t, d)
					filesBefore := storedFiles(t, store)
					var ms0, ms1 runtime.MemStats
					runtime.ReadMemStats(&ms0)
					res := postFile(t, c, env, rt.path, rt.fields, rt.field, c2.file, c2.content)
					runtime.ReadMemStats(&ms1)
					where := rt.path + " with " + c2.name
					if res.Status >= 500 || res.Status < 400 {
						t.Errorf("%s: HTTP %d, want a 4xx page with a message", where, res.Status)
					}
					if msg := res.Text("#form-errors"); msg == "" {
						t.Errorf("%s: no error message on the page (HTTP %d)", where, res.Status)
					}
					after := fingerprint(t, d)
					for table, n := range before {
						if after[table] != n {
							t.Errorf("%s: table %s went from %d to %d rows", where, table, n, after[table])
						}
					}
					if got := storedFiles(t, store); len(got) != len(filesBefore) {
						t.Errorf("%s: the file store went from %d to %d files", where, len(filesBefore), len(got))
					}
					// The bomb inflates to 1 GiB: reading it must not
					// allocate more than a small multiple of its 1 MiB.
					if grown := ms1.TotalAlloc - ms0.TotalAlloc; strings.HasPrefix(c2.name, "zip bomb") && grown > 64<<20 {
						t.Errorf("%s: the server allocated %d MiB: the zip was inflated", where, grown>>20)
					}
				}

				// Names with tricks, on a file the route accepts: never a
				// 5xx, and a stored name is a plain base name.
				for _, name := range []string{"../../../../etc/" + goodName, `..\..\windows\` + goodName, "a\x01b\x1bc\x7f\t" + goodName,
					"foto\u202egnp.exe" + filepath.Ext(goodName), ".." + filepath.Ext(goodName)} {
					res := postFile(t, c, env, rt.path, rt.fields, rt.field, name, goodContent)
					if res.Status >= 500 {
						t.Errorf("%s with the name %q: HTTP %d", rt.path, name, res.Status)
					}
				}
				assertPlainNames(t, d)
				for _, p := range storedFiles(t, store) {
					if rel, err := filepath.Rel(store, p); err != nil || strings.HasPrefix(rel, "..") {
						t.Errorf("a file was written outside the store: %s", p)
					}
				}

				// An empty file is no file: never a 5xx, nothing stored.
				filesBefore := storedFiles(t, store)
				res := postFile(t, c, env, rt.path, rt.fields, rt.field, goodName, nil)
				if res.Status >= 500 {
					t.Errorf("%s with an empty file: HTTP %d", rt.path, res.Status)
				}
				if got := storedFiles(t, store); len(got) != len(filesBefore) {
					t.Errorf("%s with an empty file: the file store went from %d to %d files", rt.path, len(filesBefore), len(got))
				}
			})
		}
	})
}
