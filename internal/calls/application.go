package calls

import (
	"time"

	"github.com/cantieri/cantieri/internal/platform/files"
)

// ApplicantKind is whether a person applies for themselves or for an
// organisation.
type ApplicantKind string

// The kinds of applicant.
const (
	Person       ApplicantKind = "person"
	Organisation ApplicantKind = "organisation"
)

// Key is the message key.
func (k ApplicantKind) Key() string { return "calls.applicant_kind." + string(k) }

// AppStatus is an application's lifecycle.
type AppStatus string

// The statuses of an application.
const (
	AppDraft     AppStatus = "draft"
	AppSubmitted AppStatus = "submitted"
	AppWithdrawn AppStatus = "withdrawn"
)

// Key is the message key.
func (s AppStatus) Key() string { return "calls.app_status." + string(s) }

// LegalForms are the legal forms an organisation may declare.
var LegalForms = []string{"association", "aps", "odv", "social_coop", "social_enterprise", "foundation", "religious", "public_body", "company", "other"}

// Value is the answer to one field: text, or a file.
type Value struct {
	Text string
	File *files.File
}

// Applicant is who applies: the person, and the organisation when they
// apply for one (then the person is its legal representative).
type Applicant struct {
	Kind       ApplicantKind
	Name       string
	TaxCode    string
	Email      string
	Phone      string
	OrgName    string
	OrgTaxCode string
	OrgVAT     string
	LegalForm  string
	RUNTS      string
}

// Application is one account's application to a call.
type Application struct {
	ID     int64
	CallID int64
	UserID int64
	Applicant
	Lang    string
	Status  AppStatus
	Version int
	// Values maps a field's id to its answer.
	Values map[int64]Value
	// Declared maps a declaration's id to the amount given with it, in
	// cents (0 when it asks none); a declaration not made is absent.
	Declared map[int64]int64
	Receipt  *Receipt
	// Eval is the application's admissibility, declarations and outcome.
	Eval      Evaluation
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DisplayName is the applicant as lists show it: the organisation's name,
// or the person's.
func (a *Application) DisplayName() string {
	if a.Kind == Organisation && a.OrgName != "" {
		return a.OrgName
	}
	return a.Name
}

// Declares reports whether the application makes declaration id.
func (a *Application) Declares(id int64) bool { _, ok := a.Declared[id]; return ok }

// Receipt is the record of one submission.
type Receipt struct {
	ID            int64
	CallID        int64
	ApplicationID int64
	Protocol      int
	SubmittedAt   time.Time
	SHA256        string
	Content       string
	WithdrawnAt   time.Time
}

// Number is the protocol number as printed: call and sequence.
func (r *Receipt) Number() string { return protocolNumber(r.CallID, r.Protocol) }

// Time is the submission's time in Italy, to the second.
func (r *Receipt) Time() string { return Seconds(r.SubmittedAt) }
