package admin

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/mail"
)

const outboxPerPage = 50

type outboxPage struct {
	Messages []mail.OutboxRow
	Pager    pager
}

// outboxList lists the e-mails kept when no SMTP server is configured,
// newest first.
func (h *Handlers) outboxList(w http.ResponseWriter, r *http.Request) error {
	p := newPager(r, outboxPerPage)
	msgs, total, err := mail.ListOutbox(r.Context(), h.DB, p.Size, p.Offset())
	if err != nil {
		return err
	}
	p.Total = total
	if p.outOfRange() {
		http.Redirect(w, r, p.Last(), http.StatusSeeOther) // #nosec G710 -- p.Last() builds a local path from the page's own route
		return nil
	}
	return h.Render.Render(w, r, http.StatusOK, "admin/outbox", outboxPage{Messages: msgs, Pager: p})
}
