package newsletter_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

func TestEverySubscriberGetsOneMessageWithItsFixedMessageID(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		subscribers(t, d, 200)
		id := campaign(t, d, newsletter.CampaignInput{Subject: "Notizie per {{nome}}", Body: "Ciao **{{nome}}**,\n\nnovità dai Cantieri.\n\n[Disiscriviti]({{link_disiscrizione}})"})
		res := startAndSend(t, sender(t, d, srv.Config()), id)
		if !res.Finished || res.Sent != 200 || res.Failed != 0 {
			t.Fatalf("result %+v", res)
		}
		got := byRecipient(srv.Messages())
		for i := range 200 {
			addr := fmt.Sprintf("u%d@example.org", i)
			ms := got[addr]
			if len(ms) != 1 {
				t.Fatalf("%s got %d messages", addr, len(ms))
			}
			var want string
			if err := d.QueryRow(context.Background(), `SELECT n.message_id FROM newsletter_sends n JOIN newsletter_subscribers s ON s.id = n.subscriber_id
				WHERE n.campaign_id = ? AND s.email = ?`, id, addr).Scan(&want); err != nil {
				t.Fatal(err)
			}
			if ms[0].MessageID != want {
				t.Fatalf("%s: Message-ID %q, the send log says %q", addr, ms[0].MessageID, want)
			}
		}
		p := states(t, d, id)
		if p.Sent != 200 || p.Pending+p.Sending+p.Failed != 0 {
			t.Fatalf("send log %+v", p)
		}
		c, _ := newsletter.GetCampaign(context.Background(), d, id)
		if c.State != newsletter.CampaignSent || c.FinishedAt.IsZero() {
			t.Fatalf("campaign %s, finished %v", c.State, c.FinishedAt)
		}
	})
}

func TestMessageHasBothPartsPlaceholdersAndOneClickHeaders(t *testing.T) {
	d := dbtest.SQLite(t)
	srv := mailtest.Start(t)
	importCSV(t, d, "email;nome;consenso;lingua\nmaria@example.org;Maria <Rossi>;sì;it\njohn@example.org;John;sì;en\n")
	id := campaign(t, d, newsletter.CampaignInput{Subject: "Notizie per {{nome}}", Body: "Ciao **{{nome}}** ({{email}}),\n\n[Disiscriviti]({{link_disiscrizione}}) · [sul sito]({{link_archivio}})"})
	startAndSend(t, sender(t, d, srv.Config()), id)

	m := srv.WaitFor(t, "maria@example.org", 1, 10*time.Second)[0]
	if m.DecodeError != "" {
		t.Fatal(m.DecodeError)
	}
	if m.Subject != "Notizie per Maria <Rossi>" {
		t.Errorf("subject %q", m.Subject)
	}
	if !strings.Contains(m.HTML, "<strong>Maria &lt;Rossi&gt;</strong>") || strings.Contains(m.HTML, "<Rossi>") {
		t.Errorf("the name is not escaped in the HTML part:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "Ciao **Maria <Rossi>** (maria@example.org)") {
		t.Errorf("text part:\n%s", m.Text)
	}
	unsub := m.Header.Get("List-Unsubscribe")
	parts := strings.Split(unsub, ",")
	if len(parts) != 2 || !strings.HasPrefix(strings.TrimSpace(parts[0]), "<"+baseURL+"/newsletter/disiscriviti?t=") ||
		!strings.HasPrefix(strings.TrimSpace(parts[1]), "<mailto:noreply@cantieri.test?subject=unsubscribe") {
		t.Errorf("List-Unsubscribe %q", unsub)
	}
	if got := m.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post %q", got)
	}
	link := strings.Trim(strings.TrimSpace(parts[0]), "<>")
	if !strings.Contains(m.HTML, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) || !strings.Contains(m.Text, link) {
		t.Errorf("the unsubscribe link of the header is not in both parts")
	}
	if !strings.Contains(m.HTML, baseURL+"/newsletter/archivio/") || !strings.Contains(m.HTML, `lang="it"`) {
		t.Errorf("archive link or language missing:\n%s", m.HTML)
	}
	if en := srv.WaitFor(t, "john@example.org", 1, 10*time.Second)[0]; !strings.Contains(en.Text, "Unsubscribe with one click") {
		t.Errorf("the English subscriber's footer:\n%s", en.Text)
	}
}

func TestRefusedRecipientIsFailedWithTheReplyAndTheOthersGoOn(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		subscribers(t, d, 30)
		srv.RejectNext(550)
		id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: "b"})
		res := startAndSend(t, sender(t, d, srv.Config()), id)
		if !res.Finished || res.Sent != 29 || res.Failed != 1 {
			t.Fatalf("result %+v", res)
		}
		if len(srv.Messages()) != 29 || len(srv.Rejected()) != 1 {
			t.Fatalf("accepted %d, refused %d", len(srv.Messages()), len(srv.Rejected()))
		}
		fails, err := newsletter.Failures(context.Background(), d, id, 10)
		if err != nil {
			t.Fatal(err)
		}
		refused := srv.Rejected()[0].To[0]
		if len(fails) != 1 || fails[0].Email != refused || !strings.Contains(fails[0].Error, "550") {
			t.Fatalf("failures %+v, refused %s", fails, refused)
		}
	})
}

func TestRecipientRefusedForNowIsTriedAgainWithTheSameMessageID(t *testing.T) {
	d := dbtest.SQLite(t)
	srv := mailtest.Start(t)
	subscribers(t, d, 5)
	srv.RejectNext(451)
	id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: "b"})
	s := sender(t, d, srv.Config())
	s.Later = 200 * time.Millisecond
	res := startAndSend(t, s, id)
	if !res.Finished || res.Sent != 5 || res.Later != 1 {
		t.Fatalf("result %+v", res)
	}
	refused := srv.Rejected()[0]
	again := srv.To(refused.To[0])
	if len(again) != 1 || again[0].MessageID != refused.MessageID {
		t.Fatalf("the retry of %s: %d messages, Message-ID %q then %+v", refused.To[0], len(again), refused.MessageID, again)
	}
}

// TestDroppedConnectionsAreReopenedAndNothingIsLost stops the SMTP server
// in the middle of a send and starts it again on the same port: the
// sender reconnects with backoff and sends the rest; a message whose
// acceptance was lost with the connection is sent again with its
// Message-ID (at most one per connection).
func TestDroppedConnectionsAreReopenedAndNothingIsLost(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		const n, conns = 300, 3
		srv := mailtest.Start(t)
		addr := srv.Addr()
		subscribers(t, d, n)
		id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: "b", Connections: conns, Rate: 150})
		s := sender(t, d, srv.Config())
		if _, err := s.Start(context.Background(), id, true); err != nil {
			t.Fatal(err)
		}
		var res newsletter.Result
		var sendErr error
		done := make(chan struct{})
		go func() { res, sendErr = s.Send(context.Background(), id); close(done) }()

		for srv.Count() < n/3 {
			time.Sleep(5 * time.Millisecond)
		}
		srv.Close()
		first := srv.Messages()
		time.Sleep(400 * time.Millisecond)
		srv2, err := mailtest.Listen(addr)
		if err != nil {
			t.Fatal(err)
		}
		defer srv2.Close()
		<-done
		if sendErr != nil || !res.Finished {
			t.Fatalf("send: %v %+v", sendErr, res)
		}
		all := byRecipient(append(first, srv2.Messages()...))
		dups := 0
		for i := range n {
			ms := all[fmt.Sprintf("u%d@example.org", i)]
			if len(ms) == 0 {
				t.Fatalf("u%d got nothing", i)
			}
			for _, m := range ms[1:] {
				dups++
				if m.MessageID != ms[0].MessageID {
					t.Fatalf("u%d: a second message with another Message-ID", i)
				}
			}
		}
		if dups > conns {
			t.Fatalf("%d duplicates after one outage with %d connections", dups, conns)
		}
		t.Logf("duplicates after the outage: %d (at most %d)", dups, conns)
	})
}

func TestPauseStopsTheSendAndResumeFinishesItWithoutDuplicates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := mailtest.Start(t)
		subscribers(t, d, 400)
		id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: "b", Rate: 200})
		s := sender(t, d, srv.Config())
		if _, err := s.Start(ctx, id, true); err != nil {
			t.Fatal(err)
		}
		var res newsletter.Result
		var err error
		var wg sync.WaitGroup
		wg.Go(func() { res, err = s.Send(ctx, id) })
		for srv.Count() < 50 {
			time.Sleep(5 * time.Millisecond)
		}
		if err := newsletter.Pause(ctx, d, id, newsletter.Actor{Label: "test"}); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		if err != nil || !res.Paused || res.Finished {
			t.Fatalf("after the pause: %v %+v", err, res)
		}
		p := states(t, d, id)
		if p.Sending != 0 || p.Pending == 0 || p.Sent != srv.Count() {
			t.Fatalf("after the pause the log says %+v and the server has %d", p, srv.Count())
		}
		if err := newsletter.Resume(ctx, d, id, newsletter.Actor{Label: "test"}); err != nil {
			t.Fatal(err)
		}
		res, err = s.Send(ctx, id)
		if err != nil || !res.Finished {
			t.Fatalf("after the resume: %v %+v", err, res)
		}
		if got := len(byRecipient(srv.Messages())); got != 400 || srv.Count() != 400 {
			t.Fatalf("%d recipients, %d messages", got, srv.Count())
		}
	})
}

func TestSubscribersGoneSinceTheStartAreSkipped(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	srv := mailtest.Start(t)
	subscribers(t, d, 10)
	id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: "b"})
	s := sender(t, d, srv.Config())
	if n, err := s.Start(ctx, id, true); err != nil || n != 10 {
		t.Fatalf("start: %d, %v", n, err)
	}
	svc := newsletter.NewService(d, baseURL, testLog(t))
	sub, err := newsletter.SubscriberByEmail(ctx, d, "u3@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Unsubscribe(ctx, sub, "", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.MarkBounces(ctx, strings.NewReader("u4@example.org\n"), "", newsletter.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := s.Send(ctx, id)
	if err != nil || res.Sent != 8 || res.Skipped != 2 {
		t.Fatalf("%v %+v", err, res)
	}
	if len(srv.To("u3@example.org"))+len(srv.To("u4@example.org")) != 0 {
		t.Fatal("a message went to an address that left")
	}
}

func TestASecondSenderWaitsForTheLease(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	srv := mailtest.Start(t)
	subscribers(t, d, 60)
	id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: "b", Rate: 100})
	a := sender(t, d, srv.Config())
	if _, err := a.Start(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { _, err := a.Send(ctx, id); done <- err }()
	for srv.Count() == 0 {
		time.Sleep(time.Millisecond)
	}
	b := sender(t, d, srv.Config())
	if _, err := b.Send(ctx, id); !errors.Is(err, newsletter.ErrBusy) {
		t.Fatalf("a second sender: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if srv.Count() != 60 {
		t.Fatalf("%d messages", srv.Count())
	}
}

func TestWithoutSMTPTheMessagesGoToTheOutbox(t *testing.T) {
	d := dbtest.SQLite(t)
	subscribers(t, d, 5)
	id := campaign(t, d, newsletter.CampaignInput{Subject: "Ciao {{nome}}", Body: "b"})
	res := startAndSend(t, sender(t, d, mail.Config{From: "Cantieri <noreply@asl.example>"}), id)
	if !res.Finished || res.Sent != 5 {
		t.Fatalf("%+v", res)
	}
	rows, total, err := mail.ListOutbox(context.Background(), d, 10, 0)
	if err != nil || total != 5 || !strings.HasPrefix(rows[0].Subject, "Ciao Utente") || !strings.HasSuffix(rows[0].MessageID, "@asl.example>") {
		t.Fatalf("outbox: %d %v %+v", total, err, rows)
	}
}

func TestThePlainPathWithoutPipeliningRefusesAndRetriesTheSameWay(t *testing.T) {
	d := dbtest.SQLite(t)
	srv := mailtest.Start(t)
	subscribers(t, d, 20)
	srv.RejectNext(550)
	srv.RejectNext(451)
	id := campaign(t, d, newsletter.CampaignInput{Subject: "Ciao {{nome}}", Body: ".inizia con un punto\n\n..e due"})
	s := sender(t, d, srv.Config())
	s.Later = 200 * time.Millisecond
	newsletter.PlainSMTP(s)
	res := startAndSend(t, s, id)
	if !res.Finished || res.Sent != 19 || res.Failed != 1 || res.Later != 1 {
		t.Fatalf("%+v", res)
	}
	m := srv.Messages()[0]
	if !strings.HasPrefix(m.Text, ".inizia con un punto\n\n..e due") {
		t.Fatalf("dot-stuffing: %q", m.Text)
	}
}

func TestLinesStartingWithADotSurviveThePipelinedPath(t *testing.T) {
	d := dbtest.SQLite(t)
	srv := mailtest.Start(t)
	subscribers(t, d, 1)
	id := campaign(t, d, newsletter.CampaignInput{Subject: "s", Body: ".\n\n.inizia con un punto\n\n..e due\n\n."})
	startAndSend(t, sender(t, d, srv.Config()), id)
	m := srv.WaitFor(t, "u0@example.org", 1, 10*time.Second)[0]
	if !strings.HasPrefix(m.Text, ".\n\n.inizia con un punto\n\n..e due\n\n.\n\n-- \n") || m.DecodeError != "" {
		t.Fatalf("text %q %s", m.Text, m.DecodeError)
	}
}
