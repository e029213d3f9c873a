package calls

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the answers.
const (
	maxShortAnswer = 300
	maxLongAnswer  = 10000
	maxNumber      = 1e12
	// MaxAttachment is the largest attachment accepted, in bytes.
	MaxAttachment = 10 << 20
)

// AttachmentTypes are the accepted types of an attachment, as sniffed from
// the content (never from the name).
var AttachmentTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// ParseValue checks the text typed for a non-file field and returns it
// normalised, or the message key of its problem. An empty answer is valid
// here (a draft may be incomplete); Complete checks the required ones.
func ParseValue(f Field, raw string) (string, string) {
	if !utf8.ValidString(raw) {
		return "", "form.invalid_utf8"
	}
	v := strings.TrimSpace(strings.ReplaceAll(raw, "\r\n", "\n"))
	if v == "" {
		return "", ""
	}
	switch f.Kind {
	case ShortText:
		if strings.ContainsAny(v, "\n\r") {
			v = strings.Join(strings.Fields(v), " ")
		}
		if utf8.RuneCountInString(v) > maxShortAnswer {
			return v, "form.too_long"
		}
	case LongText:
		if utf8.RuneCountInString(v) > maxLongAnswer {
			return v, "form.too_long"
		}
	case Choice:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > len(f.Options) {
			return "", "calls.err.choice"
		}
		return strconv.Itoa(n), ""
	case Number:
		n, ok := parseNumber(v)
		if !ok {
			return v, "calls.err.number"
		}
		return n, ""
	case DateField:
		d, err := time.Parse("2006-01-02", v)
		if err != nil || d.Year() < 1900 || d.Year() > 2200 {
			return v, "calls.err.date"
		}
		return d.Format("2006-01-02"), ""
	case FileField:
		return "", ""
	}
	return v, ""
}

// parseNumber reads a decimal number written the Italian way (1.234,5) or
// the English way (1234.5) and writes it back plainly (1234.5).
func parseNumber(s string) (string, bool) {
	s = strings.ReplaceAll(s, " ", "")
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	if len(s) > 30 || strings.ContainsAny(s, "eEinfINFxX_+") {
		return "", false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > maxNumber || f < -maxNumber {
		return "", false
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// ParseAmount reads an amount in euro ("1.500", "1500,50", "1500.50") and
// returns it in cents.
func ParseAmount(s string) (int64, bool) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "€"))
	n, ok := parseNumber(s)
	if !ok {
		return 0, false
	}
	whole, frac, _ := strings.Cut(n, ".")
	if len(frac) > 2 || strings.HasPrefix(whole, "-") {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	c, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, false
	}
	return c, true
}

// FormatAmount writes cents as euro, the Italian way: 1.500,50.
func FormatAmount(cents int64) string {
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + "," + strconv.FormatInt(100+cents%100, 10)[1:]
}
