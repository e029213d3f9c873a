// Package authz answers every permission question in Cantieri with one
// function, Can. Roles are granted to a user for a territory (a zone), or
// for every territory; admin is always granted for every territory.
package authz

import "slices"

// Role is a role of PRODUCT.md. Visitor (no account) and participant (any
// account) are implicit and never granted.
type Role string

// The roles that can be granted.
const (
	Admin           Role = "admin"
	Coordinator     Role = "coordinator"
	CommitteeMember Role = "committee_member"
	Activator       Role = "activator"
	Evaluator       Role = "evaluator"
	Monitor         Role = "monitor"
	GlossaryEditor  Role = "glossary_editor"
)

// GrantableRoles lists the roles an admin can grant, in display order.
var GrantableRoles = []Role{Coordinator, CommitteeMember, Activator, Evaluator, Monitor, GlossaryEditor, Admin}

// ParseRole returns the role named s, and whether it exists.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(GrantableRoles, r)
}

// Grant is one role held by a user, for ZoneID or, when ZoneID is empty,
// for every territory.
type Grant struct {
	Role   Role
	ZoneID string
}

// Principal is the user behind a request. A nil *Principal is a visitor.
type Principal struct {
	UserID int64
	Email  string
	Name   string
	Grants []Grant
	// SessionID identifies the session (its hash), for logout and renewal.
	SessionID string
}

// Has reports whether p holds role r for zone (or for every territory).
// An empty zone asks whether p holds r anywhere.
func (p *Principal) Has(r Role, zone string) bool {
	if p == nil {
		return false
	}
	for _, g := range p.Grants {
		if g.Role != r {
			continue
		}
		if zone == "" || g.ZoneID == "" || g.ZoneID == zone {
			return true
		}
	}
	return false
}

// IsAdmin reports whether p is a regional admin.
func (p *Principal) IsAdmin() bool { return p.Has(Admin, "") }

// Zones lists the zones where p holds role r; all is true when r is held
// for every territory.
func (p *Principal) Zones(r Role) (zones []string, all bool) {
	if p == nil {
		return nil, false
	}
	for _, g := range p.Grants {
		if g.Role != r {
			continue
		}
		if g.ZoneID == "" {
			return nil, true
		}
		zones = append(zones, g.ZoneID)
	}
	return zones, false
}

// Action is something a user may want to do.
type Action string

// The actions of the platform. Each has one row in policy.
const (
	// ViewPublic is reading the public site.
	ViewPublic Action = "view_public"
	// UseAccount is managing one's own account (password, e-mail, logout).
	UseAccount Action = "use_account"
	// ManageUsers is listing users and granting or revoking roles.
	ManageUsers Action = "manage_users"
	// ViewAudit is reading the audit log.
	ViewAudit Action = "view_audit"
	// OperatePlatform is reading the outbox and the job queue, retrying jobs.
	OperatePlatform Action = "operate_platform"
	// EditTerritory is editing the content of a territory (paths, news…).
	EditTerritory Action = "edit_territory"
	// MonitorTerritory is reading a territory's pseudonymised evaluation data.
	MonitorTerritory Action = "monitor_territory"
	// UseCommitteeSpace is entering a committee's workspace.
	UseCommitteeSpace Action = "use_committee_space"
	// EditGlossary is moderating and editing the glossary.
	EditGlossary Action = "edit_glossary"
	// EditRegion is editing content of the whole region, tied to no
	// territory: region-wide news, the FAQ. Admins only.
	EditRegion Action = "edit_region"
	// EvaluateCall is entering the commission's screens of a call in a
	// territory; the calls package also checks that the user sits on that
	// call's commission.
	EvaluateCall Action = "evaluate_call"
)

// rule says who may perform an action: anyone, any signed-in user, or the
// holders of some roles, within the action's zone when it is territorial.
type rule struct {
	anyone   bool
	signedIn bool
	roles    []Role
}

var policy = map[Action]rule{
	ViewPublic:        {anyone: true},
	UseAccount:        {signedIn: true},
	ManageUsers:       {roles: []Role{Admin}},
	ViewAudit:         {roles: []Role{Admin}},
	OperatePlatform:   {roles: []Role{Admin}},
	EditTerritory:     {roles: []Role{Coordinator}},
	MonitorTerritory:  {roles: []Role{Monitor, Coordinator}},
	UseCommitteeSpace: {roles: []Role{CommitteeMember, Coordinator}},
	EditGlossary:      {roles: []Role{GlossaryEditor}},
	EditRegion:        {},
	EvaluateCall:      {roles: []Role{Evaluator}},
}

// Actions lists every action, for tests that must cover them all.
func Actions() []Action {
	out := make([]Action, 0, len(policy))
	for a := range policy {
		out = append(out, a)
	}
	slices.Sort(out)
	return out
}

// Can reports whether p may perform action a in zone. An empty zone means
// the action is not tied to a territory: then holding the role anywhere
// suffices (features must pass the zone whenever there is one). Admin may
// do everything; an unknown action is denied.
func Can(p *Principal, a Action, zone string) bool {
	r, ok := policy[a]
	if !ok {
		return false
	}
	if r.anyone {
		return true
	}
	if p == nil {
		return false
	}
	if r.signedIn || p.IsAdmin() {
		return true
	}
	for _, role := range r.roles {
		if p.Has(role, zone) {
			return true
		}
	}
	return false
}
