package pages_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestAnAdminEditsTheHomeTextAndItAppearsWithAnAuditEntry(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		before := e.visitor.Get("/").Text(".cantieri-hero .lead")
		if !strings.Contains(before, "programma della Regione Toscana") {
			t.Fatalf("the home page does not show the default text: %q", before)
		}

		form := e.admin.Get("/gestione/testi/programma")
		if form.Status != http.StatusOK || !strings.Contains(textarea(form, "f-body_it"), "programma della Regione Toscana") {
			t.Fatalf("the form is not filled with the text shown now (status %d)", form.Status)
		}
		newText := "Un programma **partecipato** per la salute in Toscana.\n\n# Chi partecipa\n\nCittadini e associazioni."

		// Preview: shown, not saved, not audited.
		prev := e.admin.Submit(form, "main form", url.Values{"body_it": {newText}, "body_en": {""}, "action": {"preview"}})
		if prev.Status != http.StatusOK || !prev.Has(".cantieri-preview-box strong") || textarea(prev, "f-body_it") != newText {
			t.Fatalf("preview: status %d, the rendered text or the typed text is missing", prev.Status)
		}
		if !strings.Contains(e.visitor.Get("/").Text(".cantieri-hero .lead"), "programma della Regione Toscana") {
			t.Fatal("the preview changed the home page")
		}

		// (apptest's Submit collapses a textarea's white space: send the
		// text as typed.)
		saved := e.admin.Submit(prev, "main form", url.Values{"body_it": {newText}, "body_en": {""}, "action": {"save"}})
		if saved.Path() != "/gestione/testi" || !saved.Contains("Testo salvato e pubblicato") {
			t.Fatalf("after saving: %s, %s", saved.Path(), saved.Text("main"))
		}
		home := e.visitor.Get("/")
		if !home.Has(".cantieri-hero .lead strong") || !strings.Contains(home.Text(".cantieri-hero .lead h2"), "Chi partecipa") {
			t.Errorf("the home page does not show the new text: %q", home.Text(".cantieri-hero .lead"))
		}
		// The English text was left empty: the English page shows the
		// Italian text, marked as Italian.
		en := e.Client()
		en.Lang = "en"
		if res := en.Get("/"); res.Attr(".cantieri-hero .lead", "lang") != "it" || !res.Contains("partecipato") {
			t.Errorf("the English home page does not fall back to the Italian text marked lang=it")
		}

		entries, _, err := audit.List(ctx, d, audit.Filter{Action: "site_text.update"})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].EntityID != "programma" || entries[0].ActorID != e.adminID {
			t.Fatalf("audit entries: %+v", entries)
		}
		var b, a map[string]any
		if err := json.Unmarshal([]byte(entries[0].Before), &b); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(entries[0].After), &a); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b["it"].(string), "programma della Regione Toscana") || b["default"] != true ||
			a["it"] != newText || a["en"] != "" || a["default"] != false {
			t.Errorf("audit before %v, after %v", b, a)
		}

		// Saving again without a change records nothing.
		again := e.admin.Submit(e.admin.Get("/gestione/testi/programma"), "main form", url.Values{"body_it": {newText}, "body_en": {""}, "action": {"save"}})
		if !again.Contains("Nessuna modifica da salvare") {
			t.Errorf("saving an unchanged text: %s", again.Text("main"))
		}
		if entries, _, _ := audit.List(ctx, d, audit.Filter{Action: "site_text.update"}); len(entries) != 1 {
			t.Errorf("an unchanged save was audited: %d entries", len(entries))
		}
		list := e.admin.Get("/gestione/testi")
		if list.Status != http.StatusOK || len(list.Find(`main tbody tr`)) != 5 {
			t.Errorf("the list of texts: status %d, %d rows", list.Status, len(list.Find("main tbody tr")))
		}
	})
}

func TestACoordinatorCannotEditTheSiteTexts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, p := range []string{"/gestione/testi", "/gestione/testi/programma"} {
			if res := e.coord.Get(p); res.Status != http.StatusForbidden {
				t.Errorf("a coordinator opens %s: status %d, want 403", p, res.Status)
			}
		}
		res := e.coord.PostForm("/gestione/testi/programma", url.Values{"body_it": {"Testo del coordinatore"}, "action": {"save"}})
		if res.Status != http.StatusForbidden {
			t.Errorf("a coordinator saves a text: status %d, want 403", res.Status)
		}
		if e.visitor.Get("/").Contains("Testo del coordinatore") {
			t.Error("the coordinator's text is on the home page")
		}
		e.visitor.FollowRedirects = false
		if res := e.visitor.Get("/gestione/testi/privacy"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Location(), "/accedi") {
			t.Errorf("a visitor is not sent to log in: %d %s", res.Status, res.Location())
		}
		if res := e.admin.Get("/gestione/testi/testo-che-non-esiste"); res.Status != http.StatusNotFound {
			t.Errorf("an unknown text: status %d, want 404", res.Status)
		}
	})
}

func TestMarkdownInTheSiteTextsIsSanitised(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		evil := "Informativa.\n\n<script>alert('x')</script>\n\n<img src=x onerror=\"alert(1)\">\n\n" +
			"[clicca](javascript:alert(1)) e [sito](https://www.regione.toscana.it)\n\n<a href=\"#\" onclick=\"alert(2)\">link</a>"
		form := e.admin.Get("/gestione/testi/privacy")
		prev := e.admin.Submit(form, "main form", url.Values{"body_it": {evil}, "body_en": {evil}, "action": {"preview"}})
		e.admin.Submit(prev, "main form", url.Values{"body_it": {evil}, "body_en": {evil}, "action": {"save"}})
		preview := prev.Body[strings.Index(prev.Body, `<section class="cantieri-text-preview`):]
		preview = preview[:strings.Index(preview, "</section>")]
		page := e.visitor.Get("/privacy").Body
		page = page[strings.Index(page, "<main"):strings.Index(page, "</main>")]
		for name, main := range map[string]string{"preview": preview, "page": page} {
			for _, bad := range []string{"<script>alert", "onerror", "javascript:", "onclick", "<img"} {
				if strings.Contains(main, bad) {
					t.Errorf("the %s contains %q", name, bad)
				}
			}
			if !strings.Contains(main, `href="https://www.regione.toscana.it"`) {
				t.Errorf("the %s lost a safe link", name)
			}
		}
		// The stored text is what the editor typed: sanitising happens when
		// it is shown, so the editor can fix it.
		if got := textarea(e.admin.Get("/gestione/testi/privacy"), "f-body_it"); got != evil {
			t.Errorf("the stored text changed: %q", got)
		}
	})
}

func TestTheTextFormKeepsWhatWasTypedOnErrorsAndConflicts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		form := e.admin.Get("/gestione/testi/note-legali")
		res := e.admin.Submit(form, "main form", url.Values{"body_it": {"  "}, "body_en": {"Only English"}, "action": {"save"}})
		if res.Status != http.StatusUnprocessableEntity || !res.Has(`#f-body_it[aria-invalid=true]`) || textarea(res, "f-body_en") != "Only English" {
			t.Errorf("an empty Italian text: status %d, or the error or the English text is missing", res.Status)
		}
		res = e.admin.Submit(form, "main form", url.Values{"body_it": {strings.Repeat("a", 20_001)}, "action": {"save"}})
		if res.Status != http.StatusUnprocessableEntity || !res.Contains("Il testo è troppo lungo") {
			t.Errorf("a text too long: status %d", res.Status)
		}

		// Two admins open the form; the second to save is told, and keeps
		// their text.
		other := e.Client()
		other.Login(t, "admin@example.org", password)
		stale := other.Get("/gestione/testi/note-legali")
		e.admin.Submit(form, "main form", url.Values{"body_it": {"Note legali nuove."}, "action": {"save"}})
		res = other.Submit(stale, "main form", url.Values{"body_it": {"Note legali mie."}, "action": {"save"}})
		if res.Status != http.StatusConflict || textarea(res, "f-body_it") != "Note legali mie." || !res.Contains("qualcun altro ha salvato") {
			t.Fatalf("a stale save: status %d", res.Status)
		}
		if !e.visitor.Get("/note-legali").Contains("Note legali nuove.") {
			t.Error("the stale save overwrote the first one")
		}
		// Saving again from the conflict page is a conscious overwrite.
		other.Submit(res, "main form", url.Values{"body_it": {"Note legali mie."}, "action": {"save"}})
		if !e.visitor.Get("/note-legali").Contains("Note legali mie.") {
			t.Error("saving again after the conflict did not save")
		}
	})
}

// textarea returns the text of the textarea with id exactly as the page
// holds it, line breaks included.
func textarea(res *apptest.Response, id string) string {
	i := strings.Index(res.Body, `<textarea id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := res.Body[i:]
	start := strings.IndexByte(rest, '>') + 1
	end := strings.Index(rest, "</textarea>")
	return html.UnescapeString(rest[start:end])
}
