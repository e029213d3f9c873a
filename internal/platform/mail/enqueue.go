package mail

import (
	"context"
	"crypto/rand"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

// KindSend is the job kind of an e-mail to send; register Sender.Handle
// for it.
const KindSend = "mail.send"

// sendAttempts gives an SMTP outage about three hours (with the queue's
// default backoff) before a message is given up.
const sendAttempts = 14

// payload is what a mail job stores. When the caller gave no Message-ID,
// IDLocal is its random left part, fixed at enqueue time so every retry
// sends the same Message-ID; the right part is the domain of the sender's
// From address.
type payload struct {
	Message
	IDLocal string `json:",omitempty"`
}

// Enqueue queues m to be sent by the job queue. Pass the transaction that
// makes the change the e-mail is about, so the e-mail exists if and only
// if the change commits. It returns an error, and queues nothing, when m is
// invalid.
func Enqueue(ctx context.Context, ex db.Execer, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	p := payload{Message: m}
	if m.MessageID == "" {
		p.IDLocal = strings.ToLower(rand.Text())
	}
	_, err := jobs.Enqueue(ctx, ex, KindSend, p, jobs.MaxAttempts(sendAttempts))
	return err
}
