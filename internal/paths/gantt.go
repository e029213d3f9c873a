package paths

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Gantt is a path's schedule laid out for an SVG drawing: every coordinate
// is computed here, so the template only prints numbers and texts. The
// drawing scales with its viewBox; planned bars are outlined, actual bars
// hatched and thinner, so they differ by more than colour.
type Gantt struct {
	Width, Height int
	// ChartLeft and ChartRight bound the time axis; Top and Bottom the rows.
	ChartLeft, ChartRight, Top, Bottom float64
	From, To                           Date // first and last day drawn
	Months                             []GanttMonth
	Rows                               []GanttRow
	// Today is the marker of the current day, nil when outside the chart.
	Today *GanttMarker
	// Title and Desc are the chart's accessible name and description.
	Title, Desc string
}

// GanttMonth is one column of the month grid.
type GanttMonth struct {
	X, W, LabelX, YearX float64
	Label               string // short month name, "" when skipped to avoid crowding
	Year                string // shown above the first month and above every January
	Shade               bool   // every other month is shaded, to guide the eye
}

// GanttRow is one phase: its label and its two bars.
type GanttRow struct {
	Y, LabelY  float64
	Label      string // the name, shortened to fit
	Name       string // the full name
	StatusText string
	// Skipped rows are struck through, their planned bar greyed.
	Skipped bool
	Planned GanttBar
	Actual  *GanttBar // nil until the phase starts
}

// GanttBar is one bar; Title is its accessible name.
type GanttBar struct {
	X, Y, W, H float64
	Title      string
	// Open is true for a phase in progress: the bar ends today, with an
	// arrow whose polygon points are Arrow.
	Open  bool
	Arrow string
}

// GanttMarker is the vertical line of the current day.
type GanttMarker struct {
	X     float64
	Label string
}

// Layout of the drawing, in SVG user units.
const (
	ganttWidth   = 960
	ganttLabelW  = 250
	ganttPadding = 10
	ganttHeader  = 44
	ganttRowH    = 40
	ganttFooter  = 24
	ganttMaxName = 38 // characters of a row label
)

// NewGantt lays out p's schedule as seen on day, in lang.
func NewGantt(p Path, day Date, lang i18n.Lang) Gantt {
	g := Gantt{Width: ganttWidth, ChartLeft: ganttLabelW, ChartRight: ganttWidth - ganttPadding, Top: ganttHeader}
	from, to := p.Start, p.Start
	for _, ph := range p.Phases {
		from = from.Min(ph.PlannedStart).Min(ph.ActualStart)
		to = to.Max(ph.PlannedEnd).Max(ph.ActualEnd)
		if ph.Status == PhaseInProgress && ph.ActualEnd.IsZero() && !ph.ActualStart.IsZero() {
			to = to.Max(day)
		}
	}
	g.From = from.FirstOfMonth()
	g.To = to.FirstOfMonth().AddMonths(1).AddDays(-1)
	days := float64(g.From.DaysUntil(g.To) + 1)
	x := func(d Date) float64 {
		return round1(g.ChartLeft + float64(g.From.DaysUntil(d))/days*(g.ChartRight-g.ChartLeft))
	}
	g.months(x, lang)
	for i, ph := range p.Phases {
		g.Rows = append(g.Rows, ganttRow(ph, i, day, lang, x))
	}
	g.Bottom = ganttHeader + float64(len(p.Phases)*ganttRowH)
	g.Height = int(g.Bottom) + ganttFooter
	if !day.Before(g.From) && !day.After(g.To) {
		g.Today = &GanttMarker{X: x(day) + round1((x(day.AddDays(1))-x(day))/2), Label: i18n.T(lang, "paths.gantt.today_label")}
	}
	title := p.Title.In(lang)
	g.Title = i18n.T(lang, "paths.gantt.title", title)
	g.Desc = i18n.T(lang, "paths.gantt.desc", len(p.Phases), g.From.Format(lang), g.To.Format(lang))
	if g.Today != nil {
		g.Desc += " " + i18n.T(lang, "paths.gantt.desc_today", day.Format(lang))
	}
	return g
}

// GridHeight is the height of the rows' area.
func (g Gantt) GridHeight() float64 { return g.Bottom - g.Top }

// TodayLabelY is where the label of the today marker sits, under the rows.
func (g Gantt) TodayLabelY() float64 { return g.Bottom + 16 }

func (g *Gantt) months(x func(Date) float64, lang i18n.Lang) {
	n := 0
	for m := g.From; !m.After(g.To); m = m.AddMonths(1) {
		n++
	}
	step := (n + 13) / 14 // at most about 14 labels
	i := 0
	for m := g.From; !m.After(g.To); m = m.AddMonths(1) {
		next := m.AddMonths(1)
		gm := GanttMonth{X: x(m), W: round1(x(next) - x(m)), Shade: i%2 == 1}
		gm.LabelX, gm.YearX = round1(gm.X+gm.W/2), round1(gm.X+3)
		if i%step == 0 {
			gm.Label = i18n.T(lang, monthShortKey(m.Month()))
		}
		if i == 0 || m.Month() == 1 {
			gm.Year = strconv.Itoa(m.Year())
		}
		g.Months = append(g.Months, gm)
		i++
	}
}

func ganttRow(ph Phase, i int, day Date, lang i18n.Lang, x func(Date) float64) GanttRow {
	top := float64(ganttHeader + i*ganttRowH)
	name := ph.Name.In(lang)
	r := GanttRow{Y: top, LabelY: top + 24, Label: shorten(name, ganttMaxName), Name: name,
		StatusText: i18n.T(lang, ph.StatusKey()), Skipped: ph.Status == PhaseSkipped}
	r.Planned = GanttBar{X: x(ph.PlannedStart), Y: top + 5, H: 14,
		W:     barWidth(x(ph.PlannedStart), x(ph.PlannedEnd.AddDays(1))),
		Title: i18n.T(lang, "paths.gantt.planned_bar", name, ph.PlannedStart.Format(lang), ph.PlannedEnd.Format(lang))}
	if ph.ActualStart.IsZero() {
		return r
	}
	end, open := ph.ActualEnd, false
	title := ""
	if end.IsZero() {
		end, open = day.Max(ph.ActualStart), true
		title = i18n.T(lang, "paths.gantt.actual_open", name, ph.ActualStart.Format(lang))
	} else {
		title = i18n.T(lang, "paths.gantt.actual_bar", name, ph.ActualStart.Format(lang), ph.ActualEnd.Format(lang))
	}
	a := &GanttBar{X: x(ph.ActualStart), Y: top + 23, H: 10, Open: open, Title: title,
		W: barWidth(x(ph.ActualStart), x(end.AddDays(1)))}
	if open {
		ex := round1(a.X + a.W)
		a.Arrow = fmt.Sprintf("%g,%g %g,%g %g,%g", ex, a.Y-3, ex+7, a.Y+a.H/2, ex, a.Y+a.H+3)
	}
	r.Actual = a
	return r
}

// barWidth keeps even a one-day bar visible.
func barWidth(x0, x1 float64) float64 { return round1(math.Max(x1-x0, 2)) }

func round1(v float64) float64 { return math.Round(v*10) / 10 }

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
