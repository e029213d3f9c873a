package paths

import "github.com/cantieri/cantieri/internal/platform/i18n"

// Stage is where a path stands as a whole, derived from its phases.
type Stage string

// The stages of a path.
const (
	StageNotStarted Stage = "not_started"
	StageUnderway   Stage = "underway"
	StageCompleted  Stage = "completed"
)

// Progress sums up a path's phases for the "at a glance" view.
type Progress struct {
	Total      int
	Done       int
	Skipped    int
	InProgress int
	// Current is the first phase in progress, or nil.
	Current *Phase
	// Next is the first phase still planned, or nil.
	Next  *Phase
	Stage Stage
}

// Progress computes the path's progress from its phases.
func (p Path) Progress() Progress {
	g := Progress{Total: len(p.Phases)}
	for i := range p.Phases {
		ph := &p.Phases[i]
		switch ph.Status {
		case PhaseDone:
			g.Done++
		case PhaseSkipped:
			g.Skipped++
		case PhaseInProgress:
			g.InProgress++
			if g.Current == nil {
				g.Current = ph
			}
		case PhasePlanned:
			if g.Next == nil {
				g.Next = ph
			}
		}
	}
	switch {
	case g.Total > 0 && g.Done+g.Skipped == g.Total:
		g.Stage = StageCompleted
	case g.Done > 0 || g.InProgress > 0:
		g.Stage = StageUnderway
	default:
		g.Stage = StageNotStarted
	}
	return g
}

// Counted is the number of phases that count towards progress: skipped
// phases do not.
func (g Progress) Counted() int { return g.Total - g.Skipped }

// Percent is the share of counted phases done, 0-100, rounded down.
func (g Progress) Percent() int {
	if g.Counted() <= 0 {
		return 0
	}
	return g.Done * 100 / g.Counted()
}

// StageKey is the message key naming the stage.
func (g Progress) StageKey() string { return "paths.stage." + string(g.Stage) }

// StatusKey is the message key naming a phase's status.
func (ph Phase) StatusKey() string { return "paths.phase_status." + string(ph.Status) }

// DelayText says, in lang, when the phase ended against its planned end:
// late, early or on time; "" while it has not ended.
func (ph Phase) DelayText(lang i18n.Lang) string {
	if ph.ActualEnd.IsZero() || ph.PlannedEnd.IsZero() {
		return ""
	}
	switch n := ph.PlannedEnd.DaysUntil(ph.ActualEnd); {
	case n == 1:
		return i18n.T(lang, "paths.delay.late_one")
	case n > 1:
		return i18n.T(lang, "paths.delay.late", n)
	case n == -1:
		return i18n.T(lang, "paths.delay.early_one")
	case n < -1:
		return i18n.T(lang, "paths.delay.early", -n)
	}
	return i18n.T(lang, "paths.delay.on_time")
}
