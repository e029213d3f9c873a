package newsletter

import (
	"context"
	"fmt"
	"net/url"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

// mailConfirm queues the e-mail with the confirmation link.
func (s *Service) mailConfirm(ctx context.Context, ex db.Execer, to, name, lang, secret string) error {
	l, _ := i18n.Parse(lang)
	link := s.BaseURL + "/newsletter/conferma?t=" + url.QueryEscape(secret)
	return s.queueMail(ctx, ex, to, l, name, "newsletter.mail.confirm.subject", "newsletter.mail.confirm.body", link)
}

// mailAlready queues the notice to an address that is already subscribed.
func (s *Service) mailAlready(ctx context.Context, ex db.Execer, sub *Subscriber, token string) error {
	l, _ := i18n.Parse(sub.Lang)
	return s.queueMail(ctx, ex, sub.Email, l, sub.Name, "newsletter.mail.already.subject", "newsletter.mail.already.body",
		s.BaseURL+"/newsletter/preferenze?t="+url.QueryEscape(token))
}

func (s *Service) queueMail(ctx context.Context, ex db.Execer, to string, l i18n.Lang, name, subject, body string, args ...any) error {
	if name == "" {
		name = i18n.T(l, "newsletter.mail.someone")
	}
	text := i18n.T(l, "newsletter.mail.greeting", name) + "\n\n" + i18n.T(l, body, args...) + "\n\n" + i18n.T(l, "newsletter.mail.signature") + "\n"
	err := mail.Enqueue(ctx, ex, mail.Message{To: to, Subject: i18n.T(l, subject), Text: text,
		Headers: map[string]string{"Auto-Submitted": "auto-generated"}})
	if err != nil {
		return fmt.Errorf("newsletter: queue %s: %w", subject, err)
	}
	return nil
}
