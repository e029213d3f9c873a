package activities

import (
	"errors"
	"html/template"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// ticketData is a participant's ticket: the activity, their sign-up, its
// check-in code and QR, and whether they were marked present.
type ticketData struct {
	A       *Activity
	Reg     *Registration
	QR      template.HTML
	Present *Attendance
}

// ticket shows the ticket of the check-in code in the URL, the link of the
// confirmation e-mail. The code is the secret: an unknown one, or one of
// another activity, is a page that does not exist.
func (h *Handlers) ticket(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	reg, err := RegistrationByCode(r.Context(), h.DB, r.PathValue("code"))
	if errors.Is(err, db.ErrNotFound) || (err == nil && reg.ActivityID != id) {
		return &web.Error{Status: http.StatusNotFound, Key: "activities.err.bad_ticket"}
	}
	if err != nil {
		return err
	}
	a, err := Get(r.Context(), h.DB, id)
	if err != nil || a.Status == Draft {
		return web.NotFound()
	}
	d := ticketData{A: a, Reg: reg}
	if reg.Status == RegConfirmed && a.Status == Published {
		d.QR, err = QRSVG(h.Service().CheckinURL(id, reg.Code), i18n.T(web.Lang(r), "activities.ticket.qr_label", reg.GroupedCode()))
		if err != nil {
			return err
		}
	}
	if d.Present, err = attendanceOfReg(r.Context(), h.DB, id, reg.ID); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("X-Robots-Tag", "noindex")
	return h.Render.Render(w, r, http.StatusOK, "activities/ticket", d)
}
