package tracks_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/pdf/pdftest"
	"github.com/cantieri/cantieri/internal/tracks"
)

const password = "una-password-lunga-di-prova"

// TestCoordinatorBuildsATrackAndAParticipantGetsTheCertificate goes
// through the screens: a coordinator of zone A creates a track, chooses
// its activities, enrols a person and sees everyone's progress; a
// coordinator of zone B is refused; the participant who attended every
// activity sees "completed", downloads the PDF, and the public page says
// the code is genuine; an unknown code is not.
func TestCoordinatorBuildsATrackAndAParticipantGetsTheCertificate(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		f := newFixture(t, d, zoneA)
		env.CreateUser(t, "coord-a@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		env.CreateUser(t, "coord-b@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: zoneB})
		marco := env.CreateUser(t, "marco@example.org", password)
		env.CreateUser(t, "altro@example.org", password)
		for _, a := range f.acts {
			present(t, d, a, marco, "Marco Esposito", "marco@example.org")
		}

		coord := env.Client()
		coord.Login(t, "coord-a@example.org", password)
		res := coord.Get("/gestione/percorsi-formativi/nuovo")
		if res.Status != http.StatusOK || res.Has(`select[name=zone] option[value="`+zoneB+`"]`) || !res.Has(`select[name=zone] option[value="`+zoneA+`"]`) {
			t.Fatalf("the new-track form offers the wrong zones (status %d)", res.Status)
		}
		bad := coord.PostForm("/gestione/percorsi-formativi/nuovo", url.Values{"zone": {zoneB}, "kind": {"activators"}, "rule": {"count"},
			"min": {"zero"}, "title_it": {""}, "description_it": {"Testo da non perdere"}})
		if bad.Status != http.StatusUnprocessableEntity || !bad.Has("#f-zone-error") || !bad.Has("#f-min-error") || !bad.Has("#f-title_it-error") ||
			!bad.Contains("Testo da non perdere") {
			t.Fatalf("an invalid track: status %d, errors not all shown or the text lost:\n%s", bad.Status, bad.Text("main"))
		}
		res = coord.PostForm("/gestione/percorsi-formativi/nuovo", url.Values{"zone": {zoneA}, "kind": {"activators"}, "rule": {"all"},
			"title_it": {"Formazione degli attivatori"}, "title_en": {"Activators' training"}})
		m := regexp.MustCompile(`^/gestione/percorsi-formativi/(\d+)/modifica$`).FindStringSubmatch(res.Path())
		if res.Status != http.StatusOK || m == nil {
			t.Fatalf("after creating the track the browser is at %s (%d)", res.Path(), res.Status)
		}
		base := "/gestione/percorsi-formativi/" + m[1]
		form := url.Values{"kind": {"activators"}, "rule": {"all"}, "title_it": {"Formazione degli attivatori"}}
		for _, a := range f.acts {
			if !res.Has(fmt.Sprintf(`input[name=activity][value="%d"]`, a)) {
				t.Fatalf("the edit form does not offer activity %d", a)
			}
			form.Add("activity", fmt.Sprint(a))
		}
		res = coord.PostForm(base+"/modifica", form)
		if res.Path() != base || !res.Contains("Workshop 3: la Bussola dei Servizi") {
			t.Fatalf("after saving the activities: %s\n%s", res.Path(), res.Text("main"))
		}
		res = coord.PostForm(base+"/iscritti", url.Values{"name": {"Lucia Neri"}, "email": {"non-un-indirizzo"}})
		if res.Status != http.StatusUnprocessableEntity || !res.Has("#f-email-error") {
			t.Errorf("enrolling with a bad address: status %d", res.Status)
		}
		res = coord.PostForm(base+"/iscritti", url.Values{"name": {"Lucia Neri"}, "email": {"lucia@example.org"}})
		row := res.Text("table tbody")
		if !strings.Contains(row, "Lucia Neri") || !strings.Contains(row, "Marco Esposito") || !strings.Contains(row, "Completato") {
			t.Errorf("the progress table does not list both people and Marco's completion:\n%s", row)
		}

		other := env.Client()
		other.Login(t, "coord-b@example.org", password)
		for _, path := range []string{base, base + "/modifica"} {
			if res := other.Get(path); res.Status != http.StatusForbidden {
				t.Errorf("a coordinator of zone B opens %s: %d, want 403", path, res.Status)
			}
		}
		if res := other.PostForm(base+"/iscritti", url.Values{"name": {"X"}, "email": {"x@example.org"}}); res.Status != http.StatusForbidden {
			t.Errorf("a coordinator of zone B enrols someone: %d", res.Status)
		}
		if res := other.Get("/gestione/percorsi-formativi"); strings.Contains(res.Body, "Formazione degli attivatori") {
			t.Error("a coordinator of zone B sees zone A's track in the list")
		}

		p := env.Client()
		p.Login(t, "marco@example.org", password)
		res = p.Get("/account/percorsi-formativi")
		if !strings.Contains(res.Text("main"), "Completato") || !res.Has(`a.cantieri-certificate`) {
			t.Fatalf("the participant's page does not show the completed track:\n%s", res.Text("main"))
		}
		dl := p.Get(res.Attr(`a.cantieri-certificate`, "href"))
		if dl.Status != http.StatusOK || dl.Header.Get("Content-Type") != "application/pdf" ||
			!strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("certificate download: %d %s %s", dl.Status, dl.Header.Get("Content-Type"), dl.Header.Get("Content-Disposition"))
		}
		pdftest.Check(t, []byte(dl.Body))
		text := strings.Join(strings.Fields(pdftest.Text(t, []byte(dl.Body))), " ")
		code := regexp.MustCompile(`[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}`).FindString(text)
		if code == "" || !strings.Contains(text, "Marco Esposito") || !strings.Contains(text, env.URL+"/attestati/"+code) {
			t.Fatalf("the PDF lacks the name, the code or the verification address:\n%s", text)
		}
		again := p.Get("/account/percorsi-formativi")
		if !again.Contains(code) {
			t.Error("the participant's page does not show the certificate's code after issuing")
		}

		anon := env.Client()
		v := anon.Get("/attestati/" + strings.ToLower(code))
		if v.Status != http.StatusOK || !strings.Contains(v.Text("main"), "Attestato autentico") || !strings.Contains(v.Text("main"), "Marco E.") ||
			strings.Contains(v.Body, "Esposito") || strings.Contains(v.Body, "marco@example.org") {
			t.Errorf("verification page: %d\n%s", v.Status, v.Text("main"))
		}
		if v := anon.Get("/attestati/2222-3333-4444"); v.Status != http.StatusNotFound || !strings.Contains(v.Text("main"), "non è autentico") {
			t.Errorf("an unknown code: %d\n%s", v.Status, v.Text("main"))
		}
		if v := anon.Get("/attestati?codice=" + url.QueryEscape(strings.ReplaceAll(code, "-", ""))); v.Path() != "/attestati/"+code {
			t.Errorf("the code typed in the form leads to %s", v.Path())
		}
		if v := anon.Get("/attestati?codice=abc"); v.Status != http.StatusUnprocessableEntity || !v.Has("#f-codice-error") {
			t.Errorf("a malformed code in the form: %d", v.Status)
		}

		// Someone who does not follow the track: 404, never the PDF;
		// the coordinator of zone B cannot open the certificate either.
		o := env.Client()
		o.Login(t, "altro@example.org", password)
		if res := o.Get("/account/percorsi-formativi/" + m[1] + "/attestato"); res.Status != http.StatusNotFound {
			t.Errorf("another participant asks for the certificate: %d", res.Status)
		}
		if res := other.Get(base + "/attestati/" + code); res.Status != http.StatusForbidden {
			t.Errorf("a coordinator of zone B opens the certificate: %d", res.Status)
		}
		if res := coord.Get(base + "/attestati/" + code); res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("the coordinator of zone A opens the certificate: %d", res.Status)
		}
	})
}

// TestIncompleteTrackGivesNoCertificate: the participant is told why.
func TestIncompleteTrackGivesNoCertificate(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		f := newFixture(t, d, zoneA)
		tr := newTrack(t, d, zoneA, f, tracks.All, 0)
		lucia := env.CreateUser(t, "lucia@example.org", password)
		present(t, d, f.acts[0], lucia, "Lucia Neri", "lucia@example.org")
		p := env.Client()
		p.Login(t, "lucia@example.org", password)
		res := p.Get("/account/percorsi-formativi")
		if !strings.Contains(res.Text("main"), "In corso") || res.Has(`a.cantieri-certificate`) {
			t.Errorf("an incomplete track shows as:\n%s", res.Text("main"))
		}
		res = p.Get(fmt.Sprintf("/account/percorsi-formativi/%d/attestato", tr.ID))
		if res.Path() != "/account/percorsi-formativi" || !strings.Contains(res.Text("main"), "non è ancora completato") {
			t.Errorf("certificate of an incomplete track: %d\n%s", res.Status, res.Text("main"))
		}
		var n int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM training_certificates`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d certificates stored, %v", n, err)
		}
	})
}

// TestRegionWideTrackIsForAdminsOnly: a coordinator passes the router's
// zone check for a track of no zone, and is refused by the track's own.
func TestRegionWideTrackIsForAdminsOnly(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		id, err := tracks.Create(context.Background(), d, actor, tracks.Input{Kind: tracks.Committees, Rule: tracks.All, Title: tracks.Text{IT: "Regionale"}})
		if err != nil {
			t.Fatal(err)
		}
		env.CreateUser(t, "coord-a@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		env.CreateUser(t, "admin@example.org", password, authz.Grant{Role: authz.Admin})
		c := env.Client()
		c.Login(t, "coord-a@example.org", password)
		if res := c.Get(fmt.Sprintf("/gestione/percorsi-formativi/%d", id)); res.Status != http.StatusForbidden {
			t.Errorf("a coordinator opens a region-wide track: %d", res.Status)
		}
		if res := c.PostForm("/gestione/percorsi-formativi/nuovo", url.Values{"zone": {""}, "kind": {"other"}, "rule": {"all"}, "title_it": {"X"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a coordinator creates a region-wide track: %d", res.Status)
		}
		a := env.Client()
		a.Login(t, "admin@example.org", password)
		if res := a.Get(fmt.Sprintf("/gestione/percorsi-formativi/%d", id)); res.Status != http.StatusOK {
			t.Errorf("an admin opens a region-wide track: %d", res.Status)
		}
	})
}
