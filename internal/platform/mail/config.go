package mail

import (
	"errors"
	"fmt"
	netmail "net/mail"
)

// Config says how to reach the SMTP server. With an empty Host, e-mails go
// to the outbox instead.
type Config struct {
	Host               string
	Port               int // 0 means 587 for starttls, 465 for tls, 25 for none
	Username, Password string
	From               string // "Name <address>" or an address
	TLS                string // "starttls" (the default when empty), "tls" or "none"
	HeloName           string // the name sent with EHLO; the host name when empty
}

// Enabled reports whether an SMTP server is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate reports configuration mistakes, so main can refuse to start
// rather than fail on every e-mail.
func (c Config) Validate() error {
	var errs []error
	if _, err := netmail.ParseAddress(c.From); err != nil {
		errs = append(errs, fmt.Errorf("from address %q: %w", c.From, err))
	}
	switch c.TLS {
	case "", "starttls", "tls", "none":
	default:
		errs = append(errs, fmt.Errorf("TLS mode %q is not starttls, tls or none", c.TLS))
	}
	if c.Port < 0 || c.Port > 65535 {
		errs = append(errs, fmt.Errorf("port %d out of range", c.Port))
	}
	if len(errs) > 0 {
		return fmt.Errorf("mail: config: %w", errors.Join(errs...))
	}
	return nil
}

func (c Config) port() int {
	if c.Port > 0 {
		return c.Port
	}
	switch c.TLS {
	case "tls":
		return 465
	case "none":
		return 25
	}
	return 587
}
