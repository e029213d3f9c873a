package tracks

import (
	"fmt"
	"io"
	"strings"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/pdf"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Sheet is everything a certificate of attendance prints.
type Sheet struct {
	Certificate Certificate
	Track       *Track
	// Attended are the activities attended, in order of time.
	Attended []Item
	// Territory names the zone ("" for a region-wide track) and Issuer
	// who runs it: the Società della Salute, or the health authority.
	Territory string
	Issuer    string
	// VerifyURL is the absolute address of the public verification page.
	VerifyURL string
}

// FormatHours writes minutes as hours the way the language writes
// numbers: "4,5" in Italian, "4.5" in English; whole hours without
// decimals.
func FormatHours(minutes int, lang i18n.Lang) string {
	s := fmt.Sprintf("%.2f", float64(minutes)/60)
	s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	if lang == i18n.IT {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// WritePDF writes the certificate in lang as an A4 PDF.
func (s Sheet) WritePDF(w io.Writer, lang i18n.Lang) error {
	t := func(key string, args ...any) string { return i18n.T(lang, key, args...) }
	d := pdf.New()
	d.Title = t("tracks.cert.pdf_title") + " – " + s.Track.Title.In(lang)
	d.Author = "Cantieri della Salute"
	d.Created = s.Certificate.IssuedAt
	f := d.NewFlow(64)
	// A frame and a header band on the first page.
	f.Page.Rect(40, 40, pdf.A4Width-80, pdf.A4Height-80, 1.2)
	f.Line(pdf.Helvetica, 10, "Cantieri della Salute · "+t("tracks.cert.programme"))
	if s.Issuer != "" {
		f.Line(pdf.Helvetica, 10, s.Issuer)
	}
	f.Space(36)
	f.Page.TextCenter(pdf.A4Width/2, f.Y, pdf.HelveticaBold, 24, t("tracks.cert.pdf_title"))
	f.Space(40)
	f.Page.TextCenter(pdf.A4Width/2, f.Y, pdf.Helvetica, 12, t("tracks.cert.certifies"))
	f.Space(30)
	f.Page.TextCenter(pdf.A4Width/2, f.Y, pdf.HelveticaBold, 20, s.Certificate.Name)
	f.Space(28)
	territory := t("tracks.region_wide")
	if s.Territory != "" {
		territory = s.Territory
	}
	f.Paragraph(pdf.Helvetica, 12, t("tracks.cert.completed", s.Track.Title.In(lang), territory,
		FormatHours(s.Certificate.Minutes, lang), len(s.Attended)))
	if desc := s.Track.Description.In(lang); desc != "" {
		f.Space(6)
		f.Paragraph(pdf.Helvetica, 10, desc)
	}
	f.Space(18)
	f.Line(pdf.HelveticaBold, 12, t("tracks.cert.activities"))
	f.Rule()
	cols := []float64{0, 110, 400}
	f.Columns(pdf.HelveticaBold, 10, cols, []string{t("tracks.cert.col_date"), t("tracks.cert.col_activity"), t("tracks.cert.col_hours")})
	rome := web.Rome()
	for _, it := range s.Attended {
		start, end := it.Start.In(rome), it.End.In(rome)
		f.Columns(pdf.Helvetica, 10, cols, []string{start.Format("02/01/2006"), it.Title.In(lang),
			fmt.Sprintf("%s–%s (%s h)", start.Format("15:04"), end.Format("15:04"), FormatHours(it.Minutes, lang))})
	}
	f.Rule()
	f.Columns(pdf.HelveticaBold, 10, cols, []string{"", t("tracks.cert.total"), FormatHours(s.Certificate.Minutes, lang) + " h"})
	f.Space(24)
	f.Line(pdf.Helvetica, 11, t("tracks.cert.issued_on", paths.DateOf(s.Certificate.IssuedAt.In(rome)).Format(lang)))
	f.Space(12)
	f.Line(pdf.HelveticaBold, 11, t("tracks.cert.code", s.Certificate.Code))
	f.Paragraph(pdf.Helvetica, 10, t("tracks.cert.verify_at", s.VerifyURL))
	_, err := d.WriteTo(w)
	return err
}
