package newsletter

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"sync"
	"time"
)

// mimeWriter formats the messages of a campaign: multipart/alternative,
// a text and an HTML part in quoted-printable UTF-8, the fixed Message-ID
// and the list headers. What is the same for every message (From, the
// boundary) is prepared once; a message is then one pass into a pooled
// buffer. It replaces a general-purpose library on the sending path,
// where it runs tens of thousands of times a minute.
type mimeWriter struct {
	from     string // the From field, encoded
	boundary string
	bufs     sync.Pool
}

func newMIMEWriter(from string) (*mimeWriter, error) {
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("newsletter: sender address %q: %w", from, err)
	}
	return &mimeWriter{
		from:     a.String(),
		boundary: "=_cantieri_" + rand.Text(),
		bufs:     sync.Pool{New: func() any { return new(bytes.Buffer) }},
	}, nil
}

// format returns m as the bytes of a message (CRLF line ends, not
// dot-stuffed); release gives the buffer back.
func (w *mimeWriter) format(m *outgoing) (*bytes.Buffer, error) {
	if strings.ContainsAny(m.To+m.Subject+m.Name, "\r\n") {
		return nil, fmt.Errorf("newsletter: line break in the recipient or subject of %s", m.MessageID)
	}
	b := w.bufs.Get().(*bytes.Buffer)
	b.Reset()
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	header("From", w.from)
	header("To", (&netmail.Address{Name: m.Name, Address: m.To}).String())
	header("Subject", encodeHeader(m.Subject))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("Message-ID", m.MessageID)
	for _, h := range m.Headers {
		// Long list headers are folded after their commas.
		header(h[0], strings.ReplaceAll(h[1], ", <", ",\r\n <"))
	}
	header("MIME-Version", "1.0")
	header("Content-Type", `multipart/alternative; boundary="`+w.boundary+`"`)
	b.WriteString("\r\n")
	if err := w.part(b, "text/plain", m.Text); err != nil {
		return nil, err
	}
	if err := w.part(b, "text/html", m.HTML); err != nil {
		return nil, err
	}
	b.WriteString("--" + w.boundary + "--\r\n")
	return b, nil
}

func (w *mimeWriter) part(b *bytes.Buffer, contentType, body string) error {
	b.WriteString("--" + w.boundary + "\r\nContent-Type: " + contentType + "; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(b)
	if _, err := io.WriteString(qp, body); err != nil {
		return err
	}
	if err := qp.Close(); err != nil {
		return err
	}
	b.WriteString("\r\n")
	return nil
}

func (w *mimeWriter) release(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		w.bufs.Put(b)
	}
}

// encodeHeader encodes a header value as RFC 2047 words when it is not
// plain ASCII, folding between the words.
func encodeHeader(s string) string {
	return strings.ReplaceAll(mime.QEncoding.Encode("utf-8", s), "?= =?", "?=\r\n =?")
}

// writeDotStuffed writes msg as SMTP DATA content: a dot that starts a
// line is doubled (RFC 5321 4.5.2). msg ends with CRLF.
func writeDotStuffed(w io.Writer, msg []byte) error {
	start := 0
	if len(msg) > 0 && msg[0] == '.' {
		if _, err := w.Write([]byte{'.'}); err != nil {
			return err
		}
	}
	for {
		i := bytes.Index(msg[start:], []byte("\n."))
		if i < 0 {
			_, err := w.Write(msg[start:])
			return err
		}
		end := start + i + 1
		if _, err := w.Write(msg[start:end]); err != nil {
			return err
		}
		if _, err := w.Write([]byte{'.'}); err != nil {
			return err
		}
		start = end
	}
}
