package accounts

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

var phcRE = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestPasswordHashIsAnArgon2idPHCStringThatVerifies(t *testing.T) {
	h, err := hashPassword("Tramonto sul Serchio")
	if err != nil {
		t.Fatal(err)
	}
	if !phcRE.MatchString(h) {
		t.Fatalf("hash %q is not the expected PHC string", h)
	}
	if ok, rehash := checkPassword(h, "Tramonto sul Serchio"); !ok || rehash {
		t.Fatalf("right password: ok=%v rehash=%v", ok, rehash)
	}
	if ok, _ := checkPassword(h, "Tramonto sul serchio"); ok {
		t.Fatal("a different password matched")
	}
	h2, _ := hashPassword("Tramonto sul Serchio")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
}

func TestHashWithOlderParametersMatchesAndAsksForRehash(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("vecchia password lunga"), salt, 1, 8192, 1, 32)
	old := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=1$%s$%s", b64.EncodeToString(salt), b64.EncodeToString(key))
	ok, rehash := checkPassword(old, "vecchia password lunga")
	if !ok || !rehash {
		t.Fatalf("old-parameter hash: ok=%v rehash=%v, want true true", ok, rehash)
	}
}

func TestMalformedOrEmptyHashesNeverMatch(t *testing.T) {
	for _, h := range []string{
		"", "password", "$argon2id$", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
		"$argon2id$v=18$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=999999999,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=19456,t=2,p=0$c2FsdHNhbHRzYWx0c2FsdA$" + strings.Repeat("A", 43),
		"$argon2id$v=19$m=19456,t=2,p=1$!!$" + strings.Repeat("A", 43),
	} {
		if ok, _ := checkPassword(h, ""); ok {
			t.Errorf("hash %q matched the empty password", h)
		}
		if ok, _ := checkPassword(h, "password"); ok {
			t.Errorf("hash %q matched", h)
		}
	}
}

func FuzzParseHash(f *testing.F) {
	good, _ := hashPassword("seed password value")
	for _, s := range []string{good, "", "$argon2id$v=19$m=1,t=1,p=1$$", "$$$$$$", "$argon2id$v=19$m=19456,t=2,p=1,x=3$a$b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := parseHash(s)
		if err != nil {
			return
		}
		// Whatever parses is bounded, so checking it cannot exhaust memory.
		if p.memory > 1<<21 || p.time > 16 || p.threads > 16 || len(salt) > 64 || len(key) > 64 {
			t.Fatalf("unbounded parameters accepted from %q: %+v", s, p)
		}
	})
}
