// Package itid checks Italian tax identifiers: the codice fiscale of a
// person (16 characters, omocodia included) or of an organisation (11
// digits), and the partita IVA (11 digits). Each check includes the check
// character, so a typing mistake in one position is caught.
package itid

import "strings"

// Normalize removes spaces and turns letters to upper case, as people type
// the codes in every way.
func Normalize(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// omocode maps the letters that replace digits in an omocode codice fiscale
// (assigned when two people would get the same code) to their digit.
const omocode = "LMNPQRSTUV"

// months are the letters of the birth month, January to December.
const months = "ABCDEHLMPRST"

// digitPositions are the positions of a personal codice fiscale that hold a
// digit, or its omocodia letter.
var digitPositions = [...]int{6, 7, 9, 10, 12, 13, 14}

// oddValues are the values of the characters in odd positions (1st, 3rd…)
// for the check character, indexed by digit or by letter.
var oddValues = [26]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// ValidPersonCF reports whether s (normalised) is a well-formed personal
// codice fiscale with the right check letter, omocodia included.
func ValidPersonCF(s string) bool {
	if len(s) != 16 {
		return false
	}
	digits := []byte(s)
	for i := 0; i < 16; i++ {
		c := s[i]
		switch {
		case isDigitPosition(i):
			if isDigit(c) {
				continue
			}
			k := strings.IndexByte(omocode, c)
			if k < 0 {
				return false
			}
			digits[i] = byte('0' + k) // #nosec G115 -- k indexes the 10 omocodia letters: 0..9
		case !isLetter(c):
			return false
		}
	}
	if strings.IndexByte(months, s[8]) < 0 {
		return false
	}
	day := int(digits[9]-'0')*10 + int(digits[10]-'0')
	if (day < 1 || day > 31) && (day < 41 || day > 71) {
		return false
	}
	return checkLetter(s[:15]) == s[15]
}

func isDigitPosition(i int) bool {
	for _, p := range digitPositions {
		if p == i {
			return true
		}
	}
	return false
}

// checkLetter computes the check letter of the first 15 characters of a
// codice fiscale (letters and digits in upper case).
func checkLetter(s string) byte {
	sum := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		v := 0
		if isDigit(c) {
			v = int(c - '0')
		} else {
			v = int(c - 'A')
		}
		if i%2 == 0 { // 1st, 3rd, …: odd positions counting from one
			sum += oddValues[v]
		} else {
			sum += v
		}
	}
	return byte('A' + sum%26)
}

// ValidPartitaIVA reports whether s (normalised) is eleven digits whose last
// is the right check digit. The codice fiscale of an organisation has the
// same form.
func ValidPartitaIVA(s string) bool {
	if len(s) != 11 {
		return false
	}
	sum := 0
	for i := 0; i < 11; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	if s[:7] == "0000000" {
		return false // no holder number
	}
	for i := 0; i < 10; i++ {
		d := int(s[i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return (10-sum%10)%10 == int(s[10]-'0')
}

// ValidCF reports whether s (normalised) is a codice fiscale: a person's
// (16 characters) or an organisation's (11 digits).
func ValidCF(s string) bool {
	if len(s) == 11 {
		return ValidPartitaIVA(s)
	}
	return ValidPersonCF(s)
}
