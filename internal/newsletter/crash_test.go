package newsletter_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
	"github.com/cantieri/cantieri/internal/platform/proctest"
	"github.com/cantieri/cantieri/internal/territory"
	"github.com/cantieri/cantieri/migrations"
)

// The crash test's size: CANTIERI_NEWSLETTER_CRASH_N subscribers (20,000
// by default, 2,000 with -short; the full run is 100,000, see
// docs/newsletter.md) and CANTIERI_NEWSLETTER_CRASH_CONNS connections (4).
func crashSize(t *testing.T) (n, conns int) {
	n, conns = 20_000, 4
	if testing.Short() {
		n = 2_000
	}
	if v := os.Getenv("CANTIERI_NEWSLETTER_CRASH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 100 {
			t.Fatalf("CANTIERI_NEWSLETTER_CRASH_N=%q: want a number ≥ 100", v)
		}
	}
	if v := os.Getenv("CANTIERI_NEWSLETTER_CRASH_CONNS"); v != "" {
		var err error
		if conns, err = strconv.Atoi(v); err != nil || conns < 1 || conns > newsletter.MaxConnections {
			t.Fatalf("CANTIERI_NEWSLETTER_CRASH_CONNS=%q: want 1…%d", v, newsletter.MaxConnections)
		}
	}
	return n, conns
}

// TestCrashMidSendSkipsNoOneAndResendsOnlyWhatWasInFlight runs the real
// sending path as a separate process (`cantieri newsletter send`) for a
// campaign to many subscribers, kills it with SIGKILL half-way, starts it
// again, and checks with the SMTP server's log that every subscriber got
// the message, that the duplicates are no more than the connections
// (the messages that can be in flight at once) and that each duplicate
// carries the Message-ID of the first attempt. It prints the rates
// measured; run it with -v to see them.
func TestCrashMidSendSkipsNoOneAndResendsOnlyWhatWasInFlight(t *testing.T) {
	n, conns := crashSize(t)
	bin := proctest.Build(t)
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "crash.db")
		crashTest(t, bin, path, n, conns)
	})
	t.Run("postgres", func(t *testing.T) {
		crashTest(t, bin, dbtest.PostgresURL(t), n, conns)
	})
}

func crashTest(t *testing.T, bin, dsn string, n, conns int) {
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, migrations.FS); err != nil {
		t.Fatal(err)
	}
	if err := territory.LoadReference(ctx, d); err != nil {
		t.Fatal(err)
	}

	var csv bytes.Buffer
	csv.WriteString("email;nome;territori;consenso\n")
	for i := range n {
		fmt.Fprintf(&csv, "iscritto%d@example.org;Iscritto %d;lunigiana|apuane;sì\n", i, i)
	}
	rep, err := newsletter.NewService(d, baseURL, testLog(t)).Import(ctx, &csv, newsletter.ImportOptions{Lang: i18n.IT, ActorLabel: "crash test"})
	if err != nil || rep.Added != n {
		t.Fatalf("import: %v %+v", err, rep)
	}
	t.Logf("%s: imported %d subscribers from CSV in %s (%.0f rows/s)", d.Engine, n, rep.Elapsed.Round(time.Millisecond), float64(n)/rep.Elapsed.Seconds())

	srv := mailtest.Start(t)
	srv.EnvelopeOnly()
	cfg := srv.Config()
	id := campaign(t, d, newsletter.CampaignInput{Subject: "Notizie per {{nome}}", Body: "Ciao **{{nome}}**,\n\nnovità dai Cantieri della Salute.\n\n[Cambia le preferenze]({{link_preferenze}})", Connections: conns})
	started := time.Now()
	if _, err := sender(t, d, cfg).Start(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: send log of %d recipients written in %s", d.Engine, n, time.Since(started).Round(time.Millisecond))

	args := []string{"newsletter", "send", "--database", dsn, "--data", t.TempDir(), "--base-url", baseURL,
		"--smtp-host", cfg.Host, "--smtp-port", strconv.Itoa(cfg.Port), "--smtp-tls", "none", "--smtp-from", cfg.From,
		"--lease", "1s", "--log-level", "warn", strconv.FormatInt(id, 10)}

	// Run 1: killed with SIGKILL half-way.
	var out1 bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Env = proctest.CleanEnv()
	cmd.Stdout, cmd.Stderr = &out1, &out1
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var first time.Time
	deadline := time.Now().Add(time.Duration(n/50+60) * time.Second)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for srv.Count() < n/2 {
		if first.IsZero() && srv.Count() > 0 {
			first = time.Now()
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("only %d messages after %s; output:\n%s", srv.Count(), time.Since(started), out1.String())
		}
		<-tick.C
	}
	atKill, killedAt := srv.Count(), time.Now()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	time.Sleep(100 * time.Millisecond)
	afterKill := srv.Count()
	rate1 := float64(atKill) / killedAt.Sub(first).Seconds()
	p := states(t, d, id)
	t.Logf("%s: run 1 killed with SIGKILL after %d messages at %.0f messages/s; the log then said sent %d, claimed (sending) %d, pending %d",
		d.Engine, atKill, rate1, p.Sent, p.Sending, p.Pending)
	if p.Sending == 0 || p.Sent+p.Sending+p.Pending != n {
		t.Fatalf("the kill left an unexpected log: %+v", p)
	}

	// Run 2: the same command finishes the campaign.
	var out2 bytes.Buffer
	serverCPU := processCPU(t)
	restart := time.Now()
	cmd = exec.Command(bin, args...)
	cmd.Env = proctest.CleanEnv()
	cmd.Stdout, cmd.Stderr = &out2, &out2
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var resumed time.Time
	var runErr error
wait:
	for {
		select {
		case runErr = <-exited:
			break wait
		case <-tick.C:
			if resumed.IsZero() && srv.Count() > afterKill {
				resumed = time.Now()
			}
		}
	}
	finished := time.Now()
	serverCPU = processCPU(t) - serverCPU
	senderCPU := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if runErr != nil {
		t.Fatalf("run 2: %v\n%s", runErr, out2.String())
	}
	t.Logf("%s: run 2 resumed %s after its start (the dead run's lease is 1 s); it says: %s", d.Engine, resumed.Sub(restart).Round(time.Millisecond),
		strings.ReplaceAll(strings.TrimSpace(out2.String()), "\n", " | "))

	msgs := srv.Messages()
	got := byRecipient(msgs)
	dups := 0
	for i := range n {
		addr := fmt.Sprintf("iscritto%d@example.org", i)
		ms := got[addr]
		if len(ms) == 0 {
			t.Fatalf("%s never got the message", addr)
		}
		for _, m := range ms[1:] {
			dups++
			if m.MessageID != ms[0].MessageID || m.MessageID == "" {
				t.Fatalf("%s got a duplicate with Message-ID %q, the first had %q", addr, m.MessageID, ms[0].MessageID)
			}
		}
	}
	if len(got) != n {
		t.Fatalf("messages went to %d addresses, want %d", len(got), n)
	}
	if dups > conns {
		t.Fatalf("%d duplicates, more than the %d connections that can each have one message in flight", dups, conns)
	}
	p = states(t, d, id)
	c, err := newsletter.GetCampaign(ctx, d, id)
	if err != nil || c.State != newsletter.CampaignSent || p.Sent != n {
		t.Fatalf("campaign %+v (%v), log %+v", c.State, err, p)
	}
	rate2 := float64(len(msgs)-afterKill) / finished.Sub(resumed).Seconds()
	perMsg := func(d time.Duration) time.Duration { return d / time.Duration(max(len(msgs)-afterKill, 1)) }
	t.Logf("%s: processor time per message in run 2: the sender %s (SMTP client, rendering, %s), the test process %s (the SMTP server and the test's polling)",
		d.Engine, perMsg(senderCPU), d.Engine, perMsg(serverCPU))
	overall := float64(len(msgs)) / (killedAt.Sub(first) + finished.Sub(resumed)).Seconds()
	t.Logf("%s: %d subscribers, %d connections: every one got the message; %d messages in all, %d duplicates (bound: %d), each with the first attempt's Message-ID; "+
		"%.0f messages/s before the kill, %.0f after the restart, %.0f overall",
		d.Engine, n, conns, len(msgs), dups, conns, rate1, rate2, overall)
}

// processCPU is the processor time this process has used.
func processCPU(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
