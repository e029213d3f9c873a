package accounts

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestWeakPasswordsAreRejectedWithTheReason(t *testing.T) {
	cases := []struct {
		password, email, name, want string
	}{
		{"corta1!", "", "", "accounts.password.too_short"},
		{strings.Repeat("ab1C", 65), "", "", "accounts.password.too_long"},
		{"password1234", "", "", "accounts.password.common"},
		{"qwerty123456", "", "", "accounts.password.common"},
		{"ciao12345678", "", "", "accounts.password.common"},
		{"juventus1897", "", "", "accounts.password.common"},
		{"Juventus2024!", "", "", "accounts.password.common"},
		{"!!fiorentina!!", "", "", "accounts.password.common"},
		{"P4ssw0rd2024", "", "", "accounts.password.common"},
		{"ciaociaociao", "", "", "accounts.password.common"},
		{"principessa1", "", "", "accounts.password.common"},
		{"aaaaaaaaaaaa", "", "", "accounts.password.pattern"},
		{"1212121212", "", "", "accounts.password.pattern"},
		{"xyzxyzxyzxyz", "", "", "accounts.password.pattern"},
		{"qwertyuiopasdf", "", "", "accounts.password.pattern"},
		{"-.,mnbvcxz<", "", "", "accounts.password.pattern"},
		{"1qaz2wsx3edc4rfv", "", "", "accounts.password.pattern"},
		{"abcdefghijkl", "", "", "accounts.password.pattern"},
		{"9876543210", "", "", "accounts.password.pattern"},
		{"mariorossi2024", "m.rossi@example.org", "Mario Rossi", "accounts.password.personal"},
		{"Rossi.Mario.1980", "m.rossi@example.org", "Mario Rossi", "accounts.password.personal"},
		{"gianna.bini@example.org", "gianna.bini@example.org", "Gianna", "accounts.password.personal"},
		{"giannabini!!", "gianna.bini@example.org", "", "accounts.password.personal"},
	}
	for _, c := range cases {
		if got := CheckPassword(c.password, c.email, c.name); got != c.want {
			t.Errorf("CheckPassword(%q, %q, %q) = %q, want %q", c.password, c.email, c.name, got, c.want)
		}
	}
}

func TestReasonablePasswordsAreAccepted(t *testing.T) {
	for _, pw := range []string{
		"Tramonto-sul-Serchio-2026",
		"la mia casa è sul colle",
		"Colline di Lucca al mattino",
		"k7#Qp9!zR2vM",
		"anna ama le lunghe passeggiate", // the name inside a long phrase is fine
		"ÈpiùbelloilmarediLivorno",
	} {
		if got := CheckPassword(pw, "anna.neri@example.org", "Anna Neri"); got != "" {
			t.Errorf("CheckPassword(%q) = %q, want acceptance", pw, got)
		}
	}
}

func TestEveryPolicyReasonHasBothTexts(t *testing.T) {
	for _, key := range []string{"accounts.password.too_short", "accounts.password.too_long", "accounts.password.common",
		"accounts.password.pattern", "accounts.password.personal"} {
		for _, l := range i18n.Langs {
			if got := i18n.T(l, key); strings.HasPrefix(got, "⟦") || got == "" {
				t.Errorf("%s has no %s text", key, l)
			}
		}
	}
}

var policyReasons = map[string]bool{"": true, "form.invalid_utf8": true, "accounts.password.too_short": true,
	"accounts.password.too_long": true, "accounts.password.common": true, "accounts.password.pattern": true,
	"accounts.password.personal": true}

func FuzzCheckPassword(f *testing.F) {
	for _, s := range []string{"", "password1", "Tramonto-sul-Serchio", "\xff\xfe", "ààààààààààààà", "qwertyuiopè+ò", strings.Repeat("x", 300)} {
		f.Add(s, "mario.rossi@example.org", "Mario Rossi")
	}
	f.Fuzz(func(t *testing.T, pw, email, name string) {
		got := CheckPassword(pw, email, name)
		if !policyReasons[got] {
			t.Fatalf("CheckPassword(%q) returned unknown reason %q", pw, got)
		}
		if got == "" {
			if n := utf8.RuneCountInString(pw); n < MinPasswordLen || n > MaxPasswordLen || !utf8.ValidString(pw) {
				t.Fatalf("accepted %q of %d characters", pw, n)
			}
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"Mario.Rossi@Example.org", " a@b.it ", "a@b", "<a@b.it>", "a@@b.it", "\xff@b.it", "a@b..it", strings.Repeat("a", 300) + "@b.it"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, ok := NormalizeEmail(s)
		if !ok {
			return
		}
		if len(e) > MaxEmailLen || e != strings.ToLower(e) || e != strings.TrimSpace(e) || !strings.Contains(e, "@") {
			t.Fatalf("NormalizeEmail(%q) = %q", s, e)
		}
		if again, ok := NormalizeEmail(e); !ok || again != e {
			t.Fatalf("NormalizeEmail is not idempotent on %q: %q %v", e, again, ok)
		}
	})
}

func TestNextURLStaysOnTheSite(t *testing.T) {
	for in, want := range map[string]string{
		"/account": "/account", "/account?x=1": "/account?x=1", "": "/", "//evil.example": "/",
		"https://evil.example": "/", "/\\evil.example": "/", "/\t/evil.example": "/", "\\\\evil.example": "/",
		"javascript:alert(1)": "/", "/ok\r\nSet-Cookie: x": "/",
	} {
		if got := nextURL(in); got != want {
			t.Errorf("nextURL(%q) = %q, want %q", in, got, want)
		}
	}
}
