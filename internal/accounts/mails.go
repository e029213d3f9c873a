package accounts

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

// An e-mail is a subject key and a body key of the catalogue; the body is
// formatted with the greeting name followed by the args, and the signature
// is added.
type email struct {
	subject, body string
}

var (
	mailVerify          = email{"accounts.mail.verify.subject", "accounts.mail.verify.body"}
	mailAlreadySignedUp = email{"accounts.mail.already.subject", "accounts.mail.already.body"}
	mailReset           = email{"accounts.mail.reset.subject", "accounts.mail.reset.body"}
	mailAdminSetup      = email{"accounts.mail.admin.subject", "accounts.mail.admin.body"}
	mailPasswordLink    = email{"accounts.mail.password_link.subject", "accounts.mail.password_link.body"}
	mailPasswordChanged = email{"accounts.mail.password_changed.subject", "accounts.mail.password_changed.body"}
	mailEmailConfirm    = email{"accounts.mail.email_confirm.subject", "accounts.mail.email_confirm.body"}
	mailEmailRequested  = email{"accounts.mail.email_requested.subject", "accounts.mail.email_requested.body"}
	mailEmailTaken      = email{"accounts.mail.email_taken.subject", "accounts.mail.email_taken.body"}
	mailEmailChanged    = email{"accounts.mail.email_changed.subject", "accounts.mail.email_changed.body"}
)

// send queues e in the language of the recipient, inside the transaction
// that causes it.
func send(ctx context.Context, ex db.Execer, to, locale, name string, e email, args ...any) error {
	lang, _ := i18n.Parse(locale)
	if name == "" {
		name = i18n.T(lang, "accounts.mail.someone")
	}
	text := i18n.T(lang, "accounts.mail.greeting", name) + "\n\n" +
		i18n.T(lang, e.body, args...) + "\n\n" + i18n.T(lang, "accounts.mail.signature") + "\n"
	err := mail.Enqueue(ctx, ex, mail.Message{To: to, Subject: i18n.T(lang, e.subject), Text: text})
	if err != nil {
		return fmt.Errorf("accounts: queue %s: %w", e.subject, err)
	}
	return nil
}

// link returns the absolute URL of path with the one-time secret.
func (s *Service) link(path, secret string) string {
	return s.BaseURL + path + "?token=" + url.QueryEscape(secret)
}

// url returns the absolute URL of a page.
func (s *Service) url(path string) string { return s.BaseURL + path }

// maskEmail hides most of an address for notices sent to another one:
// "mario.rossi@example.org" becomes "m***@example.org".
func maskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}
