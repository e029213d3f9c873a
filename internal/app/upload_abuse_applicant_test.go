package app_test

// Upload abuse through the applicant's forms of a call: the application's
// file fields (POST /bandi/{id}/domanda and /domanda/invia) and the
// documents answering a request for documents (POST
// /domande/{id}/integrazione). Besides the checks of every upload form
// (upload_abuse_test.go), a refused file must not lose what the applicant
// typed (the page shows it again, the saved draft is unchanged), and a
// file sent where none is taken — to a field that does not exist, to a
// text field, after submission, on someone else's application, with no
// request open — is never stored.

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// applicantCall creates and publishes a call in zone A, open since an hour
// ago for a week, with a required text field and a required file field;
// it returns the call and the ids of the two fields.
func applicantCall(t *testing.T, env *apptest.Env) (c *calls.Call, text, file int64) {
	t.Helper()
	ctx := context.Background()
	p, err := paths.PathBySlug(ctx, env.DB, "matrice-"+zoneA)
	if err != nil {
		t.Fatal(err)
	}
	fields, problems := calls.ParseFields("testo_lungo* | Motivazione | Motivation\nfile* | Curriculum | CV")
	criteria, problems2 := calls.ParseCriteria("Motivazione | Motivation | 10 | 1")
	if len(problems)+len(problems2) > 0 {
		t.Fatal(problems, problems2)
	}
	svc := calls.NewService(env.DB, env.App.Files, env.URL)
	opens := time.Now().Add(-time.Hour)
	id, err := svc.Create(ctx, calls.Actor{Label: "test"}, calls.Place{ZoneID: zoneA, PathID: p.ID}, calls.Input{Kind: calls.Activators,
		Title: calls.Text{IT: "Avviso aperto"}, Body: calls.Text{IT: "Testo."}, Opens: opens, Closes: opens.Add(7 * 24 * time.Hour),
		Applicants: calls.People, Places: 1, TieBreak: calls.BySubmission, Aggregation: calls.Mean, RetentionMonths: 24,
		Fields: fields, Criteria: criteria})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Publish(ctx, calls.Actor{Label: "test"}, id); err != nil {
		t.Fatal(err)
	}
	if c, err = calls.Get(ctx, env.DB, id); err != nil {
		t.Fatal(err)
	}
	for _, f := range c.Fields {
		if f.Kind == calls.FileField {
			file = f.ID
		} else {
			text = f.ID
		}
	}
	return c, text, file
}

// uniquePDF is a small PDF whose bytes differ from every other's: the
// store keeps contents by their hash, so a file left behind is seen.
func uniquePDF(n string) []byte {
	return append(append([]byte{}, uploadPDF...), []byte("% "+n+"\n")...)
}

// uploadCheck is what every refused or ignored upload must leave: no
// 5xx, no table changed, no file in the store.
type uploadCheck struct {
	t     *testing.T
	d     *db.DB
	store string
}

func (u uploadCheck) send(where string, c *apptest.Client, env *apptest.Env, path string, fields url.Values, field, name string,
	content []byte) *apptest.Response {
	u.t.Helper()
	before, filesBefore := fingerprint(u.t, u.d), storedFiles(u.t, u.store)
	res := postFile(u.t, c, env, path, fields, field, name, content)
	if res.Status >= 500 {
		u.t.Errorf("%s: HTTP %d", where, res.Status)
	}
	after := fingerprint(u.t, u.d)
	for table, n := range before {
		if after[table] != n {
			u.t.Errorf("%s: table %s went from %d to %d rows", where, table, n, after[table])
		}
	}
	if got := storedFiles(u.t, u.store); len(got) != len(filesBefore) {
		u.t.Errorf("%s: the file store went from %d to %d files", where, len(filesBefore), len(got))
	}
	return res
}

// refused also wants a 4xx page with the message of the form's problems.
func (u uploadCheck) refused(where string, c *apptest.Client, env *apptest.Env, path string, fields url.Values, field, name string,
	content []byte) *apptest.Response {
	u.t.Helper()
	res := u.send(where, c, env, path, fields, field, name, content)
	if res.Status < 400 || res.Status >= 500 {
		u.t.Errorf("%s: HTTP %d, want a 4xx page with a message", where, res.Status)
	}
	if res.Text("#form-errors") == "" {
		u.t.Errorf("%s: no error message on the page (HTTP %d)", where, res.Status)
	}
	return res
}

// abusiveFiles are the files every upload must refuse, for an applicant's
// field limited to limit bytes.
func abusiveFiles(t *testing.T, limit int64) []struct {
	name, file string
	content    []byte
} {
	return []struct {
		name, file string
		content    []byte
	}{
		{"oversized", "curriculum.pdf", append(uniquePDF("big"), make([]byte, limit)...)},
		{"html as pdf", "curriculum.pdf", []byte("<html><body onload=alert(1)>")},
		{"html as png", "foto.png", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")},
		{"elf as pdf", "curriculum.pdf", elfHeader},
		{"zip bomb as docx", "curriculum.docx", zipBomb(t, "word/document.xml")},
		{"zip bomb as odt", "curriculum.odt", zipBomb(t, "content.xml")},
	}
}

func TestUploadAbuseThroughTheApplicantsForms(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		env := apptest.New(t, d, apptest.WithConfig(func(c *config.Config) { c.DataDir = t.TempDir() }))
		matrixRecords(t, d)
		env.CreateUser(t, "richiedente@example.org", securityPassword)
		env.CreateUser(t, "altra@example.org", securityPassword)
		applicant, other := env.Client(), env.Client()
		applicant.Login(t, "richiedente@example.org", securityPassword)
		other.Login(t, "altra@example.org", securityPassword)
		applicant.FollowRedirects, other.FollowRedirects = false, false
		u := uploadCheck{t: t, d: d, store: filepath.Join(env.App.Config.DataDir, "files")}

		c, textField, fileField := applicantCall(t, env)
		apply := fmt.Sprintf("/bandi/%d/domanda", c.ID)
		textName, fileName := fmt.Sprintf("f%d", textField), fmt.Sprintf("f%d", fileField)
		// form is the draft as the applicant types it, with the version
		// of the form as the page gives it now.
		form := func(cl *apptest.Client, motivation string) url.Values {
			t.Helper()
			version := cl.Get(apply).Attr(`input[name="version"]`, "value")
			if version == "" {
				t.Fatalf("no version on the form of %s", apply)
			}
			return url.Values{"version": {version}, "kind": {"person"}, "name": {"Mario Rossi"}, "tax_code": {"RSSMRA85T10A562S"},
				textName: {motivation}}
		}
		saved := func() string {
			var v string
			if err := d.QueryRow(ctx, `SELECT v.value FROM application_values v JOIN applications a ON a.id = v.application_id
				WHERE a.call_id = ? AND v.field_id = ?`, c.ID, textField).Scan(&v); err != nil {
				t.Fatal(err)
			}
			return v
		}

		// A draft saved with its text and no file.
		if res := applicant.PostForm(apply, form(applicant, "Testo già salvato")); res.Status != http.StatusSeeOther {
			t.Fatalf("saving the draft: HTTP %d", res.Status)
		}

		t.Run("refused attachments keep the draft", func(t *testing.T) {
			for _, f := range abusiveFiles(t, calls.MaxAttachment) {
				for _, action := range []string{apply, apply + "/invia"} {
					where := action + " with " + f.name
					res := u.refused(where, applicant, env, action, form(applicant, "Testo appena scritto"), fileName, f.file, f.content)
					if !strings.Contains(res.Body, "Testo appena scritto") {
						t.Errorf("%s: the page lost the text just typed", where)
					}
					if got := saved(); got != "Testo già salvato" {
						t.Errorf("%s: the saved text is now %q", where, got)
					}
				}
			}
		})

		t.Run("files where none is taken", func(t *testing.T) {
			for _, f := range []struct{ where, field string }{
				{"a field that does not exist", "f999999"},
				{"a field of another call", fmt.Sprintf("f%d", fileField+1000)},
				{"the text field", textName},
				{"no name", "file"},
			} {
				vals := form(applicant, "Testo già salvato")
				res := u.send(apply+" with a file for "+f.where, applicant, env, apply, vals, f.field, "curriculum.pdf", uniquePDF(f.where))
				if res.Status >= 400 {
					t.Errorf("%s with a file for %s: HTTP %d, want the draft saved without it", apply, f.where, res.Status)
				}
			}
			// An empty file is no file.
			u.send(apply+" with an empty file", applicant, env, apply, form(applicant, "Testo già salvato"), fileName, "curriculum.pdf", nil)
		})

		t.Run("names with tricks", func(t *testing.T) {
			for i, name := range []string{"../../../../etc/curriculum.pdf", `..\..\windows\curriculum.pdf`, "a\x01b\x1bc\x7f\tcurriculum.pdf",
				"foto\u202efdp.exe.pdf", "..pdf"} {
				res := postFile(t, applicant, env, apply, form(applicant, "Testo già salvato"), fileName, name, uniquePDF(fmt.Sprint("name", i)))
				// A part whose header holds control characters is not a
				// form a browser sends: the multipart reader refuses it (400).
				if res.Status >= 500 || res.Status != http.StatusSeeOther && !strings.ContainsAny(name, "\x01\t") {
					t.Errorf("%s with the name %q: HTTP %d, want the draft saved", apply, name, res.Status)
				}
			}
			var n int
			if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM application_values WHERE field_id = ? AND file_id IS NOT NULL`, fileField).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("%d attachments saved, want 1", n)
			}
			assertPlainNames(t, d)
		})

		// Submitted: no file is taken any more.
		res := postFile(t, applicant, env, apply+"/invia", form(applicant, "Testo già salvato"), fileName, "curriculum.pdf", uniquePDF("final"))
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location(), "/domande/") {
			t.Fatalf("submitting: HTTP %d %s; the page says %s", res.Status, res.Location(), res.Text("#form-errors"))
		}
		receipt := res.Location()
		t.Run("after submission", func(t *testing.T) {
			if res := applicant.Get(apply); res.Location() != receipt {
				t.Errorf("GET %s after submission: HTTP %d %s, want the receipt", apply, res.Status, res.Location())
			}
			for _, action := range []string{apply, apply + "/invia"} {
				vals := url.Values{"version": {"3"}, "kind": {"person"}, "name": {"Mario Rossi"}, "tax_code": {"RSSMRA85T10A562S"},
					textName: {"Testo cambiato dopo l'invio"}}
				res := u.send(action+" after submission", applicant, env, action, vals, fileName, "curriculum.pdf", uniquePDF("late"+action))
				if res.Status != http.StatusSeeOther || res.Location() != receipt {
					t.Errorf("%s after submission: HTTP %d %s, want the receipt", action, res.Status, res.Location())
				}
			}
			if got := saved(); got != "Testo già salvato" {
				t.Errorf("after submission the saved text became %q", got)
			}
		})

		answer := receipt + "/integrazione"
		t.Run("documents with no request open", func(t *testing.T) {
			u.send(answer+" with no request", applicant, env, answer, url.Values{"answer": {"Ecco"}}, "file", "documento.pdf", uniquePDF("norequest"))
		})

		// The coordinator asks for documents once the call has closed.
		var appID int64
		if _, err := fmt.Sscanf(strings.TrimPrefix(receipt, "/domande/"), "%d", &appID); err != nil {
			t.Fatal(err)
		}
		after := calls.NewService(d, env.App.Files, env.URL)
		after.Now = func() time.Time { return c.Closes.Add(time.Minute) }
		if err := after.RequestDocuments(ctx, calls.Actor{Label: "test"}, appID, "Manca il documento d'identità", c.Closes.Add(7*24*time.Hour)); err != nil {
			t.Fatal(err)
		}

		t.Run("documents answering a request", func(t *testing.T) {
			for _, f := range abusiveFiles(t, calls.MaxAttachment) {
				where := answer + " with " + f.name
				res := u.refused(where, applicant, env, answer, url.Values{"answer": {"Risposta appena scritta"}}, "file", f.file, f.content)
				if !strings.Contains(res.Body, "Risposta appena scritta") {
					t.Errorf("%s: the page lost the answer just typed", where)
				}
			}
			u.send(answer+" with an empty file and no answer", applicant, env, answer, url.Values{"answer": {""}}, "file", "documento.pdf", nil)
			// Someone else's application does not exist for them.
			res := u.send(answer+" by another user", other, env, answer, url.Values{"answer": {"Non è mia"}}, "file", "documento.pdf", uniquePDF("other"))
			if res.Status != http.StatusNotFound {
				t.Errorf("%s by another user: HTTP %d, want 404", answer, res.Status)
			}
			res = postFile(t, applicant, env, answer, url.Values{"answer": {"Ecco il documento"}}, "file", "../documento\u202efdp.exe.pdf", uniquePDF("answer"))
			if res.Status != http.StatusSeeOther {
				t.Errorf("%s with a good file: HTTP %d: %s", answer, res.Status, res.Text("#form-errors"))
			}
			assertPlainNames(t, d)
			// Answered: the request is closed, another file is not taken.
			u.send(answer+" once answered", applicant, env, answer, url.Values{"answer": {"Ancora"}}, "file", "documento.pdf", uniquePDF("again"))
		})
	})
}

// assertPlainNames fails for a stored file name that is not a plain base
// name without control or format characters.
func assertPlainNames(t *testing.T, d *db.DB) {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT name FROM files`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(name, "/\\") || strings.Contains(name, "..") || strings.ContainsFunc(name, func(r rune) bool {
			return r < 0x20 || r == 0x7f || r == '\u202e'
		}) {
			t.Errorf("a file is stored with the name %q", name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
