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
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestLettersNavigationLinksOnlyLettersWithTermsAndFoldsAccents(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		for _, c := range []glossary.Content{
			{TermIT: "Èquipe multiprofessionale", DefinitionIT: "Un gruppo di operatori di mestieri diversi."},
			{TermIT: "Ospedale di comunità", DefinitionIT: "Un piccolo ospedale per cure brevi."},
		} {
			if _, err := glossary.Create(ctx, d, editor, glossary.Edit{Content: c, Status: glossary.Published}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := glossary.Create(ctx, d, editor, glossary.Edit{Content: glossary.Content{TermIT: "Bozza nascosta",
			DefinitionIT: "Non si vede."}, Status: glossary.Draft}); err != nil {
			t.Fatal(err)
		}
		c := env.Client()
		index := c.Get("/glossario")
		mustStatus(t, index, http.StatusOK)
		nav := index.Doc().First(`nav[aria-labelledby="glossary-letters-title"]`)
		if nav == nil {
			t.Fatal("no letters navigation")
		}
		items := nav.Find("li")
		if len(items) != 26 {
			t.Fatalf("%d letters, want A to Z", len(items))
		}
		links := map[string]string{}
		for _, a := range nav.Find("a") {
			links[a.Text()] = a.Attr("href")
		}
		// Seed: Assistenza, Casa, Comitato, Medico, Prevenzione, Presa,
		// Punto, Società, Terzo, Zona; plus È and O created here.
		for _, l := range []string{"A", "C", "E", "M", "O", "P", "S", "T", "Z"} {
			found := false
			for text, href := range links {
				if strings.HasPrefix(text, l+" ") || text == l {
					found = href == "/glossario/lettera/"+strings.ToLower(l)
				}
			}
			if !found {
				t.Errorf("letter %s is not a link to its page: %v", l, links)
			}
		}
		if len(links) != 9 {
			t.Errorf("%d letters are links, want 9 (the draft's B is not one): %v", len(links), links)
		}
		b := items[1]
		if b.First("a") != nil || !strings.Contains(b.Text(), "nessuna voce") {
			t.Errorf("letter B: %q", b.Text())
		}
		if !strings.Contains(index.Text("main"), "Èquipe multiprofessionale") || strings.Contains(index.Text("main"), "Bozza nascosta") {
			t.Error("the index does not list the published terms only")
		}

		letter := c.Get("/glossario/lettera/e")
		mustStatus(t, letter, http.StatusOK)
		contains(t, letter, "Lettera E", "Èquipe multiprofessionale", "Un gruppo di operatori")
		if letter.Attr(`a[aria-current="page"]`, "href") != "/glossario/lettera/e" {
			t.Error("the current letter is not marked")
		}
		if res := c.Get("/glossario/lettera/" + url.PathEscape("È")); res.Path() != "/glossario/lettera/e" {
			t.Errorf("/glossario/lettera/È went to %s", res.URL)
		}
		empty := c.Get("/glossario/lettera/k")
		mustStatus(t, empty, http.StatusOK)
		contains(t, empty, "Non ci sono ancora voci")
		for _, bad := range []string{"/glossario/lettera/zz", "/glossario/lettera/1", "/glossario/prevenzione/altro"} {
			if res := c.Get(bad); res.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", bad, res.Status)
			}
		}
		term := c.Get("/glossario/equipe-multiprofessionale")
		if term.Attr(`.breadcrumb a[href^="/glossario/lettera/"]`, "href") != "/glossario/lettera/e" {
			t.Error("the term's breadcrumb does not lead to letter E")
		}
	})
}

// TestEveryGlossaryPageRendersInBothLanguages opens every page of the
// glossary in Italian and English, as a visitor and as an editor, and
// fails on a page never rendered or a message missing from the catalogue.
func TestEveryGlossaryPageRendersInBothLanguages(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	env := apptest.New(t, d)
	editorC, _ := editorClient(t, env)
	visitor := env.Client()
	if res := visitor.PostForm("/glossario/proponi", proposal(nil)); res.Status != http.StatusOK {
		t.Fatal(res.Status)
	}
	review := reviewLink(t, editorC)
	pub := visitor.Get("/glossario/prevenzione")
	if pub.Has(`a[href="/gestione/glossario/voci/prevenzione"]`) {
		t.Error("a visitor sees the edit link")
	}
	for _, lang := range i18n.Langs {
		for _, c := range []*apptest.Client{visitor, editorC} {
			c.Lang = string(lang)
		}
		pages := []struct {
			c    *apptest.Client
			path string
		}{
			{visitor, "/glossario"}, {visitor, "/glossario/lettera/p"}, {visitor, "/glossario/prevenzione"},
			{visitor, "/glossario/prevenzione/storia"}, {visitor, "/glossario/prevenzione/confronto"},
			{visitor, "/glossario/proponi"}, {visitor, "/glossario/prevenzione/proponi-modifica"}, {visitor, "/glossario/proposta-inviata"},
			{editorC, "/gestione/glossario"}, {editorC, "/gestione/glossario/nuova"}, {editorC, "/gestione/glossario/voci/prevenzione"},
			{editorC, "/gestione/glossario/proposte"}, {editorC, review},
		}
		for _, p := range pages {
			res := p.c.Get(p.path)
			if res.Status != http.StatusOK || !res.Contains(`<html lang="`+string(lang)+`">`) || !res.Has("h1") {
				t.Errorf("%s in %s: %d", p.path, lang, res.Status)
			}
		}
	}
	en := visitor.Get("/glossario/prevenzione")
	if !en.Has(`h1[lang="en"]`) || !strings.Contains(en.Text("h1"), "Prevention") {
		t.Errorf("the English page of a term with an English text: %q", en.Text("h1"))
	}
	rendered := env.App.Render.Rendered()
	for _, name := range env.App.Render.Pages() {
		if strings.HasPrefix(name, "glossary/") && !rendered[name] {
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
