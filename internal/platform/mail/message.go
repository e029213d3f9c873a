// Package mail sends Cantieri's e-mails: through the job queue (so a
// message is queued in the same transaction as the change that causes it,
// and retried when the SMTP server is unavailable), over SMTP with
// github.com/wneessen/go-mail, or into the outbox table that admins read
// when no SMTP server is configured. See docs/mail.md.
package mail

import (
	"crypto/rand"
	"errors"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"strings"
)

// Message is one e-mail to one recipient.
type Message struct {
	To      string // an address, optionally with a display name
	Subject string
	Text    string // the plain-text body; required
	HTML    string // optional; when set the message is multipart/alternative
	// MessageID is "<local@domain>"; Enqueue and SendNow make one when empty.
	MessageID string
	// Headers are extra header fields, such as List-Unsubscribe. The
	// fields the sender sets itself (From, To, Subject, Date, Message-ID,
	// MIME and content fields) cannot be overridden.
	Headers map[string]string `json:",omitempty"`
	// Attachments are files sent with the message, such as a calendar
	// file. They travel in the job's payload, so keep them small.
	Attachments []Attachment `json:",omitempty"`
}

// Attachment is a file attached to a message.
type Attachment struct {
	Name        string // file name shown to the recipient, e.g. "evento.ics"
	ContentType string // e.g. "text/calendar; charset=utf-8"
	Data        []byte
}

// MaxAttachmentBytes bounds the attachments of one message together.
const MaxAttachmentBytes = 256 << 10

// reserved are the header fields the sender owns.
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Sender": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true, "Return-Path": true,
}

// Validate reports every problem of m at once.
func (m Message) Validate() error {
	var errs []error
	if strings.TrimSpace(m.To) == "" {
		errs = append(errs, errors.New("no recipient"))
	} else if _, err := netmail.ParseAddress(m.To); err != nil {
		errs = append(errs, fmt.Errorf("recipient %q: %w", m.To, err))
	}
	if hasLineBreak(m.Subject) {
		errs = append(errs, errors.New("subject contains a line break"))
	}
	if m.Text == "" {
		errs = append(errs, errors.New("empty text body"))
	}
	if m.MessageID != "" && !validMessageID(m.MessageID) {
		errs = append(errs, fmt.Errorf("message ID %q is not <local@domain>", m.MessageID))
	}
	for k, v := range m.Headers {
		switch {
		case !validFieldName(k):
			errs = append(errs, fmt.Errorf("header name %q is invalid", k))
		case reserved[textproto.CanonicalMIMEHeaderKey(k)]:
			errs = append(errs, fmt.Errorf("header %s is set by the sender", k))
		case hasLineBreak(v):
			errs = append(errs, fmt.Errorf("header %s contains a line break", k))
		}
	}
	size := 0
	for i, a := range m.Attachments {
		size += len(a.Data)
		switch {
		case strings.TrimSpace(a.Name) == "" || hasLineBreak(a.Name) || strings.ContainsAny(a.Name, "/\\\"\x00"):
			errs = append(errs, fmt.Errorf("attachment %d: file name %q is invalid", i+1, a.Name))
		case strings.TrimSpace(a.ContentType) == "" || hasLineBreak(a.ContentType):
			errs = append(errs, fmt.Errorf("attachment %s: content type %q is invalid", a.Name, a.ContentType))
		}
	}
	if size > MaxAttachmentBytes {
		errs = append(errs, fmt.Errorf("attachments of %d bytes exceed %d", size, MaxAttachmentBytes))
	}
	if len(errs) > 0 {
		return fmt.Errorf("mail: invalid message: %w", errors.Join(errs...))
	}
	return nil
}

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n") }

// validFieldName follows RFC 5322: printable ASCII except the colon.
func validFieldName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}

func validMessageID(id string) bool {
	if len(id) < 5 || id[0] != '<' || id[len(id)-1] != '>' || strings.ContainsAny(id, " \t\r\n") {
		return false
	}
	local, domain, ok := strings.Cut(id[1:len(id)-1], "@")
	return ok && local != "" && domain != "" && !strings.ContainsAny(local+domain, "<>@")
}

// newMessageID returns "<random@domain>".
func newMessageID(domain string) string {
	return "<" + strings.ToLower(rand.Text()) + "@" + domain + ">"
}

// fromDomain returns the domain of the From address, which Message-IDs use
// so that they are unique to the site that sent them.
func fromDomain(from string) string {
	a, err := netmail.ParseAddress(from)
	if err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 && i < len(a.Address)-1 {
			return a.Address[i+1:]
		}
	}
	return "localhost"
}
