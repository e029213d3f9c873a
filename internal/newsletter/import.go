package newsletter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/territory"
)

// ImportOptions describe an import.
type ImportOptions struct {
	// Lang is the language of rows that name none.
	Lang i18n.Lang
	// ConsentRef says where the consent stated by the file was collected
	// ("modulo cartaceo, assemblea 2024"); it is kept as the consent's
	// version. Empty means "import".
	ConsentRef string
	// Who imports, for the consent log and the audit log.
	ActorID    int64
	ActorLabel string
	IP         string
	RequestID  string
}

// ImportReport is what an import did.
type ImportReport struct {
	Rows       int // lines with a value, header excluded
	Added      int // new subscribers
	Existing   int // addresses already on the list (status and preferences kept)
	Confirmed  int // new or pending subscribers confirmed by the consent column
	ToConfirm  int // new subscribers sent a confirmation e-mail
	Skipped    int // unsubscribed addresses left alone
	Duplicates int // lines merged into an earlier line of the same address
	// Errors lists the lines not imported (the first maxReportErrors);
	// ErrorCount counts them all.
	Errors     []RowError
	ErrorCount int
	// Ignored lists the header names that are not known columns.
	Ignored []string
	Elapsed time.Duration
}

// Limits of an import.
const (
	maxReportErrors = 1000
	maxImportRows   = 500_000
	importBatch     = 1000 // addresses per transaction
	insertChunk     = 200  // rows per INSERT statement
)

// ErrNoEmailColumn is returned by Import when the file's header names no
// e-mail column.
var ErrNoEmailColumn = errNoEmailColumn

// ErrTooManyRows is returned when a file has more than maxImportRows
// lines; nothing is imported.
var ErrTooManyRows = errors.New("newsletter: import: too many rows")

// Import adds the subscribers listed in a CSV file (see importcsv.go for
// its format). The file is read as a stream and checked line by line; a
// bad line is reported with its number and reason and the others go on.
// Lines of one address are merged. Then addresses are written in batches,
// each batch in one transaction:
//
//   - a new address whose line states consent is added as confirmed, with
//     the import as its consent record; one without gets a confirmation
//     e-mail and stays pending until its owner confirms, as if they had
//     used the form (we never mail a newsletter to someone who did not
//     agree to it);
//   - an address already on the list keeps its status and preferences,
//     which are its owner's choices; a pending one becomes confirmed when
//     the line states consent; an unsubscribed one is never subscribed
//     again by an import.
//
// An import stopped half-way can be run again: it adds only what is
// missing.
func (s *Service) Import(ctx context.Context, r io.Reader, opt ImportOptions) (*ImportReport, error) {
	start := time.Now()
	zones, err := zoneNames(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	if opt.Lang == "" {
		opt.Lang = i18n.Default
	}
	p, err := newParser(r, newLookup(zones), opt.Lang)
	if err != nil {
		return nil, err
	}
	rep := &ImportReport{Ignored: p.ignored}
	rows := map[string]*importRow{}
	var order []string
	for {
		row, bad, err := p.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		rep.Rows++
		if rep.Rows > maxImportRows {
			return nil, ErrTooManyRows
		}
		if bad != nil {
			rep.ErrorCount++
			if len(rep.Errors) < maxReportErrors {
				rep.Errors = append(rep.Errors, *bad)
			}
			continue
		}
		if prev, dup := rows[row.Email]; dup {
			rep.Duplicates++
			mergeRows(prev, row)
			continue
		}
		rows[row.Email] = row
		order = append(order, row.Email)
	}
	w := importWriter{s: s, opt: opt, rep: rep, version: consentRef(opt.ConsentRef)}
	for i := 0; i < len(order); i += importBatch {
		batch := make([]*importRow, 0, importBatch)
		for _, e := range order[i:min(i+importBatch, len(order))] {
			batch = append(batch, rows[e])
		}
		if err := s.DB.Tx(ctx, func(tx *db.Tx) error { return w.write(ctx, tx, batch) }); err != nil {
			return nil, err
		}
	}
	rep.Elapsed = time.Since(start)
	err = audit.Record(ctx, s.DB, audit.Entry{ActorID: opt.ActorID, ActorLabel: opt.ActorLabel, Action: "newsletter.import",
		Entity: "newsletter", After: audit.JSON(map[string]int{"rows": rep.Rows, "added": rep.Added, "existing": rep.Existing,
			"confirmed": rep.Confirmed, "to_confirm": rep.ToConfirm, "skipped": rep.Skipped, "errors": rep.ErrorCount}),
		IP: opt.IP, RequestID: opt.RequestID})
	return rep, err
}

func consentRef(ref string) string {
	ref = strings.Join(strings.Fields(ref), " ")
	if ref == "" {
		return "import"
	}
	return "import: " + clip(ref)
}

// mergeRows folds a later line of the same address into the first: a
// consent on either counts (with the earliest date), a missing list (every
// territory or topic) wins over a list, lists are joined.
func mergeRows(into, r *importRow) {
	if into.Name == "" {
		into.Name = r.Name
	}
	into.Zones = mergeList(into.Zones, r.Zones)
	into.Topics = mergeList(into.Topics, r.Topics)
	if r.Consent {
		if !into.Consent || (!r.ConsentAt.IsZero() && (into.ConsentAt.IsZero() || r.ConsentAt.Before(into.ConsentAt))) {
			into.ConsentAt = r.ConsentAt
		}
		into.Consent = true
	}
}

func mergeList(a, b []string) []string {
	if a == nil || b == nil {
		return nil
	}
	for _, v := range b {
		a = appendNew(a, v)
	}
	return a
}

// zoneNames maps zone ids to names.
func zoneNames(ctx context.Context, d *db.DB) (map[string]string, error) {
	zs, err := territory.Zones(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("newsletter: zones: %w", err)
	}
	out := make(map[string]string, len(zs))
	for _, z := range zs {
		out[z.ID] = z.Name
	}
	return out, nil
}

// importWriter writes batches of an import.
type importWriter struct {
	s       *Service
	opt     ImportOptions
	rep     *ImportReport
	version string
}

type existing struct {
	id     int64
	status string
}

func (w *importWriter) write(ctx context.Context, tx *db.Tx, batch []*importRow) error {
	have, err := existingAddresses(ctx, tx, batch)
	if err != nil {
		return err
	}
	var fresh []*importRow
	var upgrade []int64
	for _, r := range batch {
		e, ok := have[r.Email]
		switch {
		case !ok:
			fresh = append(fresh, r)
		case e.status == StatusUnsubscribed:
			w.rep.Skipped++
		case e.status == StatusPending && r.Consent:
			w.rep.Existing++
			w.rep.Confirmed++
			upgrade = append(upgrade, e.id)
		default:
			w.rep.Existing++
		}
	}
	if err := w.confirmPending(ctx, tx, upgrade); err != nil {
		return err
	}
	return w.insert(ctx, tx, fresh)
}

// existingAddresses finds which addresses of the batch are on the list.
func existingAddresses(ctx context.Context, tx *db.Tx, batch []*importRow) (map[string]existing, error) {
	out := map[string]existing{}
	for i := 0; i < len(batch); i += 500 {
		part := batch[i:min(i+500, len(batch))]
		args := make([]any, len(part))
		for j, r := range part {
			args[j] = r.Email
		}
		rows, err := tx.Query(ctx, `SELECT id, email, status FROM newsletter_subscribers WHERE email IN (`+marks(len(part))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("newsletter: import: look up addresses: %w", err)
		}
		for rows.Next() {
			var e existing
			var email string
			if err := rows.Scan(&e.id, &email, &e.status); err != nil {
				rows.Close()
				return nil, err
			}
			out[email] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (w *importWriter) confirmPending(ctx context.Context, tx *db.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	now := db.Now()
	for i := 0; i < len(ids); i += 500 {
		part := ids[i:min(i+500, len(ids))]
		args := []any{w.version, now, now, now}
		for _, id := range part {
			args = append(args, id)
		}
		if _, err := tx.Exec(ctx, `UPDATE newsletter_subscribers SET status = 'confirmed', consent_version = ?, consent_at = ?,
			consent_source = 'import', confirmed_at = ?, updated_at = ? WHERE status = 'pending' AND id IN (`+marks(len(part))+`)`, args...); err != nil {
			return fmt.Errorf("newsletter: import: confirm pending: %w", err)
		}
		if err := w.logConsents(ctx, tx, part, "consent: yes"); err != nil {
			return err
		}
	}
	return nil
}

// insert adds new subscribers with their preferences and consent records,
// and queues the confirmation e-mails of those without consent.
func (w *importWriter) insert(ctx context.Context, tx *db.Tx, fresh []*importRow) error {
	now := db.Now()
	for i := 0; i < len(fresh); i += insertChunk {
		part := fresh[i:min(i+insertChunk, len(fresh))]
		secrets := map[string]string{}
		args := make([]any, 0, len(part)*13)
		for _, r := range part {
			if r.Consent {
				at := now
				if !r.ConsentAt.IsZero() {
					at = db.Time(r.ConsentAt)
				}
				args = append(args, r.Email, r.Name, r.Lang, StatusConfirmed, w.version, at, "import", now, nil, nil, nil, now, now)
				continue
			}
			secret, hash := newSecret()
			secrets[r.Email] = secret
			args = append(args, r.Email, r.Name, r.Lang, StatusPending, "", nil, "import", nil, hash, now.Add(ConfirmTTL), now, now, now)
		}
		rows, err := tx.Query(ctx, `INSERT INTO newsletter_subscribers (email, name, lang, status, consent_version, consent_at, consent_source,
			confirmed_at, confirm_hash, confirm_expires_at, confirm_sent_at, created_at, updated_at) VALUES `+tuples(len(part), 13)+` RETURNING id, email`, args...)
		if err != nil {
			return fmt.Errorf("newsletter: import: insert: %w", err)
		}
		ids := map[string]int64{}
		for rows.Next() {
			var id int64
			var email string
			if err := rows.Scan(&id, &email); err != nil {
				rows.Close()
				return err
			}
			ids[email] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("newsletter: import: insert: %w", err)
		}
		if err := w.preferences(ctx, tx, part, ids); err != nil {
			return err
		}
		var yes, no []int64
		for _, r := range part {
			if r.Consent {
				yes = append(yes, ids[r.Email])
			} else {
				no = append(no, ids[r.Email])
			}
		}
		if err := w.logConsents(ctx, tx, yes, "consent: yes"); err != nil {
			return err
		}
		if err := w.logConsents(ctx, tx, no, "consent: no; confirmation e-mail sent"); err != nil {
			return err
		}
		for _, r := range part {
			if r.Consent {
				w.rep.Confirmed++
			} else {
				w.rep.ToConfirm++
				if err := w.s.mailConfirm(ctx, tx, r.Email, r.Name, r.Lang, secrets[r.Email]); err != nil {
					return err
				}
			}
		}
		w.rep.Added += len(part)
	}
	return nil
}

func (w *importWriter) preferences(ctx context.Context, tx *db.Tx, part []*importRow, ids map[string]int64) error {
	var zones, topics []any
	for _, r := range part {
		for _, z := range r.Zones {
			zones = append(zones, ids[r.Email], z)
		}
		for _, t := range r.Topics {
			topics = append(topics, ids[r.Email], t)
		}
	}
	if err := insertPairs(ctx, tx, `INSERT INTO newsletter_subscriber_zones (subscriber_id, zone_id) VALUES `, zones); err != nil {
		return fmt.Errorf("newsletter: import: zones: %w", err)
	}
	if err := insertPairs(ctx, tx, `INSERT INTO newsletter_subscriber_topics (subscriber_id, topic) VALUES `, topics); err != nil {
		return fmt.Errorf("newsletter: import: topics: %w", err)
	}
	return nil
}

func (w *importWriter) logConsents(ctx context.Context, tx *db.Tx, ids []int64, detail string) error {
	if len(ids) == 0 {
		return nil
	}
	now := db.Now()
	detail = detail + "; by " + w.opt.ActorLabel
	for i := 0; i < len(ids); i += insertChunk {
		part := ids[i:min(i+insertChunk, len(ids))]
		args := make([]any, 0, len(part)*6)
		for _, id := range part {
			args = append(args, id, "import", w.version, now, w.opt.IP, detail)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO newsletter_consents (subscriber_id, event, text_version, at, ip, detail) VALUES `+tuples(len(part), 6), args...); err != nil {
			return fmt.Errorf("newsletter: import: consent log: %w", err)
		}
	}
	return nil
}

// insertPairs inserts (a, b) pairs in chunks.
func insertPairs(ctx context.Context, tx *db.Tx, prefix string, flat []any) error {
	for i := 0; i < len(flat); i += 2 * insertChunk {
		part := flat[i:min(i+2*insertChunk, len(flat))]
		if _, err := tx.Exec(ctx, prefix+tuples(len(part)/2, 2)+` ON CONFLICT DO NOTHING`, part...); err != nil {
			return err
		}
	}
	return nil
}

// marks returns n comma-separated placeholders.
func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// tuples returns n parenthesised groups of width placeholders.
func tuples(n, width int) string {
	one := "(" + marks(width) + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
}
