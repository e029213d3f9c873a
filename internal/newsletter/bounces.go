package newsletter

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// BounceReport is what marking a list of bounced addresses did.
type BounceReport struct {
	Lines   int // lines with a value
	Marked  int // subscribers marked as bouncing now
	Already int // already marked
	Unknown int // addresses not on the list
	// Errors lists lines without a usable address (the first
	// maxReportErrors); ErrorCount counts them all.
	Errors     []RowError
	ErrorCount int
}

// MarkBounces reads a list of addresses that bounce — one per line, or a
// CSV file whose lines each hold one address in any column (a header line
// without an address is skipped) — and marks the subscribers with them as
// bouncing: campaigns skip them until they confirm a subscription again.
func (s *Service) MarkBounces(ctx context.Context, r io.Reader, note string, opt ImportOptions) (*BounceReport, error) {
	rep := &BounceReport{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	seen := map[string]bool{}
	var batch []string
	note = clip(strings.Join(strings.Fields(note), " "))
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.DB.Tx(ctx, func(tx *db.Tx) error { return markBatch(ctx, tx, batch, note, rep) })
		batch = batch[:0]
		return err
	}
	line := 0
	for sc.Scan() {
		line++
		text := sc.Bytes()
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte{0xEF, 0xBB, 0xBF})
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		rep.Lines++
		addr, problem := bounceAddress(text)
		switch {
		case problem == "header" && rep.Lines == 1:
			rep.Lines-- // the header of a CSV file
			continue
		case problem == "header":
			problem = "newsletter.import.err.no_email"
			fallthrough
		case problem != "":
			rep.ErrorCount++
			if len(rep.Errors) < maxReportErrors {
				rep.Errors = append(rep.Errors, RowError{Line: line, Key: problem, Arg: clip(strings.ToValidUTF8(string(text), "?"))})
			}
			continue
		case seen[addr]:
			continue
		}
		seen[addr] = true
		batch = append(batch, addr)
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("newsletter: bounces: line %d is too long: %w", line+1, err)
		}
		return nil, fmt.Errorf("newsletter: bounces: read: %w", err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	err := audit.Record(ctx, s.DB, audit.Entry{ActorID: opt.ActorID, ActorLabel: opt.ActorLabel, Action: "newsletter.bounces",
		Entity: "newsletter", After: audit.JSON(map[string]int{"lines": rep.Lines, "marked": rep.Marked, "already": rep.Already,
			"unknown": rep.Unknown, "errors": rep.ErrorCount}), IP: opt.IP, RequestID: opt.RequestID})
	return rep, err
}

// bounceAddress finds the address of a line: the whole line, or the first
// field (split on ; , or tab) with an @. It returns the catalogue key of
// the problem, or "header" for a line without any @.
func bounceAddress(line []byte) (string, string) {
	if !utf8.Valid(line) {
		return "", "newsletter.import.err.encoding"
	}
	fields := strings.FieldsFunc(string(line), func(r rune) bool { return r == ';' || r == ',' || r == '\t' })
	for _, f := range fields {
		f = strings.Trim(strings.TrimSpace(f), `"'<>`)
		if !strings.Contains(f, "@") {
			continue
		}
		f = strings.ToLower(f)
		if !web.ValidEmail(f) {
			return "", "newsletter.import.err.email"
		}
		return f, ""
	}
	return "", "header"
}

func markBatch(ctx context.Context, tx *db.Tx, batch []string, note string, rep *BounceReport) error {
	args := make([]any, len(batch))
	for i, a := range batch {
		args[i] = a
	}
	var known int
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM newsletter_subscribers WHERE email IN (`+marks(len(batch))+`)`, args...).Scan(&known); err != nil {
		return fmt.Errorf("newsletter: bounces: look up: %w", err)
	}
	now := db.Now()
	res, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET bounced_at = ?, bounce_note = ?, updated_at = ?
		WHERE bounced_at IS NULL AND email IN (`+marks(len(batch))+`)`, append([]any{now, note, now}, args...)...)
	if err != nil {
		return fmt.Errorf("newsletter: bounces: mark: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	rep.Marked += int(n)
	rep.Already += known - int(n)
	rep.Unknown += len(batch) - known
	return nil
}
