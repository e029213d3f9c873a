// Package tracks is Cantieri's training tracks: a set of activities that
// forms a course (the community activators' three training workshops, the
// committees' three general and three thematic meetings), per territory or
// region-wide. It keeps who is enrolled, computes each person's progress
// from the attendance the activities feature records (activities
// attended, hours, completed or not), issues certificates of attendance
// as PDF files with a public verification page, and serves the
// coordinators' screens and the participant's own page. See
// docs/tracks.md.
package tracks

import (
	"slices"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Text is a text in Italian and, optionally, English.
type Text = paths.Text

// Kind says whom a track is for, so other features can find "the
// activators' track of zone X" (ForKind).
type Kind string

// The kinds of track.
const (
	Activators Kind = "activators" // attivatori di comunità
	Committees Kind = "committees" // comitati: 3 incontri generali + 3 tematici
	Other      Kind = "other"
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{Activators, Committees, Other}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Key is the message key of the kind's name.
func (k Kind) Key() string { return "tracks.kind." + string(k) }

// Rule is how a track is completed.
type Rule string

// The completion rules.
const (
	// All: every activity of the track that is not cancelled.
	All Rule = "all"
	// Count: at least Min of its activities.
	Count Rule = "count"
	// Hours: at least Min hours of its activities.
	Hours Rule = "hours"
)

// Rules lists the rules in the order forms offer them.
var Rules = []Rule{All, Count, Hours}

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool { return slices.Contains(Rules, r) }

// Key is the message key of the rule's name.
func (r Rule) Key() string { return "tracks.rule." + string(r) }

// Track is one training track.
type Track struct {
	ID int64
	// ZoneID is "" for a region-wide track; ZoneName is then "".
	ZoneID      string
	ZoneName    string
	Kind        Kind
	Title       Text
	Description Text
	Rule        Rule
	// Min is the number of activities (Count) or of hours (Hours).
	Min       int
	CreatedAt time.Time
	UpdatedAt time.Time
	// ActivityIDs are the activities of the track.
	ActivityIDs []int64
}

// RegionWide reports whether the track belongs to no single territory.
func (t *Track) RegionWide() bool { return t.ZoneID == "" }

// HasActivity reports whether activity id belongs to the track.
func (t *Track) HasActivity(id int64) bool { return slices.Contains(t.ActivityIDs, id) }

// Person is someone who follows a track: an account, or a name and an
// e-mail address (for people admitted through a call who have no account).
type Person struct {
	UserID int64
	Name   string
	Email  string
}

// Source is how a person came to be enrolled.
type Source string

// The sources of an enrolment.
const (
	FromCall        Source = "call"        // admitted through a call
	FromCoordinator Source = "coordinator" // added by a coordinator
)

// Key is the message key of the source's name.
func (s Source) Key() string { return "tracks.source." + string(s) }

// Enrolment is one person enrolled in a track.
type Enrolment struct {
	ID         int64
	TrackID    int64
	Person     Person
	Source     Source
	EnrolledAt time.Time
}

// normEmail is how e-mail addresses are compared across features:
// trimmed, lower case.
func normEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// RuleText says the completion rule in lang ("Almeno 4 ore").
func (t *Track) RuleText(lang i18n.Lang) string {
	if t.Rule == All {
		return i18n.T(lang, t.Rule.Key())
	}
	return i18n.T(lang, t.Rule.Key(), t.Min)
}
