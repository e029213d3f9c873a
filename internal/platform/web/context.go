package web

import (
	"context"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyLang
	keyPrincipal
)

// RequestID returns the id given to the request, shown on error pages and
// written in every log line about it.
func RequestID(r *http.Request) string {
	v, _ := r.Context().Value(keyRequestID).(string)
	return v
}

// Lang returns the language of the request.
func Lang(r *http.Request) i18n.Lang {
	if v, ok := r.Context().Value(keyLang).(i18n.Lang); ok {
		return v
	}
	return i18n.Default
}

// Principal returns the signed-in user, or nil for a visitor.
func Principal(r *http.Request) *authz.Principal {
	v, _ := r.Context().Value(keyPrincipal).(*authz.Principal)
	return v
}

// WithPrincipal returns r carrying p; used by the session middleware and by
// handlers that sign a user in or out during the request.
func WithPrincipal(r *http.Request, p *authz.Principal) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keyPrincipal, p))
}

// WithLang returns r carrying the language l.
func WithLang(r *http.Request, l i18n.Lang) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keyLang, l))
}
