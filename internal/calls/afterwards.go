package calls

import (
	"context"
	"errors"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/roles"
	"github.com/cantieri/cantieri/internal/tracks"
)

// afterwards runs, in the transaction publishing the outcome, what follows
// from being admitted: people admitted by a call for activators are
// enrolled in the activators' training tracks of the call's territory (and
// the region-wide ones); organisations admitted by a call of a path join
// the path's co-design group.
func (s *Service) afterwards(ctx context.Context, tx *db.Tx, actor Actor, c *Call, admitted []int64) error {
	var trackIDs []int64
	if c.Kind == Activators {
		zones := []string{""}
		if c.ZoneID != "" {
			zones = append(zones, c.ZoneID)
		}
		for _, z := range zones {
			ts, err := tracks.ForKind(ctx, tx, z, tracks.Activators)
			if err != nil {
				return err
			}
			for _, t := range ts {
				trackIDs = append(trackIDs, t.ID)
			}
		}
	}
	now := s.now()
	for _, id := range admitted {
		a, err := GetApplication(ctx, tx, id)
		if err != nil {
			return err
		}
		switch {
		case a.Kind == Person && c.Kind == Activators:
			for _, t := range trackIDs {
				if err := tracks.Enroll(ctx, tx, t, tracks.Person{UserID: a.UserID, Name: a.Name, Email: a.Email}); err != nil {
					return fmt.Errorf("calls: enrol %d in track %d: %w", a.ID, t, err)
				}
			}
		case a.Kind == Organisation && c.PathID != 0:
			if _, err := tx.Exec(ctx, `INSERT INTO codesign_members (path_id, application_id, call_id, joined_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (path_id, application_id) DO NOTHING`, c.PathID, a.ID, c.ID, now); err != nil {
				return fmt.Errorf("calls: co-design group %d: %w", a.ID, err)
			}
			if err := record(ctx, tx, actor, "codesign.join", "application", a.ID, c.ZoneID, nil, map[string]any{"path": c.PathID, "organisation": a.OrgName}); err != nil {
				return err
			}
		}
	}
	return nil
}

// grantActivators gives the activator's role in the call's territory to
// the people admitted by a call for activators (after the outcome's
// transaction: roles.Grant runs its own). A region-wide call grants no
// territory's role: the region decides where each activator works.
func (s *Service) grantActivators(ctx context.Context, actor Actor, callID int64, admitted []int64) error {
	c, err := Get(ctx, s.DB, callID)
	if err != nil {
		return err
	}
	if c.Kind != Activators || c.ZoneID == "" {
		return nil
	}
	for _, id := range admitted {
		a, err := GetApplication(ctx, s.DB, id)
		if err != nil {
			return err
		}
		if a.Kind != Person || a.UserID == 0 {
			continue
		}
		err = roles.Grant(ctx, s.DB, roles.Actor{ID: actor.ID, Label: actor.Label, IP: actor.IP, RequestID: actor.RequestID}, a.UserID, authz.Activator, c.ZoneID)
		if err != nil && !errors.Is(err, roles.ErrAlreadyGranted) {
			return fmt.Errorf("calls: grant activator to %d: %w", a.UserID, err)
		}
	}
	return nil
}

// CodesignGroup lists the organisations of path p's co-design group.
func CodesignGroup(ctx context.Context, ex db.Execer, path int64) ([]string, error) {
	rows, err := ex.Query(ctx, `SELECT a.org_name FROM codesign_members m JOIN applications a ON a.id = m.application_id WHERE m.path_id = ? ORDER BY a.org_name`, path)
	if err != nil {
		return nil, fmt.Errorf("calls: co-design group of %d: %w", path, err)
	}
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, n)
	}
	return out, closeRows(rows)
}
