// Package calls is Cantieri's model of the calls for expressions of
// interest (manifestazioni d'interesse) through which a path recruits
// community activators, local partners and third-sector bodies for
// co-design: the call with its declarations, form, criteria and commission;
// the applications, saved as drafts and submitted with a receipt
// (protocol number, time, SHA-256 of what was submitted). See
// docs/calls.md.
package calls

import (
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/files"
)

// Text is a text in Italian and, optionally, English (paths.Text).
type Text = paths.Text

// Kind is whom a call recruits.
type Kind string

// The kinds of call, from the programme's documents (seeds 000 and 004).
const (
	Activators Kind = "activators" // attivatori di comunità
	Partners   Kind = "partners"   // partner del territorio
	Codesign   Kind = "codesign"   // coprogettazione con enti del Terzo settore
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{Activators, Partners, Codesign}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Key is the message key of the kind's name.
func (k Kind) Key() string { return "calls.kind." + string(k) }

// Applicants is who may apply.
type Applicants string

// Who may apply.
const (
	People        Applicants = "people"
	Organisations Applicants = "organisations"
	Both          Applicants = "both"
)

// ApplicantsList lists the choices in form order.
var ApplicantsList = []Applicants{People, Organisations, Both}

// Valid reports whether a is a known choice.
func (a Applicants) Valid() bool { return slices.Contains(ApplicantsList, a) }

// Key is the message key of the choice.
func (a Applicants) Key() string { return "calls.applicants." + string(a) }

// Allows reports whether an applicant of kind k may apply.
func (a Applicants) Allows(k ApplicantKind) bool {
	return a == Both || (a == People && k == Person) || (a == Organisations && k == Organisation)
}

// TieBreak is how equal totals are ordered in the ranking.
type TieBreak string

// The tie-break rules.
const (
	// BySubmission puts first the application submitted first.
	BySubmission TieBreak = "submission_order"
	// ByFirstCriterion puts first the higher score on the first criterion,
	// then the application submitted first.
	ByFirstCriterion TieBreak = "first_criterion"
)

// TieBreaks lists the rules in form order.
var TieBreaks = []TieBreak{BySubmission, ByFirstCriterion}

// Valid reports whether t is a known rule.
func (t TieBreak) Valid() bool { return slices.Contains(TieBreaks, t) }

// Key is the message key of the rule.
func (t TieBreak) Key() string { return "calls.tie_break." + string(t) }

// Aggregation is how the evaluators' scores become one.
type Aggregation string

// The aggregations.
const (
	Mean      Aggregation = "mean"      // the mean of the evaluators' scores
	Consensus Aggregation = "consensus" // one sheet agreed by the commission
)

// Aggregations lists them in form order.
var Aggregations = []Aggregation{Mean, Consensus}

// Valid reports whether a is known.
func (a Aggregation) Valid() bool { return slices.Contains(Aggregations, a) }

// Key is the message key.
func (a Aggregation) Key() string { return "calls.aggregation." + string(a) }

// Status is where a call stands: a draft is seen only by its editors; a
// published call is public and takes applications between its opening and
// closing; provisional and final are the two states of its ranking.
type Status string

// The statuses of a call.
const (
	Draft       Status = "draft"
	Published   Status = "published"
	Provisional Status = "provisional"
	Final       Status = "final"
)

// Key is the message key of the status.
func (s Status) Key() string { return "calls.status." + string(s) }

// Declaration is a statement the applicant must make; WithAmount asks an
// amount with it (co-financing).
type Declaration struct {
	ID         int64
	Text       Text
	WithAmount bool
}

// FieldKind is the kind of a form field.
type FieldKind string

// The kinds of form field.
const (
	ShortText FieldKind = "short"
	LongText  FieldKind = "long"
	Choice    FieldKind = "choice"
	Number    FieldKind = "number"
	DateField FieldKind = "date"
	FileField FieldKind = "file"
)

// FieldKinds lists the kinds.
var FieldKinds = []FieldKind{ShortText, LongText, Choice, Number, DateField, FileField}

// Valid reports whether k is known.
func (k FieldKind) Valid() bool { return slices.Contains(FieldKinds, k) }

// Field is one question of the call's form. A required file field is a
// required attachment.
type Field struct {
	ID       int64
	Kind     FieldKind
	Label    Text
	Required bool
	// Options are the choices of a Choice field.
	Options []Text
}

// Criterion is an evaluation criterion: scored 0 to MaxPoints, counted
// Weight times in the total.
type Criterion struct {
	ID        int64
	Label     Text
	MaxPoints int
	Weight    int
}

// Member is a member of the commission.
type Member struct {
	UserID int64
	Name   string
	Email  string
}

// Call is a call for expressions of interest.
type Call struct {
	ID int64
	// ZoneID, PathID are empty and zero for a region-wide call.
	ZoneID    string
	ZoneName  string
	PathID    int64
	PathSlug  string
	PathTitle Text

	Kind            Kind
	Title           Text
	Body            Text
	Opens           time.Time
	Closes          time.Time
	Applicants      Applicants
	MinScore        int
	Places          int // 0: every application at or above the minimum
	TieBreak        TieBreak
	Aggregation     Aggregation
	RetentionMonths int

	Status      Status
	PublishedAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Declarations []Declaration
	Fields       []Field
	Criteria     []Criterion
	Commission   []Member
	Documents    []files.File
}

// RegionWide reports whether the call belongs to no territory.
func (c *Call) RegionWide() bool { return c.ZoneID == "" }

// Public reports whether anyone may see the call.
func (c *Call) Public() bool { return c.Status != Draft }

// OpenAt reports whether applications are taken at now: published, opened
// and not yet closed. The server's clock decides.
func (c *Call) OpenAt(now time.Time) bool {
	return c.Status == Published && !now.Before(c.Opens) && now.Before(c.Closes)
}

// ClosedAt reports whether the deadline has passed at now.
func (c *Call) ClosedAt(now time.Time) bool { return !now.Before(c.Closes) }

// MaxTotal is the highest weighted total an application can reach.
func (c *Call) MaxTotal() int {
	t := 0
	for _, cr := range c.Criteria {
		t += cr.MaxPoints * cr.Weight
	}
	return t
}

// IsMember reports whether user is on the commission.
func (c *Call) IsMember(user int64) bool {
	return slices.ContainsFunc(c.Commission, func(m Member) bool { return m.UserID == user })
}
