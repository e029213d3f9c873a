package search

import (
	"context"
	"html/template"
	"slices"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// The conformance suite: every case runs on SQLite and on PostgreSQL
// against the same corpus and must give exactly the hits listed, in that
// order. Hits of equal rank are ordered by date, newest first, then by
// when they were indexed, so every expected order is determined.

type searchCase struct {
	name  string
	query Query
	want  []string // refs in order; "ref@en" for an English document
}

func refs(res Results) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Ref
		if h.Lang != "it" {
			out[i] += "@" + h.Lang
		}
	}
	return out
}

func search(t *testing.T, d *db.DB, q Query) Results {
	t.Helper()
	if q.Now.IsZero() {
		q.Now = asOf
	}
	res, err := Search(context.Background(), d, q)
	if err != nil {
		t.Fatalf("Search(%q): %v", q.Text, err)
	}
	return res
}

func runCases(t *testing.T, d *db.DB, cases []searchCase) {
	t.Helper()
	for _, c := range cases {
		res := search(t, d, c.query)
		if got := refs(res); !slices.Equal(got, c.want) {
			t.Errorf("%s: Search(%q) = %q, want %q", c.name, c.query.Text, got, c.want)
		}
	}
}

var vaccinHits = []string{"vaccinazione", "vaccini-anziani", "campagna-antinfluenzale", "prevenzione"}

func TestSearchStemsItalianWords(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		runCases(t, d, []searchCase{
			// The glossary term is exactly the query (after stemming) and
			// comes first; then titles with the word, newest first; then
			// the body-only match, which has no date.
			{"plural finds singular", Query{Text: "vaccinazioni"}, vaccinHits},
			{"singular finds plural", Query{Text: "vaccinazione"}, vaccinHits},
			{"other forms", Query{Text: "vaccino"}, vaccinHits},
			{"case does not matter", Query{Text: "VACCINAZIONI"}, vaccinHits},
			{"a name", Query{Text: "Lunigiana"}, []string{"lunigiana", "campagna-antinfluenzale"}},
		})
	})
}

func TestSearchFoldsAccents(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		// "citta" is also a prefix of "Cittadini", in the meeting's body.
		citta := []string{"citta-sane", "incontro-aulla"}
		societa := []string{"societa-della-salute", "firenze"}
		runCases(t, d, []searchCase{
			{"without accent finds accented", Query{Text: "citta"}, citta},
			{"accented", Query{Text: "città"}, citta},
			{"capital accented", Query{Text: "CITTÀ"}, citta},
			{"apostrophe for accent", Query{Text: "citta'"}, []string{"citta-sane"}},
			{"decomposed accent", Query{Text: "citta\u0300"}, citta},
			{"accented finds unaccented", Query{Text: "Società"}, societa},
			{"unaccented", Query{Text: "societa"}, societa},
		})
	})
}

func TestSearchRequiresEveryWord(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		runCases(t, d, []searchCase{
			{"two words, one document has both", Query{Text: "vaccinazioni lunigiana"}, []string{"campagna-antinfluenzale"}},
			{"no document has both", Query{Text: "vaccinazioni firenze"}, nil},
			// Exact title first; the meeting has the three words in its
			// title but not in that order.
			{"three words", Query{Text: "casa comunità aulla"}, []string{"casa-comunita-aulla", "incontro-aulla"}},
			// Both titles have the two words side by side (the stop word
			// between them is not indexed): equal rank, newest first.
			{"stop words between", Query{Text: "casa della comunità"}, []string{"incontro-aulla", "casa-comunita-aulla"}},
			{"repeated word counts once", Query{Text: "vaccini vaccini vaccinazioni"}, vaccinHits},
		})
	})
}

func TestSearchMatchesTheLastWordAsAPrefix(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		runCases(t, d, []searchCase{
			// "vacc" is no title's key: the four titles rank equal, newest
			// first, the undated glossary terms last among them (in the
			// order they were indexed); "Vaccination" starts with "vacc" too.
			{"cut short", Query{Text: "vacc"}, []string{"vaccini-anziani", "campagna-antinfluenzale", "vaccinazione", "vaccinazione@en", "prevenzione"}},
			{"not when followed by a space", Query{Text: "vacc "}, nil},
			{"not before the last word", Query{Text: "vacc lunigiana"}, nil},
			{"too short", Query{Text: "va"}, nil},
			{"zaff", Query{Text: "zaff"}, []string{"pagina-lunga"}},
		})
	})
}

func TestSearchFiltersByKindZoneLanguageAndVisibility(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		runCases(t, d, []searchCase{
			{"news only", Query{Text: "vaccinazioni", Kinds: []string{KindNews}}, []string{"vaccini-anziani", "campagna-antinfluenzale"}},
			{"two kinds", Query{Text: "vaccinazioni", Kinds: []string{KindGlossary, KindPage}}, []string{"vaccinazione", "prevenzione"}},
			{"unknown kind", Query{Text: "vaccinazioni", Kinds: []string{"nonsense"}}, nil},
			{"zone", Query{Text: "vaccinazioni", Zone: "lunigiana"}, []string{"campagna-antinfluenzale"}},
			{"zone of a document with two", Query{Text: "città", Zone: "firenze"}, []string{"citta-sane"}},
			{"zone and kind", Query{Text: "comunità", Zone: "lunigiana", Kinds: []string{KindActivity, KindTerritory}}, []string{"incontro-aulla", "lunigiana"}},
			{"unknown zone", Query{Text: "vaccinazioni", Zone: "atlantide"}, nil},
			// An item indexed in Italian and English is found in the
			// asked language only; items in one language always are.
			{"english version hides italian", Query{Text: "vaccinazione", Lang: "en"}, []string{"vaccini-anziani", "campagna-antinfluenzale", "prevenzione"}},
			{"english", Query{Text: "vaccination", Lang: "en"}, []string{"vaccinazione@en"}},
			{"italian version hides english", Query{Text: "vaccination", Lang: "it"}, nil},
			{"every language", Query{Text: "vaccination"}, []string{"vaccinazione@en"}},
			{"scheduled news hidden before its time", Query{Text: "primavera"}, nil},
			{"scheduled news shown from its time", Query{Text: "primavera", Now: day("2025-03-01")}, []string{"programmata"}},
		})
	})
}

func TestSearchPaginates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		for _, c := range []struct {
			page, wantPage int
			want           []string
		}{
			{1, 1, vaccinHits[:3]},
			{2, 2, vaccinHits[3:]},
			{0, 1, vaccinHits[:3]},
			{-4, 1, vaccinHits[:3]},
			{99999, 2, vaccinHits[3:]},
		} {
			res := search(t, d, Query{Text: "vaccinazioni", PerPage: 3, Page: c.page})
			if res.Total != 4 || res.Pages != 2 || res.Page != c.wantPage || res.PerPage != 3 {
				t.Errorf("page %d: total %d, page %d of %d (per page %d), want 4, page %d of 2", c.page, res.Total, res.Page, res.Pages, res.PerPage, c.wantPage)
			}
			if got := refs(res); !slices.Equal(got, c.want) {
				t.Errorf("page %d: %q, want %q", c.page, got, c.want)
			}
		}
		res := search(t, d, Query{Text: "vaccinazioni", PerPage: 1000})
		if res.PerPage != MaxPerPage || len(res.Hits) != 4 {
			t.Errorf("per page 1000: per page %d, %d hits", res.PerPage, len(res.Hits))
		}
		res = search(t, d, Query{Text: "nessunrisultato"})
		if res.Total != 0 || res.Page != 1 || res.Pages != 1 || len(res.Hits) != 0 {
			t.Errorf("no hits: %+v", res)
		}
	})
}

func TestSearchHighlightsMatchesAndEscapesText(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		hit := func(q, ref string) Hit {
			for _, h := range search(t, d, Query{Text: q}).Hits {
				if h.Ref == ref {
					return h
				}
			}
			t.Fatalf("%q did not find %s", q, ref)
			return Hit{}
		}
		h := hit("vaccinazioni", "vaccini-anziani")
		wantHTML(t, "title", h.TitleHTML, "<mark>Vaccini</mark> gratuiti per gli anziani")
		wantHTML(t, "snippet", h.Snippet, "Le <mark>vaccinazioni</mark> sono gratuite per gli over 65: basta prenotare in farmacia o dal medico di famiglia.")

		h = hit("salute", "caratteri")
		wantHTML(t, "escaped title", h.TitleHTML, "Simboli &lt;b&gt;nel&lt;/b&gt; testo &amp; altro")
		wantHTML(t, "escaped snippet", h.Snippet, "Un testo con &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; e «virgolette» che parla di <mark>salute</mark> mentale.")

		h = hit("casa comunità", "casa-comunita-aulla")
		wantHTML(t, "two words", h.TitleHTML, "<mark>Casa</mark> della <mark>Comunità</mark> di Aulla")

		// A long body shows a passage around the match, with ellipses.
		h = hit("zafferano", "pagina-lunga")
		if s := string(h.Snippet); !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") ||
			!strings.Contains(s, "di <mark>zafferano</mark>, finalmente") || len(strings.Fields(s)) > snippetWords+2 {
			t.Errorf("long body snippet = %q", s)
		}
		// With no match in the body, the snippet is its beginning.
		h = hit("lunga", "pagina-lunga")
		if s := string(h.Snippet); !strings.HasPrefix(s, "Parole di riempimento") || !strings.HasSuffix(s, " …") || strings.Contains(s, "<mark>") {
			t.Errorf("snippet without match = %q", s)
		}
		// Dates, zones and URLs come back as indexed.
		h = hit("città", "citta-sane")
		if !h.Date.Equal(day("2024-06-10")) || !slices.Equal(h.ZoneIDs, []string{"firenze", "lunigiana"}) || h.URL != "/notizie/citta-sane" || h.Kind != KindNews {
			t.Errorf("hit fields = %+v", h.Document)
		}
	})
}

func wantHTML(t *testing.T, what string, got template.HTML, want string) {
	t.Helper()
	if string(got) != want {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

// hostile lists inputs that must never cause an error: the query syntax of
// both engines, SQL, markup, broken encodings, oversized input.
var hostile = []string{
	`"`, `*`, `(`, `)`, `""`, `"vaccinazione`, `vacc*`, `-vaccino`, `+vaccino`, `^vaccino`,
	`NEAR`, `NEAR(vaccino salute)`, `vaccino NEAR/2 salute`, `OR`, `AND`, `NOT`, `vaccino OR`, `OR vaccino`,
	`{title}: vaccino`, `title:vaccino`, `body : "salute"`, `vaccino:*`, `vaccino:A`, `a & b | !c`, `<->`, `vaccino <2> salute`,
	`'; DROP TABLE search_documents; --`, `\`, `\'`, `%`, `_`, `?`, `$1`, `::tsquery`,
	"\x00", "vacc\x00ino", "\xff\xfe", "vaccin\xc3", "\u202evaccino", "🙂", "ꙮ",
	`<script>alert(1)</script>`, `&amp;`,
	strings.Repeat("vaccino ", 300), strings.Repeat("a", 2000), strings.Repeat("è", 2000), strings.Repeat("(", 2000),
	strings.Repeat(`"`, 2000), strings.Repeat("x ", 1000),
}

func TestSearchNeverFailsOnHostileInput(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loadCorpus(t, d)
		for _, q := range hostile {
			res, err := Search(context.Background(), d, Query{Text: q, Now: asOf})
			if err != nil {
				t.Errorf("Search(%.40q): %v", q, err)
			}
			for _, h := range res.Hits {
				if strings.Contains(string(h.Snippet), "<script") || strings.Contains(string(h.TitleHTML), "<script") {
					t.Errorf("Search(%.40q): unescaped markup in %s", q, h.Ref)
				}
			}
		}
		// Operators are ordinary words: NEAR is searched as "near".
		if res := search(t, d, Query{Text: "NEAR"}); res.NoTerms || res.Total != 0 || !slices.Equal(res.Terms, []string{"near|near*"}) {
			t.Errorf("NEAR: %+v", res)
		}
		if got := refs(search(t, d, Query{Text: `"vaccinazione`})); !slices.Equal(got, vaccinHits) {
			t.Errorf(`"vaccinazione = %q`, got)
		}
		if got := refs(search(t, d, Query{Text: `vaccinazione OR zafferano`})); len(got) != 0 {
			t.Errorf("OR is not an operator: %q", got)
		}
		for _, q := range []string{"", "   ", `"`, "*", "(", "il della", "e di a da in con su per tra fra", "...!?"} {
			if res := search(t, d, Query{Text: q}); !res.NoTerms || res.Total != 0 {
				t.Errorf("%q: NoTerms %v, total %d", q, res.NoTerms, res.Total)
			}
		}
		long := search(t, d, Query{Text: "vaccinazioni " + strings.Repeat("x", 2000)})
		if !long.Truncated || !slices.Equal(refs(long), vaccinHits) {
			t.Errorf("2,000 characters: truncated %v, %q", long.Truncated, refs(long))
		}
		many := search(t, d, Query{Text: "uno due tre quattro cinque sei sette otto nove dieci undici dodici"})
		if !many.Truncated || len(many.Terms) != MaxTerms {
			t.Errorf("twelve words: truncated %v, terms %q", many.Truncated, many.Terms)
		}
		if res := search(t, d, Query{Text: "vaccinazioni\xff"}); !slices.Equal(refs(res), vaccinHits) {
			t.Errorf("invalid UTF-8 after a word: %q", refs(res))
		}
	})
}

func TestIndexReplacesAndRemoveDeletes(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		loadCorpus(t, d)
		doc := corpusIT[0]
		doc.Title, doc.Body = "Immunizzazione", "Un nuovo testo."
		if err := Index(ctx, d, doc); err != nil {
			t.Fatal(err)
		}
		if got := refs(search(t, d, Query{Text: "immunizzazione"})); !slices.Equal(got, []string{"vaccinazione"}) {
			t.Errorf("after update: %q", got)
		}
		if got := refs(search(t, d, Query{Text: "vaccinazione", Kinds: []string{KindGlossary}})); !slices.Equal(got, []string{"prevenzione"}) {
			t.Errorf("old text still found: %q", got)
		}
		if err := Remove(ctx, d, KindGlossary, "vaccinazione"); err != nil {
			t.Fatal(err)
		}
		if err := Remove(ctx, d, KindGlossary, "vaccinazione"); err != nil {
			t.Errorf("removing twice: %v", err)
		}
		if got := refs(search(t, d, Query{Text: "immunizzazione vaccination"})); len(got) != 0 {
			t.Errorf("after remove: %q", got)
		}
		// A transaction that fails leaves the index as it was.
		boom := context.DeadlineExceeded
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if err := Index(ctx, tx, Document{Kind: KindNews, Ref: "annullata", Title: "Notizia annullata", URL: "/n"}); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("tx: %v", err)
		}
		if res := search(t, d, Query{Text: "annullata"}); res.Total != 0 {
			t.Errorf("rolled-back document found")
		}
	})
}

func TestIndexRefusesInvalidDocuments(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		for _, doc := range []Document{
			{Kind: "blog", Ref: "x", Title: "T", URL: "/x"},
			{Kind: KindNews, Ref: " ", Title: "T", URL: "/x"},
			{Kind: KindNews, Ref: "x", Title: "  ", URL: "/x"},
			{Kind: KindNews, Ref: "x", Title: "T", URL: "javascript:alert(1)"},
			{Kind: KindNews, Ref: "x", Title: "T", URL: "//evil.example/x"},
			{Kind: KindNews, Ref: "x", Title: "T", URL: "https://evil.example/x"},
		} {
			if err := Index(context.Background(), d, doc); err == nil {
				t.Errorf("Index(%+v) accepted", doc)
			}
		}
	})
}

func TestReindexWritesOnlyWhatChanged(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		docs := []Document{
			{Kind: KindTerritory, Ref: "a", Title: "Zona A", Body: "Comuni: Uno", URL: "/territori/a", ZoneIDs: []string{"a"}},
			{Kind: KindTerritory, Ref: "b", Title: "Zona B", Body: "Comuni: Due", URL: "/territori/b", ZoneIDs: []string{"b"}},
		}
		if n, err := Reindex(ctx, d, KindTerritory, docs); err != nil || n != 2 {
			t.Fatalf("first reindex: %d, %v", n, err)
		}
		if n, err := Reindex(ctx, d, KindTerritory, docs); err != nil || n != 0 {
			t.Fatalf("same documents again: %d, %v", n, err)
		}
		docs[1].Body = "Comuni: Tre"
		if n, err := Reindex(ctx, d, KindTerritory, docs[1:]); err != nil || n != 2 {
			t.Fatalf("one changed, one gone: %d, %v", n, err)
		}
		if got := refs(search(t, d, Query{Text: "zona"})); !slices.Equal(got, []string{"b"}) {
			t.Errorf("after reindex: %q", got)
		}
		if res := search(t, d, Query{Text: "due"}); res.Total != 0 {
			t.Errorf("old body still found")
		}
		if _, err := Reindex(ctx, d, KindTerritory, []Document{{Kind: KindNews, Ref: "x", Title: "x", URL: "/x"}}); err == nil {
			t.Errorf("a document of another kind was accepted")
		}
	})
}
