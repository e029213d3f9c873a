package admin

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/mail"
)

// outboxShow shows one e-mail of the outbox. Its HTML version is shown as
// source text, never rendered, so a message cannot run anything in the
// admin's browser.
func (h *Handlers) outboxShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	msg, err := mail.GetOutbox(r.Context(), h.DB, id)
	if err != nil {
		return notFound(err)
	}
	return h.Render.Render(w, r, http.StatusOK, "admin/outbox_message", msg)
}
