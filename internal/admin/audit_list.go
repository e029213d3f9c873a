package admin

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/audit"
)

const auditPerPage = 50

type auditPage struct {
	Action  string
	Entries []audit.Entry
	Pager   pager
}

// auditList shows the audit log, newest first, filtered by ?azione= (the
// start of an action name, such as "role.").
func (h *Handlers) auditList(w http.ResponseWriter, r *http.Request) error {
	action := searchText(r.URL.Query().Get("azione"))
	p := newPager(r, auditPerPage)
	p.keep("azione", action)
	entries, total, err := audit.List(r.Context(), h.DB, audit.Filter{Action: action, Limit: p.Size, Offset: p.Offset()})
	if err != nil {
		return err
	}
	p.Total = total
	if p.outOfRange() {
		http.Redirect(w, r, p.Last(), http.StatusSeeOther) // #nosec G710 -- p.Last() builds a local path from the page's own route
		return nil
	}
	return h.Render.Render(w, r, http.StatusOK, "admin/audit", auditPage{Action: action, Entries: entries, Pager: p})
}
