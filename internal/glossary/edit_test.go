package glossary_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestEditorEditsThenComparesAndRestoresAnOlderRevision(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		editor, _ := editorClient(t, env)
		ctx := context.Background()
		before, _ := glossary.BySlug(ctx, d, "zona-distretto")

		form := editor.Get("/gestione/glossario/voci/zona-distretto")
		mustStatus(t, form, http.StatusOK)
		if !form.Has(`script[src^="/static/gulpease."]`) {
			t.Error("the editor page does not load gulpease.js")
		}
		newDef := "La zona-distretto è un gruppo di Comuni vicini. In Toscana sono 26."
		res := editor.Submit(form, `form[action="/gestione/glossario/voci/zona-distretto"]`, url.Values{
			"definition_it": {newDef}, "summary": {"Definizione più corta"},
			// The client collapses white space in textareas: send the
			// multi-paragraph texts as they are.
			"explanation_it": {before.ExplanationIT}, "explanation_en": {before.ExplanationEN},
			"examples_it": {before.ExamplesIT}, "examples_en": {before.ExamplesEN},
		})
		if res.Path() != "/glossario/zona-distretto" {
			t.Fatalf("after saving: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		contains(t, res, "Modifiche salvate", newDef, "revisione 2")
		if res.Has(`script[src^="/static/gulpease."]`) {
			t.Error("a public page loads gulpease.js")
		}

		visitor := env.Client()
		history := visitor.Get("/glossario/zona-distretto/storia")
		contains(t, history, "Definizione più corta", "Cambiati: Definizione in parole semplici (in italiano)")
		if history.Has(`button[form="restore-1"]`) {
			t.Error("a visitor sees the restore button")
		}
		// The compare form is a GET form, chosen by default: 1 to 2.
		from, to := history.Attr(`input[name=da][checked]`, "value"), history.Attr(`input[name=a][checked]`, "value")
		if from != "1" || to != "2" {
			t.Errorf("the compare form proposes %q to %q", from, to)
		}
		cmp := visitor.Get("/glossario/zona-distretto/confronto?da=" + from + "&a=" + to)
		mustStatus(t, cmp, http.StatusOK)
		del, ins := cmp.Text("main del"), cmp.Text("main ins")
		if !strings.Contains(del, "inizio testo tolto") || !strings.Contains(ins, "inizio testo aggiunto") {
			t.Errorf("the diff has no text labels: del %q, ins %q", del, ins)
		}
		if !strings.Contains(del, "territorio fatto da più") || !strings.Contains(ins, "gruppo di") {
			t.Errorf("the diff marks the wrong words: del %q, ins %q", del, ins)
		}
		if !cmp.Has(`#diff-definition_it`) || cmp.Has(`#diff-explanation_it`) || !strings.Contains(cmp.Text("main"), "Senza modifiche:") {
			t.Error("the compare page does not show only the changed field")
		}

		history = editor.Get("/glossario/zona-distretto/storia")
		res = editor.Submit(history, `form#restore-1`, nil)
		if res.Path() != "/glossario/zona-distretto/storia" {
			t.Fatalf("after restoring: %s %d", res.URL, res.Status)
		}
		contains(t, res, "Revisione ripristinata", "Ripristino della revisione 1")
		after, _ := glossary.BySlug(ctx, d, "zona-distretto")
		if after.Revision != 3 || after.DefinitionIT != before.DefinitionIT || !after.Equal(&before.Content) {
			t.Errorf("after restore: revision %d, definition %q", after.Revision, after.DefinitionIT)
		}
		entries, _, _ := audit.List(ctx, d, audit.Filter{Action: "glossary.restore"})
		if len(entries) != 1 || entries[0].ActorLabel != "redattrice@example.org" {
			t.Errorf("audit of the restore: %+v", entries)
		}
		if res := visitor.PostForm("/gestione/glossario/voci/zona-distretto/ripristina", url.Values{"revision": {"2"}}); res.Path() != "/accedi" {
			t.Errorf("a visitor could restore: %s", res.URL)
		}
	})
}

func TestSavingOverSomeoneElsesChangeKeepsTheEditorsText(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		editor, _ := editorClient(t, env)
		form := editor.Get("/gestione/glossario/voci/prevenzione")
		term, _ := glossary.BySlug(context.Background(), d, "prevenzione")
		other := term.Content
		other.DefinitionIT = "Un altro redattore ha scritto questo."
		if _, err := glossary.Update(context.Background(), d, glossary.Actor{Name: "Altro"}, "prevenzione", term.Revision,
			glossary.Edit{Content: other, Status: glossary.Published}); err != nil {
			t.Fatal(err)
		}
		mine := "La prevenzione sono le cose che fai per restare in salute."
		res := editor.Submit(form, `form[action="/gestione/glossario/voci/prevenzione"]`, url.Values{"definition_it": {mine}})
		mustStatus(t, res, http.StatusConflict)
		contains(t, res, "Qualcun altro ha salvato questa voce")
		if got := res.Text("#f-definition_it"); got != mine {
			t.Errorf("the editor's text was lost: %q", got)
		}
		if href := res.Attr(`main a[href^="/glossario/prevenzione/confronto"]`, "href"); href != "/glossario/prevenzione/confronto?da=1&a=2" {
			t.Errorf("link to what changed: %q", href)
		}
		now, _ := glossary.BySlug(context.Background(), d, "prevenzione")
		if now.DefinitionIT != other.DefinitionIT {
			t.Error("the conflicting save overwrote the other editor's change")
		}
	})
}

func TestRecalculateShowsTheIndexWithoutSaving(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		editor, _ := editorClient(t, env)
		form := editor.Get("/gestione/glossario/nuova")
		mustStatus(t, form, http.StatusOK)
		// 66.5 by hand (see gulpease_test.go), shown rounded.
		def := "La prevenzione protegge la salute delle persone. Comprende vaccinazioni, controlli periodici e stili di vita sani."
		res := editor.Submit(form, `form[action="/gestione/glossario/nuova"]`, url.Values{
			"term_it": {"Prova"}, "definition_it": {def}, "action": {"recalc"}})
		mustStatus(t, res, http.StatusOK)
		panel := res.Text("#gulpease-panel")
		for _, want := range []string{"Indice ricalcolato", "Indice Gulpease: 67 su 100.", "facile per chi ha la licenza media", "almeno 60): raggiunto"} {
			if !strings.Contains(panel, want) {
				t.Errorf("panel does not say %q: %s", want, panel)
			}
		}
		if got := res.Text("#f-definition_it"); got != def {
			t.Errorf("the text was not kept: %q", got)
		}
		if _, err := glossary.BySlug(context.Background(), d, "prova"); err == nil {
			t.Error("Ricalcola saved the term")
		}
		hard := "Organizzazione interistituzionale dell’integrazione sociosanitaria territoriale."
		res = editor.Submit(res, `form[action="/gestione/glossario/nuova"]`, url.Values{"definition_it": {hard}, "action": {"recalc"}})
		if panel := res.Text("#gulpease-panel"); !strings.Contains(panel, "16 su 100") || !strings.Contains(panel, "non ancora raggiunto") {
			t.Errorf("hard text: %s", panel)
		}
		res = editor.Submit(res, `form[action="/gestione/glossario/nuova"]`, url.Values{"definition_it": {def}})
		if res.Path() != "/glossario/prova" {
			t.Fatalf("saving the new term: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		contains(t, res, "Bozza", "Indice Gulpease: 67 su 100.")
		if env.Client().Get("/glossario/prova").Status != http.StatusNotFound {
			t.Error("a draft is visible to visitors")
		}
	})
}
