package newsletter_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
	"github.com/cantieri/cantieri/internal/territory"
)

func testLog(t testing.TB) *slog.Logger {
	if os.Getenv("CANTIERI_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

const baseURL = "https://cantieri.example"

// importCSV imports a CSV text and fails the test on an error.
func importCSV(t testing.TB, d *db.DB, csv string) *newsletter.ImportReport {
	t.Helper()
	ctx := context.Background()
	if err := territory.LoadReference(ctx, d); err != nil {
		t.Fatal(err)
	}
	rep, err := newsletter.NewService(d, baseURL, testLog(t)).Import(ctx, strings.NewReader(csv), newsletter.ImportOptions{Lang: i18n.IT, ActorLabel: "test"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

// subscribers adds n confirmed subscribers u0…@example.org (consent
// stated in the CSV).
func subscribers(t testing.TB, d *db.DB, n int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("email;nome;consenso\n")
	for i := range n {
		fmt.Fprintf(&b, "u%d@example.org;Utente %d;sì\n", i, i)
	}
	rep := importCSV(t, d, b.String())
	if rep.Added != n || rep.Confirmed != n {
		t.Fatalf("import of %d subscribers: %+v", n, rep)
	}
}

// campaign creates a regional draft.
func campaign(t testing.TB, d *db.DB, in newsletter.CampaignInput) int64 {
	t.Helper()
	if in.Connections == 0 {
		in.Connections = 4
	}
	id, err := newsletter.CreateCampaign(context.Background(), d, in, "", newsletter.Actor{Label: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// sender returns a sender to srv with a short lease.
func sender(t testing.TB, d *db.DB, cfg mail.Config) *newsletter.Sender {
	s := newsletter.NewSender(d, cfg, baseURL, testLog(t))
	s.Lease = 2 * time.Second
	return s
}

// startAndSend starts a draft and sends it to the end.
func startAndSend(t testing.TB, s *newsletter.Sender, id int64) newsletter.Result {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Start(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	res, err := s.Send(ctx, id)
	if err != nil {
		t.Fatalf("send: %v (%+v)", err, res)
	}
	return res
}

// states counts the send log of a campaign by state.
func states(t testing.TB, d *db.DB, id int64) newsletter.Progress {
	t.Helper()
	p, err := newsletter.GetProgress(context.Background(), d, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// byRecipient groups accepted messages by envelope recipient.
func byRecipient(msgs []mailtest.Received) map[string][]mailtest.Received {
	out := map[string][]mailtest.Received{}
	for _, m := range msgs {
		for _, to := range m.To {
			out[strings.ToLower(to)] = append(out[strings.ToLower(to)], m)
		}
	}
	return out
}
