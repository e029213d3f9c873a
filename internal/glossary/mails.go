package glossary

import (
	"context"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

// A decision e-mail is a subject key and a body key; the body is formatted
// with the term's name and one more argument (its address, or the reason).
type decisionMail struct{ subject, body string }

var (
	mailAccepted      = decisionMail{"glossary.mail.accepted.subject", "glossary.mail.accepted.body"}
	mailAcceptedDraft = decisionMail{"glossary.mail.accepted_draft.subject", "glossary.mail.accepted_draft.body"}
	mailDeclined      = decisionMail{"glossary.mail.declined.subject", "glossary.mail.declined.body"}
)

// sendDecision queues the e-mail to the proposer of c, in the language
// they used, inside the transaction that records the decision.
func sendDecision(ctx context.Context, tx *db.Tx, c *Contribution, m decisionMail, term, arg string) error {
	lang := c.Lang
	if _, ok := i18n.Parse(string(lang)); !ok {
		lang = i18n.Default
	}
	text := i18n.T(lang, "glossary.mail.greeting", c.Name) + "\n\n" +
		i18n.T(lang, m.body, term, arg) + "\n\n" + i18n.T(lang, "glossary.mail.signature") + "\n"
	err := mail.Enqueue(ctx, tx, mail.Message{To: c.Email, Subject: i18n.T(lang, m.subject, term), Text: text})
	if err != nil {
		return fmt.Errorf("glossary: queue e-mail for proposal %d: %w", c.ID, err)
	}
	return nil
}
