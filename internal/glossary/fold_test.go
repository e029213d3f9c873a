package glossary

import "testing"

func TestInitialFoldsAccentsAndCase(t *testing.T) {
	cases := map[string]string{
		"Èquipe":             "E",
		"è":                  "E",
		"Ósmosi":             "O",
		"«Casa» di Comunità": "C",
		"l'ambulatorio":      "L",
		"e\u0301tica":        "E",
		"118":                OtherInitial,
		"αβ":                 OtherInitial,
		"   ":                OtherInitial,
	}
	for in, want := range cases {
		if got := Initial(in); got != want {
			t.Errorf("Initial(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSlugsAreReadableAndAvoidTheGlossarysOwnPages(t *testing.T) {
	cases := map[string]string{
		"Casa di Comunità":           "casa-di-comunita",
		"Società della Salute (SdS)": "societa-della-salute-sds",
		"Zona-distretto":             "zona-distretto",
		"L'équipe":                   "l-equipe",
		"Proponi":                    "proponi-voce",
		"Lettera":                    "lettera-voce",
		"!!!":                        "voce",
	}
	for in, want := range cases {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
		if !validSlug(slugify(in)) {
			t.Errorf("slugify(%q) = %q is not a valid slug", in, slugify(in))
		}
	}
}

func TestLetterSegmentsAcceptAccentedAndUpperCaseLetters(t *testing.T) {
	for seg, want := range map[string]string{"a": "A", "E": "E", "è": "E", "altro": OtherInitial} {
		if got, ok := parseLetter(seg); !ok || got != want {
			t.Errorf("parseLetter(%q) = %q, %v; want %q", seg, got, ok, want)
		}
	}
	for _, seg := range []string{"", "ab", "1", "#", "α"} {
		if _, ok := parseLetter(seg); ok {
			t.Errorf("parseLetter(%q) accepted", seg)
		}
	}
}

func TestSourcesAreReadOneALineAndOnlyWebAddresses(t *testing.T) {
	got, problem := ParseSources("Ministero della Salute | https://www.salute.gov.it/\n\nhttps://www.regione.toscana.it\r\nA | B | http://x.it/p?q=1")
	if problem != "" || len(got) != 3 {
		t.Fatalf("ParseSources: %v %q", got, problem)
	}
	want := []Source{{"Ministero della Salute", "https://www.salute.gov.it/"}, {"https://www.regione.toscana.it", "https://www.regione.toscana.it"},
		{"A | B", "http://x.it/p?q=1"}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("source %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"Titolo | javascript:alert(1)", "Titolo | ftp://x.it", "Titolo |", "solo testo", "T | https://", "T | https://a b.it", "T | https://user:pw@x.it"} {
		if _, problem := ParseSources(bad); problem == "" {
			t.Errorf("ParseSources(%q) accepted", bad)
		}
	}
	if again, _ := ParseSources(FormatSources(got)); len(again) != 3 || again[1] != got[1] || again[2] != got[2] {
		t.Errorf("FormatSources does not read back: %v", again)
	}
}
