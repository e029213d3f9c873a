package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/territory"
)

// newsletterCmd runs `cantieri newsletter send|import|bounces …`: the
// operator's tools for what the admin screens also do, for lists too big
// to upload or a send to watch in the foreground.
func newsletterCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("newsletter", stdout)
	connections := fs.Int("connections", 0, "send: SMTP connections in parallel, instead of the campaign's setting")
	rate := fs.Int("rate", 0, "send: messages per second, instead of the campaign's setting (-1: no limit)")
	lease := fs.Duration("lease", 30*time.Second, "send: how long the campaign stays reserved to this process without news from it (after a crash, the next sender waits this long)")
	consentRef := fs.String("consent-ref", "", "import: where the consent stated by the file was collected")
	lang := fs.String("lang", "it", "import: language of rows that name none (it or en)")
	note := fs.String("note", "", "bounces: a note kept with each bounce")
	fs.Usage = func() {
		fmt.Fprintln(stdout, "Usage: cantieri newsletter send CAMPAIGN_ID | import FILE.csv | bounces FILE [flags]")
		fmt.Fprintln(stdout, "\n  send     start the campaign now if it is a draft or scheduled, and send it to the end")
		fmt.Fprintln(stdout, "           in the foreground (Ctrl-C stops it cleanly; it resumes from where it stopped);")
		fmt.Fprintln(stdout, "           a campaign left half-sent by a crash resumes, re-sending only what was in flight")
		fmt.Fprintln(stdout, "  import   add the subscribers of a CSV file (see docs/newsletter.md) and print the report")
		fmt.Fprintln(stdout, "  bounces  mark the addresses listed in FILE (one per line, or CSV) as bouncing")
		fmt.Fprintln(stdout, "\nWithout --smtp-host, messages go to the outbox. Flags:")
		fs.PrintDefaults()
	}
	action, arg, cfg, help, err := parseAction(fs, args, "newsletter", "a campaign number or a file", "send", "import", "bounces")
	if help || err != nil {
		return err
	}
	log := cfg.Logger()
	d, err := openMigrated(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	mcfg := mail.Config{Host: cfg.SMTPHost, Port: cfg.SMTPPort, Username: cfg.SMTPUser, Password: cfg.SMTPPassword,
		From: cfg.SMTPFrom, TLS: cfg.SMTPTLS}
	if err := mcfg.Validate(); err != nil {
		return err
	}
	switch action {
	case "send":
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("%w: %q is not a campaign number", errUsage, arg)
		}
		s := newsletter.NewSender(d, mcfg, cfg.BaseURL, log)
		s.Lease, s.Connections, s.Rate = *lease, *connections, *rate
		return sendCampaign(ctx, s, id, stdout)
	case "import":
		if err := territory.LoadReference(ctx, d); err != nil {
			return err
		}
		f, err := os.Open(arg) // #nosec G304 G703 -- a CSV file named by the operator on the command line
		if err != nil {
			return err
		}
		defer f.Close()
		l, _ := i18n.Parse(*lang)
		rep, err := newsletter.NewService(d, cfg.BaseURL, log).Import(ctx, f, newsletter.ImportOptions{Lang: l, ConsentRef: *consentRef, ActorLabel: "cantieri newsletter import"})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Read %d rows in %s: %d new (%d confirmed by the consent column, %d sent a confirmation e-mail), %d already on the list, %d unsubscribed left out, %d duplicate rows merged, %d rejected.\n",
			rep.Rows, rep.Elapsed.Round(time.Millisecond), rep.Added, rep.Confirmed, rep.ToConfirm, rep.Existing, rep.Skipped, rep.Duplicates, rep.ErrorCount)
		for _, e := range rep.Errors {
			fmt.Fprintf(stdout, "  line %d: %s %s\n", e.Line, i18n.T(i18n.EN, e.Key), e.Arg)
		}
		return nil
	default:
		f, err := os.Open(arg) // #nosec G304 G703 -- a file named by the operator on the command line
		if err != nil {
			return err
		}
		defer f.Close()
		rep, err := newsletter.NewService(d, cfg.BaseURL, log).MarkBounces(ctx, f, *note, newsletter.ImportOptions{ActorLabel: "cantieri newsletter bounces"})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Read %d lines: %d subscribers marked as bouncing, %d already marked, %d not on the list, %d rejected.\n",
			rep.Lines, rep.Marked, rep.Already, rep.Unknown, rep.ErrorCount)
		for _, e := range rep.Errors {
			fmt.Fprintf(stdout, "  line %d: %s %s\n", e.Line, i18n.T(i18n.EN, e.Key), e.Arg)
		}
		return nil
	}
}

// sendCampaign starts the campaign if needed and sends it, waiting while
// another process holds it (its lease expires if that process died).
func sendCampaign(ctx context.Context, s *newsletter.Sender, id int64, stdout io.Writer) error {
	c, err := newsletter.GetCampaign(ctx, s.DB, id)
	if err != nil {
		return fmt.Errorf("campaign %d: %w", id, err)
	}
	switch c.State {
	case newsletter.CampaignDraft, newsletter.CampaignScheduled:
		n, err := s.Start(ctx, id, true)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Started campaign %d: %d recipients.\n", id, n)
	case newsletter.CampaignPaused:
		return fmt.Errorf("campaign %d is paused: resume it from its page first", id)
	case newsletter.CampaignSent:
		fmt.Fprintf(stdout, "Campaign %d was already sent.\n", id)
		return nil
	}
	if !s.Mail.Enabled() {
		fmt.Fprintln(stdout, "No --smtp-host: the messages go to the outbox.")
	}
	for waiting := false; ; {
		res, err := s.Send(ctx, id)
		if errors.Is(err, newsletter.ErrBusy) {
			if !waiting {
				fmt.Fprintf(stdout, "Another process holds the campaign; waiting for it to finish or for its lease (%s) to expire…\n", s.Lease)
				waiting = true
			}
			select {
			case <-time.After(max(s.Lease/4, 250*time.Millisecond)):
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		fmt.Fprintf(stdout, "Sent %d messages in %s (%.0f messages/s); refused %d, deferred %d, skipped %d; re-sent %d left in flight by an earlier run.\n",
			res.Sent, res.Elapsed.Round(time.Millisecond), res.Rate(), res.Failed, res.Later, res.Skipped, res.Requeued)
		switch {
		case err != nil:
			return err
		case res.Finished:
			fmt.Fprintf(stdout, "Campaign %d is sent.\n", id)
		case res.Paused:
			fmt.Fprintf(stdout, "Campaign %d is paused.\n", id)
		}
		return nil
	}
}
