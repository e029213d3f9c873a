package calls

import (
	"github.com/cantieri/cantieri/internal/platform/authz"
)

// Access is in which capacities a user may see a call's applications.
type Access struct {
	// Applicant: the application is the user's own.
	Applicant bool
	// Coordinator: the user edits the call's territory (the region, for a
	// region-wide call).
	Coordinator bool
	// Commission: the user is on the call's commission and holds the
	// evaluator's role there.
	Commission bool
}

// Any reports whether the user may see the application at all.
func (a Access) Any() bool { return a.Applicant || a.Coordinator || a.Commission }

// AccessTo is the one object-level check of the package, used by every
// handler that shows or changes a call's editing screens, an application,
// its attachments or its scores: the router has already checked the
// action in the call's zone; this adds what the role table cannot know
// (whose application it is, who sits on this call's commission, and that
// a region-wide call belongs to the region's editors, not to any
// coordinator). app may be nil for questions about the call alone.
func AccessTo(p *authz.Principal, c *Call, app *Application) Access {
	if p == nil || c == nil {
		return Access{}
	}
	var a Access
	if c.RegionWide() {
		a.Coordinator = authz.Can(p, authz.EditRegion, "")
	} else {
		a.Coordinator = authz.Can(p, authz.EditTerritory, c.ZoneID)
	}
	a.Commission = c.IsMember(p.UserID) && authz.Can(p, authz.EvaluateCall, c.ZoneID)
	a.Applicant = app != nil && app.UserID != 0 && app.UserID == p.UserID && app.CallID == c.ID
	return a
}
