// Package activities is Cantieri's model of the activities of a path
// (incontri, laboratori, workshop formativi, agorà, eventi pubblici,
// interviste, sessioni di feedback): their calendar, the sign-ups with
// capacity, waiting list and automatic promotion, the reminders sent before
// they start, and their calendar files (RFC 5545). It serves the public
// calendar and activity pages, the sign-up and cancellation forms, the
// .ics files and feeds, and the coordinators' editing screens. See
// docs/activities.md.
package activities

import (
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
)

// Text is a text in Italian and, optionally, English (paths.Text).
type Text = paths.Text

// Kind is what sort of activity it is.
type Kind string

// The kinds of activity.
const (
	Meeting          Kind = "meeting"           // incontro
	Lab              Kind = "lab"               // laboratorio
	TrainingWorkshop Kind = "training_workshop" // workshop formativo
	Agora            Kind = "agora"             // agorà
	PublicEvent      Kind = "public_event"      // evento pubblico
	Interview        Kind = "interview"         // intervista
	FeedbackSession  Kind = "feedback_session"  // sessione di feedback
)

// Kinds lists the kinds in the order forms and filters offer them.
var Kinds = []Kind{Meeting, Lab, TrainingWorkshop, Agora, PublicEvent, Interview, FeedbackSession}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Key is the message key of the kind's name.
func (k Kind) Key() string { return "activities.kind." + string(k) }

// Mode is how people take part.
type Mode string

// The modes of an activity.
const (
	InPerson Mode = "in_person" // in presenza
	Online   Mode = "online"
	Hybrid   Mode = "hybrid" // ibrida
)

// Modes lists the modes in the order forms offer them.
var Modes = []Mode{InPerson, Online, Hybrid}

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return slices.Contains(Modes, m) }

// Key is the message key of the mode's name.
func (m Mode) Key() string { return "activities.mode." + string(m) }

// HasVenue reports whether the activity happens in a place.
func (m Mode) HasVenue() bool { return m == InPerson || m == Hybrid }

// HasLink reports whether the activity happens online.
func (m Mode) HasLink() bool { return m == Online || m == Hybrid }

// Audience is a group an activity is meant for.
type Audience string

// The audiences.
const (
	Committees Audience = "committees" // comitati
	Staff      Audience = "staff"      // operatori
	Activators Audience = "activators" // attivatori di comunità
	Partners   Audience = "partners"   // partner del territorio
	Citizens   Audience = "citizens"   // cittadini
)

// Audiences lists the audiences in the order forms offer them.
var Audiences = []Audience{Committees, Staff, Activators, Partners, Citizens}

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return slices.Contains(Audiences, a) }

// Key is the message key of the audience's name.
func (a Audience) Key() string { return "activities.audience." + string(a) }

// Status is an activity's publication status: a draft is seen only by its
// zone's editors; a published activity is public (once its path is) and
// open to sign-ups in its window; a cancelled one stays public, marked as
// such, so that whoever planned to come finds out.
type Status string

// The statuses of an activity.
const (
	Draft     Status = "draft"
	Published Status = "published"
	Cancelled Status = "cancelled"
)

// Key is the message key of the status's name.
func (s Status) Key() string { return "activities.status." + string(s) }

// Activity is one activity of a phase of a path.
type Activity struct {
	ID            int64
	PathID        int64
	PathSlug      string
	PathTitle     Text
	PathPublished bool
	PhaseID       int64
	PhasePosition int
	PhaseName     Text
	ZoneID        string
	ZoneName      string

	Kind        Kind
	Title       Text
	Description Text
	Start       time.Time
	End         time.Time
	Mode        Mode
	VenueName   string
	// VenueAddress is the street address; ComuneCode (ISTAT) and
	// ComuneName name the comune.
	VenueAddress string
	ComuneCode   string
	ComuneName   string
	// OnlineURL is shown only to confirmed participants and editors.
	OnlineURL string
	// Capacity is the number of places; 0 means no limit.
	Capacity int
	// SignupOpens and SignupCloses bound the sign-up window; zero means
	// from publication, and until the start.
	SignupOpens  time.Time
	SignupCloses time.Time
	StepFree     bool
	HearingLoop  bool
	Interpreter  bool
	// Accessibility is free text about access (parking, toilets, …).
	Accessibility Text
	Audiences     []Audience

	Status      Status
	Sequence    int
	PublishedAt time.Time
	CancelledAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Confirmed and Waiting count the sign-ups.
	Confirmed int
	Waiting   int
}

// Public reports whether anyone may see the activity: published or
// cancelled, in a published path.
func (a *Activity) Public() bool { return a.Status != Draft && a.PathPublished }

// Full reports whether every place is taken.
func (a *Activity) Full() bool { return a.Capacity > 0 && a.Confirmed >= a.Capacity }

// PlacesLeft is the number of free places (0 when full or unlimited).
func (a *Activity) PlacesLeft() int {
	if a.Capacity == 0 {
		return 0
	}
	return max(a.Capacity-a.Confirmed, 0)
}

// HasAccessibility reports whether any accessibility information is given.
func (a *Activity) HasAccessibility() bool {
	return a.StepFree || a.HearingLoop || a.Interpreter || a.Accessibility.IT != "" || a.Accessibility.EN != ""
}

// HasAudience reports whether the activity is meant for au.
func (a *Activity) HasAudience(au Audience) bool { return slices.Contains(a.Audiences, au) }

// SignupState is where the sign-up window stands at a moment.
type SignupState int

// The states of the sign-up window.
const (
	SignupOpen SignupState = iota
	SignupNotYet
	SignupClosed
	SignupCancelled
	SignupUnpublished
)

// SignupAt tells whether sign-ups are accepted at now.
func (a *Activity) SignupAt(now time.Time) SignupState {
	switch {
	case a.Status == Cancelled:
		return SignupCancelled
	case a.Status != Published || !a.PathPublished:
		return SignupUnpublished
	case !a.SignupOpens.IsZero() && now.Before(a.SignupOpens):
		return SignupNotYet
	case !a.SignupCloses.IsZero() && !now.Before(a.SignupCloses):
		return SignupClosed
	case !now.Before(a.Start):
		return SignupClosed
	}
	return SignupOpen
}

// RegStatus is the status of a sign-up.
type RegStatus string

// The statuses of a sign-up.
const (
	RegConfirmed RegStatus = "confirmed"
	RegWaiting   RegStatus = "waiting"
	RegCancelled RegStatus = "cancelled"
)

// Key is the message key of the status's name.
func (s RegStatus) Key() string { return "activities.reg_status." + string(s) }

// Registration is one person's sign-up for an activity.
type Registration struct {
	ID          int64
	ActivityID  int64
	UserID      int64 // 0 without an account
	Name        string
	Email       string
	Phone       string
	AccessNeeds string
	Lang        string
	Status      RegStatus
	Offline     bool // added by a coordinator
	QueuedAt    time.Time
	ConfirmedAt time.Time
	CancelledAt time.Time
	CreatedAt   time.Time
	// Position is the place on the waiting list (from 1), for a waiting
	// sign-up loaded with it.
	Position int
	// Code is the check-in code (ungrouped; "" for a sign-up made before
	// codes existed, until CheckinCode gives it one).
	Code string
}

// GroupedCode is the check-in code as people read it: "K7M2Q-XW4TR".
func (r Registration) GroupedCode() string { return GroupCode(r.Code) }

// StartClock is the start's time of day in Italy, HH:MM.
func (a *Activity) StartClock() string { return localClock(a.Start) }
