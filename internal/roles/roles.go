// Package roles stores the roles granted to users for territories, and
// records every grant and revocation in the audit log.
package roles

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
)

// ErrAlreadyGranted is returned when the user already holds the role there.
var ErrAlreadyGranted = errors.New("roles: already granted")

// GrantRow is a stored grant, for admin screens.
type GrantRow struct {
	ID     int64
	UserID int64
	authz.Grant
}

// For returns the grants of a user, for building their Principal.
func For(ctx context.Context, q db.Execer, userID int64) ([]authz.Grant, error) {
	rows, err := q.Query(ctx, `SELECT role, COALESCE(zone_id, '') FROM role_grants WHERE user_id = ? ORDER BY role, zone_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("roles: for user %d: %w", userID, err)
	}
	defer rows.Close()
	var out []authz.Grant
	for rows.Next() {
		var g authz.Grant
		var role string
		if err := rows.Scan(&role, &g.ZoneID); err != nil {
			return nil, err
		}
		g.Role = authz.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

// List returns the stored grants of a user with their ids.
func List(ctx context.Context, d *db.DB, userID int64) ([]GrantRow, error) {
	rows, err := d.Query(ctx, `SELECT id, user_id, role, COALESCE(zone_id, '') FROM role_grants WHERE user_id = ? ORDER BY role, zone_id`, userID)
	if err != nil {
		return nil, fmt.Errorf("roles: list %d: %w", userID, err)
	}
	defer rows.Close()
	var out []GrantRow
	for rows.Next() {
		var g GrantRow
		var role string
		if err := rows.Scan(&g.ID, &g.UserID, &role, &g.ZoneID); err != nil {
			return nil, err
		}
		g.Role = authz.Role(role)
		out = append(out, g)
	}
	return out, rows.Err()
}

// Actor is who performs a change, for the audit log.
type Actor struct {
	ID        int64
	Label     string
	IP        string
	RequestID string
}

// Grant gives userID role r for zone ("" for every territory) and records
// it in the audit log, in one transaction. Admin is always for every
// territory.
func Grant(ctx context.Context, d *db.DB, by Actor, userID int64, r authz.Role, zone string) error {
	if r == authz.Admin {
		zone = ""
	}
	var zoneArg any
	if zone != "" {
		zoneArg = zone
	}
	var byArg any
	if by.ID != 0 {
		byArg = by.ID
	}
	return d.Tx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO role_grants (user_id, role, zone_id, granted_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			userID, string(r), zoneArg, byArg, db.Now())
		if db.IsUniqueViolation(err) {
			return ErrAlreadyGranted
		}
		if err != nil {
			return fmt.Errorf("roles: grant %s to %d: %w", r, userID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{
			ActorID: by.ID, ActorLabel: by.Label, Action: "role.grant", Entity: "user", EntityID: fmt.Sprint(userID),
			ZoneID: zone, After: audit.JSON(map[string]string{"role": string(r), "zone": zone}), IP: by.IP, RequestID: by.RequestID,
		})
	})
}

// Revoke removes grant id of userID and records it in the audit log. It
// returns db.ErrNotFound when there is no such grant.
func Revoke(ctx context.Context, d *db.DB, by Actor, userID, grantID int64) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		var role, zone string
		err := tx.QueryRow(ctx, `SELECT role, COALESCE(zone_id, '') FROM role_grants WHERE id = ? AND user_id = ?`, grantID, userID).Scan(&role, &zone)
		if errors.Is(err, sql.ErrNoRows) {
			return db.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("roles: find grant %d: %w", grantID, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM role_grants WHERE id = ?`, grantID); err != nil {
			return fmt.Errorf("roles: revoke %d: %w", grantID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{
			ActorID: by.ID, ActorLabel: by.Label, Action: "role.revoke", Entity: "user", EntityID: fmt.Sprint(userID),
			ZoneID: zone, Before: audit.JSON(map[string]string{"role": role, "zone": zone}), IP: by.IP, RequestID: by.RequestID,
		})
	})
}
