package glossary_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestAFiftyThousandCharacterProposalIsRejectedWithTheTypedTextKept(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		visitor := env.Client()
		long := strings.Repeat("Una spiegazione molto lunga. ", 50_000/29+1)[:50_000]
		longDef := strings.Repeat("definizione ", 50_000/12+1)[:50_000]
		res := visitor.PostForm("/glossario/proponi", proposal(url.Values{"explanation_it": {long}, "definition_it": {longDef}}))
		mustStatus(t, res, http.StatusUnprocessableEntity)
		summary := res.Text("#form-errors")
		for _, want := range []string{"La definizione è troppo lunga: al massimo 600 caratteri", "La spiegazione è troppo lunga: al massimo 20.000 caratteri"} {
			if !strings.Contains(summary, want) {
				t.Errorf("the error summary does not say %q: %s", want, summary)
			}
		}
		if !res.Has(`#f-explanation_it[aria-invalid="true"]`) || !res.Has(`#f-explanation_it-error`) {
			t.Error("the long field is not marked invalid next to it")
		}
		if got := res.Text("#f-explanation_it"); got != strings.Join(strings.Fields(long), " ") {
			t.Errorf("the typed explanation was not kept (%d characters back)", len(got))
		}
		if got := res.Text("#f-definition_it"); got != strings.TrimSpace(longDef) {
			t.Errorf("the typed definition was not kept (%d characters back)", len(got))
		}
		if res.Attr("#f-name", "value") != "Maria Rossi" || res.Attr("#f-email", "value") != "maria.rossi@example.org" {
			t.Error("the name and e-mail were not kept")
		}
		if !res.Has(`#f-consent[checked]`) {
			t.Error("the consent box was unticked")
		}
		if n := len(pending(t, d)); n != 0 {
			t.Errorf("%d proposals stored", n)
		}
	})
}

func TestAProposalWithTheHoneypotFilledIsNotStoredButAnsweredNeutrally(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		bot := env.Client()
		res := bot.PostForm("/glossario/proponi", proposal(url.Values{"website": {"https://spam.example"}}))
		human := env.Client().PostForm("/glossario/proponi", proposal(url.Values{"email": {"umana@example.org"}}))
		if res.Path() != "/glossario/proposta-inviata" || res.Text("main") != human.Text("main") {
			t.Errorf("the bot's answer differs from a person's: %s\n%s", res.URL, res.Text("main"))
		}
		ps := pending(t, d)
		if len(ps) != 1 || ps[0].Email != "umana@example.org" {
			t.Errorf("stored: %+v", ps)
		}
		// The field is hidden from people and from screen readers.
		form := bot.Get("/glossario/proponi")
		if !form.Has(`div.d-none[aria-hidden="true"] input[name=website][tabindex="-1"]`) {
			t.Error("the honeypot field is not hidden")
		}
	})
}

func TestScriptsInAProposalAreJustText(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		script := `<script>alert("x")</script> Una <b>parola</b>.`
		res := env.Client().PostForm("/glossario/proponi", proposal(url.Values{
			"definition_it": {script}, "explanation_it": {script}, "name": {`<img src=x onerror=alert(1)>`}}))
		if res.Path() != "/glossario/proposta-inviata" {
			t.Fatalf("a proposal with markup was refused: %d\n%s", res.Status, res.Text("main"))
		}
		ps := pending(t, d)
		if len(ps) != 1 || ps[0].DefinitionIT != script {
			t.Fatalf("stored: %+v", ps)
		}
		editor, _ := editorClient(t, env)
		for _, path := range []string{"/gestione/glossario/proposte", reviewLink(t, editor)} {
			page := editor.Get(path)
			if strings.Contains(page.Body, "<script>alert") || strings.Contains(page.Body, "<img src=x") || strings.Contains(page.Body, "<b>parola") {
				t.Errorf("%s puts the proposal's markup in the page", path)
			}
			if path != "/gestione/glossario/proposte" && !strings.Contains(page.Body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
				t.Errorf("%s does not show the script as text", path)
			}
		}
	})
}

func TestProposalsFromOneAddressAreLimitedAndTheTextIsKept(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		for i := range glossary.MaxProposalsPerHour {
			res := c.PostForm("/glossario/proponi", proposal(url.Values{"email": {"p" + strings.Repeat("x", i) + "@example.org"}}))
			if res.Path() != "/glossario/proposta-inviata" {
				t.Fatalf("proposal %d: %d", i+1, res.Status)
			}
		}
		res := c.PostForm("/glossario/proponi", proposal(url.Values{"term_it": {"Ultima parola"}}))
		mustStatus(t, res, http.StatusTooManyRequests)
		contains(t, res, "Hai inviato molte proposte")
		if res.Attr("#f-term_it", "value") != "Ultima parola" {
			t.Error("the text was not kept")
		}
		if n := len(pending(t, d)); n != glossary.MaxProposalsPerHour {
			t.Errorf("%d proposals stored", n)
		}
	})
}

func TestInvalidProposalsListEveryProblem(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		res := c.PostForm("/glossario/proponi", url.Values{"email": {"non-una-email"}, "sources": {"Un sito | javascript:alert(1)"}})
		mustStatus(t, res, http.StatusUnprocessableEntity)
		for _, f := range []string{"name", "email", "term_it", "definition_it", "sources", "consent"} {
			if !res.Has(`#form-errors a[href="#f-` + f + `"]`) {
				t.Errorf("no problem reported for %s", f)
			}
		}
		res = c.PostForm("/glossario/prevenzione/proponi-modifica", url.Values{})
		mustStatus(t, res, http.StatusUnprocessableEntity)
		page := c.Get("/glossario/prevenzione/proponi-modifica")
		// The client collapses white space in textareas: send the
		// multi-line texts as they are.
		prev := mustTerm(t, d, "prevenzione")
		res = c.Submit(page, `form[action="/glossario/prevenzione/proponi-modifica"]`, url.Values{
			"name": {"A"}, "email": {"a@example.org"}, "consent": {"1"}, "explanation_it": {prev.ExplanationIT}, "examples_it": {prev.ExamplesIT}})
		mustStatus(t, res, http.StatusUnprocessableEntity)
		contains(t, res, "La proposta è uguale alla voce attuale")
		if res := c.PostForm("/glossario/voce-che-non-esiste/proponi-modifica", proposal(nil)); res.Status != http.StatusNotFound {
			t.Errorf("a change to a missing term: %d", res.Status)
		}
		if len(pending(t, d)) != 0 {
			t.Error("an invalid proposal was stored")
		}
	})
}

func mustTerm(t *testing.T, d *db.DB, slug string) *glossary.Term {
	t.Helper()
	term, err := glossary.BySlug(context.Background(), d, slug)
	if err != nil {
		t.Fatal(err)
	}
	return term
}
