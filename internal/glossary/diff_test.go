package glossary

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// apply rebuilds both texts from a diff: the old one from the equal and
// deleted pieces, the new one from the equal and inserted pieces.
func apply(ops []DiffOp) (old, new string) {
	var a, b strings.Builder
	for _, op := range ops {
		if op.Kind != Insert {
			a.WriteString(op.Text)
		}
		if op.Kind != Delete {
			b.WriteString(op.Text)
		}
	}
	return a.String(), b.String()
}

func TestDiffMarksChangedWordsOnly(t *testing.T) {
	cases := []struct {
		name, a, b string
		want       []DiffOp
	}{
		{"same text", "uguale", "uguale", []DiffOp{{Equal, "uguale"}}},
		{"both empty", "", "", nil},
		{"from nothing", "", "nuovo testo", []DiffOp{{Insert, "nuovo testo"}}},
		{"to nothing", "vecchio", "", []DiffOp{{Delete, "vecchio"}}},
		{"one word replaced", "La casa è vicina.", "La casa è lontana.",
			[]DiffOp{{Equal, "La casa è "}, {Delete, "vicina"}, {Insert, "lontana"}, {Equal, "."}}},
		{"a word added", "Il medico visita.", "Il medico di famiglia visita.",
			[]DiffOp{{Equal, "Il medico "}, {Insert, "di famiglia "}, {Equal, "visita."}}},
		{"two neighbouring words read as one change", "un luogo vicino a casa", "un posto lontano da casa",
			[]DiffOp{{Equal, "un "}, {Delete, "luogo vicino a"}, {Insert, "posto lontano da"}, {Equal, " casa"}}},
		{"line added", "riga uno\nriga due", "riga uno\nriga nuova\nriga due",
			[]DiffOp{{Equal, "riga uno\nriga "}, {Insert, "nuova\nriga "}, {Equal, "due"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Diff(c.a, c.b)
			if len(got) != len(c.want) {
				t.Fatalf("Diff(%q, %q) = %+v, want %+v", c.a, c.b, got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Fatalf("Diff(%q, %q) = %+v, want %+v", c.a, c.b, got, c.want)
				}
			}
		})
	}
}

func TestDiffOfVeryDifferentLongTextsIsOneReplacement(t *testing.T) {
	a := strings.Repeat("alfa beta ", 2000) + "fine"
	b := strings.Repeat("gamma delta ", 2000) + "end"
	got := Diff(a, b)
	if old, new := apply(got); old != a || new != b {
		t.Fatal("the diff does not rebuild the texts")
	}
	if len(got) != 2 || got[0].Kind != Delete || got[1].Kind != Insert {
		t.Fatalf("want one deletion and one insertion, got %d pieces", len(got))
	}
}

func FuzzDiffRebuildsBothTexts(f *testing.F) {
	f.Add("La casa è vicina.", "La casa è lontana.")
	f.Add("riga uno\nriga due", "riga uno\nriga nuova\nriga due")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) {
			return // texts come from forms, where invalid UTF-8 is refused
		}
		ops := Diff(a, b)
		if old, new := apply(ops); old != a || new != b {
			t.Fatalf("Diff(%q, %q) rebuilds %q and %q", a, b, old, new)
		}
		for i := 1; i < len(ops); i++ {
			if ops[i].Kind == ops[i-1].Kind {
				t.Fatalf("two pieces of one kind side by side: %+v", ops)
			}
		}
	})
}
