package calls

import (
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// listData is the public list of calls.
type listData struct {
	tpl
	Open, Upcoming, Closed []*Call
	Now                    time.Time
}

// list shows the published calls: open, upcoming and closed.
func (h *Handlers) list(w http.ResponseWriter, r *http.Request) error {
	all, err := ListPublic(r.Context(), h.DB)
	if err != nil {
		return err
	}
	now := h.Service().now()
	d := listData{Now: now}
	for _, c := range all {
		switch {
		case c.OpenAt(now):
			d.Open = append(d.Open, c)
		case c.Status == Published && now.Before(c.Opens):
			d.Upcoming = append(d.Upcoming, c)
		default:
			d.Closed = append(d.Closed, c)
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "calls/list", d)
}

// showData is a call's public page.
type showData struct {
	tpl
	C       *Call
	Open    bool
	NotYet  bool
	Closed  bool
	Mine    *Application // the visitor's application, if any
	CanEdit bool
}

// show is the public page of a call; a draft exists only for its editors.
func (h *Handlers) show(w http.ResponseWriter, r *http.Request) error {
	c, err := h.call(r)
	if err != nil {
		return err
	}
	p := web.Principal(r)
	canEdit := AccessTo(p, c, nil).Coordinator
	if !c.Public() && !canEdit {
		return web.NotFound()
	}
	now := h.Service().now()
	d := showData{C: c, Open: c.OpenAt(now), NotYet: c.Status == Published && now.Before(c.Opens), Closed: c.ClosedAt(now), CanEdit: canEdit}
	if p != nil {
		if a, err := ApplicationOf(r.Context(), h.DB, c.ID, p.UserID); err == nil {
			d.Mine = a
		}
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return h.Render.Render(w, r, http.StatusOK, "calls/show", d)
}
