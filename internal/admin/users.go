package admin

// This file is the only place where the admin screens read accounts. It is
// a small read-only query over the users table, which the accounts feature
// owns; when accounts offers a listing API, swap these two functions for it.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// user is an account as the admin screens show it.
type user struct {
	ID        int64
	Email     string
	Name      string
	Verified  bool
	Disabled  bool
	CreatedAt time.Time
}

const userColumns = `SELECT id, email, name, email_verified_at IS NOT NULL, disabled, created_at FROM users`

func scanUser(row interface{ Scan(...any) error }) (user, error) {
	var u user
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Verified, &u.Disabled, &u.CreatedAt)
	return u, err
}

// likePattern turns what an admin typed into a LIKE pattern matching it
// anywhere, with the wildcards it may contain taken literally ('!' escapes).
func likePattern(q string) string {
	r := strings.NewReplacer("!", "!!", "%", "!%", "_", "!_")
	return "%" + r.Replace(strings.ToLower(q)) + "%"
}

// listUsers returns a page of users whose e-mail or name contains q
// (ignoring case; every user when q is empty), newest first, and how many
// match in all.
func listUsers(ctx context.Context, d *db.DB, q string, limit, offset int) ([]user, int, error) {
	where, args := "", []any{}
	if q != "" {
		where = ` WHERE LOWER(email) LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!'`
		args = append(args, likePattern(q), likePattern(q))
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM users`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("admin: count users: %w", err)
	}
	rows, err := d.Query(ctx, userColumns+where+` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("admin: list users: %w", err)
	}
	defer rows.Close()
	var out []user
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("admin: list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("admin: list users: %w", err)
	}
	return out, total, nil
}

// getUser returns the user id, or an error wrapping db.ErrNotFound.
func getUser(ctx context.Context, d *db.DB, id int64) (user, error) {
	u, err := scanUser(d.QueryRow(ctx, userColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return user{}, fmt.Errorf("admin: user %d: %w", id, db.ErrNotFound)
	}
	if err != nil {
		return user{}, fmt.Errorf("admin: user %d: %w", id, err)
	}
	return u, nil
}
