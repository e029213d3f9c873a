package i18n

import "testing"

func TestAcceptLanguagePicksFirstSupported(t *testing.T) {
	cases := map[string]Lang{
		"":                          IT,
		"en-GB,en;q=0.9":            EN,
		"de-DE, fr;q=0.8, en;q=0.5": EN,
		"it-IT":                     IT,
		"xx":                        IT,
	}
	for h, want := range cases {
		if got := FromAcceptLanguage(h); got != want {
			t.Errorf("%q: got %s, want %s", h, got, want)
		}
	}
}

func TestUnknownKeyIsVisibleAndRecorded(t *testing.T) {
	if got := T(EN, "no.such.key"); got != "⟦no.such.key⟧" {
		t.Fatalf("got %q", got)
	}
	found := false
	for _, k := range Unknown() {
		found = found || k == "no.such.key"
	}
	if !found {
		t.Fatal("unknown key not recorded")
	}
}

func TestFormatting(t *testing.T) {
	Register(M{"test.hello": {"Ciao %s", "Hello %s"}})
	if got := T(EN, "test.hello", "Anna"); got != "Hello Anna" {
		t.Fatalf("got %q", got)
	}
	if got := T(IT, "test.hello", "Anna"); got != "Ciao Anna" {
		t.Fatalf("got %q", got)
	}
}
