package calls

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Service changes calls and applications. Every change runs in one
// transaction with its audit lines and its e-mails.
type Service struct {
	DB    *db.DB
	Files files.Store
	// BaseURL is the site's absolute URL, for links in e-mails.
	BaseURL string
	// Now is the clock; nil means time.Now. Tests set it. The server's clock
	// decides whether a submission is in time.
	Now func() time.Time
}

// NewService returns a service on d storing files in fs.
func NewService(d *db.DB, fs files.Store, baseURL string) *Service {
	return &Service{DB: d, Files: fs, BaseURL: strings.TrimRight(baseURL, "/")}
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return db.Time(s.Now())
	}
	return db.Now()
}

// Actor is who makes a change, as the audit log records it.
type Actor = paths.Actor

// actorOf is the user making request r.
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

// InvalidError lists every problem of an input (paths.InvalidError).
type InvalidError = paths.InvalidError

type problems struct{ list []web.FieldError }

func (p *problems) add(field, key string) {
	p.list = append(p.list, web.FieldError{Field: field, Key: key})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &InvalidError{Problems: p.list}
}

// AddTo copies the problems of an *InvalidError onto form f and reports
// whether err was one.
func AddTo(f *web.Form, err error) bool { return paths.AddTo(f, err) }
