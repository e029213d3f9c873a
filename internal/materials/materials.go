// Package materials keeps the minutes (verbali) and materials of
// activities: files that a path's coordinators upload to an activity, each
// public or restricted to the path's participants, draft or published.
// Types are decided from the content (internal/platform/files); the bytes
// are served only after the permission check. See docs/activities.md.
package materials

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
)

// Kind is what the file is.
type Kind string

// The kinds of file.
const (
	Minutes Kind = "minutes"  // verbale
	Handout Kind = "material" // materiale
)

// Kinds in the order forms offer them.
var Kinds = []Kind{Minutes, Handout}

// Key is the message key of the kind's name.
func (k Kind) Key() string { return "materials.kind." + string(k) }

// Access says who may read a published file.
type Access string

// The access levels.
const (
	Public       Access = "public"
	Participants Access = "participants"
)

// Accesses in the order forms offer them.
var Accesses = []Access{Public, Participants}

// Key is the message key of the access level's name.
func (a Access) Key() string { return "materials.access." + string(a) }

// Material is one uploaded file of an activity.
type Material struct {
	ID          int64
	ActivityID  int64
	PathID      int64
	ZoneID      string
	Kind        Kind
	Title       paths.Text
	Access      Access
	Published   bool
	PublishedAt time.Time
	CreatedAt   time.Time
	File        files.File
}

// URL is the file's address, behind the permission check.
func (m Material) URL() string {
	return fmt.Sprintf("/attivita/%d/materiali/%d", m.ActivityID, m.ID)
}

// Restricted reports whether only participants may read the file.
func (m Material) Restricted() bool { return m.Access == Participants }

// Actor is who makes a change, as the audit log records it.
type Actor = paths.Actor

func record(ctx context.Context, tx *db.Tx, a Actor, action string, id int64, zone string, before, after any) error {
	return audit.Record(ctx, tx, audit.Entry{
		ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: "activity_material", EntityID: fmt.Sprint(id), ZoneID: zone,
		Before: audit.JSON(before), After: audit.JSON(after), IP: a.IP, RequestID: a.RequestID,
	})
}

const materialSelect = `SELECT m.id, m.activity_id, m.path_id, m.zone_id, m.kind, m.title_it, m.title_en, m.access, m.status, m.published_at, m.created_at,
	f.id, f.hash, f.size, f.content_type, f.name, f.created_at
FROM activity_materials m JOIN files f ON f.id = m.file_id`

func scan(sc interface{ Scan(...any) error }) (Material, error) {
	var m Material
	var kind, access, status string
	var published sql.NullTime
	err := sc.Scan(&m.ID, &m.ActivityID, &m.PathID, &m.ZoneID, &kind, &m.Title.IT, &m.Title.EN, &access, &status, &published, &m.CreatedAt,
		&m.File.ID, &m.File.Hash, &m.File.Size, &m.File.ContentType, &m.File.Name, &m.File.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return m, db.ErrNotFound
	}
	m.Kind, m.Access, m.Published = Kind(kind), Access(access), status == "published"
	if published.Valid {
		m.PublishedAt = published.Time
	}
	return m, err
}

// Get returns material id (db.ErrNotFound when there is none).
func Get(ctx context.Context, ex db.Execer, id int64) (Material, error) {
	m, err := scan(ex.QueryRow(ctx, materialSelect+` WHERE m.id = ?`, id))
	if err != nil {
		return m, fmt.Errorf("materials: get %d: %w", id, err)
	}
	return m, nil
}

// ForActivity lists the files of an activity, minutes first, then in
// order of upload; drafts only when withDrafts.
func ForActivity(ctx context.Context, ex db.Execer, activityID int64, withDrafts bool) ([]Material, error) {
	where := ` WHERE m.activity_id = ?`
	if !withDrafts {
		where += ` AND m.status = 'published'`
	}
	rows, err := ex.Query(ctx, materialSelect+where+` ORDER BY CASE m.kind WHEN 'minutes' THEN 0 ELSE 1 END, m.id`, activityID)
	if err != nil {
		return nil, fmt.Errorf("materials: of activity %d: %w", activityID, err)
	}
	defer rows.Close()
	var out []Material
	for rows.Next() {
		m, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("materials: of activity %d: %w", activityID, err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Input is what a coordinator sets on an upload.
type Input struct {
	Kind      Kind
	Title     paths.Text
	Access    Access
	Published bool
}

// Create records an upload whose bytes are stored as blob (its type
// already decided from the content) as a file of activity a.
func Create(ctx context.Context, d *db.DB, actor Actor, a *activities.Activity, in Input, blob files.Blob, name string) (int64, error) {
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		f, err := files.Record(ctx, tx, blob, files.File{Name: name, UploadedBy: actor.ID})
		if err != nil {
			return err
		}
		now := db.Now()
		status, published := "draft", any(nil)
		if in.Published {
			status, published = "published", now
		}
		var by any
		if actor.ID != 0 {
			by = actor.ID
		}
		id, err = tx.InsertID(ctx, `INSERT INTO activity_materials (activity_id, path_id, zone_id, file_id, kind, title_it, title_en, access, status, published_at, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.PathID, a.ZoneID, f.ID, string(in.Kind), in.Title.IT, in.Title.EN,
			string(in.Access), status, published, by, now, now)
		if err != nil {
			return err
		}
		return record(ctx, tx, actor, "activity.material.create", id, a.ZoneID, nil,
			map[string]any{"activity": a.ID, "kind": in.Kind, "title": in.Title.IT, "access": in.Access, "status": status, "type": blob.ContentType, "size": blob.Size})
	})
	if err != nil {
		return 0, fmt.Errorf("materials: create for activity %d: %w", a.ID, err)
	}
	return id, nil
}

// Change is one change a coordinator makes to a file.
type Change string

// The changes.
const (
	Publish    Change = "publish"
	Unpublish  Change = "unpublish"
	MakePublic Change = "public"
	Restrict   Change = "restrict"
	Delete     Change = "delete"
)

// Apply makes change c to material m, with its audit line. Deleting
// removes the row; the bytes go with files.Remove when no other upload
// shares them (the caller does that after the commit).
func Apply(ctx context.Context, d *db.DB, actor Actor, m Material, c Change) error {
	before := map[string]any{"access": m.Access, "published": m.Published}
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		now := db.Now()
		switch c {
		case Publish:
			_, err = tx.Exec(ctx, `UPDATE activity_materials SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?`, now, now, m.ID)
		case Unpublish:
			_, err = tx.Exec(ctx, `UPDATE activity_materials SET status = 'draft', updated_at = ? WHERE id = ?`, now, m.ID)
		case MakePublic:
			_, err = tx.Exec(ctx, `UPDATE activity_materials SET access = 'public', updated_at = ? WHERE id = ?`, now, m.ID)
		case Restrict:
			_, err = tx.Exec(ctx, `UPDATE activity_materials SET access = 'participants', updated_at = ? WHERE id = ?`, now, m.ID)
		case Delete:
			_, err = tx.Exec(ctx, `DELETE FROM activity_materials WHERE id = ?`, m.ID)
		default:
			return fmt.Errorf("unknown change %q", c)
		}
		if err != nil {
			return err
		}
		return record(ctx, tx, actor, "activity.material."+string(c), m.ID, m.ZoneID, before, nil)
	})
	if err != nil {
		return fmt.Errorf("materials: %s %d: %w", c, m.ID, err)
	}
	return nil
}

// IsParticipant reports whether the account userID (address email) takes
// part in path pathID: a confirmed sign-up to one of its activities, or a
// presence recorded at one. (Committee members, coordinators of the zone
// and admins are participants by role; the handlers ask authz for that.)
// It reads the activities feature's sign-up and attendance tables, read
// only.
func IsParticipant(ctx context.Context, ex db.Execer, pathID, userID int64, email string) (bool, error) {
	var n int
	var em any
	if email != "" {
		em = email
	}
	err := ex.QueryRow(ctx, `SELECT COUNT(*) FROM activities a WHERE a.path_id = ? AND (
		EXISTS (SELECT 1 FROM activity_registrations r WHERE r.activity_id = a.id AND r.status = 'confirmed' AND (r.user_id = ? OR r.email_norm = ?))
		OR EXISTS (SELECT 1 FROM activity_attendance t WHERE t.activity_id = a.id AND (t.user_id = ? OR t.email_norm = ?)))`,
		pathID, userID, em, userID, em).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("materials: participant of path %d: %w", pathID, err)
	}
	return n > 0, nil
}
