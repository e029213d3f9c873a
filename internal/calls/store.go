package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// protocolNumber prints a protocol number: the call and the sequence.
func protocolNumber(call int64, n int) string { return fmt.Sprintf("%d/%04d", call, n) }

const callColumns = `c.id, COALESCE(c.zone_id, ''), COALESCE(z.name, ''), COALESCE(c.path_id, 0), COALESCE(p.slug, ''),
	COALESCE(p.title_it, ''), COALESCE(p.title_en, ''), c.kind, c.title_it, c.title_en, c.body_it, c.body_en,
	c.opens_at, c.closes_at, c.applicants, c.min_score, COALESCE(c.places, 0), c.tie_break, c.aggregation,
	c.retention_months, c.status, c.published_at, c.created_at, c.updated_at`

const callFrom = ` FROM calls c LEFT JOIN zones z ON z.id = c.zone_id LEFT JOIN paths p ON p.id = c.path_id`

func scanCall(row interface{ Scan(...any) error }) (*Call, error) {
	c := &Call{}
	var published sql.NullTime
	err := row.Scan(&c.ID, &c.ZoneID, &c.ZoneName, &c.PathID, &c.PathSlug, &c.PathTitle.IT, &c.PathTitle.EN,
		&c.Kind, &c.Title.IT, &c.Title.EN, &c.Body.IT, &c.Body.EN, &c.Opens, &c.Closes, &c.Applicants,
		&c.MinScore, &c.Places, &c.TieBreak, &c.Aggregation, &c.RetentionMonths, &c.Status, &published,
		&c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.PublishedAt = published.Time
	for _, t := range []*time.Time{&c.Opens, &c.Closes, &c.PublishedAt, &c.CreatedAt, &c.UpdatedAt} {
		*t = t.UTC()
	}
	return c, nil
}

// Get loads call id with its declarations, fields, criteria, commission
// and documents.
func Get(ctx context.Context, ex db.Execer, id int64) (*Call, error) {
	c, err := scanCall(ex.QueryRow(ctx, `SELECT `+callColumns+callFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("calls: get %d: %w", id, err)
	}
	if err := loadParts(ctx, ex, c); err != nil {
		return nil, fmt.Errorf("calls: get %d: %w", id, err)
	}
	return c, nil
}

// loadParts reads what a call is made of besides its row.
func loadParts(ctx context.Context, ex db.Execer, c *Call) error {
	rows, err := ex.Query(ctx, `SELECT id, text_it, text_en, with_amount FROM call_declarations WHERE call_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d Declaration
		if err := rows.Scan(&d.ID, &d.Text.IT, &d.Text.EN, &d.WithAmount); err != nil {
			rows.Close()
			return err
		}
		c.Declarations = append(c.Declarations, d)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = ex.Query(ctx, `SELECT id, kind, label_it, label_en, required, options FROM call_fields WHERE call_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var f Field
		var opts string
		if err := rows.Scan(&f.ID, &f.Kind, &f.Label.IT, &f.Label.EN, &f.Required, &opts); err != nil {
			rows.Close()
			return err
		}
		f.Options = decodeOptions(opts)
		c.Fields = append(c.Fields, f)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = ex.Query(ctx, `SELECT id, label_it, label_en, max_points, weight FROM call_criteria WHERE call_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var cr Criterion
		if err := rows.Scan(&cr.ID, &cr.Label.IT, &cr.Label.EN, &cr.MaxPoints, &cr.Weight); err != nil {
			rows.Close()
			return err
		}
		c.Criteria = append(c.Criteria, cr)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = ex.Query(ctx, `SELECT u.id, u.name, u.email FROM call_commission m JOIN users u ON u.id = m.user_id WHERE m.call_id = ? ORDER BY u.name, u.id`, c.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Name, &m.Email); err != nil {
			rows.Close()
			return err
		}
		c.Commission = append(c.Commission, m)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	rows, err = ex.Query(ctx, `SELECT d.file_id FROM call_documents d WHERE d.call_id = ? ORDER BY d.position`, c.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for _, id := range ids {
		f, err := files.Get(ctx, ex, id)
		if err != nil {
			return err
		}
		c.Documents = append(c.Documents, f)
	}
	return nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// decodeOptions reads the stored choices: one per line, "it|en".
func decodeOptions(s string) []Text {
	var out []Text
	for _, l := range strings.Split(s, "\n") {
		if l == "" {
			continue
		}
		it, en, _ := strings.Cut(l, "|")
		out = append(out, Text{IT: it, EN: en})
	}
	return out
}

func encodeOptions(os []Text) string {
	var b strings.Builder
	for _, o := range os {
		b.WriteString(strings.ReplaceAll(o.IT, "|", "/") + "|" + strings.ReplaceAll(o.EN, "|", "/") + "\n")
	}
	return b.String()
}

// list reads calls (rows only, without their parts).
func list(ctx context.Context, ex db.Execer, where string, args ...any) ([]*Call, error) {
	rows, err := ex.Query(ctx, `SELECT `+callColumns+callFrom+` WHERE `+where+` ORDER BY c.closes_at DESC, c.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, fmt.Errorf("calls: list: %w", err)
	}
	var out []*Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("calls: list: %w", err)
		}
		out = append(out, c)
	}
	return out, closeRows(rows)
}

// ListPublic lists the published calls, the latest deadline first.
func ListPublic(ctx context.Context, ex db.Execer) ([]*Call, error) {
	return list(ctx, ex, `c.status <> 'draft'`)
}

// ListForEditor lists the calls of zones (every call when all), and the
// region-wide ones when region is true.
func ListForEditor(ctx context.Context, ex db.Execer, zones []string, all, region bool) ([]*Call, error) {
	if all {
		return list(ctx, ex, `1 = 1`)
	}
	where := []string{}
	args := []any{}
	if region {
		where = append(where, `c.zone_id IS NULL`)
	}
	if len(zones) > 0 {
		where = append(where, `c.zone_id IN (?`+strings.Repeat(", ?", len(zones)-1)+`)`)
		for _, z := range zones {
			args = append(args, z)
		}
	}
	if len(where) == 0 {
		return nil, nil
	}
	return list(ctx, ex, `(`+strings.Join(where, " OR ")+`)`, args...)
}

// ListForMember lists the published calls whose commission includes user.
func ListForMember(ctx context.Context, ex db.Execer, user int64) ([]*Call, error) {
	return list(ctx, ex, `c.status <> 'draft' AND c.id IN (SELECT call_id FROM call_commission WHERE user_id = ?)`, user)
}
