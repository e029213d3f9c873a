package newsletter

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
)

// Campaign states: draft → scheduled → sending ⇄ paused → sent; a
// scheduled campaign may go back to draft.
const (
	CampaignDraft     = "draft"
	CampaignScheduled = "scheduled"
	CampaignSending   = "sending"
	CampaignPaused    = "paused"
	CampaignSent      = "sent"
)

// Sending defaults and bounds, per campaign.
const (
	DefaultConnections = 4
	MaxConnections     = 32
	MaxRate            = 100_000 // messages per second; 0 means no limit
	maxSubjectLen      = 200
	maxBodyLen         = 100_000
)

// Campaign is one newsletter issue.
type Campaign struct {
	ID      int64
	Subject string
	Body    string // Markdown
	// HomeZone is the territory of a coordinator's campaign; "" for a
	// regional one.
	HomeZone string
	State    string
	// The segment: subscribers who chose one of Zones (or every
	// territory), one of Topics (or every topic) and, when Roles is set,
	// whose address is that of an account holding one of Roles (in one of
	// Zones, when set). Empty lists do not restrict.
	Zones       []string
	Topics      []string
	Roles       []string
	ScheduledAt time.Time
	StartedAt   time.Time
	FinishedAt  time.Time
	// Connections is how many SMTP connections send in parallel; Rate the
	// limit in messages per second (0: none).
	Connections int
	Rate        int
	// Archive publishes the campaign in the public archive once sent.
	Archive   bool
	LastError string
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time

	nonce string // random part of the Message-IDs
}

// CampaignInput is what the campaign form edits.
type CampaignInput struct {
	Subject     string
	Body        string
	Zones       []string
	Topics      []string
	Roles       []string
	Archive     bool
	Connections int
	Rate        int
}

// Actor is who changes something, for the audit log.
type Actor struct {
	ID        int64
	Label     string
	IP        string
	RequestID string
}

func (a Actor) entry(action string, id int64, zone string, before, after any) audit.Entry {
	return audit.Entry{ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: "newsletter_campaign",
		EntityID: fmt.Sprint(id), ZoneID: zone, Before: audit.JSON(before), After: audit.JSON(after), IP: a.IP, RequestID: a.RequestID}
}

// ErrNotEditable is returned when a campaign is no longer a draft.
var ErrNotEditable = errors.New("newsletter: the campaign is not a draft")

func nonce() string { return strings.ToLower(rand.Text()[:12]) }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateCampaign stores a new draft; homeZone is "" for a regional one.
func CreateCampaign(ctx context.Context, d *db.DB, in CampaignInput, homeZone string, by Actor) (int64, error) {
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		now := db.Now()
		var creator any
		if by.ID != 0 {
			creator = by.ID
		}
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO newsletter_campaigns (subject, body, home_zone, state, connections, rate, archive, id_nonce,
			created_by, created_at, updated_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
			in.Subject, in.Body, nullable(homeZone), in.Connections, in.Rate, in.Archive, nonce(), creator, now, now)
		if err != nil {
			return fmt.Errorf("newsletter: create campaign: %w", err)
		}
		if err := setSegment(ctx, tx, id, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.entry("newsletter.campaign.create", id, homeZone, nil, in))
	})
	return id, err
}

// UpdateCampaign changes a draft.
func UpdateCampaign(ctx context.Context, d *db.DB, id int64, in CampaignInput, by Actor) error {
	return d.Tx(ctx, func(tx *db.Tx) error {
		before, err := campaignTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.State != CampaignDraft {
			return ErrNotEditable
		}
		if _, err := tx.Exec(ctx, `UPDATE newsletter_campaigns SET subject = ?, body = ?, connections = ?, rate = ?, archive = ?, updated_at = ?
			WHERE id = ?`, in.Subject, in.Body, in.Connections, in.Rate, in.Archive, db.Now(), id); err != nil {
			return fmt.Errorf("newsletter: update campaign %d: %w", id, err)
		}
		if err := setSegment(ctx, tx, id, in); err != nil {
			return err
		}
		return audit.Record(ctx, tx, by.entry("newsletter.campaign.update", id, before.HomeZone, before.input(), in))
	})
}

func (c *Campaign) input() CampaignInput {
	return CampaignInput{Subject: c.Subject, Body: c.Body, Zones: c.Zones, Topics: c.Topics, Roles: c.Roles,
		Archive: c.Archive, Connections: c.Connections, Rate: c.Rate}
}

func setSegment(ctx context.Context, tx *db.Tx, id int64, in CampaignInput) error {
	for _, t := range []struct {
		table, col string
		vals       []string
	}{{"newsletter_campaign_zones", "zone_id", in.Zones}, {"newsletter_campaign_topics", "topic", in.Topics}, {"newsletter_campaign_roles", "role", in.Roles}} {
		if _, err := tx.Exec(ctx, `DELETE FROM `+t.table+` WHERE campaign_id = ?`, id); err != nil {
			return fmt.Errorf("newsletter: segment of %d: %w", id, err)
		}
		for _, v := range t.vals {
			if _, err := tx.Exec(ctx, `INSERT INTO `+t.table+` (campaign_id, `+t.col+`) VALUES (?, ?)`, id, v); err != nil {
				return fmt.Errorf("newsletter: segment of %d: %w", id, err)
			}
		}
	}
	return nil
}

const campaignColumns = `id, subject, body, COALESCE(home_zone, ''), state, scheduled_at, started_at, finished_at, connections, rate,
	archive, id_nonce, last_error, COALESCE(created_by, 0), created_at, updated_at`

func scanCampaign(row interface{ Scan(...any) error }) (*Campaign, error) {
	var c Campaign
	var sched, started, finished sql.NullTime
	err := row.Scan(&c.ID, &c.Subject, &c.Body, &c.HomeZone, &c.State, &sched, &started, &finished, &c.Connections, &c.Rate,
		&c.Archive, &c.nonce, &c.LastError, &c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("newsletter: scan campaign: %w", err)
	}
	c.ScheduledAt, c.StartedAt, c.FinishedAt = sched.Time, started.Time, finished.Time
	return &c, nil
}

// GetCampaign returns a campaign with its segment (db.ErrNotFound if none).
func GetCampaign(ctx context.Context, d *db.DB, id int64) (*Campaign, error) {
	return loadCampaign(ctx, d, id)
}

func campaignTx(ctx context.Context, tx *db.Tx, id int64) (*Campaign, error) {
	return loadCampaign(ctx, tx, id)
}

func loadCampaign(ctx context.Context, q db.Execer, id int64) (*Campaign, error) {
	c, err := scanCampaign(q.QueryRow(ctx, `SELECT `+campaignColumns+` FROM newsletter_campaigns WHERE id = ?`, id))
	if err != nil {
		return nil, err
	}
	if c.Zones, err = strings1(ctx, q, `SELECT zone_id FROM newsletter_campaign_zones WHERE campaign_id = ? ORDER BY zone_id`, id); err != nil {
		return nil, err
	}
	if c.Topics, err = strings1(ctx, q, `SELECT topic FROM newsletter_campaign_topics WHERE campaign_id = ? ORDER BY topic`, id); err != nil {
		return nil, err
	}
	if c.Roles, err = strings1(ctx, q, `SELECT role FROM newsletter_campaign_roles WHERE campaign_id = ? ORDER BY role`, id); err != nil {
		return nil, err
	}
	return c, nil
}

// CampaignFilter selects campaigns for a list.
type CampaignFilter struct {
	// HomeZones restricts the list to campaigns of these territories;
	// nil lists every campaign.
	HomeZones []string
	// Archived lists only sent campaigns published in the archive.
	Archived bool
	Limit    int
	Offset   int
}

// ListCampaigns returns campaigns, newest first, and the total matching.
// Segments are not loaded.
func ListCampaigns(ctx context.Context, d *db.DB, f CampaignFilter) ([]Campaign, int, error) {
	var where []string
	var args []any
	if f.HomeZones != nil {
		if len(f.HomeZones) == 0 {
			return nil, 0, nil
		}
		where = append(where, "home_zone IN ("+marks(len(f.HomeZones))+")")
		for _, z := range f.HomeZones {
			args = append(args, z)
		}
	}
	order := "id DESC"
	if f.Archived {
		where = append(where, "state = 'sent' AND archive = ?")
		args = append(args, true)
		order = "finished_at DESC, id DESC"
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM newsletter_campaigns`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("newsletter: count campaigns: %w", err)
	}
	rows, err := d.Query(ctx, `SELECT `+campaignColumns+` FROM newsletter_campaigns`+cond+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("newsletter: list campaigns: %w", err)
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *c)
	}
	return out, total, rows.Err()
}
