package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// OutboxRow is an e-mail kept in the outbox because no SMTP server was
// configured.
type OutboxRow struct {
	ID        int64
	MessageID string
	To        string
	Subject   string
	Text      string
	HTML      string
	CreatedAt time.Time
}

const outboxColumns = `SELECT id, message_id, to_addr, subject, text_body, html_body, created_at FROM outbox`

// ListOutbox returns a page of the outbox, newest first, and how many
// messages it holds in all. limit is 50 when not positive and at most 500.
func ListOutbox(ctx context.Context, d *db.DB, limit, offset int) ([]OutboxRow, int, error) {
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	offset = max(offset, 0)
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("mail: list outbox: %w", err)
	}
	rows, err := d.Query(ctx, outboxColumns+` ORDER BY id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("mail: list outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxRow
	for rows.Next() {
		r, err := scanOutbox(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("mail: list outbox: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("mail: list outbox: %w", err)
	}
	return out, total, nil
}

// GetOutbox returns one outbox message, or an error wrapping db.ErrNotFound.
func GetOutbox(ctx context.Context, d *db.DB, id int64) (OutboxRow, error) {
	r, err := scanOutbox(d.QueryRow(ctx, outboxColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return OutboxRow{}, fmt.Errorf("mail: outbox message %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return OutboxRow{}, fmt.Errorf("mail: outbox message %d: %w", id, err)
	}
	return r, nil
}

func scanOutbox(row interface{ Scan(...any) error }) (OutboxRow, error) {
	var r OutboxRow
	err := row.Scan(&r.ID, &r.MessageID, &r.To, &r.Subject, &r.Text, &r.HTML, &r.CreatedAt)
	return r, err
}
