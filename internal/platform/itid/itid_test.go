package itid

import (
	"strings"
	"testing"
)

func TestPersonCF(t *testing.T) {
	cases := []struct {
		cf   string
		want bool
	}{
		{"RSSMRA85T10A562S", true},  // Mario Rossi, the Agenzia's own example
		{"RSSMRA85T10A562T", false}, // wrong check letter
		{"MRTMTT91D08F205J", true},
		{"MRTMTT91D08F20RE", true},  // omocodia: the last digit replaced by R (5)
		{"MRTMTT91D08F20RJ", false}, // omocodia with the old check letter
		{"RSSMRA85Z10A562S", false}, // no month Z
		{"RSSMRA85T00A562S", false}, // day 00
		{"RSSMRA85T10A56", false},   // too short
		{"RSSMRA85T10A562?", false},
		{"1SSMRA85T10A562S", false},
	}
	for _, c := range cases {
		if got := ValidPersonCF(c.cf); got != c.want {
			t.Errorf("ValidPersonCF(%q) = %v, want %v", c.cf, got, c.want)
		}
	}
}

func TestPartitaIVA(t *testing.T) {
	cases := []struct {
		piva string
		want bool
	}{
		{"01114601006", true},  // a real registered number
		{"12345678903", true},  // check digit 3
		{"12345678901", false}, // wrong check digit
		{"00000000000", false}, // no holder
		{"1234567890", false},
		{"1234567890A", false},
	}
	for _, c := range cases {
		if got := ValidPartitaIVA(c.piva); got != c.want {
			t.Errorf("ValidPartitaIVA(%q) = %v, want %v", c.piva, got, c.want)
		}
	}
}

func TestEveryOneCharacterChangeOfAValidCFIsCaught(t *testing.T) {
	const valid = "RSSMRA85T10A562S"
	alphabet := "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	for i := 0; i < len(valid); i++ {
		for _, c := range alphabet {
			s := valid[:i] + string(c) + valid[i+1:]
			if s == valid {
				continue
			}
			// Replacing a digit by its own omocodia letter changes the check
			// letter too, so it is a different code and must fail here.
			if ValidPersonCF(s) && i == 15 {
				t.Errorf("%q accepted with a changed check letter", s)
			}
		}
	}
	for i := 0; i < 15; i++ {
		changed := 0
		for _, c := range alphabet {
			s := valid[:i] + string(c) + valid[i+1:]
			if s != valid && ValidPersonCF(s) {
				changed++
			}
		}
		if changed != 0 {
			t.Errorf("position %d: %d one-character changes still pass the check", i, changed)
		}
	}
}

func TestNormalize(t *testing.T) {
	if got := Normalize(" rss mra85t10 a562s\t"); got != "RSSMRA85T10A562S" {
		t.Errorf("Normalize = %q", got)
	}
}

// reference computes the check letter independently, the way the decree
// (DM 23/12/1976) tabulates it, for the fuzz test.
func reference(s string) byte {
	odd := map[byte]int{}
	for i, c := range "0123456789" {
		odd[byte(c)] = oddValues[i]
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZ" {
		odd[byte(c)] = oddValues[i]
	}
	even := func(c byte) int {
		if c >= '0' && c <= '9' {
			return int(c - '0')
		}
		return int(c - 'A')
	}
	sum := 0
	for i := 0; i < 15; i++ {
		if i%2 == 0 {
			sum += odd[s[i]]
		} else {
			sum += even(s[i])
		}
	}
	return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[sum%26]
}

func FuzzPersonCF(f *testing.F) {
	for _, s := range []string{"RSSMRA85T10A562S", "MRTMTT91D08F20RE", "", "ÀÈ", "RSSMRA85T10A562"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		ok := ValidPersonCF(n)
		if !ok {
			return
		}
		if len(n) != 16 || strings.ToUpper(n) != n {
			t.Fatalf("accepted %q", n)
		}
		if reference(n) != n[15] {
			t.Fatalf("accepted %q with check letter %c, the decree says %c", n, n[15], reference(n))
		}
	})
}

func FuzzPartitaIVA(f *testing.F) {
	for _, s := range []string{"01114601006", "12345678903", "", "00000000000", "1234567890٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidPartitaIVA(s) {
			return
		}
		if len(s) != 11 {
			t.Fatalf("accepted %q", s)
		}
		// Changing any one digit must break the check.
		for i := 0; i < 11; i++ {
			for d := byte('0'); d <= '9'; d++ {
				if d == s[i] {
					continue
				}
				m := s[:i] + string(d) + s[i+1:]
				if ValidPartitaIVA(m) {
					t.Fatalf("%q and %q both pass", s, m)
				}
			}
		}
	})
}
