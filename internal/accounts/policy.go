package accounts

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Password length bounds, in characters.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

//go:embed common_passwords.txt
var commonPasswordsText string

var (
	commonOnce sync.Once
	common     map[string]bool
)

func commonPasswords() map[string]bool {
	commonOnce.Do(func() {
		common = map[string]bool{}
		for _, line := range strings.Split(commonPasswordsText, "\n") {
			line = strings.TrimSpace(line)
			if line != "" && !strings.HasPrefix(line, "#") {
				common[line] = true
			}
		}
	})
	return common
}

// CheckPassword returns the message key that explains why password is not
// acceptable for the person with this e-mail and name, or "" when it is.
// It rejects short and over-long passwords, common passwords and their
// variants with digits or symbols around them, keyboard walks, sequences
// and repetitions, and passwords built on the person's name or e-mail.
func CheckPassword(password, email, name string) string {
	if !utf8.ValidString(password) {
		return "form.invalid_utf8"
	}
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return "accounts.password.too_short"
	case n > MaxPasswordLen:
		return "accounts.password.too_long"
	}
	lower := strings.ToLower(password)
	if isCommon(lower) {
		return "accounts.password.common"
	}
	if predictable(lower) {
		return "accounts.password.pattern"
	}
	if personal(lower, email, name) {
		return "accounts.password.personal"
	}
	return ""
}

// deleet undoes the usual letter-for-symbol substitutions.
var deleet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i")

// isCommon reports whether s, once digits and symbols around it are
// removed, is on the common list, as typed or in leetspeak.
func isCommon(s string) bool {
	list := commonPasswords()
	core := strings.TrimFunc(s, notLetter)
	for _, c := range []string{s, core, deleet.Replace(s), deleet.Replace(core), strings.TrimFunc(deleet.Replace(s), notLetter)} {
		if c != "" && list[c] {
			return true
		}
	}
	// A common word written twice or more: "ciaociao2024".
	if core != "" {
		if p := period(core); p < len(core) && list[core[:p]] {
			return true
		}
	}
	return false
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// predictable reports whether s is mostly a repetition, an alphabetic or
// numeric sequence or a keyboard walk, or uses very few distinct
// characters: "aaaaaaaaaa", "1234567890", "qwertyuiop", "1212121212",
// "abcabcabcabc", "qwerty123456".
func predictable(s string) bool {
	r := []rune(s)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) < 4 {
		return true
	}
	if period(s) <= len(s)/2 {
		return true
	}
	surprises := 0
	for i := 1; i < len(r); i++ {
		if !follows(r[i-1], r[i]) {
			surprises++
		}
	}
	// Few surprises in all, or in proportion for long ones ("1qaz2wsx3edc4rfv").
	return surprises < 3 || surprises*4 < len(r)-1
}

// period returns the length of the shortest prefix of s that, repeated,
// makes s (len(s) when there is none).
func period(s string) int {
	for p := 1; p <= len(s)/2; p++ {
		if len(s)%p != 0 {
			continue
		}
		if strings.Repeat(s[:p], len(s)/p) == s {
			return p
		}
	}
	return len(s)
}

// keyboardLines are the rows and columns of an Italian (QWERTY) keyboard,
// each read in one direction; follows checks both.
var keyboardLines = []string{
	"1234567890'ì", "qwertyuiopè+", "asdfghjklòàù", "<zxcvbnm,.-",
	"1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0pò-",
	"qaz", "wsx", "edc", "rfv", "tgb", "yhn", "ujm", "ik", "ol",
	"1q", "2w", "3e", "4r", "5t", "6y", "7u", "8i", "9o", "0p",
}

// follows reports whether b is an unsurprising next character after a: the
// same, the next or previous in the alphabet or in digits, or next to it on
// the keyboard.
func follows(a, b rune) bool {
	if a == b || a+1 == b || a-1 == b {
		return true
	}
	for _, line := range keyboardLines {
		i := strings.IndexRune(line, a)
		j := strings.IndexRune(line, b)
		if i < 0 || j < 0 {
			continue
		}
		// Count runes, not bytes: the lines contain accented letters.
		d := utf8.RuneCountInString(line[:max(i, j)]) - utf8.RuneCountInString(line[:min(i, j)])
		if d == 1 {
			return true
		}
	}
	return false
}

// personal reports whether s is built on the person's e-mail or name: once
// those parts are taken out, too little (or only a pattern) is left.
func personal(s, email, name string) bool {
	email = strings.ToLower(strings.TrimSpace(email))
	var parts []string
	if email != "" {
		if s == email {
			return true
		}
		local, domain, _ := strings.Cut(email, "@")
		parts = append(parts, local)
		parts = append(parts, strings.FieldsFunc(local, notLetterOrDigit)...)
		if label, _, ok := strings.Cut(domain, "."); ok {
			parts = append(parts, label)
		}
	}
	nameWords := strings.FieldsFunc(strings.ToLower(name), notLetterOrDigit)
	parts = append(parts, strings.Join(nameWords, ""))
	parts = append(parts, nameWords...)
	rest := s
	found := false
	for _, p := range parts {
		if utf8.RuneCountInString(p) < 3 {
			continue
		}
		if strings.Contains(rest, p) {
			rest = strings.ReplaceAll(rest, p, "")
			found = true
		}
	}
	if !found {
		return false
	}
	rest = strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return utf8.RuneCountInString(rest) < 6 || predictable(rest) || isCommon(rest)
}

func notLetterOrDigit(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }
