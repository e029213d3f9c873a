package newsletter

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

var fuzzZones = map[string]string{"lunigiana": "Lunigiana", "apuane": "Apuane", "valdichiana-aretina": "Valdichiana Aretina"}

// FuzzImportParser: any file either has no usable header or yields rows
// with a valid, normalised address and known territories and topics, or
// line errors with a line number and a message; nothing panics.
func FuzzImportParser(f *testing.F) {
	f.Add([]byte("email;nome;territori;argomenti;lingua;consenso;data_consenso\nmaria@example.org;Maria;lunigiana|apuane;eventi;it;sì;2024-05-12\n"))
	f.Add([]byte("\ufeffE-mail,Nome\n\"a,b\"@x.it,\"M \"\"x\"\"\"\nb@example.org,\xff\n"))
	f.Add([]byte("email\n\"unterminated\n"))
	f.Add([]byte("email;territori\na@example.org;Valdichiana-Aretina,lunigiana\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := newParser(bytes.NewReader(data), newLookup(fuzzZones), i18n.IT)
		if err != nil {
			return
		}
		for range 10_000 {
			row, bad, err := p.next()
			if err == io.EOF {
				return
			}
			if err != nil {
				return // a read error of the underlying reader
			}
			if bad != nil {
				if bad.Line <= 0 && bad.Key != "newsletter.import.err.csv" || !i18n.Has(bad.Key) {
					t.Fatalf("bad row %+v", bad)
				}
				continue
			}
			if e, problem := NormalizeAddress(row.Email); problem != "" || e != row.Email {
				t.Fatalf("row with address %q (%s)", row.Email, problem)
			}
			for _, z := range row.Zones {
				if _, ok := fuzzZones[z]; !ok {
					t.Fatalf("unknown zone %q accepted", z)
				}
			}
			for _, tp := range row.Topics {
				if !ValidTopic(tp) {
					t.Fatalf("unknown topic %q accepted", tp)
				}
			}
		}
	})
}

// FuzzCampaignText: a text without unknown placeholders renders for a
// recipient with hostile values without leaking the sentinels, and the
// values are escaped in the HTML part.
func FuzzCampaignText(f *testing.F) {
	f.Add("Ciao **{{nome}}**, [via]({{link_disiscrizione}}) {{ email }}", "Maria <b>&")
	f.Add("{{nome}}{{nome}}{{{{nome}}}}", `"><script>`)
	f.Add("<script>alert(1)</script> {{link_archivio}} QQZPH1ZQQ", "x")
	f.Fuzz(func(t *testing.T, body, name string) {
		if len(body) > 4000 || strings.ContainsAny(name, "\r\n") {
			return
		}
		bad := UnknownPlaceholders(body)
		if len(bad) > 0 || strings.Contains(body, "QQZPH") {
			return
		}
		c := &Campaign{ID: 7, Subject: "s", Body: body}
		cc := compile(c, "https://cantieri.example", "noreply@cantieri.example", func(int64, string) string { return "tok" })
		m := cc.message(recipient{ID: 1, Email: "a@example.org", Name: name, Lang: "it", MessageID: "<x@y>"})
		if strings.Contains(m.HTML, "QQZPH") || strings.Contains(m.Text, "QQZPH") {
			t.Fatalf("a sentinel leaked:\n%s", m.HTML)
		}
		if strings.Contains(strings.ToLower(m.HTML), "<script") {
			t.Fatalf("a script in the HTML part:\n%s", m.HTML)
		}
		if strings.Contains(body, "{{nome}}") && name != "" && !strings.Contains(m.Text, name) {
			t.Fatalf("the name is missing from the text")
		}
	})
}

// FuzzAddress: what NormalizeAddress accepts is a valid, lower-case,
// trimmed address that is not a role address.
func FuzzAddress(f *testing.F) {
	for _, s := range []string{"Maria@Example.org", " postmaster@x.it", "a+b@c.it", "noreply+x@asl.it", "\"a b\"@c.it", "a@b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, problem := NormalizeAddress(s)
		if problem != "" {
			if !i18n.Has(problem) {
				t.Fatalf("problem key %q", problem)
			}
			return
		}
		local, _, _ := strings.Cut(out, "@")
		if !web.ValidEmail(out) || out != strings.ToLower(out) || roleLocalParts[local] {
			t.Fatalf("%q accepted as %q", s, out)
		}
		if base, _, _ := strings.Cut(local, "+"); roleLocalParts[base] {
			t.Fatalf("role address %q accepted", out)
		}
	})
}

// FuzzBounceLine: a line gives an address only if it is valid.
func FuzzBounceLine(f *testing.F) {
	f.Add([]byte("maria@example.org"))
	f.Add([]byte("\"x\";<a@b.it>;550 5.1.1"))
	f.Add([]byte("\xff@x.it"))
	f.Fuzz(func(t *testing.T, line []byte) {
		addr, problem := bounceAddress(line)
		if problem == "" && !web.ValidEmail(addr) {
			t.Fatalf("%q gave %q", line, addr)
		}
	})
}

// FuzzDotStuffing: undoing the stuffing gives the message back.
func FuzzDotStuffing(f *testing.F) {
	f.Add([]byte(".a\r\n..b\r\nc.\r\n.\r\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		var b bytes.Buffer
		if err := writeDotStuffed(&b, msg); err != nil {
			t.Fatal(err)
		}
		// A receiving server drops the first dot of every line that
		// starts with one (RFC 5321 4.5.2).
		var un []byte
		for _, line := range bytes.SplitAfter(b.Bytes(), []byte("\n")) {
			if len(line) > 0 && line[0] == '.' {
				line = line[1:]
			}
			un = append(un, line...)
		}
		if !bytes.Equal(un, msg) {
			t.Fatalf("unstuffed %q, want %q", un, msg)
		}
	})
}
