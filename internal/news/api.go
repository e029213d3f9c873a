package news

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
)

// Actor is who makes a change, as the audit log records it.
type Actor struct {
	ID        int64 // 0: the system (the demo loader)
	Label     string
	Name      string // shown as the author of news they create
	IP        string
	RequestID string
}

// Input is what an editor (or the demo loader) writes.
type Input struct {
	TitleIT, TitleEN     string
	SummaryIT, SummaryEN string
	BodyIT, BodyEN       string
	// Zones are the item's territories; none: region-wide.
	Zones []string
	// CoverFileID is an upload recorded with files.Record (0: no cover);
	// CoverAltIT is then required.
	CoverFileID            int64
	CoverAltIT, CoverAltEN string
	// Status and PublishAt apply to Create only (edits keep the status);
	// an empty Status is a draft, Published without PublishAt is now.
	Status    Status
	PublishAt time.Time
}

// Field limits, in characters.
const (
	MaxTitle   = 200
	MaxSummary = 600
	MaxBody    = 50_000
	MaxAlt     = 300
)

// ErrInvalid is returned by Create for input the forms would refuse.
var ErrInvalid = errors.New("news: invalid input")

func (in *Input) check() error {
	var bad []string
	if strings.TrimSpace(in.TitleIT) == "" {
		bad = append(bad, "title_it required")
	}
	if in.CoverFileID != 0 && strings.TrimSpace(in.CoverAltIT) == "" {
		bad = append(bad, "cover_alt_it required with a cover")
	}
	for _, f := range []struct {
		s string
		n int
	}{{in.TitleIT, MaxTitle}, {in.TitleEN, MaxTitle}, {in.SummaryIT, MaxSummary}, {in.SummaryEN, MaxSummary},
		{in.BodyIT, MaxBody}, {in.BodyEN, MaxBody}, {in.CoverAltIT, MaxAlt}, {in.CoverAltEN, MaxAlt}} {
		if utf8.RuneCountInString(f.s) > f.n {
			bad = append(bad, "field too long")
		}
	}
	switch in.Status {
	case "", Draft, Published, Scheduled:
	default:
		bad = append(bad, "unknown status "+string(in.Status))
	}
	if in.Status == Scheduled && in.PublishAt.IsZero() {
		bad = append(bad, "scheduled without publish_at")
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(bad, "; "))
	}
	return nil
}

// Latest returns the n newest items visitors see now, of zone (every item
// when zone is ""). Region-wide items belong to no zone.
func Latest(ctx context.Context, d *db.DB, zone string, n int) ([]*Item, error) {
	if n <= 0 {
		return nil, nil
	}
	items, _, err := page(ctx, d, zone, db.Now(), min(n, 100), 0)
	return items, err
}

// BySlug returns the item at slug if visitors see it now, or
// db.ErrNotFound (drafts and items scheduled for later included).
func BySlug(ctx context.Context, d *db.DB, slug string) (*Item, error) {
	if slug == "" || len(slug) > 200 || strings.Trim(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return nil, fmt.Errorf("news: slug: %w", db.ErrNotFound)
	}
	it, err := queryOne(ctx, d, itemColumns+` WHERE n.slug = ? AND `+visible, slug, db.Now())
	if err != nil {
		return nil, fmt.Errorf("news: slug %q: %w", slug, err)
	}
	return it, nil
}

// Create adds an item and records it in the audit log, with the cover
// made public when the item is published or scheduled.
func Create(ctx context.Context, d *db.DB, in Input, a Actor) (*Item, error) {
	if err := in.check(); err != nil {
		return nil, err
	}
	in.Zones = normaliseZones(in.Zones)
	status, at := in.Status, in.PublishAt
	if status == "" {
		status = Draft
	}
	now := db.Now()
	if status == Published && at.IsZero() {
		at = now
	}
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		slug, err := uniqueSlug(ctx, tx, Slugify(in.TitleIT))
		if err != nil {
			return err
		}
		id, err = tx.InsertID(ctx, `INSERT INTO news (slug, title_it, title_en, summary_it, summary_en, body_it, body_en,
cover_file_id, cover_alt_it, cover_alt_en, status, publish_at, author_id, author_name, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			slug, clean(in.TitleIT), clean(in.TitleEN), clean(in.SummaryIT), clean(in.SummaryEN), in.BodyIT, in.BodyEN,
			nullID(in.CoverFileID), clean(in.CoverAltIT), clean(in.CoverAltEN), string(status), nullTime(at),
			nullID(a.ID), a.Name, now, now)
		if err != nil {
			return err
		}
		if err := setZones(ctx, tx, id, in.Zones); err != nil {
			return err
		}
		if in.CoverFileID != 0 {
			if err := files.SetPublic(ctx, tx, in.CoverFileID, status != Draft); err != nil {
				return err
			}
		}
		it, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, it); err != nil {
			return err
		}
		return record(ctx, tx, a, "news.create", nil, it)
	})
	if err != nil {
		return nil, fmt.Errorf("news: create: %w", err)
	}
	return byID(ctx, d, id)
}

// update changes the content of item id (not its status or slug). A new
// cover takes the public state of the item; the old one becomes private.
func update(ctx context.Context, d *db.DB, id int64, in Input, a Actor) error {
	if err := in.check(); err != nil {
		return err
	}
	in.Zones = normaliseZones(in.Zones)
	return d.Tx(ctx, func(tx *db.Tx) error {
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE news SET title_it = ?, title_en = ?, summary_it = ?, summary_en = ?, body_it = ?, body_en = ?,
cover_file_id = ?, cover_alt_it = ?, cover_alt_en = ?, updated_at = ? WHERE id = ?`,
			clean(in.TitleIT), clean(in.TitleEN), clean(in.SummaryIT), clean(in.SummaryEN), in.BodyIT, in.BodyEN,
			nullID(in.CoverFileID), clean(in.CoverAltIT), clean(in.CoverAltEN), db.Now(), id)
		if err != nil {
			return err
		}
		if err := setZones(ctx, tx, id, in.Zones); err != nil {
			return err
		}
		if before.CoverFileID != 0 && before.CoverFileID != in.CoverFileID {
			if err := files.SetPublic(ctx, tx, before.CoverFileID, false); err != nil {
				return err
			}
		}
		if in.CoverFileID != 0 {
			if err := files.SetPublic(ctx, tx, in.CoverFileID, before.Status != Draft); err != nil {
				return err
			}
		}
		after, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, after); err != nil {
			return err
		}
		return record(ctx, tx, a, "news.update", before, after)
	})
}

// setStatus publishes (now), schedules (at), or withdraws (Draft) item
// id, with its cover's public state, in one transaction with its audit
// line.
func setStatus(ctx context.Context, d *db.DB, id int64, s Status, at time.Time, a Actor) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		publishAt := before.PublishAt
		switch s {
		case Published:
			publishAt = db.Now()
		case Scheduled:
			publishAt = db.Time(at)
		}
		if _, err := tx.Exec(ctx, `UPDATE news SET status = ?, publish_at = ?, updated_at = ? WHERE id = ?`,
			string(s), nullTime(publishAt), db.Now(), id); err != nil {
			return err
		}
		if before.CoverFileID != 0 {
			if err := files.SetPublic(ctx, tx, before.CoverFileID, s != Draft); err != nil {
				return err
			}
		}
		after, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, after); err != nil {
			return err
		}
		action := map[Status]string{Published: "news.publish", Scheduled: "news.schedule", Draft: "news.unpublish"}[s]
		return record(ctx, tx, a, action, before, after)
	})
}

// auditState is what the audit log keeps of an item: enough to see what
// changed, not the whole body.
type auditState struct {
	Slug      string   `json:"slug"`
	Title     string   `json:"title_it"`
	Status    Status   `json:"status"`
	PublishAt string   `json:"publish_at,omitempty"`
	Zones     []string `json:"zones"`
	Cover     int64    `json:"cover_file_id,omitempty"`
	BodyBytes int      `json:"body_it_bytes"`
}

func stateOf(it *Item) any {
	if it == nil {
		return nil
	}
	s := auditState{Slug: it.Slug, Title: it.TitleIT, Status: it.Status, Zones: it.Zones, Cover: it.CoverFileID, BodyBytes: len(it.BodyIT)}
	if s.Zones == nil {
		s.Zones = []string{}
	}
	if !it.PublishAt.IsZero() {
		s.PublishAt = it.PublishAt.Format(time.RFC3339)
	}
	return s
}

func record(ctx context.Context, tx *db.Tx, a Actor, action string, before, after *Item) error {
	e := audit.Entry{ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: "news",
		EntityID: strconv.FormatInt(after.ID, 10), IP: a.IP, RequestID: a.RequestID,
		Before: audit.JSON(stateOf(before)), After: audit.JSON(stateOf(after))}
	if before == nil {
		e.Before = ""
	}
	if len(after.Zones) == 1 {
		e.ZoneID = after.Zones[0]
	}
	return audit.Record(ctx, tx, e)
}

func clean(s string) string { return strings.TrimSpace(s) }
