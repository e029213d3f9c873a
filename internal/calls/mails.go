package calls

import (
	"context"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

// url is the absolute URL of a path on the site.
func (s *Service) url(path string) string { return s.BaseURL + path }

// ReceiptPath is the page of an application's receipt.
func ReceiptPath(app int64) string { return "/domande/" + itoa(app) }

// CallPath is the public page of a call.
func CallPath(call int64) string { return "/bandi/" + itoa(call) }

// mailTo queues a message to the applicant of a, in a's language, in the
// transaction that causes it. lead is formatted with the call's title.
func (s *Service) mailTo(ctx context.Context, tx *db.Tx, c *Call, a *Application, subject, lead string, lines ...string) error {
	if a.Email == "" {
		return nil // pseudonymised: no one to write to
	}
	lang, ok := i18n.Parse(a.Lang)
	if !ok {
		lang = i18n.Default
	}
	title := c.Title.In(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", i18n.T(lang, "calls.mail.greeting", a.Name))
	fmt.Fprintf(&b, "%s\n\n", i18n.T(lang, lead, title))
	for _, l := range lines {
		fmt.Fprintf(&b, "%s\n", l)
	}
	fmt.Fprintf(&b, "\n%s\n%s\n", i18n.T(lang, "calls.mail.your_application"), s.url(ReceiptPath(a.ID)))
	fmt.Fprintf(&b, "\n%s\n", i18n.T(lang, "calls.mail.signature"))
	m := mail.Message{To: a.Email, Subject: i18n.T(lang, subject, title), Text: b.String()}
	if err := mail.Enqueue(ctx, tx, m); err != nil {
		return fmt.Errorf("calls: queue %s: %w", subject, err)
	}
	return nil
}

// mailReceipt sends the receipt of a submission.
func (s *Service) mailReceipt(ctx context.Context, tx *db.Tx, c *Call, a *Application, r *Receipt) error {
	lang, ok := i18n.Parse(a.Lang)
	if !ok {
		lang = i18n.Default
	}
	return s.mailTo(ctx, tx, c, a, "calls.mail.receipt.subject", "calls.mail.receipt.lead",
		i18n.T(lang, "calls.receipt.protocol")+": "+r.Number(),
		i18n.T(lang, "calls.receipt.time")+": "+Seconds(r.SubmittedAt)+" "+i18n.T(lang, "calls.italian_time"),
		i18n.T(lang, "calls.receipt.hash")+": "+r.SHA256)
}

// langT translates key in the language of a's applicant.
func langT(a *Application, key string, args ...any) string {
	lang, ok := i18n.Parse(a.Lang)
	if !ok {
		lang = i18n.Default
	}
	return i18n.T(lang, key, args...)
}
