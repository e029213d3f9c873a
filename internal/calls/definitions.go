package calls

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The coordinators' form writes a call's declarations, fields and criteria
// one per line, parts separated by "|" (see docs/calls.md):
//
//	declarations:  testo italiano | English text | importo
//	fields:        kind[*] | etichetta | label | opzione = option; …
//	criteria:      criterio | criterion | max points | weight
//
// The third part of a declaration, when present, asks an amount with it;
// "*" after a field's kind makes it required; the weight defaults to 1.

// LineError is a problem on one line of a definition.
type LineError struct {
	Line int    // from 1
	Key  string // message key
}

// Limits of the definitions.
const (
	maxLines      = 50
	maxLabel      = 500
	maxOptions    = 30
	maxPoints     = 1000
	maxWeight     = 100
	maxDefinition = 20000
)

// fieldKindNames maps the words coordinators may write to field kinds, in
// Italian and English.
var fieldKindNames = map[string]FieldKind{
	"testo": ShortText, "short": ShortText, "text": ShortText,
	"testo_lungo": LongText, "long": LongText,
	"scelta": Choice, "choice": Choice,
	"numero": Number, "number": Number,
	"data": DateField, "date": DateField,
	"file": FileField, "allegato": FileField,
}

// lines splits a definition into its non-blank lines, trimmed, with their
// numbers.
func lines(s string) (out []string, nums []int) {
	for i, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
			nums = append(nums, i+1)
		}
	}
	return out, nums
}

// parts splits a line at "|" and trims each part.
func parts(l string) []string {
	p := strings.Split(l, "|")
	for i := range p {
		p[i] = strings.TrimSpace(p[i])
	}
	return p
}

func badText(s string) bool {
	return !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxLabel
}

// tooBig checks the size and number of lines shared by every definition.
func tooBig(s string, n int) *LineError {
	if len(s) > maxDefinition || n > maxLines {
		return &LineError{Line: 0, Key: "calls.err.def_too_long"}
	}
	return nil
}

// ParseDeclarations reads the declarations, one per line.
func ParseDeclarations(s string) ([]Declaration, []LineError) {
	ls, nums := lines(s)
	if e := tooBig(s, len(ls)); e != nil {
		return nil, []LineError{*e}
	}
	var out []Declaration
	var errs []LineError
	for i, l := range ls {
		p := parts(l)
		d := Declaration{Text: Text{IT: p[0]}}
		if len(p) > 1 {
			d.Text.EN = p[1]
		}
		if len(p) > 2 {
			switch strings.ToLower(p[2]) {
			case "importo", "amount":
				d.WithAmount = true
			case "":
			default:
				errs = append(errs, LineError{nums[i], "calls.err.def_declaration"})
				continue
			}
		}
		if len(p) > 3 || d.Text.IT == "" || badText(d.Text.IT) || badText(d.Text.EN) {
			errs = append(errs, LineError{nums[i], "calls.err.def_declaration"})
			continue
		}
		out = append(out, d)
	}
	return out, errs
}

// FormatDeclarations writes declarations as ParseDeclarations reads them.
func FormatDeclarations(ds []Declaration) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Text.IT + " | " + d.Text.EN)
		if d.WithAmount {
			b.WriteString(" | importo")
		}
		b.WriteString("\n")
	}
	return b.String()
}

// ParseFields reads the form's fields, one per line.
func ParseFields(s string) ([]Field, []LineError) {
	ls, nums := lines(s)
	if e := tooBig(s, len(ls)); e != nil {
		return nil, []LineError{*e}
	}
	var out []Field
	var errs []LineError
	for i, l := range ls {
		f, ok := parseField(parts(l))
		if !ok {
			errs = append(errs, LineError{nums[i], "calls.err.def_field"})
			continue
		}
		out = append(out, f)
	}
	return out, errs
}

func parseField(p []string) (Field, bool) {
	if len(p) < 2 || len(p) > 4 {
		return Field{}, false
	}
	var f Field
	name := strings.ToLower(p[0])
	if strings.HasSuffix(name, "*") {
		f.Required = true
		name = strings.TrimSpace(strings.TrimSuffix(name, "*"))
	}
	kind, ok := fieldKindNames[name]
	if !ok {
		return Field{}, false
	}
	f.Kind = kind
	f.Label.IT = p[1]
	if len(p) > 2 {
		f.Label.EN = p[2]
	}
	if f.Label.IT == "" || badText(f.Label.IT) || badText(f.Label.EN) {
		return Field{}, false
	}
	if len(p) > 3 && p[3] != "" {
		if kind != Choice {
			return Field{}, false
		}
		for _, o := range strings.Split(p[3], ";") {
			it, en, _ := strings.Cut(o, "=")
			t := Text{IT: strings.TrimSpace(it), EN: strings.TrimSpace(en)}
			if t.IT == "" || badText(t.IT) || badText(t.EN) || strings.ContainsAny(t.IT+t.EN, "\n") {
				return Field{}, false
			}
			f.Options = append(f.Options, t)
		}
	}
	if kind == Choice && (len(f.Options) < 2 || len(f.Options) > maxOptions) {
		return Field{}, false
	}
	return f, true
}

// kindWord is the Italian word of a field kind in the definitions.
func kindWord(k FieldKind) string {
	switch k {
	case LongText:
		return "testo_lungo"
	case Choice:
		return "scelta"
	case Number:
		return "numero"
	case DateField:
		return "data"
	case FileField:
		return "file"
	}
	return "testo"
}

// FormatFields writes fields as ParseFields reads them.
func FormatFields(fs []Field) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(kindWord(f.Kind))
		if f.Required {
			b.WriteString("*")
		}
		b.WriteString(" | " + f.Label.IT + " | " + f.Label.EN)
		if len(f.Options) > 0 {
			opts := make([]string, len(f.Options))
			for i, o := range f.Options {
				opts[i] = o.IT
				if o.EN != "" {
					opts[i] += " = " + o.EN
				}
			}
			b.WriteString(" | " + strings.Join(opts, "; "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// ParseCriteria reads the criteria, one per line.
func ParseCriteria(s string) ([]Criterion, []LineError) {
	ls, nums := lines(s)
	if e := tooBig(s, len(ls)); e != nil {
		return nil, []LineError{*e}
	}
	var out []Criterion
	var errs []LineError
	for i, l := range ls {
		p := parts(l)
		if len(p) < 3 || len(p) > 4 || p[0] == "" || badText(p[0]) || badText(p[1]) {
			errs = append(errs, LineError{nums[i], "calls.err.def_criterion"})
			continue
		}
		c := Criterion{Label: Text{IT: p[0], EN: p[1]}, Weight: 1}
		n, err := strconv.Atoi(p[2])
		if err != nil || n < 1 || n > maxPoints {
			errs = append(errs, LineError{nums[i], "calls.err.def_criterion"})
			continue
		}
		c.MaxPoints = n
		if len(p) == 4 && p[3] != "" {
			w, err := strconv.Atoi(p[3])
			if err != nil || w < 1 || w > maxWeight {
				errs = append(errs, LineError{nums[i], "calls.err.def_criterion"})
				continue
			}
			c.Weight = w
		}
		out = append(out, c)
	}
	return out, errs
}

// FormatCriteria writes criteria as ParseCriteria reads them.
func FormatCriteria(cs []Criterion) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Label.IT + " | " + c.Label.EN + " | " + strconv.Itoa(c.MaxPoints) + " | " + strconv.Itoa(c.Weight) + "\n")
	}
	return b.String()
}
