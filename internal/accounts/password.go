package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// argonParams are the argon2id settings of new hashes: the OWASP minimum
// for argon2id (19 MiB, 2 passes, 1 lane), about 30 ms on a small server.
// A stored hash with other settings is replaced at the next login.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32
	threads uint8
	keyLen  uint32
}

var currentParams = argonParams{memory: 19456, time: 2, threads: 1, keyLen: 32}

const saltLen = 16

var b64 = base64.RawStdEncoding

// hashPassword returns the PHC string of password:
// $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
func hashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("accounts: salt: %w", err)
	}
	p := currentParams
	key := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, p.keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("accounts: malformed password hash")

// parseHash splits a PHC argon2id string. It bounds every parameter, so a
// corrupted row cannot make a login allocate gigabytes.
func parseHash(phc string) (p argonParams, salt, key []byte, err error) {
	parts := strings.Split(phc, "$")
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, errBadHash
	}
	for _, kv := range strings.Split(parts[3], ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return p, nil, nil, errBadHash
		}
		n, perr := strconv.ParseUint(v, 10, 32)
		if perr != nil {
			return p, nil, nil, errBadHash
		}
		switch k {
		case "m":
			p.memory = uint32(n)
		case "t":
			p.time = uint32(n)
		case "p":
			if n > 255 {
				return p, nil, nil, errBadHash
			}
			p.threads = uint8(n)
		default:
			return p, nil, nil, errBadHash
		}
	}
	if p.memory < 8 || p.memory > 1<<21 || p.time < 1 || p.time > 16 || p.threads < 1 || p.threads > 16 {
		return p, nil, nil, errBadHash
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil || len(salt) < 8 || len(salt) > 64 {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errBadHash
	}
	p.keyLen = uint32(len(key)) // #nosec G115 -- len(key) is checked to be at most 64 just above
	return p, salt, key, nil
}

// checkPassword reports whether password matches the stored hash, and
// whether the hash should be recomputed with the current parameters. An
// empty or malformed hash (an account without a password) never matches.
func checkPassword(phc, password string) (ok, rehash bool) {
	p, salt, key, err := parseHash(phc)
	if err != nil {
		// Spend the same time as a real check, so that timing does not
		// tell accounts without a password from the others.
		burnPasswordCheck(password)
		return false, false
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memory, p.threads, p.keyLen)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false
	}
	return true, p != currentParams || len(salt) != saltLen
}

// dummySalt is used by burnPasswordCheck; its value does not matter.
var dummySalt = make([]byte, saltLen)

// burnPasswordCheck costs what checking a real password costs. It is run
// when the e-mail is unknown, so a login answers in the same time whether
// or not the account exists.
func burnPasswordCheck(password string) {
	p := currentParams
	_ = argon2.IDKey([]byte(password), dummySalt, p.time, p.memory, p.threads, p.keyLen)
}
