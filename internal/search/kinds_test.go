package search_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/faq"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/pages"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	psearch "github.com/cantieri/cantieri/internal/platform/search"
)

// These tests drive each feature through its own API and check the index
// follows: published → found, edited → new text found and old not,
// withdrawn → gone, the territory filter, and the reindex at start
// rebuilding what a restored database lacks.

// refs searches text among kind (zone "" for all) and returns the refs
// found, in order.
func refs(t *testing.T, d *db.DB, text, kind, zone string) []string {
	t.Helper()
	res, err := psearch.Search(context.Background(), d, psearch.Query{Text: text, Kinds: []string{kind}, Zone: zone, Lang: "it", PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Ref)
	}
	return out
}

func expect(t *testing.T, d *db.DB, text, kind, zone string, want ...string) {
	t.Helper()
	if got := refs(t, d, text, kind, zone); !slices.Equal(got, want) {
		t.Errorf("search %q in %s/%s = %v, want %v", text, kind, zone, got, want)
	}
}

// restored empties the index of kind, as in a database restored without
// it, and runs the feature's reindex, as the start does.
func restored(t *testing.T, d *db.DB, kind string, reindex func(context.Context, *db.DB) error) {
	t.Helper()
	ctx := context.Background()
	if _, err := psearch.Reindex(ctx, d, kind, nil); err != nil {
		t.Fatal(err)
	}
	if err := reindex(ctx, d); err != nil {
		t.Fatal(err)
	}
}

const otherZone = "apuane"

func TestGlossaryTermsAreSearchable(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		ed := glossary.Actor{Name: "Redazione", Label: "test"}
		c := glossary.Content{TermIT: "Teleriabilitazione", TermEN: "Telerehabilitation",
			DefinitionIT: "Riabilitazione seguita da casa con una lucertola digitale."}
		if _, err := glossary.Create(ctx, d, ed, glossary.Edit{Content: c, Status: glossary.Published}); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "teleriabilitazioni", psearch.KindGlossary, "", "teleriabilitazione")
		expect(t, d, "lucertole", psearch.KindGlossary, "", "teleriabilitazione")
		// A term belongs to the whole region: a territory filter leaves it out.
		expect(t, d, "teleriabilitazione", psearch.KindGlossary, "lunigiana")
		c.DefinitionIT = "Riabilitazione seguita da casa con un ombrellone digitale."
		if _, err := glossary.Update(ctx, d, ed, "teleriabilitazione", 0, glossary.Edit{Content: c, Status: glossary.Published}); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "lucertola", psearch.KindGlossary, "")
		expect(t, d, "ombrelloni", psearch.KindGlossary, "", "teleriabilitazione")
		restored(t, d, psearch.KindGlossary, glossary.ReindexSearch)
		expect(t, d, "ombrellone", psearch.KindGlossary, "", "teleriabilitazione")
		// The page labels the kind and links the term.
		res := get(t, env.Client(), cerca("teleriabilitazione", "tipo", "glossary"), 200)
		if res.Text(`ol.search-results .badge`) != "Glossario" || res.Attr(`ol.search-results a`, "href") != "/glossario/teleriabilitazione" {
			t.Errorf("hit: %s", res.Text(`ol.search-results`))
		}
		if _, err := glossary.Update(ctx, d, ed, "teleriabilitazione", 0, glossary.Edit{Content: c, Status: glossary.Draft}); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "teleriabilitazione", psearch.KindGlossary, "")
		restored(t, d, psearch.KindGlossary, glossary.ReindexSearch)
		expect(t, d, "teleriabilitazione", psearch.KindGlossary, "")
		// The seed terms are found at start.
		if got := refs(t, d, "case di comunita", psearch.KindGlossary, ""); !slices.Contains(got, "casa-di-comunita") {
			t.Errorf("seed term not found: %v", got)
		}
	})
}

func TestPathsAndTheirActivitiesAreSearchable(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		apptest.New(t, d)
		ctx := context.Background()
		pa := paths.Actor{Label: "test"}
		p, err := paths.CreateFromTemplate(ctx, d, pa, paths.NewPath{Zone: "lunigiana", Template: paths.TemplateCantiere,
			Edition: paths.EditionSecond, Title: paths.Text{IT: "Ornitorinchi in Lunigiana"}, Summary: paths.Text{IT: "Un percorso sulle farmacie."},
			Start: paths.MustDate("2026-01-12"), Slug: "ornitorinchi"})
		if err != nil {
			t.Fatal(err)
		}
		svc := activities.NewService(d, "http://localhost")
		aa := activities.Actor{Label: "test"}
		start := time.Now().Add(10 * 24 * time.Hour).Truncate(time.Minute)
		in := activities.Input{PhaseID: p.Phases[1].ID, Kind: activities.Meeting,
			Title: activities.Text{IT: "Laboratorio sulle pinguinaie"}, Description: activities.Text{IT: "Parliamo di trasporti sanitari."},
			Start: start, End: start.Add(2 * time.Hour), Mode: activities.Online, OnlineURL: "https://meet.example.org/x",
			Audiences: []activities.Audience{activities.Citizens}}
		id, err := svc.Create(ctx, aa, p, in)
		if err != nil {
			t.Fatal(err)
		}
		ref := func(id int64) string { return itoa(id) }
		if err := svc.Publish(ctx, aa, id); err != nil {
			t.Fatal(err)
		}
		// The path is a draft: neither it nor its activity is public.
		expect(t, d, "ornitorinco", psearch.KindPath, "")
		expect(t, d, "pinguinaia", psearch.KindActivity, "")
		if err := paths.Publish(ctx, d, pa, p.ID); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "ornitorinco", psearch.KindPath, "", "ornitorinchi")
		expect(t, d, "ornitorinco", psearch.KindPath, "lunigiana", "ornitorinchi")
		expect(t, d, "ornitorinco", psearch.KindPath, otherZone)
		expect(t, d, "pinguinaia", psearch.KindActivity, "", ref(id))
		expect(t, d, "pinguinaie", psearch.KindActivity, "lunigiana", ref(id))
		expect(t, d, "pinguinaie", psearch.KindActivity, otherZone)
		// Edits.
		if err := paths.UpdatePath(ctx, d, pa, p.ID, paths.PathChange{Edition: paths.EditionSecond, Title: paths.Text{IT: "Ornitorinchi in Lunigiana"},
			Summary: paths.Text{IT: "Un percorso sulle edicole."}, Start: paths.MustDate("2026-01-12")}); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "ornitorinchi farmacie", psearch.KindPath, "")
		expect(t, d, "ornitorinchi edicola", psearch.KindPath, "", "ornitorinchi")
		in.Description.IT = "Parliamo di ambulanze."
		if err := svc.Update(ctx, aa, id, in); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "pinguinaie trasporti", psearch.KindActivity, "")
		expect(t, d, "pinguinaie ambulanza", psearch.KindActivity, "", ref(id))
		restored(t, d, psearch.KindPath, paths.ReindexSearch)
		restored(t, d, psearch.KindActivity, activities.ReindexSearch)
		expect(t, d, "ornitorinchi edicola", psearch.KindPath, "", "ornitorinchi")
		expect(t, d, "pinguinaie ambulanza", psearch.KindActivity, "", ref(id))
		// A cancelled activity stays, marked.
		if err := svc.Cancel(ctx, aa, id); err != nil {
			t.Fatal(err)
		}
		res, err := psearch.Search(ctx, d, psearch.Query{Text: "pinguinaie", Kinds: []string{psearch.KindActivity}, Lang: "it"})
		if err != nil || len(res.Hits) != 1 || res.Hits[0].Title != "Laboratorio sulle pinguinaie (Annullata)" || res.Hits[0].URL != "/attivita/"+ref(id) {
			t.Fatalf("cancelled activity: %+v %v", res.Hits, err)
		}
		// Withdrawing the path takes out the path and its activities.
		if err := paths.Unpublish(ctx, d, pa, p.ID); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "ornitorinco", psearch.KindPath, "")
		expect(t, d, "pinguinaia", psearch.KindActivity, "")
		restored(t, d, psearch.KindActivity, activities.ReindexSearch)
		expect(t, d, "pinguinaia", psearch.KindActivity, "")
	})
}

func TestFAQAndPagesAreSearchable(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		// The seed questions are found at start.
		if got := refs(t, d, "comitato partecipazione", psearch.KindFAQ, ""); len(got) == 0 {
			t.Error("seed questions not found")
		}
		topics, err := faq.All(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		fa := faq.Actor{Label: "test"}
		id, err := faq.Create(ctx, d, faq.Input{TopicID: topics[0].ID, QuestionIT: "Posso portare il mio criceto?", AnswerIT: "Sì, nella **gabbietta**."}, fa)
		if err != nil {
			t.Fatal(err)
		}
		expect(t, d, "criceti", psearch.KindFAQ, "", itoa(id))
		expect(t, d, "criceti", psearch.KindFAQ, "lunigiana")
		if err := faq.Update(ctx, d, id, faq.Input{TopicID: topics[0].ID, QuestionIT: "Posso portare il mio criceto?", AnswerIT: "Sì, nel trasportino."}, fa); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "gabbietta", psearch.KindFAQ, "")
		expect(t, d, "trasportini", psearch.KindFAQ, "", itoa(id))
		restored(t, d, psearch.KindFAQ, faq.ReindexSearch)
		expect(t, d, "trasportino", psearch.KindFAQ, "", itoa(id))
		res := get(t, env.Client(), cerca("criceto"), 200)
		if res.Text(`ol.search-results .badge`) != "Domande frequenti" || res.Attr(`ol.search-results a`, "href") != "/faq#faq-"+itoa(id) {
			t.Errorf("hit: %s", res.Text(`ol.search-results`))
		}

		// The editable texts, defaults included, are the site's pages.
		expect(t, d, "cookie", psearch.KindPage, "", "privacy")
		if _, err := pages.SaveText(ctx, d, pages.Actor{Label: "test"}, pages.TextAccessibility, "", "Dichiarazione sui lombrichi.", ""); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "lombrico", psearch.KindPage, "", "accessibilita")
		if _, err := pages.SaveText(ctx, d, pages.Actor{Label: "test"}, pages.TextAccessibility, "", "Dichiarazione sulle farfalle.", ""); err != nil {
			t.Fatal(err)
		}
		expect(t, d, "lombrico", psearch.KindPage, "")
		expect(t, d, "farfalla", psearch.KindPage, "", "accessibilita")
		restored(t, d, psearch.KindPage, pages.ReindexSearch)
		expect(t, d, "farfalla", psearch.KindPage, "", "accessibilita")
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
