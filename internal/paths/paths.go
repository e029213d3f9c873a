// Package paths is Cantieri's model of participatory paths: the editions of
// the programme, the path templates ("Cantiere della Salute", "Avvio Casa di
// Comunità", "Coprogettazione") with their phases and planned activities,
// the paths run in each zone with their phases' planned and actual dates,
// and the solutions designed and tested in a territory. It serves the
// public territory, path and schedule (Gantt) pages and the coordinators'
// editing screens. See docs/paths.md.
package paths

import (
	"time"
)

// Edition is one edition of the programme, e.g. the first, 2020-2022.
type Edition struct {
	ID    int64
	Slug  string
	Name  Text
	Start Date
	End   Date // zero while the edition is open-ended
}

// Template is a path template: the phases a new path starts with.
type Template struct {
	ID             int64
	Slug           string
	Name           Text
	Description    Text
	DurationMonths int
	Phases         []PhaseTemplate
}

// PhaseTemplate is one phase of a template: when it starts (weeks after the
// path's start) and how long it lasts.
type PhaseTemplate struct {
	Name          Text
	Description   Text
	OffsetWeeks   int
	DurationWeeks int
	Activities    []PlannedActivity
}

// PlannedActivity is an activity a phase plans, e.g. "3 incontri generali":
// Count is how many (0 when not fixed) and Label the phrase shown, count
// included.
type PlannedActivity struct {
	Kind  string // meeting, lab, workshop, agora, event, interview, call, selection, delivery, feedback, redesign, document
	Count int
	Label Text
}

// Status is a path's publication status.
type Status string

// A path is a draft, seen only by who may edit its zone, until published.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// Path is a participatory path in one zone.
type Path struct {
	ID           int64
	Slug         string
	ZoneID       string
	ZoneName     string
	EditionID    int64
	EditionSlug  string
	EditionName  Text
	TemplateSlug string // "" when the template was removed
	TemplateName Text
	Title        Text
	Summary      Text
	Status       Status
	Start        Date
	PublishedAt  time.Time // zero for a draft never published
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Phases       []Phase // by position; loaded by every function that returns paths
}

// IsDraft reports whether the path is not published.
func (p Path) IsDraft() bool { return p.Status != Published }

// End is the last day of the schedule: the latest planned or actual end of
// its phases, or the start when it has none.
func (p Path) End() Date {
	end := p.Start
	for _, ph := range p.Phases {
		end = end.Max(ph.PlannedEnd).Max(ph.ActualEnd)
	}
	return end
}

// PhaseStatus is where a phase stands.
type PhaseStatus string

// The statuses of a phase.
const (
	PhasePlanned    PhaseStatus = "planned"
	PhaseInProgress PhaseStatus = "in_progress"
	PhaseDone       PhaseStatus = "done"
	PhaseSkipped    PhaseStatus = "skipped"
)

// PhaseStatuses lists the statuses in the order forms offer them.
var PhaseStatuses = []PhaseStatus{PhasePlanned, PhaseInProgress, PhaseDone, PhaseSkipped}

// Phase is one phase of a path.
type Phase struct {
	ID           int64
	PathID       int64
	Position     int // from 1
	Name         Text
	Description  Text
	PlannedStart Date
	PlannedEnd   Date
	ActualStart  Date // zero until it starts
	ActualEnd    Date // zero until it ends
	Status       PhaseStatus
	// Activities are the planned activities, loaded only by PathBySlug.
	Activities []PlannedActivity
}

// Solution is a solution designed and tested in a territory, such as the
// Camper della Salute, possibly born in one of its paths.
type Solution struct {
	ID        int64
	Slug      string
	ZoneID    string
	ZoneName  string
	PathID    int64 // 0 when not tied to a path
	PathSlug  string
	PathTitle Text
	// PathPublished tells whether the public may follow a link to the path.
	PathPublished bool
	Title         Text
	Summary       Text
	Body          Text
	CreatedAt     time.Time
	UpdatedAt     time.Time
}
