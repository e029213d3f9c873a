// Package mailtest is a real SMTP server for tests, built on
// github.com/emersion/go-smtp: it accepts every message on 127.0.0.1,
// decodes it (headers, multipart, quoted-printable, base64) and lets tests
// wait for the messages sent to an address and follow the links in them.
// It can also refuse the next messages with a chosen SMTP code.
//
// Start is for tests in this process; Listen and Handler let a separate
// process (the end-to-end harness) run the server and expose what it
// received over HTTP.
package mailtest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/cantieri/cantieri/internal/platform/mail"
)

// Server is a running test SMTP server.
type Server struct {
	srv  *smtp.Server
	addr *net.TCPAddr
	done chan struct{}

	mu       sync.Mutex
	received []Received
	rejected []Received
	rejects  []int         // codes for the next messages to refuse
	changed  chan struct{} // closed and replaced when a message arrives
	envelope bool          // keep only the envelope and a few headers
}

// Listen starts a server on addr ("127.0.0.1:0" picks a free port).
func Listen(addr string) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mailtest: listen: %w", err)
	}
	s := &Server{addr: ln.Addr().(*net.TCPAddr), done: make(chan struct{}), changed: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{s: s}, nil
	}))
	s.srv.Domain = "mailtest.localhost"
	s.srv.MaxMessageBytes = 20 << 20
	s.srv.MaxRecipients = 50
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	go func() {
		defer close(s.done)
		_ = s.srv.Serve(ln) // returns when Close closes the listener
	}()
	return s, nil
}

// Start starts a server on a free local port and stops it when the test
// ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Close stops the server.
func (s *Server) Close() error {
	err := s.srv.Close()
	<-s.done
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Addr returns host:port.
func (s *Server) Addr() string { return s.addr.String() }

// Config returns a mail.Config that sends to this server, unencrypted and
// without authentication.
func (s *Server) Config() mail.Config {
	return mail.Config{
		Host: s.addr.IP.String(),
		Port: s.addr.Port,
		From: "Cantieri della Salute <noreply@cantieri.test>",
		TLS:  "none",
	}
}

// RejectNext makes the server refuse the next message, after receiving its
// content, with code: a 4xx code is a temporary failure, a 5xx one a
// permanent one. Calls add up: RejectNext(451) twice refuses two messages.
// The refused messages are kept in Rejected.
func (s *Server) RejectNext(code int) {
	if code < 400 || code > 599 {
		panic("mailtest: RejectNext needs a 4xx or 5xx code, got " + strconv.Itoa(code))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects = append(s.rejects, code)
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Rejected returns the messages refused because of RejectNext.
func (s *Server) Rejected() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.rejected...)
}

// EnvelopeOnly makes the server keep, of each message accepted from now
// on, only the envelope (From, To) and the Message-ID and Subject fields,
// without decoding or keeping the body: for tests that send tens of
// thousands of messages, where the per-message work of the server must
// stay small.
func (s *Server) EnvelopeOnly() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.envelope = true
}

// Count returns how many messages were accepted so far, without copying
// them.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.received)
}

// Reset forgets every message and pending rejection.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.received, s.rejected, s.rejects = nil, nil, nil
}

// To returns the accepted messages whose envelope recipients include addr
// (compared without case).
func (s *Server) To(addr string) []Received {
	var out []Received
	for _, m := range s.Messages() {
		if m.SentTo(addr) {
			out = append(out, m)
		}
	}
	return out
}

// Await waits until at least n messages were accepted for addr and returns
// them all, or returns ctx's error with what arrived so far.
func (s *Server) Await(ctx context.Context, addr string, n int) ([]Received, error) {
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		got := s.To(addr)
		if len(got) >= n {
			return got, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return got, fmt.Errorf("mailtest: %d of %d messages to %s: %w", len(got), n, addr, ctx.Err())
		}
	}
}

// WaitFor is Await for tests: it fails the test if fewer than n messages
// reach addr within timeout.
func (s *Server) WaitFor(t testing.TB, addr string, n int, timeout time.Duration) []Received {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	got, err := s.Await(ctx, addr, n)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// store records a message and wakes the waiters. It returns the code to
// refuse the message with, or 0.
func (s *Server) store(m Received) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	code := 0
	if len(s.rejects) > 0 {
		code, s.rejects = s.rejects[0], s.rejects[1:]
		s.rejected = append(s.rejected, m)
	} else {
		s.received = append(s.received, m)
	}
	close(s.changed)
	s.changed = make(chan struct{})
	return code
}

// session is one SMTP conversation.
type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }

func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	x.s.mu.Lock()
	envelope := x.s.envelope
	x.s.mu.Unlock()
	var m Received
	if envelope {
		br := bufio.NewReader(r)
		h, err := textproto.NewReader(br).ReadMIMEHeader()
		if err != nil && len(h) == 0 {
			return err
		}
		if _, err := io.Copy(io.Discard, br); err != nil {
			return err
		}
		m = Received{MessageID: strings.TrimSpace(h.Get("Message-Id")), Subject: h.Get("Subject")}
	} else {
		raw, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		m = decode(raw)
	}
	m.From, m.To = x.from, append([]string(nil), x.to...)
	if code := x.s.store(m); code != 0 {
		return &smtp.SMTPError{
			Code:         code,
			EnhancedCode: smtp.EnhancedCode{code / 100, 0, 0},
			Message:      "Refused by mailtest.RejectNext",
		}
	}
	return nil
}

// sentTo reports whether addr is among the envelope recipients.
func sentTo(to []string, addr string) bool {
	for _, t := range to {
		if strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(addr)) {
			return true
		}
	}
	return false
}
