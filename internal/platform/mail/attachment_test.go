package mail_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

func TestQueuedAttachmentArrivesIntactBesideTheText(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		q := runQueue(t, d, mail.NewSender(d, srv.Config(), testLog(t)))
		ics := []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Laboratorio è qui\r\nEND:VCALENDAR\r\n")
		m := mail.Message{To: "luca@example.org", Subject: "Iscrizione confermata", Text: "Ciao,\nsei iscritto.\n",
			Attachments: []mail.Attachment{{Name: "evento.ics", ContentType: "text/calendar; charset=utf-8", Data: ics}}}
		if err := mail.Enqueue(context.Background(), d, m); err != nil {
			t.Fatal(err)
		}
		q.Notify()
		got := srv.WaitFor(t, "luca@example.org", 1, 20*time.Second)[0]
		if got.DecodeError != "" {
			t.Fatalf("decode: %s", got.DecodeError)
		}
		if !strings.Contains(got.Text, "sei iscritto") {
			t.Errorf("text %q", got.Text)
		}
		a := got.Attachment("text/calendar")
		if a == nil || a.Name != "evento.ics" || !bytes.Equal(a.Data, ics) {
			t.Fatalf("attachment %+v, want evento.ics with the same bytes", got.Attachments)
		}
	})
}

func TestInvalidAttachmentsAreRefused(t *testing.T) {
	base := mail.Message{To: "a@example.org", Text: "t"}
	for name, a := range map[string]mail.Attachment{
		"no name":         {ContentType: "text/plain", Data: []byte("x")},
		"path in name":    {Name: "../etc/passwd", ContentType: "text/plain"},
		"break in name":   {Name: "a\r\nBcc: x@y", ContentType: "text/plain"},
		"no content type": {Name: "a.txt"},
		"break in type":   {Name: "a.txt", ContentType: "text/plain\nX: y"},
		"too large":       {Name: "a.bin", ContentType: "application/octet-stream", Data: make([]byte, mail.MaxAttachmentBytes+1)},
	} {
		m := base
		m.Attachments = []mail.Attachment{a}
		if err := m.Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
