package paths

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Actor is who makes a change, as the audit log records it. The demo
// loader and other programs pass a Label such as "demo" and no ID.
type Actor struct {
	ID        int64
	Label     string
	IP        string
	RequestID string
}

// actorOf is the signed-in user making request r.
func actorOf(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}

// record appends an audit entry in the transaction making the change.
func (a Actor) record(ctx context.Context, tx *db.Tx, action, entity, entityID, zone string, before, after any) error {
	return audit.Record(ctx, tx, audit.Entry{
		ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: entity, EntityID: entityID, ZoneID: zone,
		Before: audit.JSON(before), After: audit.JSON(after), IP: a.IP, RequestID: a.RequestID,
	})
}

// InvalidError is returned by the functions that change data when their
// input is not acceptable: it lists every problem at once, by form field,
// as message-catalogue keys, so a form can show them all.
type InvalidError struct {
	Problems []web.FieldError
}

func (e *InvalidError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Key
	}
	return "paths: invalid input: " + strings.Join(parts, "; ")
}

// problems collects validation problems.
type problems struct{ list []web.FieldError }

func (p *problems) add(field, key string) {
	p.list = append(p.list, web.FieldError{Field: field, Key: key})
}

func (p *problems) has(field string) bool {
	for _, e := range p.list {
		if e.Field == field {
			return true
		}
	}
	return false
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &InvalidError{Problems: p.list}
}

// AddTo copies the problems of an *InvalidError onto form f, skipping the
// fields that already have one (a date that could not be read is not also
// "required"), and reports whether err was one.
func AddTo(f *web.Form, err error) bool {
	var inv *InvalidError
	if !errors.As(err, &inv) {
		return false
	}
	had := map[string]bool{}
	for _, p := range inv.Problems {
		had[p.Field] = f.Error(p.Field) != ""
	}
	for _, p := range inv.Problems {
		if p.Field == "" || !had[p.Field] {
			f.AddError(p.Field, p.Key)
		}
	}
	return true
}
