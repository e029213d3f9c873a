package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

// Sender delivers messages: over SMTP when its Config is enabled, into the
// outbox table otherwise.
type Sender struct {
	d      *db.DB
	c      Config
	log    *slog.Logger
	domain string // for generated Message-IDs
}

// NewSender returns a sender. d is needed only for the outbox.
func NewSender(d *db.DB, c Config, log *slog.Logger) *Sender {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Sender{d: d, c: c, log: log.With("component", "mail"), domain: fromDomain(c.From)}
}

// Handle is the jobs.Handler for KindSend.
func (s *Sender) Handle(ctx context.Context, j jobs.Job) error {
	var p payload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("mail: decode job %d: %w", j.ID, err))
	}
	m := p.Message
	if m.MessageID == "" && p.IDLocal != "" {
		m.MessageID = "<" + p.IDLocal + "@" + s.domain + ">"
	}
	return s.SendNow(ctx, m)
}

// SendNow delivers m at once, without the queue. Errors that retrying
// cannot fix (an invalid message, a 5xx answer of the SMTP server) are
// wrapped with jobs.Permanent.
func (s *Sender) SendNow(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return jobs.Permanent(err)
	}
	if m.MessageID == "" {
		m.MessageID = newMessageID(s.domain)
	}
	if !s.c.Enabled() {
		return s.keep(ctx, m)
	}
	return s.send(ctx, m)
}

// keep stores m in the outbox, once: a retried job whose first run stored
// the message but could not record its success stores nothing new.
func (s *Sender) keep(ctx context.Context, m Message) error {
	if s.d == nil {
		return errors.New("mail: no SMTP server configured and no database for the outbox")
	}
	var n int
	if err := s.d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE message_id = ?`, m.MessageID).Scan(&n); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := s.d.ExecUnseen(ctx, `INSERT INTO outbox (message_id, to_addr, subject, text_body, html_body, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.MessageID, m.To, m.Subject, m.Text, m.HTML, db.Now()); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	s.log.Info("mail: kept in the outbox (no SMTP server configured)", "message_id", m.MessageID)
	return nil
}

const smtpTimeout = 30 * time.Second

func (s *Sender) send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.c.Host, s.clientOptions()...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client: %w", err)
	}
	err = client.DialAndSendWithContext(ctx, msg)
	switch {
	case err == nil:
	case msg.IsDelivered():
		// The server accepted the message; only the goodbye failed.
		// Sending again would deliver it twice.
		s.log.Warn("mail: delivered, but closing the SMTP session failed", "message_id", m.MessageID, "err", err)
	case permanentSMTP(err):
		return jobs.Permanent(fmt.Errorf("mail: send %s: %w", m.MessageID, err))
	default:
		return fmt.Errorf("mail: send %s: %w", m.MessageID, err)
	}
	s.log.Info("mail: sent", "message_id", m.MessageID)
	return nil
}

func (s *Sender) build(m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.c.From); err != nil {
		return nil, fmt.Errorf("mail: from address %q: %w", s.c.From, err)
	}
	if err := msg.To(m.To); err != nil {
		return nil, jobs.Permanent(fmt.Errorf("mail: recipient %q: %w", m.To, err))
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	msg.SetDate()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, jobs.Permanent(fmt.Errorf("mail: attach %s: %w", a.Name, err))
		}
	}
	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		msg.SetGenHeader(gomail.Header(k), m.Headers[k])
	}
	return msg, nil
}

func (s *Sender) clientOptions() []gomail.Option {
	opts := []gomail.Option{gomail.WithTimeout(smtpTimeout)}
	switch s.c.TLS {
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	opts = append(opts, gomail.WithPort(s.c.port()))
	if s.c.HeloName != "" {
		opts = append(opts, gomail.WithHELO(s.c.HeloName))
	}
	if s.c.Username != "" {
		// Auto-discovery never picks a mechanism that would send the
		// password in clear over an unencrypted connection.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.c.Username), gomail.WithPassword(s.c.Password))
	}
	return opts
}

// permanentSMTP reports whether the server refused the message for good:
// a 5xx reply to MAIL, RCPT or DATA, or addresses go-mail cannot use.
// Connection problems and 4xx replies are worth retrying.
func permanentSMTP(err error) bool {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return false
	}
	if code := se.ErrorCode(); code >= 500 && code < 600 {
		return true
	}
	return se.Reason == gomail.ErrGetSender || se.Reason == gomail.ErrGetRcpts
}
