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
	// Member: the user sits on the call's commission and holds the
	// evaluator's role in its territory.
	Member bool
	// Commission: a member who declared no conflict of interest with the
	// application (always false without one).
	Commission bool
}

// Any reports whether the user may see the application at all.
func (a Access) Any() bool { return a.Applicant || a.Coordinator || a.Commission }

// AccessTo is the one object-level check of the package, used by every
// handler that shows or changes a call's editing screens, an application,
// its attachments or its scores. The router has already checked the
// action in the call's zone; this adds what the role table cannot know:
// whose application it is, who sits on this call's commission (and has
// declared no conflict with this application before seeing it), and that
// a region-wide call belongs to the region's editors, not to any
// coordinator. app may be nil for questions about the call alone.
func AccessTo(p *authz.Principal, c *Call, app *Application) Access {
	if p == nil || c == nil || app != nil && app.CallID != c.ID {
		return Access{}
	}
	var a Access
	if c.RegionWide() {
		a.Coordinator = authz.Can(p, authz.EditRegion, "")
	} else {
		a.Coordinator = authz.Can(p, authz.EditTerritory, c.ZoneID)
	}
	a.Member = c.IsMember(p.UserID) && authz.Can(p, authz.EvaluateCall, c.ZoneID)
	a.Commission = a.Member && app != nil && app.Eval.NoConflict(p.UserID)
	a.Applicant = app != nil && app.UserID != 0 && app.UserID == p.UserID
	return a
}
