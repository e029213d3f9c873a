package paths_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// underway creates and publishes a path in zone A that started 20 weeks
// ago: phase 1 done late, phase 2 done, phase 3 in progress, phase 4
// skipped, the rest planned.
func (e *env) underway() paths.Path {
	e.t.Helper()
	start := paths.DateOf(time.Now().In(web.Rome())).AddDays(-140)
	p := e.path(zoneA, "Cantiere della Salute – Lunigiana", start.String())
	e.publish(p)
	ph := p.Phases
	e.setPhase(p, 1, paths.PhaseChange{PlannedStart: ph[0].PlannedStart, PlannedEnd: ph[0].PlannedEnd,
		ActualStart: ph[0].PlannedStart, ActualEnd: ph[0].PlannedEnd.AddDays(5), Status: paths.PhaseDone})
	e.setPhase(p, 2, paths.PhaseChange{PlannedStart: ph[1].PlannedStart, PlannedEnd: ph[1].PlannedEnd,
		ActualStart: ph[1].PlannedStart, ActualEnd: ph[1].PlannedEnd, Status: paths.PhaseDone})
	e.setPhase(p, 3, paths.PhaseChange{PlannedStart: ph[2].PlannedStart, PlannedEnd: ph[2].PlannedEnd,
		ActualStart: ph[2].PlannedStart.AddDays(7), Status: paths.PhaseInProgress})
	e.setPhase(p, 4, paths.PhaseChange{PlannedStart: ph[3].PlannedStart, PlannedEnd: ph[3].PlannedEnd, Status: paths.PhaseSkipped})
	got, err := paths.PathBySlug(context.Background(), e.d, p.Slug)
	if err != nil {
		e.t.Fatal(err)
	}
	return got
}

func TestPathPageShowsPhasesAndProgress(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.underway()
		w := e.get(nil, "/percorsi/"+p.Slug)
		expect(t, w, http.StatusOK, "Cantiere della Salute – Lunigiana", "Analisi del contesto", "Messa a sistema delle esperienze",
			"3 incontri generali", "Fasi concluse: 2 su 5 (40%).", "Fasi saltate: 1.", "fase attuale:", "5 giorni di ritardo",
			`href="/percorsi/`+p.Slug+`/cronoprogramma"`, `href="/territori/lunigiana"`)
		page := doc(w)
		if n := len(page.Find("li.cantieri-phase h3")); n != 6 {
			t.Errorf("%d phase headings, want 6", n)
		}
		bar := page.First("progress.cantieri-progress-bar")
		if bar == nil || bar.Attr("max") != "5" || bar.Attr("value") != "2" || bar.Attr("aria-labelledby") == "" {
			t.Fatalf("progress bar: %+v", bar)
		}
		if label := page.First("#" + bar.Attr("aria-labelledby")); label == nil || !strings.Contains(label.Text(), "40%") {
			t.Errorf("the progress bar's label does not give the figure in words")
		}
		statuses := []string{}
		for _, b := range page.Find("li.cantieri-phase .badge") {
			statuses = append(statuses, b.Text())
		}
		if got := strings.Join(statuses, ","); got != "Conclusa,Conclusa,In corso,Saltata,Prevista,Prevista" {
			t.Errorf("phase statuses %s", got)
		}
		if strings.Contains(w.Body.String(), "Anteprima") || w.Header().Get("Cache-Control") != "" {
			t.Error("a published path is shown as a preview")
		}
		// In English, with the English title and the Italian fallbacks marked.
		w = e.get(nil, "/percorsi/"+p.Slug, i18n.EN)
		expect(t, w, http.StatusOK, `<h1 lang="en">Cantiere della Salute – Lunigiana (EN)</h1>`, "Phases completed: 2 of 5 (40%).",
			"Context analysis", "3 general meetings", `<p class="lead cantieri-prose" lang="it">Sintesi di`)
	})
}

func TestGanttHasOneAccessibleBarPerPhasePlannedAndActualAndNoStyleAttribute(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.underway()
		w := e.get(nil, "/percorsi/"+p.Slug+"/cronoprogramma")
		expect(t, w, http.StatusOK, "Cronoprogramma", `role="img"`)
		body := w.Body.String()
		if strings.Contains(body, "style=") || strings.Contains(body, "<style") {
			t.Error("the page uses inline style, which the Content-Security-Policy forbids")
		}
		page := doc(w)
		svg := page.First("svg.cantieri-gantt")
		if svg == nil || svg.Attr("role") != "img" || svg.Attr("aria-labelledby") != "gantt-title gantt-desc" {
			t.Fatalf("chart: %+v", svg)
		}
		if title := page.First("svg.cantieri-gantt #gantt-title"); title == nil || !strings.Contains(title.Text(), "Cantiere della Salute – Lunigiana") {
			t.Error("the chart has no title naming the path")
		}
		if desc := page.First("#gantt-desc"); desc == nil || !strings.Contains(desc.Text(), "6 fasi") || !strings.Contains(desc.Text(), "oggi") {
			t.Errorf("chart description: %v", desc)
		}
		planned, actual := page.Find("rect.gantt-planned"), page.Find("rect.gantt-actual")
		if len(planned) != 6 {
			t.Errorf("%d planned bars, want one per phase (6)", len(planned))
		}
		if len(actual) != 3 { // two done, one in progress; skipped and planned have none
			t.Errorf("%d actual bars, want 3", len(actual))
		}
		for i, bar := range planned {
			name := p.Phases[i].Name.IT
			if tt := bar.First("title"); tt == nil || !strings.HasPrefix(tt.Text(), name+", previsto: ") {
				t.Errorf("planned bar %d has no accessible name for %q", i+1, name)
			}
			if bar.Attr("stroke-dasharray") == "" || bar.Attr("fill") != "#ffffff" {
				t.Errorf("planned bar %d is not outlined and dashed", i+1)
			}
		}
		for _, bar := range actual {
			if tt := bar.First("title"); tt == nil || !strings.Contains(tt.Text(), ", effettivo: ") {
				t.Error("an actual bar has no accessible name")
			}
			if bar.Attr("fill") != "url(#gantt-hatch)" {
				t.Error("an actual bar is not hatched")
			}
		}
		if len(page.Find("svg.cantieri-gantt polygon")) != 1 {
			t.Error("the phase in progress has no arrow")
		}
		if page.First(".gantt-today line") == nil || !strings.Contains(page.First(".gantt-today").Text(), "Oggi") {
			t.Error("no today marker")
		}
		months := page.Find(".gantt-months text")
		if len(months) < 10 || len(months) > 14 {
			t.Errorf("%d month labels for a 10-month schedule", len(months))
		}
	})
}

func TestScheduleTableListsTheSamePhasesAsTheChart(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.underway()
		page := doc(e.get(nil, "/percorsi/"+p.Slug+"/cronoprogramma"))
		table := page.First("table.cantieri-schedule-table")
		if table == nil || table.First("caption") == nil {
			t.Fatal("no table with a caption")
		}
		if n := len(table.Find(`thead th[scope=col]`)); n != 7 {
			t.Errorf("%d column headers, want 7", n)
		}
		rows := table.Find(`tbody th[scope=row]`)
		if len(rows) != len(p.Phases) || len(rows) != len(page.Find("rect.gantt-planned")) {
			t.Fatalf("%d rows, %d phases", len(rows), len(p.Phases))
		}
		for i, th := range rows {
			if want := fmt.Sprintf("%d. %s", i+1, p.Phases[i].Name.IT); th.Text() != want {
				t.Errorf("row %d is %q, want %q", i+1, th.Text(), want)
			}
		}
		first := table.Find("tbody tr")[0]
		if got := first.Find("time")[0].Attr("datetime"); got != p.Phases[0].PlannedStart.String() {
			t.Errorf("first planned start %s, want %s", got, p.Phases[0].PlannedStart)
		}
		if !strings.Contains(first.Text(), "5 giorni di ritardo") {
			t.Errorf("the deviation is missing: %s", first.Text())
		}
	})
}

func TestDraftIsHiddenFromVisitorsAndOtherZonesAndPreviewedByItsCoordinator(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.path(zoneA, "Bozza riservata", "2024-03-04")
		pages := []string{"/percorsi/" + p.Slug, "/percorsi/" + p.Slug + "/cronoprogramma"}
		hidden := []struct {
			name string
			p    *authz.Principal
		}{{"visitor", nil}, {"participant", e.participant}, {"coordinator of B", e.coordB}, {"committee member of A", e.committeeOfA}}
		for _, u := range pages {
			for _, h := range hidden {
				if w := e.get(h.p, u); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "Bozza riservata") {
					t.Errorf("%s as %s: %d, want the 404 page", u, h.name, w.Code)
				}
			}
			for _, who := range []*authz.Principal{e.coordA, e.admin} {
				w := e.get(who, u)
				expect(t, w, http.StatusOK, "Bozza riservata", "Anteprima: questo percorso è una bozza", `<meta name="robots" content="noindex">`)
				if w.Header().Get("Cache-Control") != "private, no-store" {
					t.Errorf("%s: a preview may be cached: %q", u, w.Header().Get("Cache-Control"))
				}
			}
		}
		// The territory page lists it to its coordinator only, marked.
		if w := e.get(nil, "/territori/"+zoneA); strings.Contains(w.Body.String(), "Bozza riservata") {
			t.Error("the territory page shows a draft to a visitor")
		}
		if w := e.get(e.coordB, "/territori/"+zoneA); strings.Contains(w.Body.String(), "Bozza riservata") {
			t.Error("the territory page shows a draft to another zone's coordinator")
		}
		expect(t, e.get(e.coordA, "/territori/"+zoneA), http.StatusOK, "Bozza riservata", `cantieri-badge-draft`)
		// Once published, everyone sees it, without the banner.
		e.publish(p)
		w := e.get(nil, "/percorsi/"+p.Slug)
		expect(t, w, http.StatusOK, "Bozza riservata")
		if strings.Contains(w.Body.String(), "Anteprima") || strings.Contains(w.Body.String(), "noindex") {
			t.Error("a published path still shows the preview banner")
		}
		expect(t, e.get(nil, "/territori/"+zoneA), http.StatusOK, "Bozza riservata")
	})
}

func TestUnknownAddressesAndPagesAreNotFound(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.path(zoneA, "Esistente", "2024-03-04")
		e.publish(p)
		for _, c := range []struct {
			who *authz.Principal
			url string
		}{
			{nil, "/percorsi/non-esiste"}, {nil, "/percorsi/non-esiste/cronoprogramma"}, {nil, "/percorsi/Maiuscole%20e%20spazi"},
			{nil, "/percorsi/" + strings.Repeat("a", 500)}, {nil, "/territori/atlantide"}, {nil, "/territori/LUNIGIANA"},
			{nil, "/percorsi?page=-1"}, {nil, "/percorsi?page=0"}, {nil, "/percorsi?page=abc"}, {nil, "/percorsi?page=2"},
			{nil, "/percorsi?page=99999"}, {nil, "/percorsi?page=" + strings.Repeat("9", 400)}, {nil, "/percorsi?edizione=nessuna"},
			{e.admin, "/gestione/percorsi?page=-1"}, {e.admin, "/gestione/percorsi?page=3"}, {e.admin, "/gestione/percorsi/non-esiste"},
			{e.admin, "/gestione/percorsi/" + p.Slug + "/fasi/7"}, {e.admin, "/gestione/percorsi/" + p.Slug + "/fasi/0"},
			{e.admin, "/gestione/percorsi/" + p.Slug + "/fasi/abc"}, {e.admin, "/gestione/soluzioni/non-esiste"},
			{e.coordA, "/gestione/percorsi/non-esiste"},
		} {
			w := e.get(c.who, c.url)
			if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Pagina non trovata") {
				t.Errorf("%s: %d, want the 404 page", c.url, w.Code)
			}
		}
		for _, u := range []string{"/percorsi", "/percorsi?page=1", "/percorsi?edizione=" + paths.EditionSecond, "/territori", "/territori/" + zoneA} {
			if w := e.get(nil, u); w.Code != http.StatusOK {
				t.Errorf("%s: %d", u, w.Code)
			}
		}
		if w := e.post(e.admin, "/gestione/percorsi/non-esiste/pubblica", nil); w.Code != http.StatusNotFound {
			t.Errorf("publishing an unknown path: %d", w.Code)
		}
	})
}

func TestTerritoryPageShowsItsAuthoritySocietyComuniCommitteesPathsAndSolutions(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		const amiata = "amiata-grossetana-colline-metallifere-grossetana"
		p, err := paths.CreateFromTemplate(ctx, d, paths.Actor{Label: "test"}, paths.NewPath{Zone: amiata, Template: paths.TemplateCantiere,
			Edition: paths.EditionFirst, Title: paths.Text{IT: "Parità di accesso ai servizi"}, Start: paths.MustDate("2021-03-01")})
		if err != nil {
			t.Fatal(err)
		}
		e.publish(p)
		if _, err := paths.CreateSolution(ctx, d, paths.Actor{Label: "test"}, paths.SolutionInput{Zone: amiata, Path: p.Slug,
			Title: paths.Text{IT: "Camper della Salute", EN: "Health Camper"}, Summary: paths.Text{IT: "Un calendario di uscite sul territorio."},
			Body: paths.Text{IT: "Primo paragrafo.\n\nSecondo paragrafo."}}); err != nil {
			t.Fatal(err)
		}
		w := e.get(nil, "/territori/"+amiata)
		expect(t, w, http.StatusOK, "Azienda USL Toscana Sud Est", "Arcidosso", "Semproniano", "Fonte: ISTAT",
			"Comitato di Partecipazione", "Consulta del Terzo Settore", "Prima edizione (2020-2022)", "Parità di accesso ai servizi",
			"Camper della Salute", "<p>Secondo paragrafo.</p>", `href="/percorsi/`+p.Slug+`"`)
		page := doc(w)
		if n := len(page.Find(".cantieri-comuni li")); n < 19 {
			t.Errorf("%d comuni listed", n)
		}
		if page.First("#notizie") != nil || page.First("#avvisi") != nil {
			t.Error("news and calls sections shown with nothing to show")
		}
		if page.First(`a[href="/gestione/percorsi/nuovo?zona=`+amiata+`"]`) != nil {
			t.Error("a visitor is offered the editing links")
		}
		expect(t, e.get(nil, "/territori/"+amiata, i18n.EN), http.StatusOK, "Health Camper", "First edition (2020-2022)")

		list := e.get(nil, "/territori")
		expect(t, list, http.StatusOK, "Azienda USL Toscana Centro", "Azienda USL Toscana Nord Ovest")
		zones := doc(list).Find(`tbody th[scope=row] a`)
		if len(zones) != 28 {
			t.Errorf("%d zones listed, want 28", len(zones))
		}
		if n := len(doc(list).Find("main h2")); n != 3 {
			t.Errorf("%d authority headings, want 3", n)
		}
	})
}

func TestEveryPathsPageIsRenderedInBothLanguagesWithKnownMessages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	p := e.underway()
	slug, err := paths.CreateSolution(context.Background(), e.d, paths.Actor{}, paths.SolutionInput{Zone: zoneA, Path: p.Slug,
		Title: paths.Text{IT: "Soluzione"}, Summary: paths.Text{IT: "Sintesi"}})
	if err != nil {
		t.Fatal(err)
	}
	urls := []string{"/territori", "/territori/" + zoneA, "/percorsi", "/percorsi/" + p.Slug, "/percorsi/" + p.Slug + "/cronoprogramma",
		"/gestione/percorsi", "/gestione/percorsi/nuovo", "/gestione/percorsi/" + p.Slug, "/gestione/percorsi/" + p.Slug + "/fasi/3",
		"/gestione/soluzioni", "/gestione/soluzioni/nuova", "/gestione/soluzioni/" + slug}
	for _, lang := range i18n.Langs {
		for _, u := range urls {
			w := e.get(e.admin, u, lang)
			expect(t, w, http.StatusOK, fmt.Sprintf(`<html lang="%s">`, lang))
			if strings.Contains(w.Body.String(), "style=") {
				t.Errorf("%s uses a style attribute", u)
			}
		}
	}
	rendered := e.a.Render.Rendered()
	for _, name := range e.a.Render.Pages() {
		if strings.HasPrefix(name, "paths/") && !rendered[name] {
			t.Errorf("page %s is never rendered by this test", name)
		}
	}
	if u := i18n.Unknown(); len(u) > 0 {
		t.Errorf("unknown message keys: %v", u)
	}
	if u := i18n.Incomplete(); len(u) > 0 {
		t.Errorf("messages missing a language: %v", u)
	}
}
