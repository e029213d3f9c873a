package materials_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/files"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	zoneA    = "lunigiana"
	zoneB    = "valdichiana-aretina"
	password = "una-password-lunga-di-prova"
)

// published creates a published path in zone A with one published
// activity, and returns the activity.
func published(t *testing.T, d *db.DB) *activities.Activity {
	t.Helper()
	ctx := context.Background()
	created, err := paths.CreateFromTemplate(ctx, d, paths.Actor{Label: "test"}, paths.NewPath{Zone: zoneA, Template: paths.TemplateCantiere,
		Edition: paths.EditionSecond, Title: paths.Text{IT: "Cantiere della Salute"}, Start: paths.MustDate("2026-01-12"), Slug: "cantiere-materiali"})
	if err != nil {
		t.Fatal(err)
	}
	if err := paths.Publish(ctx, d, paths.Actor{Label: "test"}, created.ID); err != nil {
		t.Fatal(err)
	}
	p, err := paths.PathBySlug(ctx, d, "cantiere-materiali")
	if err != nil {
		t.Fatal(err)
	}
	s := activities.NewService(d, "http://cantieri.test")
	start := time.Now().Add(72 * time.Hour).UTC().Truncate(time.Hour)
	id, err := s.Create(ctx, activities.Actor{Label: "test"}, p, activities.Input{PhaseID: p.Phases[1].ID, Kind: activities.Meeting,
		Title: activities.Text{IT: "Incontro generale"}, Start: start, End: start.Add(2 * time.Hour), Mode: activities.Online,
		OnlineURL: "https://meet.example.org/x", Audiences: []activities.Audience{activities.Citizens}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, activities.Actor{Label: "test"}, id); err != nil {
		t.Fatal(err)
	}
	a, err := activities.Get(ctx, d, id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func odt(t *testing.T) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	w.Write([]byte(files.ODT))
	w, _ = zw.Create("content.xml")
	w.Write([]byte("<office:document-content/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var pdfBytes = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// upload posts the upload form with a file (none when name is "").
func upload(t *testing.T, env *apptest.Env, c *apptest.Client, activityID int64, fields map[string]string, name string, content []byte) *apptest.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, env.URL+fmt.Sprintf("/gestione/attivita/%d/materiali", activityID), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.Do(req)
}

func count(t *testing.T, d *db.DB, table string) int {
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBadUploadsAreRefusedWithAMessageAndTheFieldsKept: too large, an
// HTML page named .pdf, a program named .pdf, no file, a missing title:
// each is told in the form, with the title as typed, and nothing stored.
func TestBadUploadsAreRefusedWithAMessageAndTheFieldsKept(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		dir := t.TempDir()
		env := apptest.New(t, d, apptest.WithConfig(func(c *config.Config) { c.MaxMaterialMB, c.DataDir = 1, dir }))
		a := published(t, d)
		env.CreateUser(t, "coord@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		c := env.Client()
		c.Login(t, "coord@example.org", password)
		fields := map[string]string{"title_it": "Verbale del primo incontro", "kind": "minutes", "access": "public", "publish": "1"}
		for _, tc := range []struct {
			name, file string
			content    []byte
			fields     map[string]string
			message    string
		}{
			{"too large", "verbale.pdf", append(append([]byte{}, pdfBytes...), make([]byte, 1<<20)...), fields, "più grande del limite"},
			{"html named pdf", "verbale.pdf", []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"), fields, "il contenuto è di un altro tipo"},
			{"exe named pdf", "verbale.pdf", append([]byte("MZ\x90\x00\x03"), make([]byte, 300)...), fields, "il contenuto è di un altro tipo"},
			{"exe", "setup.exe", append([]byte("MZ\x90\x00\x03"), make([]byte, 300)...), fields, "non è accettato"},
			{"empty file", "verbale.pdf", nil, fields, "Scegli un file"},
			{"no title", "verbale.pdf", pdfBytes, map[string]string{"kind": "minutes", "access": "public"}, "sceglilo di nuovo"},
			{"unknown access", "verbale.pdf", pdfBytes, map[string]string{"title_it": "Verbale del primo incontro", "kind": "minutes", "access": "tutti"}, "Scegli chi può scaricarlo"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				res := upload(t, env, c, a.ID, tc.fields, tc.file, tc.content)
				if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("main"), tc.message) {
					t.Errorf("status %d, want 422 saying %q:\n%s", res.Status, tc.message, res.Text("main"))
				}
				if v := tc.fields["title_it"]; v != "" && res.Attr("#f-title_it", "value") != v {
					t.Errorf("the title typed was lost: %q", res.Attr("#f-title_it", "value"))
				}
			})
		}
		if n := count(t, d, "activity_materials") + count(t, d, "files"); n != 0 {
			t.Errorf("%d rows stored after refused uploads", n)
		}
	})
}

// TestPublicAndRestrictedFilesReachOnlyTheirReaders goes through the
// screens: a coordinator uploads a public PDF (its name a path), a
// restricted ODT and a draft; the activity page lists to each visitor
// what they may read; the bytes reach only them, with the sniffed type.
func TestPublicAndRestrictedFilesReachOnlyTheirReaders(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		dir := t.TempDir()
		env := apptest.New(t, d, apptest.WithConfig(func(c *config.Config) { c.DataDir = dir }))
		ctx := context.Background()
		a := published(t, d)
		env.CreateUser(t, "coord@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		env.CreateUser(t, "coord-b@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: zoneB})
		env.CreateUser(t, "comitato@example.org", password, authz.Grant{Role: authz.CommitteeMember, ZoneID: zoneA})
		iscritta := env.CreateUser(t, "iscritta@example.org", password)
		env.CreateUser(t, "estraneo@example.org", password)
		if _, err := activities.NewService(d, env.URL).SignUp(ctx, activities.Actor{Label: "test"}, a.ID,
			activities.Person{UserID: iscritta, Name: "Iscritta", Email: "iscritta@example.org", Consent: true, Lang: "it"}); err != nil {
			t.Fatal(err)
		}

		coord := env.Client()
		coord.Login(t, "coord@example.org", password)
		res := upload(t, env, coord, a.ID, map[string]string{"title_it": "Verbale del primo incontro", "kind": "minutes", "access": "public", "publish": "1"},
			"../../etc/verbale.pdf", pdfBytes)
		if res.Path() != fmt.Sprintf("/gestione/attivita/%d/materiali", a.ID) || !strings.Contains(res.Text("main"), "verbale.pdf") {
			t.Fatalf("after the upload: %s %d\n%s", res.Path(), res.Status, res.Text("main"))
		}
		upload(t, env, coord, a.ID, map[string]string{"title_it": "Slide riservate", "kind": "material", "access": "participants", "publish": "1"}, "slide.odt", odt(t))
		upload(t, env, coord, a.ID, map[string]string{"title_it": "Bozza", "kind": "material", "access": "public"}, "bozza.pdf", pdfBytes)
		list, err := d.Query(ctx, `SELECT m.id, m.title_it, f.content_type, f.name FROM activity_materials m JOIN files f ON f.id = m.file_id ORDER BY m.id`)
		if err != nil {
			t.Fatal(err)
		}
		var urls []string
		for list.Next() {
			var id int64
			var title, ct, name string
			list.Scan(&id, &title, &ct, &name)
			urls = append(urls, fmt.Sprintf("/attivita/%d/materiali/%d", a.ID, id))
			if strings.Contains(name, "/") || strings.Contains(name, "..") {
				t.Errorf("%s stored with the name %q", title, name)
			}
		}
		list.Close()
		if len(urls) != 3 {
			t.Fatalf("%d files stored, want 3", len(urls))
		}
		pub, restricted, draft := urls[0], urls[1], urls[2]
		page := fmt.Sprintf("/attivita/%d", a.ID)

		anon := env.Client()
		res = anon.Get(page)
		if !res.Has(`a[href="`+pub+`"]`) || res.Has(`a[href="`+restricted+`"]`) || res.Has(`a[href="`+draft+`"]`) {
			t.Errorf("a visitor's activity page lists the wrong files:\n%s", res.Text("main"))
		}
		got := anon.Get(pub)
		if got.Status != http.StatusOK || got.Header.Get("Content-Type") != files.PDF || got.Body != string(pdfBytes) ||
			!strings.Contains(got.Header.Get("Content-Disposition"), `attachment; filename=verbale.pdf`) {
			t.Errorf("the public file: %d %q %q", got.Status, got.Header.Get("Content-Type"), got.Header.Get("Content-Disposition"))
		}
		for _, u := range []string{restricted, draft} {
			if got := anon.Get(u); got.Status != http.StatusNotFound || strings.Contains(got.Body, "PK") || strings.Contains(got.Body, "%PDF") {
				t.Errorf("a visitor gets %s: %d", u, got.Status)
			}
		}

		for _, who := range []string{"iscritta@example.org", "comitato@example.org"} {
			c := env.Client()
			c.Login(t, who, password)
			if res := c.Get(page); !res.Has(`a[href="` + restricted + `"]`) {
				t.Errorf("%s does not see the restricted file listed", who)
			}
			got := c.Get(restricted)
			if got.Status != http.StatusOK || got.Header.Get("Content-Type") != files.ODT || got.Header.Get("Cache-Control") != "private, no-cache" {
				t.Errorf("%s gets the restricted file: %d %q %q", who, got.Status, got.Header.Get("Content-Type"), got.Header.Get("Cache-Control"))
			}
		}
		for _, who := range []string{"estraneo@example.org", "coord-b@example.org"} {
			c := env.Client()
			c.Login(t, who, password)
			if res := c.Get(page); res.Has(`a[href="` + restricted + `"]`) {
				t.Errorf("%s sees the restricted file listed", who)
			}
			if got := c.Get(restricted); got.Status != http.StatusNotFound || strings.Contains(got.Body, "PK") {
				t.Errorf("%s gets the restricted file: %d", who, got.Status)
			}
		}
		b := env.Client()
		b.Login(t, "coord-b@example.org", password)
		if res := b.Get(fmt.Sprintf("/gestione/attivita/%d/materiali", a.ID)); res.Status != http.StatusForbidden {
			t.Errorf("a coordinator of zone B opens the files' screen: %d", res.Status)
		}
		if res := upload(t, env, b, a.ID, map[string]string{"title_it": "X", "kind": "minutes", "access": "public"}, "x.pdf", pdfBytes); res.Status != http.StatusForbidden {
			t.Errorf("a coordinator of zone B uploads: %d", res.Status)
		}

		// The coordinator sees the draft, publishes it, restricts the
		// public file, and deletes one.
		if got := coord.Get(draft); got.Status != http.StatusOK {
			t.Errorf("the coordinator opens the draft: %d", got.Status)
		}
		coord.PostForm(strings.Replace(draft, "/attivita/", "/gestione/attivita/", 1), url.Values{"op": {"publish"}})
		coord.PostForm(strings.Replace(pub, "/attivita/", "/gestione/attivita/", 1), url.Values{"op": {"restrict"}})
		if got := anon.Get(draft); got.Status != http.StatusOK {
			t.Errorf("the published draft: %d", got.Status)
		}
		if got := anon.Get(pub); got.Status != http.StatusNotFound {
			t.Errorf("the file made restricted still reaches a visitor: %d", got.Status)
		}
		res = coord.PostForm(strings.Replace(restricted, "/attivita/", "/gestione/attivita/", 1), url.Values{"op": {"delete"}})
		if !strings.Contains(res.Text("main"), "File eliminato") || count(t, d, "activity_materials") != 2 {
			t.Errorf("after deleting: %s", res.Text("main"))
		}
		if res := coord.PostForm(strings.Replace(pub, "/attivita/", "/gestione/attivita/", 1), url.Values{"op": {"boh"}}); res.Status != http.StatusBadRequest {
			t.Errorf("an unknown operation: %d", res.Status)
		}
		var audits int
		d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action LIKE 'activity.material.%'`).Scan(&audits)
		if audits != 6 {
			t.Errorf("%d audit lines for 3 uploads and 3 changes", audits)
		}
	})
}
