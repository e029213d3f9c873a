package activities

import (
	"fmt"
	"html/template"
	"strings"

	"rsc.io/qr"
)

// The QR code of a sign-up encodes its check-in URL,
// /gestione/attivita/{id}/presenze/codice/{code} on the site: a
// coordinator scans it with the phone's own camera app, the browser opens
// the attendance screen's confirmation for that person, and one tap checks
// them in. Anyone else who scans it meets the login page. The code is also
// printed under the QR, to type when no camera works (docs/activities.md).

// CheckinURL is the absolute check-in URL of a code for activity id.
func (s *Service) CheckinURL(id int64, code string) string {
	return s.url(checkinPath(id, code))
}

func checkinPath(id int64, code string) string {
	return "/gestione/attivita/" + itoa(id) + "/presenze/codice/" + code
}

// TicketURL is the absolute URL of the ticket page of a code.
func (s *Service) TicketURL(id int64, code string) string {
	return s.url(activityPath(id) + "/biglietto/" + code)
}

// qrQuiet is the light margin around a QR code, in modules (the
// standard's minimum).
const qrQuiet = 4

// QRSVG draws text as a QR code in SVG, to put inline in a page (the CSP
// allows no external image but ours, and inline SVG needs no request): one
// path of unit squares, black on white, scaled by the page's CSS. label
// is the text alternative.
func QRSVG(text, label string) (template.HTML, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return "", fmt.Errorf("activities: QR code: %w", err)
	}
	n := c.Size + 2*qrQuiet
	var d strings.Builder
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if c.Black(x, y) {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+qrQuiet, y+qrQuiet)
			}
		}
	}
	svg := fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" class="cantieri-qr" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`, n, n, template.HTMLEscapeString(label), n, n, d.String())
	return template.HTML(svg), nil // #nosec G203 -- built here from numbers and an escaped label
}

// QRPNG draws text as a QR code in PNG, for the e-mail attachment.
func QRPNG(text string) ([]byte, error) {
	c, err := qr.Encode(text, qr.M)
	if err != nil {
		return nil, fmt.Errorf("activities: QR code: %w", err)
	}
	c.Scale = 6
	return c.PNG(), nil
}
