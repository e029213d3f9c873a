package newsletter

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// A CSV file of subscribers has a header row naming its columns, in any
// order, in Italian or English; only the e-mail column is required:
//
//	email;nome;territori;argomenti;lingua;consenso;data_consenso
//
// Separators are ';' (what Italian spreadsheets write) or ','; a UTF-8 BOM
// is skipped. Territories and topics are lists separated by '|' (or by ','
// in a file separated by ';'), each an identifier or a name. The consent
// column says whether the address's owner already agreed to receive the
// newsletter elsewhere (sì/no); see Import.

// column is a known column of the import file.
type column int

const (
	colEmail column = iota
	colName
	colZones
	colTopics
	colLang
	colConsent
	colConsentDate
	numColumns
)

// headerNames maps folded header names to columns.
var headerNames = map[string]column{
	"email": colEmail, "e mail": colEmail, "mail": colEmail, "indirizzo email": colEmail, "indirizzo e mail": colEmail, "address": colEmail,
	"nome": colName, "name": colName, "nome e cognome": colName, "nominativo": colName, "full name": colName,
	"territori": colZones, "territorio": colZones, "zone": colZones, "zona": colZones, "zones": colZones, "territories": colZones,
	"argomenti": colTopics, "argomento": colTopics, "temi": colTopics, "topics": colTopics,
	"lingua": colLang, "lang": colLang, "language": colLang,
	"consenso": colConsent, "consent": colConsent, "consenso privacy": colConsent, "consenso newsletter": colConsent,
	"data consenso": colConsentDate, "consent date": colConsentDate,
}

// importRow is one valid line of the file, merged with any later line of
// the same address.
type importRow struct {
	Line      int
	Email     string
	Name      string
	Lang      string
	Zones     []string // nil: every territory
	Topics    []string // nil: every topic
	Consent   bool
	ConsentAt time.Time
}

// RowError is a line of the file that was not imported, and why.
type RowError struct {
	Line int
	// Key is the catalogue key of the reason; Arg, when set, is shown with
	// it (the bad value).
	Key string
	Arg string
}

// errNoEmailColumn means the header names no e-mail column: nothing can
// be imported.
var errNoEmailColumn = errors.New("newsletter: import: the file has no e-mail column")

// lookup resolves names of territories and topics in a file.
type lookup struct {
	zones  map[string]string // folded id or name -> zone id
	topics map[string]string // folded id or label -> topic
}

func newLookup(zones map[string]string) *lookup {
	l := &lookup{zones: map[string]string{}, topics: map[string]string{}}
	for id, name := range zones {
		l.zones[fold(id)] = id
		l.zones[fold(name)] = id
	}
	for _, t := range Topics {
		l.topics[fold(string(t))] = string(t)
		l.topics[fold(i18n.T(i18n.IT, "newsletter.topic."+string(t)))] = string(t)
		l.topics[fold(i18n.T(i18n.EN, "newsletter.topic."+string(t)))] = string(t)
	}
	return l
}

// fold lower-cases s, drops accents and turns every run of other
// characters into one space: "Valdichiana Aretina" and "valdichiana-aretina"
// fold the same.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if f, ok := accents[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

var accents = map[rune]rune{'à': 'a', 'á': 'a', 'è': 'e', 'é': 'e', 'ì': 'i', 'í': 'i', 'ò': 'o', 'ó': 'o', 'ù': 'u', 'ú': 'u', '’': '\''}

// parser reads an import file one record at a time.
type parser struct {
	r       *csv.Reader
	cols    [numColumns]int // index of each column in a record, -1 when absent
	ignored []string        // header names not understood
	inner   string          // separators of lists inside a cell
	look    *lookup
	lang    i18n.Lang
}

// maxLine bounds a line of the file (a CSV line longer than this is not a
// list of addresses).
const maxLine = 64 << 10

// newParser reads the header of r and prepares to read its rows.
func newParser(r io.Reader, look *lookup, lang i18n.Lang) (*parser, error) {
	br := bufio.NewReaderSize(r, maxLine)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	first, _ := br.Peek(maxLine)
	if i := bytes.IndexAny(first, "\r\n"); i >= 0 {
		first = first[:i]
	}
	sep := separator(first)
	p := &parser{look: look, lang: lang, inner: "|"}
	if sep != ',' {
		p.inner = "|,"
	}
	p.r = csv.NewReader(br)
	p.r.Comma = sep
	p.r.FieldsPerRecord = -1
	p.r.LazyQuotes = true
	p.r.ReuseRecord = true
	header, err := p.r.Read()
	if err == io.EOF {
		return nil, errNoEmailColumn
	}
	if err != nil {
		return nil, fmt.Errorf("newsletter: import: header: %w", err)
	}
	for i := range p.cols {
		p.cols[i] = -1
	}
	for i, h := range header {
		c, ok := headerNames[fold(h)]
		switch {
		case ok && p.cols[c] < 0:
			p.cols[c] = i
		case strings.TrimSpace(h) != "":
			p.ignored = append(p.ignored, strings.ToValidUTF8(strings.TrimSpace(h), "?"))
		}
	}
	if p.cols[colEmail] < 0 {
		return nil, errNoEmailColumn
	}
	return p, nil
}

// separator guesses the separator of a file from its header line: the most
// frequent of ';', ',' and tab outside quotes (';' when there is none).
func separator(line []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ';' || c == ',' || c == '\t'):
			counts[rune(c)]++
		}
	}
	best := ';'
	for _, c := range []rune{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// next returns the next row, or a RowError for a bad one, or io.EOF. A
// line with no value at all is skipped.
func (p *parser) next() (*importRow, *RowError, error) {
	for {
		rec, err := p.r.Read()
		if err == io.EOF {
			return nil, nil, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &RowError{Line: pe.StartLine, Key: "newsletter.import.err.csv", Arg: pe.Err.Error()}, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("newsletter: import: read: %w", err)
		}
		if blank(rec) {
			continue
		}
		line, _ := p.r.FieldPos(0)
		row, rerr := p.row(rec)
		if rerr != nil {
			rerr.Line = line
			return nil, rerr, nil
		}
		row.Line = line
		return row, nil, nil
	}
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func (p *parser) cell(rec []string, c column) string {
	i := p.cols[c]
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// row checks one record.
func (p *parser) row(rec []string) (*importRow, *RowError) {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return nil, &RowError{Key: "newsletter.import.err.encoding"}
		}
	}
	raw := p.cell(rec, colEmail)
	email, problem := NormalizeAddress(raw)
	if problem != "" {
		key := "newsletter.import.err.email"
		switch problem {
		case problemRole:
			key = "newsletter.import.err.role"
		case problemRequired:
			key = "newsletter.import.err.no_email"
		}
		return nil, &RowError{Key: key, Arg: clip(raw)}
	}
	row := &importRow{Email: email, Lang: string(p.lang)}
	name, nameProblem := cleanName(p.cell(rec, colName))
	if nameProblem != "" {
		return nil, &RowError{Key: "newsletter.import.err.name", Arg: clip(name)}
	}
	row.Name = name
	for _, z := range splitList(p.cell(rec, colZones), p.inner) {
		id, ok := p.look.zones[fold(z)]
		if !ok {
			return nil, &RowError{Key: "newsletter.import.err.zone", Arg: clip(z)}
		}
		row.Zones = appendNew(row.Zones, id)
	}
	for _, t := range splitList(p.cell(rec, colTopics), p.inner) {
		id, ok := p.look.topics[fold(t)]
		if !ok {
			return nil, &RowError{Key: "newsletter.import.err.topic", Arg: clip(t)}
		}
		row.Topics = appendNew(row.Topics, id)
	}
	if v := p.cell(rec, colLang); v != "" {
		switch fold(v) {
		case "it", "ita", "italiano", "italian":
			row.Lang = string(i18n.IT)
		case "en", "eng", "inglese", "english":
			row.Lang = string(i18n.EN)
		default:
			return nil, &RowError{Key: "newsletter.import.err.lang", Arg: clip(v)}
		}
	}
	consent, ok := parseYesNo(p.cell(rec, colConsent))
	if !ok {
		return nil, &RowError{Key: "newsletter.import.err.consent", Arg: clip(p.cell(rec, colConsent))}
	}
	row.Consent = consent
	if v := p.cell(rec, colConsentDate); v != "" {
		t, ok := parseDate(v)
		if !ok {
			return nil, &RowError{Key: "newsletter.import.err.date", Arg: clip(v)}
		}
		row.ConsentAt = t
	}
	return row, nil
}

func splitList(s, seps string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(seps, r) }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func appendNew(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

func parseYesNo(s string) (bool, bool) {
	switch fold(s) {
	case "si", "s", "yes", "y", "true", "vero", "1", "x", "ok":
		return true, true
	case "", "no", "n", "false", "falso", "0":
		return false, true
	}
	return false, false
}

// parseDate reads 2024-03-31 or 31/03/2024 (a day in Rome, stored at noon
// UTC so it shows as that day everywhere), not in the future.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			t = t.Add(12 * time.Hour)
			return t, t.Year() >= 1990 && t.Before(time.Now().Add(24*time.Hour))
		}
	}
	return time.Time{}, false
}

// clip keeps a bad value short enough to show in a report.
func clip(s string) string {
	if utf8.RuneCountInString(s) > 60 {
		return string([]rune(s)[:60]) + "…"
	}
	return s
}

// maxNameLen bounds a subscriber's name.
const maxNameLen = 200

// cleanName collapses spaces and reports the catalogue key of a problem.
func cleanName(s string) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case utf8.RuneCountInString(s) > maxNameLen:
		return s, "form.too_long"
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == 0x2028 || r == 0x2029 }):
		return s, "newsletter.name.invalid"
	}
	return s, ""
}
