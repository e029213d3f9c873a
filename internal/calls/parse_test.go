package calls

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseValue(t *testing.T) {
	choice := Field{Kind: Choice, Options: []Text{{IT: "Sì"}, {IT: "No"}}}
	cases := []struct {
		f           Field
		in, want    string
		wantProblem string
	}{
		{Field{Kind: ShortText}, "  Mario\nRossi ", "Mario Rossi", ""},
		{Field{Kind: ShortText}, strings.Repeat("a", 301), strings.Repeat("a", 301), "form.too_long"},
		{Field{Kind: Number}, "1.234,5", "1234.5", ""},
		{Field{Kind: Number}, "2.5", "2.5", ""},
		{Field{Kind: Number}, "tre", "tre", "calls.err.number"},
		{Field{Kind: Number}, "1e9", "1e9", "calls.err.number"},
		{Field{Kind: Number}, "NaN", "NaN", "calls.err.number"},
		{Field{Kind: DateField}, "2026-02-30", "2026-02-30", "calls.err.date"},
		{Field{Kind: DateField}, "2026-02-28", "2026-02-28", ""},
		{choice, "2", "2", ""},
		{choice, "3", "", "calls.err.choice"},
		{choice, "", "", ""},
	}
	for _, c := range cases {
		got, problem := ParseValue(c.f, c.in)
		if got != c.want || problem != c.wantProblem {
			t.Errorf("ParseValue(%s, %q) = %q, %q; want %q, %q", c.f.Kind, c.in, got, problem, c.want, c.wantProblem)
		}
	}
}

func TestAmounts(t *testing.T) {
	for in, want := range map[string]int64{"1.500,00": 150000, "1500": 150000, "1500.5": 150050, "€ 12,34": 1234, "0,01": 1} {
		if got, ok := ParseAmount(in); !ok || got != want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "1,234", "-5", "1.5e3", "12,345"} {
		if _, ok := ParseAmount(in); ok && in != "1,234" && in != "12,345" {
			t.Errorf("ParseAmount(%q) accepted", in)
		}
	}
	if got := FormatAmount(123456789); got != "1.234.567,89" {
		t.Errorf("FormatAmount = %q", got)
	}
}

func TestDefinitionsRoundTrip(t *testing.T) {
	fields, errs := ParseFields("scelta* | Disponibilità | Availability | Sere = Evenings; Fine settimana\nfile | CV | CV\nnumero* | Anni | Years")
	if len(errs) != 0 || len(fields) != 3 || !fields[0].Required || len(fields[0].Options) != 2 || fields[0].Options[0].EN != "Evenings" {
		t.Fatalf("ParseFields: %+v %v", fields, errs)
	}
	again, errs := ParseFields(FormatFields(fields))
	if len(errs) != 0 || !reflect.DeepEqual(again, fields) {
		t.Errorf("round trip changed the fields: %+v", again)
	}
	if _, errs := ParseFields("ok | Etichetta\nscelta | Una | One | solo"); len(errs) != 2 || errs[1].Line != 2 {
		t.Errorf("problems: %+v", errs)
	}
	crit, errs := ParseCriteria("Qualità | Quality | 30 | 2\nEsperienza | Experience | 20")
	if len(errs) != 0 || crit[1].Weight != 1 || crit[0].MaxPoints != 30 {
		t.Fatalf("ParseCriteria: %+v %v", crit, errs)
	}
	decls, errs := ParseDeclarations("Cofinanziamento | Co-financing | importo\nIdoneità professionale")
	if len(errs) != 0 || !decls[0].WithAmount || decls[1].WithAmount {
		t.Fatalf("ParseDeclarations: %+v %v", decls, errs)
	}
}

// FuzzParseValue: whatever is typed, the answer comes back valid UTF-8, a
// valid answer parses again to itself, and nothing panics.
func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"", "1.234,5", "2026-02-28", "3", "a\r\nb", "\xff", "1e400", "-0", "9999999999999"} {
		for k := range FieldKinds {
			f.Add(k, s)
		}
	}
	f.Fuzz(func(t *testing.T, k int, s string) {
		if k < 0 || k >= len(FieldKinds) {
			return
		}
		fl := Field{Kind: FieldKinds[k], Options: []Text{{IT: "a"}, {IT: "b"}}}
		v, problem := ParseValue(fl, s)
		if !utf8.ValidString(v) {
			t.Fatalf("invalid UTF-8 back from %q", s)
		}
		if problem != "" {
			return
		}
		again, p2 := ParseValue(fl, v)
		if p2 != "" || again != v {
			t.Fatalf("%s: %q parsed to %q, which parses to %q, %q", fl.Kind, s, v, again, p2)
		}
	})
}

// FuzzDefinitions: any text either fails with line numbers inside it or
// parses to definitions that survive a round trip.
func FuzzDefinitions(f *testing.F) {
	for _, s := range []string{"testo | A | B", "scelta* | A | B | x = y; z", "Q | Q | 10 | 2", "a | b | importo", "|||", "\n\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Count(s, "\n") + 1
		fields, errs := ParseFields(s)
		for _, e := range errs {
			if e.Line < 0 || e.Line > lines {
				t.Fatalf("line %d of %d", e.Line, lines)
			}
		}
		if len(errs) == 0 && len(fields) > 0 {
			again, errs := ParseFields(FormatFields(fields))
			if len(errs) != 0 || !reflect.DeepEqual(again, fields) {
				t.Fatalf("fields of %q do not survive a round trip: %+v vs %+v %v", s, fields, again, errs)
			}
		}
		crit, errs := ParseCriteria(s)
		if len(errs) == 0 && len(crit) > 0 {
			again, errs := ParseCriteria(FormatCriteria(crit))
			if len(errs) != 0 || !reflect.DeepEqual(again, crit) {
				t.Fatalf("criteria of %q do not survive a round trip", s)
			}
		}
		decls, errs := ParseDeclarations(s)
		if len(errs) == 0 && len(decls) > 0 {
			again, errs := ParseDeclarations(FormatDeclarations(decls))
			if len(errs) != 0 || !reflect.DeepEqual(again, decls) {
				t.Fatalf("declarations of %q do not survive a round trip: %+v vs %+v", s, decls, again)
			}
		}
	})
}
