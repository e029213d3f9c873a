package mail_test

import (
	"context"
	"errors"
	"log/slog"
	"mime"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func testLog(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// longLink is longer than a quoted-printable line, so it is soft-wrapped on
// the wire and must come back whole.
const longLink = "https://cantieri.example/account/verify?token=Zm9vYmFyYmF6cXV4cXV1eHF1dXpxdXV6cXV1eHF1dXpxdXV6cXV1eA&lang=it"

func verification(to string) mail.Message {
	return mail.Message{
		To:      to,
		Subject: "Conferma il tuo indirizzo — Cantieri della Salute",
		Text:    "Ciao,\n\napri questo collegamento per confermare l'indirizzo:\n" + longLink + "\n\nGrazie, è tutto.\n",
		HTML:    `<p>Ciao,</p><p><a href="` + longLink + `">Conferma l'indirizzo</a></p><p>Grazie, è tutto.</p>`,
		Headers: map[string]string{"X-Cantieri-Kind": "account.verify"},
	}
}

// runQueue runs a queue with the sender registered until the test ends.
func runQueue(t *testing.T, d *db.DB, s *mail.Sender) *jobs.Queue {
	t.Helper()
	q := jobs.NewQueue(d, testLog(t), jobs.Options{
		PollInterval: 20 * time.Millisecond,
		Backoff:      func(int) time.Duration { return 20 * time.Millisecond },
	})
	q.Register(mail.KindSend, s.Handle)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = q.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return q
}

// waitJob polls until the only mail job is in state.
func waitJob(t *testing.T, d *db.DB, state string) jobs.Row {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		rows, err := jobs.List(context.Background(), d, "", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 && rows[0].State == state {
			return rows[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("mail job not %s: %+v", state, rows)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestQueuedMailIsDeliveredOverSMTPWithHeadersAndBothParts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		s := mail.NewSender(d, srv.Config(), testLog(t))
		q := runQueue(t, d, s)
		ctx := context.Background()

		// A feature queues the e-mail with the change that causes it.
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO health_authorities (id, name) VALUES (?, ?)`, "asl-nord", "ASL Nord"); err != nil {
				return err
			}
			return mail.Enqueue(ctx, tx, verification("Maria Rossi <maria@example.org>"))
		})
		if err != nil {
			t.Fatal(err)
		}
		q.Notify()

		got := srv.WaitFor(t, "maria@example.org", 1, 20*time.Second)[0]
		if got.DecodeError != "" {
			t.Fatalf("decode: %s\n%s", got.DecodeError, got.Data)
		}
		if got.From != "noreply@cantieri.test" {
			t.Errorf("envelope sender %q", got.From)
		}
		if got.Subject != "Conferma il tuo indirizzo — Cantieri della Salute" {
			t.Errorf("subject %q", got.Subject)
		}
		from, err := netmail.ParseAddress(got.Header.Get("From"))
		if err != nil || from.Address != "noreply@cantieri.test" || from.Name != "Cantieri della Salute" {
			t.Errorf("From %q: %v", got.Header.Get("From"), err)
		}
		to, err := netmail.ParseAddress(got.Header.Get("To"))
		if err != nil || to.Address != "maria@example.org" || to.Name != "Maria Rossi" {
			t.Errorf("To %q: %v", got.Header.Get("To"), err)
		}
		if !strings.HasPrefix(got.MessageID, "<") || !strings.HasSuffix(got.MessageID, "@cantieri.test>") || len(got.MessageID) < 20 {
			t.Errorf("Message-ID %q is not <random@domain-of-From>", got.MessageID)
		}
		if date, err := got.Header.Date(); err != nil || time.Since(date) > time.Hour || time.Until(date) > time.Hour {
			t.Errorf("Date %q: %v", got.Header.Get("Date"), err)
		}
		if got.Header.Get("X-Cantieri-Kind") != "account.verify" {
			t.Errorf("extra header lost: %v", got.Header)
		}
		if mt, _, _ := mime.ParseMediaType(got.Header.Get("Content-Type")); mt != "multipart/alternative" {
			t.Errorf("Content-Type %q, want multipart/alternative", got.Header.Get("Content-Type"))
		}
		if links := got.Links(); len(links) != 1 || links[0] != longLink {
			t.Errorf("links in the text part: %q", links)
		}
		if !strings.Contains(got.Text, "Grazie, è tutto.") {
			t.Errorf("text part %q", got.Text)
		}
		if !strings.Contains(got.HTML, `<a href="`+longLink+`">`) {
			t.Errorf("HTML part %q", got.HTML)
		}
		waitJob(t, d, jobs.StateDone)
		if rows, total, err := mail.ListOutbox(ctx, d, 10, 0); err != nil || total != 0 || len(rows) != 0 {
			t.Errorf("SMTP mail also went to the outbox: %d, %v", total, err)
		}
	})
}

func TestTextOnlyMailIsNotMultipart(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.NewSender(nil, srv.Config(), testLog(t))
	m := verification("luca@example.org")
	m.HTML = ""
	m.MessageID = "<fixed-1@cantieri.test>"
	if err := s.SendNow(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, "luca@example.org", 1, 10*time.Second)[0]
	if mt, params, _ := mime.ParseMediaType(got.Header.Get("Content-Type")); mt != "text/plain" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("Content-Type %q", got.Header.Get("Content-Type"))
	}
	if got.HTML != "" || got.Links()[0] != longLink || got.MessageID != "<fixed-1@cantieri.test>" {
		t.Errorf("got text %q html %q id %q", got.Text, got.HTML, got.MessageID)
	}
}

func TestMailGoesToOutboxWithoutSMTP(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := mail.NewSender(d, mail.Config{From: "Cantieri <noreply@asl.example>"}, testLog(t))
		runQueue(t, d, s)
		if err := mail.Enqueue(ctx, d, verification("anna@example.org")); err != nil {
			t.Fatal(err)
		}
		if j := waitJob(t, d, jobs.StateDone); j.Kind != mail.KindSend || j.MaxAttempts < 12 {
			t.Errorf("mail job %+v: an SMTP outage of an hour would kill it", j)
		}

		rows, total, err := mail.ListOutbox(ctx, d, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(rows) != 1 {
			t.Fatalf("outbox has %d (%d rows), want 1", total, len(rows))
		}
		r := rows[0]
		want := verification("anna@example.org")
		if r.To != want.To || r.Subject != want.Subject || r.Text != want.Text || r.HTML != want.HTML {
			t.Errorf("outbox row %+v", r)
		}
		if !strings.HasSuffix(r.MessageID, "@asl.example>") || time.Since(r.CreatedAt) > time.Hour {
			t.Errorf("message id %q, created %v", r.MessageID, r.CreatedAt)
		}
		one, err := mail.GetOutbox(ctx, d, r.ID)
		if err != nil || one != r {
			t.Errorf("GetOutbox = %+v, %v; want %+v", one, err, r)
		}
		if _, err := mail.GetOutbox(ctx, d, r.ID+1000); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("GetOutbox of a missing id: %v", err)
		}
	})
}

func TestOutboxPagesNewestFirst(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := mail.NewSender(d, mail.Config{From: "noreply@asl.example"}, testLog(t))
		for i := range 5 {
			m := verification("u" + strconv.Itoa(i) + "@example.org")
			if err := s.SendNow(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		page, total, err := mail.ListOutbox(ctx, d, 2, 1)
		if err != nil {
			t.Fatal(err)
		}
		if total != 5 || len(page) != 2 || page[0].To != "u3@example.org" || page[1].To != "u2@example.org" {
			t.Fatalf("page: total %d, %+v", total, page)
		}
	})
}

func TestRetriedOutboxJobStoresTheMessageOnce(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := mail.Enqueue(ctx, d, verification("anna@example.org")); err != nil {
			t.Fatal(err)
		}
		rows, err := jobs.List(ctx, d, "", 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		var payload string
		if err := d.QueryRow(ctx, `SELECT payload FROM jobs WHERE id = ?`, rows[0].ID).Scan(&payload); err != nil {
			t.Fatal(err)
		}
		s := mail.NewSender(d, mail.Config{From: "noreply@asl.example"}, testLog(t))
		j := jobs.Job{ID: rows[0].ID, Kind: mail.KindSend, Payload: []byte(payload), Attempt: 1}
		for range 2 { // the second run is a retry after a lost outcome
			if err := s.Handle(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		if _, total, err := mail.ListOutbox(ctx, d, 10, 0); err != nil || total != 1 {
			t.Fatalf("outbox has %d messages after a retry, want 1 (%v)", total, err)
		}
	})
}

func TestPermanentSMTPRefusalKillsTheJob(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		srv.RejectNext(550)
		runQueue(t, d, mail.NewSender(d, srv.Config(), testLog(t)))
		if err := mail.Enqueue(context.Background(), d, verification("nobody@example.org")); err != nil {
			t.Fatal(err)
		}
		r := waitJob(t, d, jobs.StateDead)
		if r.Attempts != 1 || !strings.Contains(r.LastError, "550") {
			t.Fatalf("job after a 550: %+v", r)
		}
		if len(srv.Messages()) != 0 || len(srv.Rejected()) != 1 {
			t.Fatalf("server accepted %d, refused %d", len(srv.Messages()), len(srv.Rejected()))
		}
	})
}

func TestTemporarySMTPRefusalIsRetriedWithTheSameMessageID(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t)
		srv.RejectNext(451)
		srv.RejectNext(421)
		runQueue(t, d, mail.NewSender(d, srv.Config(), testLog(t)))
		if err := mail.Enqueue(context.Background(), d, verification("maria@example.org")); err != nil {
			t.Fatal(err)
		}
		got := srv.WaitFor(t, "maria@example.org", 1, 20*time.Second)
		r := waitJob(t, d, jobs.StateDone)
		refused := srv.Rejected()
		if len(refused) != 2 || len(got) != 1 || r.Attempts != 3 {
			t.Fatalf("refused %d, delivered %d, attempts %d", len(refused), len(got), r.Attempts)
		}
		id := got[0].MessageID
		if id == "" || refused[0].MessageID != id || refused[1].MessageID != id {
			t.Fatalf("Message-IDs across attempts: %q, %q, then %q", refused[0].MessageID, refused[1].MessageID, id)
		}
	})
}

func TestSendNowClassifiesFailures(t *testing.T) {
	srv := mailtest.Start(t)
	s := mail.NewSender(nil, srv.Config(), testLog(t))
	ctx := context.Background()
	cases := []struct {
		code      int
		permanent bool
	}{{550, true}, {554, true}, {451, false}, {452, false}}
	for _, c := range cases {
		srv.RejectNext(c.code)
		err := s.SendNow(ctx, verification("x@example.org"))
		if err == nil || !strings.Contains(err.Error(), strconv.Itoa(c.code)) {
			t.Errorf("%d: error %v", c.code, err)
			continue
		}
		if jobs.IsPermanent(err) != c.permanent {
			t.Errorf("%d: permanent = %v, want %v (%v)", c.code, jobs.IsPermanent(err), c.permanent, err)
		}
	}

	// Nothing listening: worth retrying.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := srv.Config()
	cfg.Port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	err = mail.NewSender(nil, cfg, testLog(t)).SendNow(ctx, verification("x@example.org"))
	if err == nil || jobs.IsPermanent(err) {
		t.Errorf("connection refused: %v (permanent %v)", err, jobs.IsPermanent(err))
	}

	// An invalid message can never be sent.
	if err := s.SendNow(ctx, mail.Message{To: "not an address", Text: "x"}); !jobs.IsPermanent(err) {
		t.Errorf("invalid message: %v", err)
	}
}

func TestEnqueueRefusesInvalidMessages(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		bad := map[string]mail.Message{
			"no recipient":        {Subject: "s", Text: "t"},
			"bad recipient":       {To: "maria at example", Text: "t"},
			"header injection":    {To: "a@example.org", Subject: "hi\r\nBcc: evil@example.org", Text: "t"},
			"no text":             {To: "a@example.org", HTML: "<p>only html</p>"},
			"reserved header":     {To: "a@example.org", Text: "t", Headers: map[string]string{"from": "evil@example.org"}},
			"bad header name":     {To: "a@example.org", Text: "t", Headers: map[string]string{"X Bad": "v"}},
			"header value break":  {To: "a@example.org", Text: "t", Headers: map[string]string{"X-Ok": "v\nBcc: x@y"}},
			"malformed MessageID": {To: "a@example.org", Text: "t", MessageID: "no-brackets@x"},
		}
		for name, m := range bad {
			if err := mail.Enqueue(ctx, d, m); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if rows, _ := jobs.List(ctx, d, "", 10, 0); len(rows) != 0 {
			t.Errorf("invalid messages queued %d jobs", len(rows))
		}
	})
}

func TestConfigValidate(t *testing.T) {
	good := mail.Config{Host: "smtp.example.org", From: "Cantieri <noreply@example.org>", TLS: "starttls"}
	if err := good.Validate(); err != nil || !good.Enabled() {
		t.Fatalf("good config: %v", err)
	}
	if (mail.Config{}).Enabled() {
		t.Error("empty config enabled")
	}
	for _, c := range []mail.Config{
		{Host: "h", From: "not an address"},
		{Host: "h", From: "a@example.org", TLS: "ssl"},
		{Host: "h", From: "a@example.org", Port: 70000},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}
