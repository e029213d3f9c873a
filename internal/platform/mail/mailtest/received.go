package mailtest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"strings"
)

// Received is a message as the server got it, decoded.
type Received struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO)

	Header    netmail.Header // raw header fields
	Subject   string         // decoded from RFC 2047 words
	MessageID string
	Text      string // the text/plain body, decoded, with \n line ends
	HTML      string // the text/html body, decoded, with \n line ends
	Data      []byte // the message exactly as received
	// Attachments are the parts sent as files (Content-Disposition:
	// attachment, or a part with a file name), decoded.
	Attachments []Attachment `json:",omitempty"`
	// DecodeError says why the message could not be fully decoded.
	DecodeError string `json:",omitempty"`
}

// Attachment is a file attached to a received message.
type Attachment struct {
	Name        string
	ContentType string // the media type, without parameters
	Data        []byte
}

// Attachment returns the first attachment whose media type is mediaType,
// or nil.
func (r Received) Attachment(mediaType string) *Attachment {
	for i := range r.Attachments {
		if r.Attachments[i].ContentType == mediaType {
			return &r.Attachments[i]
		}
	}
	return nil
}

// SentTo reports whether addr (compared without case) is an envelope
// recipient.
func (r Received) SentTo(addr string) bool { return sentTo(r.To, addr) }

var linkRE = regexp.MustCompile(`https?://[^\s<>"')\]]+`)

// Links returns the http and https URLs in the text body, in order.
func (r Received) Links() []string { return linkRE.FindAllString(r.Text, -1) }

// decode parses raw as an RFC 5322 message, keeping what it can.
func decode(raw []byte) Received {
	r := Received{Data: raw}
	msg, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		r.DecodeError = err.Error()
		return r
	}
	r.Header = msg.Header
	dec := new(mime.WordDecoder)
	if s, err := dec.DecodeHeader(msg.Header.Get("Subject")); err == nil {
		r.Subject = s
	} else {
		r.Subject = msg.Header.Get("Subject")
	}
	r.MessageID = strings.TrimSpace(msg.Header.Get("Message-Id"))
	if err := r.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Header.Get("Content-Disposition"), msg.Body); err != nil {
		r.DecodeError = err.Error()
	}
	return r
}

// walk decodes one MIME entity, descending into multiparts, and keeps the
// first text/plain and text/html bodies it meets.
func (r *Received) walk(contentType, encoding, disposition string, body io.Reader) error {
	mediaType, params, err := mime.ParseMediaType(contentType)
	if contentType == "" {
		mediaType, err = "text/plain", nil
	}
	if err != nil {
		return err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart leaves the transfer encoding to us, so that
			// every part is decoded the same way.
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := r.walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p.Header.Get("Content-Disposition"), p); err != nil {
				return err
			}
		}
	}
	var dr io.Reader = body
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		dr = quotedprintable.NewReader(body)
	case "base64":
		dr = base64.NewDecoder(base64.StdEncoding, &newlineStripper{r: body})
	}
	b, err := io.ReadAll(dr)
	if err != nil {
		return err
	}
	disp, dparams, _ := mime.ParseMediaType(disposition)
	if name := cmp.Or(dparams["filename"], params["name"]); disp == "attachment" || name != "" {
		r.Attachments = append(r.Attachments, Attachment{Name: name, ContentType: mediaType, Data: b})
		return nil
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch {
	case mediaType == "text/plain" && r.Text == "":
		r.Text = text
	case mediaType == "text/html" && r.HTML == "":
		r.HTML = text
	}
	return nil
}

// newlineStripper drops CR and LF, which base64 bodies wrap lines with.
type newlineStripper struct{ r io.Reader }

func (n *newlineStripper) Read(p []byte) (int, error) {
	for {
		k, err := n.r.Read(p)
		j := 0
		for _, c := range p[:k] {
			if c != '\r' && c != '\n' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
