package calls

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/pdf"
)

// pointsCell writes the points one criterion got from each sheet: alone,
// or their mean (rounded half up to hundredths, as the ranking shows
// totals) followed by each sheet's points.
func pointsCell(points []int) string {
	switch len(points) {
	case 0:
		return "—"
	case 1:
		return strconv.Itoa(points[0])
	}
	sum, each := 0, make([]string, len(points))
	for i, p := range points {
		sum += p
		each[i] = strconv.Itoa(p)
	}
	n := len(points)
	centi := (200*sum + n) / (2 * n)
	return FormatAmount(int64(centi)) + " (" + strings.Join(each, " · ") + ")"
}

// writeScoresPDF writes the commission's score sheet as a PDF of two
// tables: the ranking (protocol, applicant, each criterion's points,
// weighted total, result) and every evaluator's points with the reasons.
func writeScoresPDF(out io.Writer, c *Call, sh scoreSheet, lang i18n.Lang) error {
	d := pdf.New()
	d.Title = i18n.T(lang, "calls.sheet.title") + " — " + c.Title.In(lang)
	f := d.NewFlow(36)
	f.Paragraph(pdf.HelveticaBold, 14, d.Title)
	f.Paragraph(pdf.Helvetica, 9, i18n.T(lang, c.Aggregation.Key())+" · "+i18n.T(lang, c.TieBreak.Key()))
	f.Space(8)

	// The ranking: fixed columns, the criteria share what is left.
	header := []string{sh.header[0], sh.header[1]}
	fixed := []float64{58, 110}
	for _, cr := range c.Criteria {
		header = append(header, fmt.Sprintf("%s (0–%d, × %d)", cr.Label.In(lang), cr.MaxPoints, cr.Weight))
	}
	header = append(header, sh.header[8], sh.header[9])
	last := []float64{52, 90}
	room := f.Width - 58 - 110 - 52 - 90
	widths := append([]float64{}, fixed...)
	for range c.Criteria {
		widths = append(widths, room/float64(max(len(c.Criteria), 1)))
	}
	widths = append(widths, last...)
	drawTable(f, widths, header, sh.summary)

	// Every sheet, with its reasons.
	f.Space(14)
	f.Paragraph(pdf.HelveticaBold, 11, i18n.T(lang, "calls.sheet.details"))
	f.Space(4)
	var rows [][]string
	for _, r := range sh.rows {
		if r[3] == "" {
			continue // not scored
		}
		rows = append(rows, []string{fmt.Sprint(r[0]), fmt.Sprint(r[3]), fmt.Sprint(r[4]), fmt.Sprint(r[6]), fmt.Sprint(r[7])})
	}
	detail := []float64{58, 100, 120, 40}
	detail = append(detail, f.Width-318)
	drawTable(f, detail, []string{sh.header[0], sh.header[3], sh.header[4], sh.header[6], sh.header[7]}, rows)
	_, err := d.WriteTo(out)
	return err
}

// drawTable draws a table on the flow: a shaded header row and the rows,
// each cell's text wrapped to its column, a grid around every cell; a row
// that does not fit goes to a new page, under the header again.
func drawTable(f *pdf.Flow, widths []float64, header []string, rows [][]string) {
	const size, pad = 8.0, 3.0
	lead := size * 1.25
	var total float64
	for _, w := range widths {
		total += w
	}
	var row func(cells []string, font pdf.Font, head bool)
	row = func(cells []string, font pdf.Font, head bool) {
		wrapped := make([][]string, len(widths))
		n := 1
		for i := range widths {
			if i < len(cells) {
				wrapped[i] = pdf.Wrap(font, size, widths[i]-2*pad, cells[i])
			}
			n = max(n, len(wrapped[i]))
		}
		h := float64(n)*lead + 2*pad
		if f.Y-h < f.Bottom && f.Y < f.Top {
			f.NewPage()
			if !head {
				row(header, pdf.HelveticaBold, true)
			}
		}
		bottom := f.Y - h
		if head {
			f.Page.FillRect(f.Left, bottom, total, h, 0.9)
		}
		x := f.Left
		for i, lines := range wrapped {
			f.Page.Rect(x, bottom, widths[i], h, 0.5)
			for j, l := range lines {
				f.Page.Text(x+pad, f.Y-pad-size-float64(j)*lead, font, size, l)
			}
			x += widths[i]
		}
		f.Y = bottom
	}
	row(header, pdf.HelveticaBold, true)
	for _, r := range rows {
		row(r, pdf.Helvetica, false)
	}
}
