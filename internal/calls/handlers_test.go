package calls_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// env is the real application on a test database.
type env struct {
	t *testing.T
	a *app.App
	d *db.DB
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.BaseURL = "https://cantieri.example.org"
	a, err := app.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, a: a, d: d}
}

func (e *env) user(email string, grants ...authz.Grant) *authz.Principal {
	e.t.Helper()
	id := user(e.t, e.d, email)
	return &authz.Principal{UserID: id, Email: email, Name: "Utente " + email, Grants: grants}
}

func (e *env) do(p *authz.Principal, method, target string, body io.Reader, contentType string) *httptest.ResponseRecorder {
	return apptest.Direct(e.a.Router, p, method, target, body, contentType)
}

func (e *env) get(p *authz.Principal, target string) *httptest.ResponseRecorder {
	return e.do(p, http.MethodGet, target, nil, "")
}

func (e *env) post(p *authz.Principal, target string, form url.Values) *httptest.ResponseRecorder {
	return e.do(p, http.MethodPost, target, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded")
}

// multipartPost posts fields and, for each entry of files, a file.
func (e *env) multipartPost(p *authz.Principal, target string, fields url.Values, files map[string][]byte) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, content := range files {
		fw, _ := mw.CreateFormFile(name, name+".pdf")
		_, _ = fw.Write(content)
	}
	_ = mw.Close()
	return e.do(p, http.MethodPost, target, &buf, mw.FormDataContentType())
}

var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// callForm is the coordinators' form of a call open now for a day.
func callForm(opens, closes time.Time, commission string) url.Values {
	return url.Values{"kind": {"activators"}, "title_it": {"Attivatori di comunità della Lunigiana"}, "body_it": {"Cerchiamo persone disponibili."},
		"opens": {opens.In(web.Rome()).Format("2006-01-02T15:04")}, "closes": {closes.In(web.Rome()).Format("2006-01-02T15:04")},
		"applicants": {"both"}, "min_score": {"10"}, "tie_break": {"first_criterion"}, "aggregation": {"mean"}, "retention": {"24"},
		"declarations": {"Non sussistono cause di esclusione | No exclusion grounds\nCofinanziamento | Co-financing | importo"},
		"fields":       {"testo_lungo* | Motivazione | Motivation\nfile* | Curriculum | CV"},
		"criteria":     {"Motivazione | Motivation | 10 | 2\nEsperienza | Experience | 10"},
		"commission":   {commission}}
}

// createCall creates and publishes a call through the screens as coord in
// path p; it returns its id.
func (e *env) createCall(coord *authz.Principal, p paths.Path, form url.Values) int64 {
	e.t.Helper()
	w := e.post(coord, "/gestione/percorsi/"+p.Slug+"/bandi/nuovo", form)
	if w.Code != http.StatusSeeOther {
		e.t.Fatalf("create: %d %s", w.Code, w.Body.String())
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(w.Header().Get("Location"), "/gestione/bandi/"), 10, 64)
	if err != nil {
		e.t.Fatal(w.Header().Get("Location"))
	}
	if w := e.post(coord, "/gestione/bandi/"+itoa(id)+"/pubblica", nil); w.Code != http.StatusSeeOther {
		e.t.Fatalf("publish: %d", w.Code)
	}
	return id
}

// applicationFields is a complete application as the form sends it.
func applicationFields(c *calls.Call, version int) url.Values {
	v := url.Values{"version": {strconv.Itoa(version)}, "kind": {"person"}, "name": {"Mario Rossi"}, "tax_code": {"RSSMRA85T10A562S"}}
	for _, d := range c.Declarations {
		v.Set("d"+itoa(d.ID), "1")
		if d.WithAmount {
			v.Set("a"+itoa(d.ID), "1.500,00")
		}
	}
	v.Set("f"+itoa(c.Fields[0].ID), "Per la mia comunità.")
	return v
}

func TestApplyingThroughTheScreens(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, _, p := setup(t, d)
		coord := e.user("coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		id := e.createCall(coord, p, callForm(time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour), ""))
		c, err := calls.Get(context.Background(), d, id)
		if err != nil {
			t.Fatal(err)
		}
		if w := e.get(nil, "/bandi"); !strings.Contains(w.Body.String(), "Attivatori di comunità della Lunigiana") {
			t.Errorf("the open call is not listed: %d", w.Code)
		}
		mario := e.user("mario@example.org")
		form := "/bandi/" + itoa(id) + "/domanda"
		if w := e.get(mario, form); w.Code != http.StatusOK {
			t.Fatalf("form: %d", w.Code)
		}
		// A text file named .pdf is refused: nothing is saved, and the page
		// keeps what was typed.
		w := e.multipartPost(mario, form, applicationFields(c, 0), map[string][]byte{"f" + itoa(c.Fields[1].ID): []byte("not a pdf at all")})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Sono accettati solo file PDF") || !strings.Contains(w.Body.String(), "Per la mia comunità.") {
			t.Fatalf("wrong type: %d", w.Code)
		}
		if _, err := calls.ApplicationOf(context.Background(), d, id, mario.UserID); err == nil {
			t.Fatalf("a draft was saved with a refused file")
		}
		if w := e.multipartPost(mario, form, applicationFields(c, 0), nil); w.Code != http.StatusSeeOther {
			t.Fatalf("save: %d", w.Code)
		}
		a, err := calls.ApplicationOf(context.Background(), d, id, mario.UserID)
		if err != nil || a.Name != "Mario Rossi" || a.Version != 1 {
			t.Fatalf("draft not kept: %v %+v", err, a)
		}
		// A second tab still at version 0 is told, and sees what it typed.
		stale := applicationFields(c, 0)
		stale.Set("name", "Mario Rossi da un'altra scheda")
		w = e.multipartPost(mario, form, stale, nil)
		if w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "in un&#39;altra finestra") || !strings.Contains(w.Body.String(), "da un&#39;altra scheda") {
			t.Fatalf("stale tab: %d", w.Code)
		}
		// Submit with the CV: the receipt page.
		w = e.multipartPost(mario, form+"/invia", applicationFields(c, 1), map[string][]byte{"f" + itoa(c.Fields[1].ID): pdf})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", w.Code, w.Body.String())
		}
		receipt := w.Header().Get("Location")
		page := e.get(mario, receipt)
		if !strings.Contains(page.Body.String(), itoa(id)+"/0001") {
			t.Errorf("receipt page lacks the protocol number")
		}
		// The double click: the same receipt, nothing new.
		w = e.multipartPost(mario, form+"/invia", applicationFields(c, 1), nil)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != receipt {
			t.Errorf("second click: %d %s", w.Code, w.Header().Get("Location"))
		}
		var n int
		_ = d.QueryRow(context.Background(), `SELECT COUNT(*) FROM application_receipts WHERE call_id = ?`, id).Scan(&n)
		if n != 1 {
			t.Errorf("%d receipts", n)
		}
		// A wrong codice fiscale is named on submit.
		anna := e.user("anna@example.org")
		bad := applicationFields(c, 0)
		bad.Set("tax_code", "RSSMRA85T10A562T")
		w = e.multipartPost(anna, form+"/invia", bad, map[string][]byte{"f" + itoa(c.Fields[1].ID): pdf})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Il codice fiscale non è valido") {
			t.Errorf("bad tax code: %d", w.Code)
		}
	})
}

func TestLateApplicationIsRefusedWithAClearMessage(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s, _, p := setup(t, d)
		coord := e.user("coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		id := e.createCall(coord, p, callForm(time.Now().Add(-time.Hour), time.Now().Add(time.Hour), ""))
		c, _ := calls.Get(context.Background(), d, id)
		late := e.user("late@example.org")
		s.Now = func() time.Time { return time.Now().Add(-time.Minute) }
		if _, err := s.SaveDraft(context.Background(), actor, id, late.UserID, completeDraft(c, 0)); err != nil {
			t.Fatal(err)
		}
		// Close the call by moving its deadline into the past.
		if _, err := d.Exec(context.Background(), `UPDATE calls SET closes_at = ? WHERE id = ?`, db.Now().Add(-time.Second), id); err != nil {
			t.Fatal(err)
		}
		w := e.multipartPost(late, "/bandi/"+itoa(id)+"/domanda/invia", applicationFields(c, 1), nil)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Il termine per le domande è scaduto") {
			t.Errorf("late submission: %d", w.Code)
		}
		a, _ := calls.ApplicationOf(context.Background(), d, id, late.UserID)
		if a.Status != calls.AppDraft {
			t.Errorf("late application is %s", a.Status)
		}
	})
}

// TestOnlyTheApplicantTheCoordinatorsAndTheCommissionSeeAnApplication
// requests every application route as every kind of outsider: never data.
func TestOnlyTheApplicantTheCoordinatorsAndTheCommissionSeeAnApplication(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, _, p := setup(t, d)
		coord := e.user("coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		member := e.user("member@example.org", authz.Grant{Role: authz.Evaluator, ZoneID: zoneA})
		other := e.user("other-call@example.org", authz.Grant{Role: authz.Evaluator, ZoneID: zoneA})
		id := e.createCall(coord, p, callForm(time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour), member.Email))
		e.createCall(coord, p, callForm(time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour), other.Email))
		c, _ := calls.Get(context.Background(), d, id)
		mario := e.user("mario@example.org")
		w := e.multipartPost(mario, "/bandi/"+itoa(id)+"/domanda/invia", applicationFields(c, 0), map[string][]byte{"f" + itoa(c.Fields[1].ID): pdf})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d", w.Code)
		}
		app := w.Header().Get("Location")
		routes := []string{app, app + "/allegati/" + itoa(c.Fields[1].ID)}
		allowed := map[string]*authz.Principal{"applicant": mario, "coordinator": coord,
			"admin": e.user("admin@example.org", authz.Grant{Role: authz.Admin})}
		outsiders := map[string]*authz.Principal{
			"another applicant":               e.user("anna@example.org"),
			"a coordinator of another zone":   e.user("coord-b@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneB}),
			"an evaluator of another call":    other,
			"a member without the role there": e.user("nomember@example.org", authz.Grant{Role: authz.Evaluator, ZoneID: zoneB}),
		}
		for _, r := range routes {
			for who, p := range allowed {
				if w := e.get(p, r); w.Code != http.StatusOK {
					t.Errorf("%s GET %s: %d, want 200", who, r, w.Code)
				}
			}
			for who, p := range outsiders {
				w := e.get(p, r)
				if w.Code != http.StatusNotFound && w.Code != http.StatusForbidden {
					t.Errorf("%s GET %s: %d, want 403 or 404", who, r, w.Code)
				}
				if strings.Contains(w.Body.String(), "RSSMRA85T10A562S") || strings.Contains(w.Body.String(), "%PDF") {
					t.Errorf("%s GET %s: personal data in the answer", who, r)
				}
			}
		}
		for _, r := range []string{"/gestione/bandi/" + itoa(id), "/gestione/bandi/" + itoa(id) + "/domande"} {
			w := e.get(outsiders["a coordinator of another zone"], r)
			if w.Code != http.StatusForbidden {
				t.Errorf("coordinator of zone B GET %s: %d, want 403", r, w.Code)
			}
		}
	})
}

func TestRegionWideCallsBelongToTheRegionsEditors(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		setup(t, d)
		admin := e.user("admin@example.org", authz.Grant{Role: authz.Admin})
		coord := e.user("coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		w := e.post(admin, "/gestione/bandi/nuovo", callForm(time.Now().Add(-time.Hour), time.Now().Add(time.Hour), ""))
		if w.Code != http.StatusSeeOther {
			t.Fatalf("create region-wide: %d %s", w.Code, w.Body.String())
		}
		edit := w.Header().Get("Location")
		if w := e.get(admin, edit); w.Code != http.StatusOK {
			t.Errorf("admin: %d", w.Code)
		}
		if w := e.get(coord, edit); w.Code != http.StatusNotFound {
			t.Errorf("a zone's coordinator on a region-wide call: %d, want 404", w.Code)
		}
		if w := e.post(coord, edit+"/pubblica", nil); w.Code != http.StatusNotFound {
			t.Errorf("a zone's coordinator publishing a region-wide call: %d, want 404", w.Code)
		}
	})
}

func TestCallFormListsItsProblems(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		_, _, p := setup(t, d)
		coord := e.user("coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		f := callForm(time.Now(), time.Now().Add(-time.Hour), "nessuno@example.org")
		f.Set("criteria", "Qualità | Quality | mille")
		f.Set("fields", "scelta | Una sola | One | solo")
		w := e.post(coord, "/gestione/percorsi/"+p.Slug+"/bandi/nuovo", f)
		body := w.Body.String()
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", w.Code)
		}
		for _, want := range []string{"Un criterio non è scritto come indicato", "riga 1", "Una domanda del modulo non è scritta", "La scadenza deve venire dopo", "non corrisponde ad alcun account"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
	})
}

// TestEvaluationRoutesRefuseOutsiders tries every score, declaration and
// admissibility route of an application as outsiders (403 or 404, nothing
// changed), then goes through them as the people entitled.
func TestEvaluationRoutesRefuseOutsiders(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		_, _, p := setup(t, d)
		coord := e.user("coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		member := e.user("member@example.org", authz.Grant{Role: authz.Evaluator, ZoneID: zoneA})
		other := e.user("other-call@example.org", authz.Grant{Role: authz.Evaluator, ZoneID: zoneA})
		id := e.createCall(coord, p, callForm(time.Now().Add(-time.Hour), time.Now().Add(time.Hour), member.Email))
		e.createCall(coord, p, callForm(time.Now().Add(-time.Hour), time.Now().Add(time.Hour), other.Email))
		c, _ := calls.Get(ctx, d, id)
		mario := e.user("mario@example.org")
		w := e.multipartPost(mario, "/bandi/"+itoa(id)+"/domanda/invia", applicationFields(c, 0), map[string][]byte{"f" + itoa(c.Fields[1].ID): pdf})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("submit: %d", w.Code)
		}
		app := strings.TrimPrefix(w.Header().Get("Location"), "/domande/")
		if _, err := d.Exec(ctx, `UPDATE calls SET closes_at = ? WHERE id = ?`, db.Now().Add(-time.Second), id); err != nil {
			t.Fatal(err)
		}
		scoreForm := url.Values{}
		for _, cr := range c.Criteria {
			scoreForm.Set("p"+itoa(cr.ID), "5")
			scoreForm.Set("r"+itoa(cr.ID), "Buona")
		}
		posts := map[string]url.Values{
			"/commissione/domande/" + app + "/dichiarazione": {"declaration": {"none"}},
			"/commissione/domande/" + app:                    scoreForm,
			"/gestione/domande/" + app + "/ammissibilita":    {"decision": {"admissible"}},
			"/gestione/domande/" + app + "/integrazione":     {"request": {"Documento"}, "due": {time.Now().Add(48 * time.Hour).In(web.Rome()).Format("2006-01-02T15:04")}},
			"/domande/" + app + "/integrazione":              {"answer": {"Eccolo"}},
		}
		outsiders := map[string]*authz.Principal{
			"another applicant":             e.user("anna@example.org"),
			"a coordinator of another zone": e.user("coord-b@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneB}),
			"an evaluator of another call":  other,
		}
		for who, pr := range outsiders {
			if w := e.get(pr, "/commissione/domande/"+app); w.Code != http.StatusNotFound && w.Code != http.StatusForbidden {
				t.Errorf("%s GET the score sheet: %d", who, w.Code)
			}
			for target, form := range posts {
				if w := e.post(pr, target, form); w.Code != http.StatusNotFound && w.Code != http.StatusForbidden {
					t.Errorf("%s POST %s: %d, want 403 or 404", who, target, w.Code)
				}
			}
		}
		var changed int
		_ = d.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM conflict_declarations) + (SELECT COUNT(*) FROM application_scores) + (SELECT COUNT(*) FROM application_reviews) + (SELECT COUNT(*) FROM application_integrations)`).Scan(&changed)
		if changed != 0 {
			t.Fatalf("outsiders changed %d rows", changed)
		}
		// The member sees the sheet only after declaring.
		if w := e.get(member, "/commissione/domande/"+app); w.Code != http.StatusOK || strings.Contains(w.Body.String(), "Mario Rossi") {
			t.Errorf("member before declaring: %d, personal data shown: %v", w.Code, strings.Contains(w.Body.String(), "Mario Rossi"))
		}
		if w := e.post(member, "/commissione/domande/"+app, scoreForm); w.Code != http.StatusSeeOther {
			t.Errorf("scoring without a declaration: %d", w.Code)
		}
		e.post(member, "/commissione/domande/"+app+"/dichiarazione", url.Values{"declaration": {"none"}})
		if w := e.get(member, "/domande/"+app); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Mario Rossi") {
			t.Errorf("member after declaring: %d", w.Code)
		}
		if w := e.post(coord, "/gestione/domande/"+app+"/ammissibilita", url.Values{"decision": {"admissible"}}); w.Code != http.StatusSeeOther {
			t.Errorf("coordinator's decision: %d", w.Code)
		}
		bad := url.Values{}
		for k, v := range scoreForm {
			bad[k] = v
		}
		bad.Set("p"+itoa(c.Criteria[0].ID), "99")
		bad.Set("r"+itoa(c.Criteria[1].ID), "")
		w = e.post(member, "/commissione/domande/"+app, bad)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "tra 0 e il massimo") || !strings.Contains(w.Body.String(), "va motivato") {
			t.Errorf("bad scores: %d", w.Code)
		}
		if w := e.post(member, "/commissione/domande/"+app, scoreForm); w.Code != http.StatusSeeOther {
			t.Errorf("scores: %d %s", w.Code, w.Body.String())
		}
	})
}
