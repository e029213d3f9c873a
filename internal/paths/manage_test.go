package paths_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestCoordinatorCannotEditAnotherZonesPathWhileAdminCan(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		b := e.path(zoneB, "Percorso di B", "2024-03-04")
		edit := "/gestione/percorsi/" + b.Slug
		for _, c := range []struct{ method, url string }{
			{http.MethodGet, edit}, {http.MethodPost, edit}, {http.MethodPost, edit + "/pubblica"}, {http.MethodPost, edit + "/ritira"},
			{http.MethodGet, edit + "/fasi/1"}, {http.MethodPost, edit + "/fasi/1"},
		} {
			var form url.Values
			if c.method == http.MethodPost {
				form = url.Values{"title_it": {"Rubato"}, "edition": {paths.EditionSecond}, "start_date": {"2024-03-04"}}
			}
			if w := e.do(e.coordA, c.method, c.url, form); w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "Accesso non consentito") {
				t.Errorf("%s %s as coordinator of A: %d, want 403", c.method, c.url, w.Code)
			}
		}
		if got, _ := paths.PathBySlug(ctx, d, b.Slug); got.Status != paths.Draft || got.Title.IT != "Percorso di B" {
			t.Fatalf("the coordinator of A changed a path of B: %+v", got)
		}
		// The coordinator of B and the admin may.
		expect(t, e.get(e.coordB, edit), http.StatusOK, "Percorso di B", `action="`+edit+`/pubblica"`)
		expectRedirect(t, e.post(e.admin, edit+"/pubblica", nil), edit)
		if got, _ := paths.PathBySlug(ctx, d, b.Slug); got.Status != paths.Published || got.PublishedAt.IsZero() {
			t.Fatalf("the admin could not publish: %+v", got)
		}
		// The list shows each coordinator only their zones.
		if w := e.get(e.coordA, "/gestione/percorsi"); strings.Contains(w.Body.String(), "Percorso di B") {
			t.Error("the list of A shows a path of B")
		}
		expect(t, e.get(e.admin, "/gestione/percorsi"), http.StatusOK, "Percorso di B", "Percorsi che puoi modificare: 1")
		// A visitor is sent to log in; a participant is refused.
		if w := e.get(nil, edit); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/accedi?next=") {
			t.Errorf("visitor: %d %s", w.Code, w.Header().Get("Location"))
		}
		if w := e.get(e.participant, "/gestione/percorsi"); w.Code != http.StatusForbidden {
			t.Errorf("participant: %d", w.Code)
		}
	})
}

func TestNewPathFormOffersOnlyTheUsersZonesAndCreatesADraft(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.get(e.coordA, "/gestione/percorsi/nuovo?zona="+zoneA)
		expect(t, w, http.StatusOK, `<option value="lunigiana" selected>Lunigiana</option>`, "Avvio Casa di Comunità", "Coprogettazione")
		if n := len(doc(w).Find("#f-zone option[value]")); n != 2 { // "choose" and Lunigiana
			t.Errorf("%d zone options offered to the coordinator of A", n)
		}
		if n := len(doc(e.get(e.admin, "/gestione/percorsi/nuovo")).Find("#f-zone option")); n != 29 {
			t.Errorf("%d zone options offered to the admin, want 28 and 'choose'", n)
		}
		form := url.Values{"zone": {zoneB}, "template": {paths.TemplateCasaDiComunita}, "edition": {paths.EditionSecond},
			"title_it": {"Casa di Comunità"}, "start_date": {"2025-05-05"}}
		if w := e.post(e.coordA, "/gestione/percorsi/nuovo", form); w.Code != http.StatusForbidden {
			t.Fatalf("creating in zone B as coordinator of A: %d", w.Code)
		}
		form.Set("zone", zoneA)
		expectRedirect(t, e.post(e.coordA, "/gestione/percorsi/nuovo", form), "/gestione/percorsi/casa-di-comunita")
		p, err := paths.PathBySlug(context.Background(), d, "casa-di-comunita")
		if err != nil || p.Status != paths.Draft || p.ZoneID != zoneA || len(p.Phases) != 4 || p.Phases[0].PlannedStart.String() != "2025-05-05" {
			t.Fatalf("created %+v, %v", p, err)
		}
		expect(t, e.get(e.coordA, "/gestione/percorsi/casa-di-comunita"), http.StatusOK,
			"Formazione ed empowerment degli operatori", "Pubblica")
	})
}

func TestBadDatesAreRejectedWithMessagesAndTypedValuesKept(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.path(zoneA, "Date", "2024-03-04")
		phase := "/gestione/percorsi/" + p.Slug + "/fasi/2"
		w := e.post(e.coordA, phase, url.Values{"status": {"done"}, "planned_start": {"2024-05-10"}, "planned_end": {"2024-05-01"},
			"actual_start": {"2024-13-45"}, "actual_end": {"2024-04-01"}})
		expect(t, w, http.StatusUnprocessableEntity, "Controlla i dati inseriti",
			"La data di fine non può essere precedente alla data di inizio.", "Inserisci una data valida nel formato AAAA-MM-GG")
		page := doc(w)
		for field, want := range map[string]string{"planned_start": "2024-05-10", "planned_end": "2024-05-01", "actual_start": "2024-13-45", "actual_end": "2024-04-01"} {
			in := page.First("#f-" + field)
			if in == nil || in.Attr("value") != want {
				t.Errorf("field %s lost what was typed: %+v", field, in)
			}
			// A date input cannot hold what is not a date: that one is text.
			if wantType := map[bool]string{true: "text", false: "date"}[field == "actual_start"]; in.Attr("type") != wantType {
				t.Errorf("field %s is a %s input, want %s", field, in.Attr("type"), wantType)
			}
		}
		for _, field := range []string{"planned_end", "actual_start"} {
			in := page.First("#f-" + field)
			if in.Attr("aria-invalid") != "true" || page.First("#"+in.Attr("aria-describedby")) == nil {
				t.Errorf("field %s: the error is not tied to the input", field)
			}
			if page.First(`#form-errors a[href="#f-`+field+`"]`) == nil {
				t.Errorf("field %s is missing from the error summary", field)
			}
		}
		if page.First(`#f-status-done[checked]`) == nil {
			t.Error("the chosen status was lost")
		}
		got, _ := paths.PathBySlug(context.Background(), d, p.Slug)
		if got.Phases[1].Status != paths.PhasePlanned || got.Phases[1].PlannedStart != p.Phases[1].PlannedStart {
			t.Error("a refused phase was saved")
		}
		// In English too.
		w = e.do(e.coordA, http.MethodPost, phase, url.Values{"status": {"in_progress"}, "planned_start": {"2024-05-10"},
			"planned_end": {"2024-06-01"}}, i18n.EN)
		expect(t, w, http.StatusUnprocessableEntity, "For a phase in progress, enter the actual start.")

		// The path form: a malformed start date, and one outside the edition.
		edit := "/gestione/percorsi/" + p.Slug
		w = e.post(e.coordA, edit, url.Values{"edition": {paths.EditionSecond}, "title_it": {"Nuovo titolo"}, "start_date": {"4 marzo"}})
		expect(t, w, http.StatusUnprocessableEntity, "Inserisci una data valida", `value="4 marzo"`, `value="Nuovo titolo"`)
		w = e.post(e.coordA, edit, url.Values{"edition": {paths.EditionFirst}, "title_it": {""}, "start_date": {"2024-03-04"}})
		expect(t, w, http.StatusUnprocessableEntity, "La data di inizio deve cadere nel periodo dell&#39;edizione scelta.", "Questo campo è obbligatorio.")
		// A valid change of phase is saved and shown.
		expectRedirect(t, e.post(e.coordA, phase, url.Values{"status": {"in_progress"}, "planned_start": {"2024-04-01"},
			"planned_end": {"2024-06-30"}, "actual_start": {"2024-04-03"}}), edit+"#fase-2")
		got, _ = paths.PathBySlug(context.Background(), d, p.Slug)
		if got.Phases[1].Status != paths.PhaseInProgress || got.Phases[1].ActualStart.String() != "2024-04-03" {
			t.Errorf("phase 2 after saving: %+v", got.Phases[1])
		}
	})
}

func TestChangingTheStartMovesThePlannedPhasesWhenAsked(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.path(zoneA, "Spostato", "2024-03-04")
		edit := "/gestione/percorsi/" + p.Slug
		form := url.Values{"edition": {paths.EditionSecond}, "title_it": {"Spostato"}, "title_en": {"Moved"}, "start_date": {"2024-03-11"}, "shift_phases": {"1"}}
		expectRedirect(t, e.post(e.coordA, edit, form), edit)
		got, _ := paths.PathBySlug(context.Background(), d, p.Slug)
		if got.Start.String() != "2024-03-11" || got.Phases[5].PlannedEnd.String() != "2025-01-05" || got.Title.EN != "Moved" {
			t.Errorf("after moving by a week: start %s, last end %s", got.Start, got.Phases[5].PlannedEnd)
		}
		form.Set("start_date", "2024-04-01")
		form.Del("shift_phases")
		expectRedirect(t, e.post(e.coordA, edit, form), edit)
		got, _ = paths.PathBySlug(context.Background(), d, p.Slug)
		if got.Start.String() != "2024-04-01" || got.Phases[0].PlannedStart.String() != "2024-03-11" {
			t.Errorf("the phases moved although not asked: %s", got.Phases[0].PlannedStart)
		}
	})
}

func TestPublicationAndStatusChangesWriteAuditEntries(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		p := e.path(zoneA, "Auditato", "2024-03-04")
		edit := "/gestione/percorsi/" + p.Slug
		expectRedirect(t, e.post(e.coordA, edit+"/pubblica", nil), edit)
		expectRedirect(t, e.post(e.coordA, edit+"/pubblica", nil), edit) // twice: nothing new to record
		expectRedirect(t, e.post(e.coordA, edit+"/ritira", nil), edit)
		expectRedirect(t, e.post(e.coordA, edit+"/fasi/1", url.Values{"status": {"in_progress"},
			"planned_start": {"2024-03-04"}, "planned_end": {"2024-04-14"}, "actual_start": {"2024-03-06"}}), edit+"#fase-1")

		entries, _, err := audit.List(ctx, d, audit.Filter{Entity: "path", EntityID: p.Slug})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, en := range entries {
			actions = append(actions, en.Action)
			if en.ZoneID != zoneA || (en.Action != "path.create" && en.ActorID != e.coordA.UserID) {
				t.Errorf("%s: zone %q, actor %d", en.Action, en.ZoneID, en.ActorID)
			}
		}
		if got := strings.Join(actions, " "); got != "path.phase.status path.unpublish path.publish path.create" {
			t.Fatalf("audit actions (newest first): %s", got)
		}
		pub := entries[2]
		if pub.Before != `{"status":"draft"}` || pub.After != `{"status":"published"}` || pub.ActorLabel != "coord.a@example.org" {
			t.Errorf("publication entry: before %s after %s by %s", pub.Before, pub.After, pub.ActorLabel)
		}
		ph := entries[0]
		if !strings.Contains(ph.Before, `"status":"planned"`) || !strings.Contains(ph.After, `"status":"in_progress"`) ||
			!strings.Contains(ph.After, `"actual_start":"2024-03-06"`) {
			t.Errorf("phase entry: before %s after %s", ph.Before, ph.After)
		}
	})
}

func TestSolutionsAreManagedWithinTheCoordinatorsZones(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		pa := e.path(zoneA, "Percorso A", "2024-03-04")
		pb := e.path(zoneB, "Percorso B", "2024-03-04")
		form := url.Values{"zone": {zoneA}, "path": {pb.Slug}, "title_it": {"Camper della Salute"}, "summary_it": {""}}
		w := e.post(e.coordA, "/gestione/soluzioni/nuova", form)
		expect(t, w, http.StatusUnprocessableEntity, "Scegli un percorso della stessa zona", "Questo campo è obbligatorio.",
			`value="Camper della Salute"`)
		form.Set("path", pa.Slug)
		form.Set("summary_it", "Uscite sul territorio dell'operatore di comunità.")
		form.Set("body_it", "Il camper porta i servizi nei paesi.\n\nUna volta a settimana.")
		expectRedirect(t, e.post(e.coordA, "/gestione/soluzioni/nuova", form), "/gestione/soluzioni")
		s, err := paths.SolutionBySlug(ctx, d, "camper-della-salute")
		if err != nil || s.ZoneID != zoneA || s.PathID != pa.ID {
			t.Fatalf("created %+v, %v", s, err)
		}
		form.Set("zone", zoneB)
		form.Set("path", "")
		if w := e.post(e.coordA, "/gestione/soluzioni/nuova", form); w.Code != http.StatusForbidden {
			t.Errorf("a solution in zone B by the coordinator of A: %d", w.Code)
		}
		// Coordinator B may neither see nor change it.
		if w := e.get(e.coordB, "/gestione/soluzioni"); strings.Contains(w.Body.String(), `href="/gestione/soluzioni/`+s.Slug+`"`) {
			t.Error("coordinator B's list shows a solution of A")
		}
		if w := e.post(e.coordB, "/gestione/soluzioni/"+s.Slug+"/elimina", url.Values{"confirm": {"1"}}); w.Code != http.StatusForbidden {
			t.Errorf("deleting as coordinator of B: %d", w.Code)
		}
		// Coordinator A edits it; deleting needs the box ticked.
		expect(t, e.get(e.coordA, "/gestione/soluzioni/"+s.Slug), http.StatusOK, "Camper della Salute", "Una volta a settimana.")
		upd := url.Values{"path": {""}, "title_it": {"Camper della Salute"}, "title_en": {"Health Camper"}, "summary_it": {"Uscite."}}
		expectRedirect(t, e.post(e.coordA, "/gestione/soluzioni/"+s.Slug, upd), "/gestione/soluzioni")
		expect(t, e.get(nil, "/territori/"+zoneA), http.StatusOK, "Camper della Salute", "Uscite.")
		expect(t, e.post(e.coordA, "/gestione/soluzioni/"+s.Slug+"/elimina", url.Values{}), http.StatusUnprocessableEntity,
			"Spunta la casella per confermare")
		expectRedirect(t, e.post(e.coordA, "/gestione/soluzioni/"+s.Slug+"/elimina", url.Values{"confirm": {"1"}}), "/gestione/soluzioni")
		if _, err := paths.SolutionBySlug(ctx, d, s.Slug); err == nil {
			t.Error("the solution survived its deletion")
		}
		entries, _, err := audit.List(ctx, d, audit.Filter{Action: "solution."})
		if err != nil || len(entries) != 3 || entries[0].Action != "solution.delete" || !strings.Contains(entries[0].Before, "Health Camper") {
			t.Errorf("solution audit: %+v, %v", entries, err)
		}
	})
}
