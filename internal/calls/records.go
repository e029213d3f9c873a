package calls

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/pdf"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/platform/xlsx"
)

// scoreSheet is the commission's score sheet of a call: one row per
// application, evaluator (or consensus) and criterion, with the outcome.
type scoreSheet struct {
	header []string
	rows   [][]any
	// summary has one row per application: protocol, applicant, the
	// points of each criterion, weighted total, result (the PDF's table).
	summary [][]string
}

// buildScoreSheet gathers the call's scores in lang.
func buildScoreSheet(ctx context.Context, h *Handlers, c *Call, lang i18n.Lang) (scoreSheet, error) {
	apps, err := ListApplications(ctx, h.DB, c.ID)
	if err != nil {
		return scoreSheet{}, err
	}
	scores, err := Scores(ctx, h.DB, c.ID)
	if err != nil {
		return scoreSheet{}, err
	}
	names := map[int64]string{0: i18n.T(lang, "calls.sheet.consensus")}
	for _, m := range c.Commission {
		names[m.UserID] = m.Name
	}
	crit := map[int64]Criterion{}
	idx := map[int64]int{}
	for i, cr := range c.Criteria {
		crit[cr.ID] = cr
		idx[cr.ID] = i
	}
	byApp := map[int64][]Score{}
	for _, s := range scores {
		byApp[s.ApplicationID] = append(byApp[s.ApplicationID], s)
	}
	sh := scoreSheet{header: []string{i18n.T(lang, "calls.receipt.protocol"), i18n.T(lang, "calls.col.applicant"),
		i18n.T(lang, "calls.col.admissibility"), i18n.T(lang, "calls.sheet.evaluator"), i18n.T(lang, "calls.col.criterion"),
		i18n.T(lang, "calls.col.weight"), i18n.T(lang, "calls.commission.points"), i18n.T(lang, "calls.commission.reason"),
		i18n.T(lang, "calls.col.total"), i18n.T(lang, "calls.col.result")}}
	for _, a := range apps {
		if a.Status != AppSubmitted {
			continue
		}
		total, result := "", ""
		if o := a.Eval.Outcome; o != nil {
			result = i18n.T(lang, o.Result.Key())
			if o.Position > 0 {
				total = o.Total()
			}
		}
		points := make([][]int, len(c.Criteria))
		for _, s := range byApp[a.ID] {
			if i, ok := idx[s.CriterionID]; ok && (c.Aggregation == Consensus) == (s.EvaluatorID == 0) {
				points[i] = append(points[i], s.Points)
			}
		}
		sum := []string{a.Receipt.Number(), a.DisplayName()}
		for _, p := range points {
			sum = append(sum, pointsCell(p))
		}
		sh.summary = append(sh.summary, append(sum, total, result))
		base := []any{a.Receipt.Number(), a.DisplayName(), i18n.T(lang, a.Eval.Review.Status.Key())}
		if len(byApp[a.ID]) == 0 {
			sh.rows = append(sh.rows, append(base, "", "", "", "", "", total, result))
			continue
		}
		for _, s := range byApp[a.ID] {
			cr := crit[s.CriterionID]
			sh.rows = append(sh.rows, append(append([]any{}, base...), names[s.EvaluatorID], cr.Label.In(lang), cr.Weight, s.Points, s.Reason, total, result))
		}
	}
	return sh, nil
}

// exportScores serves the score sheet as CSV, XLSX or PDF.
func (h *Handlers) exportScores(format string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := h.editable(r)
		if err != nil {
			return err
		}
		lang := web.Lang(r)
		sh, err := buildScoreSheet(r.Context(), h, c, lang)
		if err != nil {
			return err
		}
		name := "punteggi-avviso-" + itoa(c.ID)
		switch format {
		case "csv":
			return download(w, name+".csv", "text/csv; charset=utf-8", func(out io.Writer) error { return writeCSV(out, sh) })
		case "xlsx":
			return download(w, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", func(out io.Writer) error {
				return xlsx.Write(out, xlsx.Sheet{Name: i18n.T(lang, "calls.sheet.title"), Header: sh.header, Rows: sh.rows})
			})
		}
		return download(w, name+".pdf", "application/pdf", func(out io.Writer) error { return writeScoresPDF(out, c, sh, lang) })
	}
}

// receiptPDF serves an application's receipt as PDF, to whoever may see
// the application.
func (h *Handlers) receiptPDF(w http.ResponseWriter, r *http.Request) error {
	c, a, _, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	if a.Receipt == nil {
		return web.NotFound()
	}
	lang := web.Lang(r)
	rc := a.Receipt
	return download(w, "ricevuta-"+strings.ReplaceAll(rc.Number(), "/", "-")+".pdf", "application/pdf", func(out io.Writer) error {
		d := pdf.New()
		d.Created = rc.SubmittedAt
		d.Title = i18n.T(lang, "calls.receipt.title") + " " + rc.Number()
		f := d.NewFlow(56)
		f.Line(pdf.HelveticaBold, 18, i18n.T(lang, "calls.receipt.title"))
		f.Space(8)
		f.Paragraph(pdf.Helvetica, 11, c.Title.In(lang))
		f.Space(8)
		f.Line(pdf.Helvetica, 11, i18n.T(lang, "calls.receipt.protocol")+": "+rc.Number())
		f.Line(pdf.Helvetica, 11, i18n.T(lang, "calls.receipt.time")+": "+rc.Time()+" "+i18n.T(lang, "calls.italian_time"))
		f.Line(pdf.Helvetica, 11, i18n.T(lang, "calls.field.name")+": "+a.Name)
		if a.Kind == Organisation {
			f.Line(pdf.Helvetica, 11, i18n.T(lang, "calls.field.org_name")+": "+a.OrgName)
		}
		f.Space(6)
		f.Line(pdf.Helvetica, 10, i18n.T(lang, "calls.receipt.hash")+":")
		f.Line(pdf.Helvetica, 9, rc.SHA256)
		if !rc.WithdrawnAt.IsZero() {
			f.Space(6)
			f.Line(pdf.HelveticaBold, 11, i18n.T(lang, "calls.receipt.withdrawn")+" "+Seconds(rc.WithdrawnAt))
		}
		f.Space(10)
		f.Paragraph(pdf.Helvetica, 9, i18n.T(lang, "calls.receipt.pdf_note"))
		_, err := d.WriteTo(out)
		return err
	})
}

// writeCSV writes the sheet as UTF-8 with a byte-order mark and ";"
// between fields, the form Excel opens in Italy; a text a spreadsheet
// would run as a formula gets a leading apostrophe (CSV injection).
func writeCSV(w io.Writer, sh scoreSheet) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	rec := func(vs []string) []string {
		for i, s := range vs {
			if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
				vs[i] = "'" + s
			}
		}
		return vs
	}
	if err := cw.Write(rec(append([]string{}, sh.header...))); err != nil {
		return err
	}
	for _, row := range sh.rows {
		vs := make([]string, len(row))
		for i, v := range row {
			vs[i] = fmt.Sprint(v)
		}
		if err := cw.Write(rec(vs)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// download sends a file built in memory, so an error never leaves half a
// file in the browser.
func download(w http.ResponseWriter, name, contentType string, build func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := build(&buf); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(buf.Bytes())
	return err
}
