// Package accounts is sign-up with e-mail verification, login and logout,
// password reset, changes of password, e-mail and name, server-side
// sessions, and throttling of failed logins. Its messages never reveal
// whether an e-mail address is registered. See docs/accounts.md.
package accounts

import (
	"log/slog"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Service is the account logic shared by the web handlers, the session
// loader and the command line. It holds no state of its own beyond a
// timestamp, so several instances on one database agree.
type Service struct {
	DB *db.DB
	// BaseURL is the public URL of the site, without a trailing slash; links
	// in e-mails start with it.
	BaseURL string
	Log     *slog.Logger

	pruner   pruner
	sessions sessionCache
}

// NewService returns the account service on d.
func NewService(d *db.DB, baseURL string, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{DB: d, BaseURL: strings.TrimRight(baseURL, "/"), Log: log}
}

// secureCookies reports whether cookies must be sent over HTTPS only.
func (s *Service) secureCookies() bool { return strings.HasPrefix(s.BaseURL, "https://") }

// Lifetimes of sessions and one-time links.
const (
	SessionIdle       = 30 * 24 * time.Hour
	SessionAbsolute   = 90 * 24 * time.Hour
	sessionTouchEvery = 5 * time.Minute

	VerifyTokenTTL      = 48 * time.Hour
	ResetTokenTTL       = 2 * time.Hour
	ChangeEmailTokenTTL = 48 * time.Hour
	// AdminSetupTokenTTL is the validity of the password-set link printed by
	// `cantieri user create-admin` and `user reset-password`.
	AdminSetupTokenTTL = 7 * 24 * time.Hour
)

// Field limits, in characters.
const (
	MaxNameLen  = 100
	MaxEmailLen = 254
)
