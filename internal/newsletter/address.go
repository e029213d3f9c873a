package newsletter

import (
	"strings"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// maxEmailLen is the longest address accepted (RFC 5321 path limit).
const maxEmailLen = 254

// roleLocalParts are mailboxes of a service, not of a person: nobody reads
// them as a reader of a newsletter would, and sending there hurts the
// sender's reputation. Addresses of associations such as info@ or
// segreteria@ are people's mailboxes in practice and are allowed.
var roleLocalParts = map[string]bool{
	"postmaster": true, "abuse": true, "hostmaster": true, "mailer-daemon": true,
	"noreply": true, "no-reply": true, "donotreply": true, "do-not-reply": true, "noresponse": true,
	"root": true, "nobody": true, "devnull": true, "bounce": true, "bounces": true,
	"listserv": true, "majordomo": true, "unsubscribe": true, "security": true,
}

// Address problems, as catalogue keys.
const (
	problemRequired = "form.required"
	problemInvalid  = "form.email_invalid"
	problemRole     = "newsletter.email.role"
	problemTooLong  = "form.too_long"
)

// NormalizeAddress trims and lower-cases s and checks it: it returns the
// address and "" when it is acceptable, or the catalogue key of the problem.
func NormalizeAddress(s string) (string, string) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return "", problemRequired
	case len(s) > maxEmailLen:
		return "", problemTooLong
	case !web.ValidEmail(s):
		return "", problemInvalid
	}
	local, _, _ := strings.Cut(s, "@")
	if base, _, ok := strings.Cut(local, "+"); ok {
		local = base
	}
	if roleLocalParts[local] {
		return "", problemRole
	}
	return s, ""
}
