package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/platform/xlsx"
)

// An export is one row per person and activity: every sign-up (whatever
// its status) with its presence, then every walk-in. It is what the
// evaluators count people and attendance from (docs/activities.md).

// PersonRow is one line of an export.
type PersonRow struct {
	Activity *Activity
	// Reg is the sign-up; nil for a walk-in.
	Reg *Registration
	// Att is the presence; nil when the person was not marked present.
	Att *Attendance
}

// Name is the person's name, from the sign-up or the walk-in.
func (p PersonRow) Name() string {
	if p.Reg != nil {
		return p.Reg.Name
	}
	return p.Att.Name
}

// Email is the person's address as given.
func (p PersonRow) Email() string {
	if p.Reg != nil {
		return p.Reg.Email
	}
	return p.Att.Email
}

// ExportRows returns the rows of the given activities, in their order;
// within an activity, sign-ups in the order of Registrations, then
// walk-ins in order of arrival.
func ExportRows(ctx context.Context, d *db.DB, list []*Activity) ([]PersonRow, error) {
	var out []PersonRow
	for _, a := range list {
		regs, err := Registrations(ctx, d, a.ID)
		if err != nil {
			return nil, err
		}
		atts, err := AttendanceOf(ctx, d, a.ID)
		if err != nil {
			return nil, err
		}
		byReg := map[int64]*Attendance{}
		var walkIns []*Attendance
		for i := range atts {
			if atts[i].WalkIn() {
				walkIns = append(walkIns, &atts[i])
			} else {
				byReg[atts[i].RegistrationID] = &atts[i]
			}
		}
		for i := range regs {
			out = append(out, PersonRow{Activity: a, Reg: &regs[i], Att: byReg[regs[i].ID]})
		}
		for _, w := range walkIns {
			out = append(out, PersonRow{Activity: a, Att: w})
		}
	}
	return out, nil
}

// ForZone lists the activities of zone that are not drafts and start in
// [from, to) (a zero bound is open), in order of time, at most
// maxExport.
func ForZone(ctx context.Context, d *db.DB, zone string, from, to time.Time) ([]*Activity, error) {
	where, args := "a.zone_id = ? AND a.status <> 'draft'", []any{zone}
	if !from.IsZero() {
		where += " AND a.starts_at >= ?"
		args = append(args, db.Time(from))
	}
	if !to.IsZero() {
		where += " AND a.starts_at < ?"
		args = append(args, db.Time(to))
	}
	list, err := query(ctx, d, where, fmt.Sprintf("a.starts_at, a.id LIMIT %d", maxExport), args...)
	if err != nil {
		return nil, fmt.Errorf("activities: activities of %s to export: %w", zone, err)
	}
	return list, nil
}

// maxExport bounds the activities of one territory's export.
const maxExport = 5000

// table is an export as header and typed cells, before it becomes a CSV
// or a sheet: strings, ints, bools and times (in Italy).
type table struct {
	header []string
	rows   [][]any
}

// peopleTable is the people of rows; withActivity adds the activity's
// columns first (the territory's export).
func peopleTable(lang i18n.Lang, rows []PersonRow, withActivity bool) table {
	t := func(key string) string { return i18n.T(lang, key) }
	var tb table
	if withActivity {
		tb.header = append(tb.header, t("activities.export.activity_id"), t("activities.export.activity"), t("activities.export.start"))
	}
	tb.header = append(tb.header, t("activities.export.name"), t("activities.export.email"), t("activities.export.phone"),
		t("activities.export.signup_status"), t("activities.export.source"), t("activities.export.signed_up_at"),
		t("activities.export.present"), t("activities.export.method"), t("activities.export.arrived_at"),
		t("activities.export.access_needs"))
	rome := web.Rome()
	for _, p := range rows {
		var cells []any
		if withActivity {
			cells = append(cells, p.Activity.ID, p.Activity.Title.In(lang), p.Activity.Start.In(rome))
		}
		cells = append(cells, p.Name(), p.Email())
		if r := p.Reg; r != nil {
			source := "activities.export.source_online"
			if r.Offline {
				source = "activities.export.source_offline"
			}
			cells = append(cells, r.Phone, t(r.Status.Key()), t(source), r.CreatedAt.In(rome))
		} else {
			cells = append(cells, "", t("activities.export.walk_in"), t("activities.export.source_walk_in"), nil)
		}
		if p.Att != nil {
			cells = append(cells, true, t(p.Att.Method.Key()), p.Att.CheckedInAt.In(rome))
		} else {
			cells = append(cells, false, "", nil)
		}
		if p.Reg != nil {
			cells = append(cells, p.Reg.AccessNeeds)
		} else {
			cells = append(cells, "")
		}
		tb.rows = append(tb.rows, cells)
	}
	return tb
}

// activitiesTable is one line per activity with its counts: the
// territory's summary sheet.
func activitiesTable(lang i18n.Lang, list []*Activity, rows []PersonRow) table {
	t := func(key string) string { return i18n.T(lang, key) }
	tb := table{header: []string{t("activities.export.activity_id"), t("activities.export.activity"), t("activities.export.kind"),
		t("activities.export.mode"), t("activities.export.path"), t("activities.export.phase"), t("activities.export.start"),
		t("activities.export.end"), t("activities.export.comune"), t("activities.export.status"), t("activities.export.capacity"),
		t("activities.export.confirmed"), t("activities.export.waiting"), t("activities.export.present_signed_up"),
		t("activities.export.walk_ins"), t("activities.export.present_total")}}
	type counts struct{ signedUp, walkIns int }
	present := map[int64]*counts{}
	for _, p := range rows {
		if p.Att == nil {
			continue
		}
		c := present[p.Activity.ID]
		if c == nil {
			c = &counts{}
			present[p.Activity.ID] = c
		}
		if p.Reg == nil {
			c.walkIns++
		} else {
			c.signedUp++
		}
	}
	rome := web.Rome()
	for _, a := range list {
		c := present[a.ID]
		if c == nil {
			c = &counts{}
		}
		var capacity any
		if a.Capacity > 0 {
			capacity = a.Capacity
		}
		tb.rows = append(tb.rows, []any{a.ID, a.Title.In(lang), t(a.Kind.Key()), t(a.Mode.Key()), a.PathTitle.In(lang),
			a.PhaseName.In(lang), a.Start.In(rome), a.End.In(rome), a.ComuneName, t(a.Status.Key()), capacity,
			a.Confirmed, a.Waiting, c.signedUp, c.walkIns, c.signedUp + c.walkIns})
	}
	return tb
}

func (tb table) sheet(name string) xlsx.Sheet {
	return xlsx.Sheet{Name: name, Header: tb.header, Rows: tb.rows}
}
