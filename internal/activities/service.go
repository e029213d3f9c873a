package activities

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Service changes activities and sign-ups. Every change runs in one
// transaction with its audit lines, its e-mails and its reminder jobs.
type Service struct {
	DB *db.DB
	// BaseURL is the site's absolute URL, for links in e-mails and
	// calendar files.
	BaseURL string
	// Now is the clock; nil means time.Now. Tests set it.
	Now func() time.Time
}

// NewService returns a service on d for the site at baseURL.
func NewService(d *db.DB, baseURL string) *Service {
	return &Service{DB: d, BaseURL: strings.TrimRight(baseURL, "/")}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return db.Time(s.Now())
	}
	return db.Now()
}

// host is the site's host name, the right part of calendar UIDs.
func (s *Service) host() string {
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return u.Hostname()
}

// url is the absolute URL of a path on the site.
func (s *Service) url(path string) string { return s.BaseURL + path }

// Actor is who makes a change, as the audit log records it.
type Actor = paths.Actor

// actorOf is the user (or visitor) making request r.
func actorOf(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}

// record appends an audit entry in the transaction making the change.
func record(ctx context.Context, tx *db.Tx, a Actor, action, entity string, id int64, zone string, before, after any) error {
	return audit.Record(ctx, tx, audit.Entry{
		ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: entity, EntityID: itoa(id), ZoneID: zone,
		Before: audit.JSON(before), After: audit.JSON(after), IP: a.IP, RequestID: a.RequestID,
	})
}
