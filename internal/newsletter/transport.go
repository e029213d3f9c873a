package newsletter

import (
	"context"
	"errors"
	"fmt"
	"io"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"

	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

// A transport opens connections that deliver messages: SMTP, or the
// outbox when no SMTP server is configured. The sender declares this small
// interface and main decides what stands behind it.
type transport interface {
	dial(ctx context.Context) (conn, error)
	// maxConns bounds the connections used at once.
	maxConns() int
}

// conn delivers one message at a time, in two steps, so the sender can
// overlap the transfer of a message with the recording of the previous
// one while never having more than one message accepted but not yet
// recorded:
//
//   - prepare transmits the message up to, not including, the end of its
//     data (SMTP: MAIL, RCPT, DATA and the content); nothing is delivered
//     yet;
//   - finish completes it (SMTP: the final dot); when it returns nil the
//     server has accepted the message.
type conn interface {
	prepare(m *outgoing) error
	finish() error
	close()
}

// errKind says what a failure means for the message and the connection.
type errKind int

const (
	// kindConn: the connection is broken (or the server is closing it);
	// reconnect and send the message again.
	kindConn errKind = iota
	// kindRecipient: the server refused this message for good (5xx to
	// RCPT or to its data); it is failed, the others go on.
	kindRecipient
	// kindLater: the server refused this message for now (4xx); it is
	// tried again later.
	kindLater
	// kindSender: the server refuses our sender address (5xx to MAIL);
	// no message can go, so the campaign is paused with the reason.
	kindSender
)

// sendError is a classified failure.
type sendError struct {
	kind errKind
	err  error
}

func (e *sendError) Error() string { return e.err.Error() }
func (e *sendError) Unwrap() error { return e.err }

func kindOf(err error) errKind {
	var se *sendError
	if errors.As(err, &se) {
		return se.kind
	}
	return kindConn
}

// SMTP stages, for classifying replies.
type stage int

const (
	stageMail stage = iota
	stageRcpt
	stageData
	stageEnd
)

// classify turns a reply to a command into a sendError.
func classify(st stage, err error) error {
	if err == nil {
		return nil
	}
	var tp *textproto.Error
	if !errors.As(err, &tp) {
		return &sendError{kind: kindConn, err: err}
	}
	switch {
	case tp.Code == 421: // the server is closing the connection
		return &sendError{kind: kindConn, err: err}
	case tp.Code >= 500 && st == stageMail:
		return &sendError{kind: kindSender, err: err}
	case tp.Code >= 500:
		return &sendError{kind: kindRecipient, err: err}
	case tp.Code >= 400:
		return &sendError{kind: kindLater, err: err}
	}
	return &sendError{kind: kindConn, err: err}
}

// smtpTransport sends over SMTP with go-mail's protocol client: go-mail
// dials, says EHLO, starts TLS and authenticates as the rest of Cantieri
// does; the sender then drives MAIL, RCPT and DATA itself on a connection
// it keeps for many messages.
type smtpTransport struct {
	cfg      mail.Config
	envelope string // the MAIL FROM address
	conns    int
	timeout  time.Duration
	// noPipelining sends commands one at a time even when the server
	// offers PIPELINING (tests of the plain path).
	noPipelining bool
	mime         *mimeWriter
}

func newSMTPTransport(cfg mail.Config, conns int) (*smtpTransport, error) {
	a, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("newsletter: sender address %q: %w", cfg.From, err)
	}
	mw, err := newMIMEWriter(cfg.From)
	if err != nil {
		return nil, err
	}
	return &smtpTransport{cfg: cfg, envelope: a.Address, conns: conns, timeout: 30 * time.Second, mime: mw}, nil
}

func (t *smtpTransport) maxConns() int { return t.conns }

func (t *smtpTransport) dial(ctx context.Context) (conn, error) {
	client, err := gomail.NewClient(t.cfg.Host, t.options()...)
	if err != nil {
		return nil, fmt.Errorf("newsletter: SMTP client: %w", err)
	}
	c, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("newsletter: connect to %s: %w", t.cfg.Host, err)
	}
	pipelining, _ := c.Extension("PIPELINING")
	return &smtpConn{t: t, c: c, pipelining: pipelining && !t.noPipelining}, nil
}

// options mirror those of platform/mail's sender (TLS policy, port,
// authentication that never sends a password in clear).
func (t *smtpTransport) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithTimeout(t.timeout)}
	port := t.cfg.Port
	switch t.cfg.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
		port = orDefault(port, 465)
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		port = orDefault(port, 25)
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		port = orDefault(port, 587)
	}
	opts = append(opts, gomail.WithPort(port))
	if t.cfg.HeloName != "" {
		opts = append(opts, gomail.WithHELO(t.cfg.HeloName))
	}
	if t.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(t.cfg.Username), gomail.WithPassword(t.cfg.Password))
	}
	return opts
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}

// smtpConn is one SMTP session used for many messages.
type smtpConn struct {
	t          *smtpTransport
	c          *gosmtp.Client
	pipelining bool           // the server takes MAIL, RCPT and DATA at once
	w          io.WriteCloser // the open DATA between prepare and finish
}

func (c *smtpConn) prepare(m *outgoing) error {
	if strings.ContainsAny(m.To, "\r\n<>") {
		return &sendError{kind: kindRecipient, err: fmt.Errorf("newsletter: recipient %q cannot be sent", m.To)}
	}
	msg, err := c.t.mime.format(m)
	if err != nil {
		return &sendError{kind: kindRecipient, err: err}
	}
	defer c.t.mime.release(msg)
	if err := c.c.UpdateDeadline(c.t.timeout); err != nil {
		return &sendError{kind: kindConn, err: err}
	}
	if c.pipelining {
		return c.preparePipelined(m, msg.Bytes())
	}
	if err := c.c.Mail("<" + c.t.envelope + ">"); err != nil {
		return c.reset(classify(stageMail, err))
	}
	if err := c.c.Rcpt("<" + m.To + ">"); err != nil {
		return c.reset(classify(stageRcpt, err))
	}
	w, err := c.c.Data()
	if err != nil {
		return c.reset(classify(stageData, err))
	}
	if _, err := w.Write(msg.Bytes()); err != nil {
		return &sendError{kind: kindConn, err: err}
	}
	c.w = w
	return nil
}

// preparePipelined sends MAIL, RCPT and DATA in one write and then reads
// the three replies (RFC 2920): one round trip instead of three. Then it
// sends the content, dot-stuffed, and leaves the final dot to finish.
func (c *smtpConn) preparePipelined(m *outgoing, msg []byte) error {
	text := c.c.Text
	if _, err := fmt.Fprintf(text.W, "MAIL FROM:<%s>\r\nRCPT TO:<%s>\r\nDATA\r\n", c.t.envelope, m.To); err != nil {
		return &sendError{kind: kindConn, err: err}
	}
	if err := text.W.Flush(); err != nil {
		return &sendError{kind: kindConn, err: err}
	}
	_, _, mailErr := text.ReadResponse(250)
	_, _, rcptErr := text.ReadResponse(25)
	_, _, dataErr := text.ReadResponse(354)
	if mailErr != nil || rcptErr != nil || dataErr != nil {
		err := classify(stageMail, mailErr)
		if err == nil {
			err = classify(stageRcpt, rcptErr)
		}
		if err == nil {
			err = classify(stageData, dataErr)
		}
		if kindOf(err) == kindConn {
			return err
		}
		if dataErr == nil {
			// DATA was accepted although the transaction had failed: an
			// empty message ends it.
			if _, werr := text.W.WriteString(".\r\n"); werr != nil {
				return &sendError{kind: kindConn, err: werr}
			}
			if werr := text.W.Flush(); werr != nil {
				return &sendError{kind: kindConn, err: werr}
			}
			if _, _, rerr := text.ReadResponse(250); rerr != nil && kindOf(classify(stageEnd, rerr)) == kindConn {
				return classify(stageEnd, rerr)
			}
		}
		return c.reset(err)
	}
	if err := writeDotStuffed(text.W, msg); err != nil {
		return &sendError{kind: kindConn, err: err}
	}
	if err := text.W.Flush(); err != nil {
		return &sendError{kind: kindConn, err: err}
	}
	c.w = &dotCloser{text: text}
	return nil
}

// dotCloser ends the content of a pipelined message: the final dot, then
// the server's reply.
type dotCloser struct{ text *textproto.Conn }

func (d *dotCloser) Write(p []byte) (int, error) {
	return 0, errors.New("newsletter: write after the content")
}

func (d *dotCloser) Close() error {
	if _, err := d.text.W.WriteString(".\r\n"); err != nil {
		return err
	}
	if err := d.text.W.Flush(); err != nil {
		return err
	}
	_, _, err := d.text.ReadResponse(250)
	return err
}

// reset ends a refused transaction so the session can go on; if even that
// fails, the connection is unusable.
func (c *smtpConn) reset(err error) error {
	if kindOf(err) == kindConn {
		return err
	}
	if rerr := c.c.Reset(); rerr != nil {
		return &sendError{kind: kindConn, err: errors.Join(err, rerr)}
	}
	return err
}

func (c *smtpConn) finish() error {
	w := c.w
	c.w = nil
	if w == nil {
		return &sendError{kind: kindConn, err: errors.New("newsletter: finish without prepare")}
	}
	return classify(stageEnd, w.Close())
}

func (c *smtpConn) close() {
	_ = c.c.UpdateDeadline(2 * time.Second)
	if err := c.c.Quit(); err != nil {
		_ = c.c.Close()
	}
}

// outboxTransport keeps messages in the outbox admins read, when no SMTP
// server is configured (the demo works offline). One connection: each
// message is an insert on the database's writer.
type outboxTransport struct{ s *mail.Sender }

func (t outboxTransport) maxConns() int { return 1 }

func (t outboxTransport) dial(context.Context) (conn, error) { return &outboxConn{s: t.s}, nil }

type outboxConn struct {
	s *mail.Sender
	m *outgoing
}

func (c *outboxConn) prepare(m *outgoing) error {
	c.m = m
	return nil
}

func (c *outboxConn) finish() error {
	m := c.m
	c.m = nil
	headers := map[string]string{}
	for _, h := range m.Headers {
		headers[h[0]] = h[1]
	}
	to := m.To
	if m.Name != "" {
		to = (&netmail.Address{Name: m.Name, Address: m.To}).String()
	}
	err := c.s.SendNow(context.Background(), mail.Message{To: to, Subject: m.Subject, Text: m.Text, HTML: m.HTML,
		MessageID: m.MessageID, Headers: headers})
	switch {
	case err == nil:
		return nil
	case jobs.IsPermanent(err):
		return &sendError{kind: kindRecipient, err: err}
	}
	return &sendError{kind: kindConn, err: err}
}

func (c *outboxConn) close() {}
