package activities

import (
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/platform/xlsx"
	"github.com/cantieri/cantieri/internal/territory"
)

// CSV files are UTF-8 with a byte-order mark and ";" between fields, the
// form Excel opens correctly in Italy (where "," is the decimal comma),
// with CRLF line ends (RFC 4180). A text that a spreadsheet would run as
// a formula (starting with =, +, -, @, a tab or a carriage return) gets a
// leading apostrophe (OWASP's advice against CSV injection); the XLSX
// files need none, since their texts are inline strings, never formulas.
const csvSeparator = ';'

// writeCSV writes tb as CSV in lang (yes/no, dates in Italy).
func writeCSV(w io.Writer, lang i18n.Lang, tb table) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = csvSeparator, true
	if err := cw.Write(neutralise(tb.header)); err != nil {
		return err
	}
	for _, row := range tb.rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = csvCell(lang, v)
		}
		if err := cw.Write(neutralise(rec)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(lang i18n.Lang, v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		if v {
			return i18n.T(lang, "activities.export.yes")
		}
		return i18n.T(lang, "activities.export.no")
	case time.Time:
		if v.IsZero() {
			return ""
		}
		return v.In(web.Rome()).Format("02/01/2006 15:04")
	}
	return fmt.Sprint(v)
}

// neutralise prefixes the cells a spreadsheet would read as formulas.
func neutralise(rec []string) []string {
	for i, s := range rec {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			rec[i] = "'" + s
		}
	}
	return rec
}

const (
	typeCSV  = "text/csv; charset=utf-8"
	typeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// exportActivity sends the people of one activity as CSV or XLSX (the
// route's extension); the XLSX also has a sheet with the activity's counts.
func (h *Handlers) exportActivity(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, _, err := h.editData(r)
		if err != nil {
			return err
		}
		rows, err := ExportRows(r.Context(), h.DB, []*Activity{a})
		if err != nil {
			return err
		}
		lang := web.Lang(r)
		people := peopleTable(lang, rows, false)
		name := "presenze-attivita-" + itoa(a.ID) + "." + format
		if format == "csv" {
			return web.Download(w, name, typeCSV, func(out io.Writer) error { return writeCSV(out, lang, people) })
		}
		summary := activitiesTable(lang, []*Activity{a}, rows)
		return web.Download(w, name, typeXLSX, func(out io.Writer) error {
			return xlsx.Write(out, people.sheet(i18n.T(lang, "activities.export.sheet_people")),
				summary.sheet(i18n.T(lang, "activities.export.sheet_activities")))
		})
	}
}

// zoneOfQuery is the territory of the export form (?territorio=); one is
// needed, so that the permission is checked in it.
func zoneOfQuery(r *http.Request) (string, error) {
	z := r.URL.Query().Get("territorio")
	if z == "" || len(z) > 100 {
		return "", web.BadRequest("activities.err.export_zone")
	}
	return z, nil
}

// exportZone sends the people of every activity of a territory that
// starts between ?dal= and ?al= (days in Italy, both included; either may
// be empty), as ?formato=csv or xlsx: the evaluators' spreadsheet.
func (h *Handlers) exportZone(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	zone := q.Get("territorio")
	if _, err := territory.Zone(r.Context(), h.DB, zone); err != nil {
		return notFound(err)
	}
	from, errFrom := exportDay(q.Get("dal"), 0)
	to, errTo := exportDay(q.Get("al"), 1)
	format := q.Get("formato")
	if errFrom != nil || errTo != nil || (!from.IsZero() && !to.IsZero() && !to.After(from)) {
		return web.BadRequest("activities.err.export_dates")
	}
	if format != "csv" && format != "xlsx" {
		return web.BadRequest("activities.err.export_format")
	}
	list, err := ForZone(r.Context(), h.DB, zone, from, to)
	if err != nil {
		return err
	}
	rows, err := ExportRows(r.Context(), h.DB, list)
	if err != nil {
		return err
	}
	lang := web.Lang(r)
	people := peopleTable(lang, rows, true)
	name := "presenze-" + zone
	if d := q.Get("dal"); d != "" {
		name += "-dal-" + d
	}
	if d := q.Get("al"); d != "" {
		name += "-al-" + d
	}
	name += "." + format
	if format == "csv" {
		return web.Download(w, name, typeCSV, func(out io.Writer) error { return writeCSV(out, lang, people) })
	}
	summary := activitiesTable(lang, list, rows)
	return web.Download(w, name, typeXLSX, func(out io.Writer) error {
		return xlsx.Write(out, summary.sheet(i18n.T(lang, "activities.export.sheet_activities")),
			people.sheet(i18n.T(lang, "activities.export.sheet_people")))
	})
}

// exportDay reads a day of the export form (YYYY-MM-DD) as the instant
// its midnight begins in Italy, plus days; "" is the zero time.
func exportDay(s string, days int) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, web.Rome())
	if err != nil {
		return time.Time{}, err
	}
	return d.AddDate(0, 0, days), nil
}

// exportZones are the territories the user may export, for the form on the
// coordinators' list: theirs, or every one for an administrator.
func exportZones(r *http.Request, d *db.DB, zones []string, all bool) ([]territory.ZoneSummary, error) {
	list, err := territory.Zones(r.Context(), d)
	if err != nil || all {
		return list, err
	}
	var out []territory.ZoneSummary
	for _, z := range list {
		for _, id := range zones {
			if z.ID == id {
				out = append(out, z)
			}
		}
	}
	return out, nil
}
