// Package audit writes and reads the append-only audit log: every login,
// role change, publication and status change, with who, when, and the state
// before and after. The database refuses UPDATE and DELETE on the table.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// Entry is one line of the audit log.
type Entry struct {
	ID         int64
	At         time.Time
	ActorID    int64 // 0 for the system or a visitor
	ActorLabel string
	Action     string // e.g. "auth.login", "role.grant", "news.publish"
	Entity     string // e.g. "user", "path"
	EntityID   string
	ZoneID     string
	Before     string // JSON, or empty
	After      string // JSON, or empty
	IP         string
	RequestID  string
}

// JSON encodes v for Before/After; it never fails on the values features
// pass (structs and maps of plain types).
func JSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// Record appends e. Pass the transaction that makes the change, so the
// change and its audit line commit together.
func Record(ctx context.Context, ex db.Execer, e Entry) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	var zone any
	if e.ZoneID != "" {
		zone = e.ZoneID
	}
	var actor any
	if e.ActorID != 0 {
		actor = e.ActorID
	}
	_, err := ex.Exec(ctx, `INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, zone_id, before_json, after_json, ip, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		db.Time(e.At), actor, e.ActorLabel, e.Action, e.Entity, e.EntityID, zone, e.Before, e.After, e.IP, e.RequestID)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", e.Action, err)
	}
	return nil
}

// ClientIP returns the address of the client of r, without the port.
func ClientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// Filter selects audit entries for List.
type Filter struct {
	Action   string // prefix match, e.g. "role."
	Entity   string
	EntityID string
	ActorID  int64
	Limit    int
	Offset   int
}

// List returns entries, newest first, and the total matching.
func List(ctx context.Context, d *db.DB, f Filter) ([]Entry, int, error) {
	var where []string
	var args []any
	if f.Action != "" {
		where = append(where, "action LIKE ?")
		args = append(args, f.Action+"%")
	}
	if f.Entity != "" {
		where = append(where, "entity = ?")
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		where = append(where, "entity_id = ?")
		args = append(args, f.EntityID)
	}
	if f.ActorID != 0 {
		where = append(where, "actor_id = ?")
		args = append(args, f.ActorID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("audit: count: %w", err)
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	rows, err := d.Query(ctx, `SELECT id, at, COALESCE(actor_id, 0), actor_label, action, entity, entity_id, COALESCE(zone_id, ''),
		before_json, after_json, ip, request_id FROM audit_log`+cond+` ORDER BY id DESC LIMIT ? OFFSET ?`,
		append(args, f.Limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.ActorID, &e.ActorLabel, &e.Action, &e.Entity, &e.EntityID, &e.ZoneID,
			&e.Before, &e.After, &e.IP, &e.RequestID); err != nil {
			return nil, 0, fmt.Errorf("audit: scan: %w", err)
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
