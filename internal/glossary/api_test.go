package glossary_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

var editor = glossary.Actor{Name: "Elena Redattrice", Label: "elena@example.org"}

func content(term, def string) glossary.Content {
	return glossary.Content{TermIT: term, DefinitionIT: def}
}

func mustCreate(t *testing.T, d *db.DB, c glossary.Content, s glossary.Status) *glossary.Term {
	t.Helper()
	term, err := glossary.Create(context.Background(), d, editor, glossary.Edit{Content: c, Status: s})
	if err != nil {
		t.Fatalf("create %q: %v", c.TermIT, err)
	}
	return term
}

func auditActions(t *testing.T, d *db.DB, prefix string) []string {
	t.Helper()
	entries, _, err := audit.List(context.Background(), d, audit.Filter{Action: prefix, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i].Action)
	}
	return out
}

func TestEveryEditIsAFullRevisionAndARestoreIsANewOne(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		term := mustCreate(t, d, content("Ambulatorio", "Un luogo dove il medico visita."), glossary.Draft)
		if term.Slug != "ambulatorio" || term.Revision != 1 || term.Initial != "A" {
			t.Fatalf("created %+v", term)
		}
		two := term.Content
		two.DefinitionIT = "Un luogo dove il medico ti visita."
		two.ExamplesIT = "Vado in ambulatorio."
		term, err := glossary.Update(ctx, d, editor, "ambulatorio", 1, glossary.Edit{Content: two, Status: glossary.Published, Summary: "Più semplice"})
		if err != nil || term.Revision != 2 || term.Status != glossary.Published {
			t.Fatalf("update: %+v %v", term, err)
		}
		// A stale base revision saves nothing.
		three := two
		three.DefinitionIT = "Altro."
		if _, err := glossary.Update(ctx, d, editor, "ambulatorio", 1, glossary.Edit{Content: three, Status: glossary.Published}); !errors.Is(err, glossary.ErrConflict) {
			t.Fatalf("update from revision 1 after revision 2: %v, want ErrConflict", err)
		}
		if _, err := glossary.Update(ctx, d, editor, "ambulatorio", 2, glossary.Edit{Content: two, Status: glossary.Published}); !errors.Is(err, glossary.ErrNoChange) {
			t.Fatalf("update with nothing changed: %v, want ErrNoChange", err)
		}
		// Status alone: no revision, an audit line.
		term, err = glossary.Update(ctx, d, editor, "ambulatorio", 2, glossary.Edit{Content: two, Status: glossary.Draft})
		if err != nil || term.Revision != 2 || term.Status != glossary.Draft {
			t.Fatalf("unpublish: %+v %v", term, err)
		}

		term, err = glossary.Restore(ctx, d, editor, "ambulatorio", 1)
		if err != nil || term.Revision != 3 || term.DefinitionIT != "Un luogo dove il medico visita." || term.ExamplesIT != "" {
			t.Fatalf("restore 1: %+v %v", term, err)
		}
		if term.Status != glossary.Draft {
			t.Errorf("a restore changed the status to %s", term.Status)
		}
		if _, err := glossary.Restore(ctx, d, editor, "ambulatorio", 1); !errors.Is(err, glossary.ErrNoChange) {
			t.Errorf("restoring the current text: %v, want ErrNoChange", err)
		}
		if _, err := glossary.Restore(ctx, d, editor, "ambulatorio", 9); !errors.Is(err, glossary.ErrNotFound) {
			t.Errorf("restoring a missing revision: %v", err)
		}

		revs, err := glossary.Revisions(ctx, d, term.ID)
		if err != nil || len(revs) != 3 {
			t.Fatalf("revisions: %d %v", len(revs), err)
		}
		if revs[0].Number != 3 || revs[0].RestoredFrom != 1 || revs[1].Summary != "Più semplice" || revs[1].AuthorName != "Elena Redattrice" {
			t.Errorf("revisions: %+v", revs)
		}
		if got := revs[0].ChangedFields(&revs[1].Content); strings.Join(got, ",") != "definition_it,examples_it" {
			t.Errorf("changed fields of the restore: %v", got)
		}
		want := "glossary.create,glossary.publish,glossary.unpublish,glossary.restore"
		if got := strings.Join(auditActions(t, d, "glossary."), ","); !strings.HasSuffix(got, want) {
			t.Errorf("audit: %s, want it to end with %s", got, want)
		}
	})
}

func TestInvalidTermsReportEveryProblem(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		c := glossary.Content{TermIT: "  ", DefinitionIT: strings.Repeat("parola ", 200), Related: []string{"non-esiste"},
			Sources: []glossary.Source{{Title: "x", URL: "javascript:alert(1)"}}}
		_, err := glossary.Create(context.Background(), d, editor, glossary.Edit{Content: c, Status: "boh"})
		var p glossary.Problems
		if !errors.As(err, &p) || !errors.Is(err, glossary.ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
		for field, key := range map[string]string{"term_it": "form.required", "definition_it": "glossary.error.definition_too_long",
			"sources": "glossary.error.source_url", "status": "glossary.error.status"} {
			if len(p[field]) == 0 || p[field][0] != key {
				t.Errorf("%s: %v, want %s", field, p[field], key)
			}
		}
		_, err = glossary.Create(context.Background(), d, editor, glossary.Edit{
			Content: glossary.Content{TermIT: "Voce", DefinitionIT: "Testo.", Related: []string{"non-esiste"}}, Status: glossary.Draft})
		if !errors.As(err, &p) || len(p["related"]) == 0 {
			t.Errorf("an unknown related term: %v", err)
		}
	})
}

func TestTermsAreListedByFoldedNameWithAccentedInitialsUnderTheirLetter(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		mustCreate(t, d, content("Èquipe multiprofessionale", "Un gruppo di operatori."), glossary.Published)
		mustCreate(t, d, content("Esenzione", "Non pagare il ticket."), glossary.Published)
		mustCreate(t, d, content("Ecografia", "Un esame."), glossary.Draft)
		terms, err := glossary.TermsByInitial(ctx, d, "E")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, term := range terms {
			names = append(names, term.TermIT)
		}
		if strings.Join(names, "|") != "Èquipe multiprofessionale|Esenzione" {
			t.Errorf("letter E: %v (drafts excluded, È sorted as E)", names)
		}
		counts, err := glossary.Initials(ctx, d)
		if err != nil || counts["E"] != 2 {
			t.Errorf("initials: %v %v", counts, err)
		}
		if term, _ := glossary.BySlug(ctx, d, "equipe-multiprofessionale"); term == nil || term.Initial != "E" {
			t.Errorf("slug of Èquipe: %+v", term)
		}
	})
}

func TestTheSeedIsLoadedOnceAndKeepsEditorsChanges(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := glossary.LoadSeed(ctx, d); err != nil {
			t.Fatal(err)
		}
		terms, err := glossary.Terms(ctx, d)
		if err != nil || len(terms) < 10 {
			t.Fatalf("%d seed terms, %v", len(terms), err)
		}
		slugs := map[string]bool{}
		for _, term := range terms {
			slugs[term.Slug] = true
			if term.TermEN == "" || term.DefinitionEN == "" {
				t.Errorf("%s has no English version", term.Slug)
			}
		}
		for _, term := range terms {
			for _, r := range term.Related {
				if !slugs[r] {
					t.Errorf("%s names a related term %q that the seed does not load", term.Slug, r)
				}
			}
		}
		cdc, err := glossary.BySlug(ctx, d, "casa-di-comunita")
		if err != nil {
			t.Fatal(err)
		}
		changed := cdc.Content
		changed.DefinitionIT = "Testo cambiato dalla redazione."
		if _, err := glossary.Update(ctx, d, editor, cdc.Slug, cdc.Revision, glossary.Edit{Content: changed, Status: glossary.Published}); err != nil {
			t.Fatal(err)
		}
		if err := glossary.LoadSeed(ctx, d); err != nil {
			t.Fatal(err)
		}
		again, _ := glossary.Terms(ctx, d)
		cdc, _ = glossary.BySlug(ctx, d, "casa-di-comunita")
		if len(again) != len(terms) || cdc.DefinitionIT != "Testo cambiato dalla redazione." {
			t.Errorf("loading again: %d terms (was %d), definition %q", len(again), len(terms), cdc.DefinitionIT)
		}
	})
}
