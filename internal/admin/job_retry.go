package admin

import (
	"errors"
	"net/http"
	"net/url"
	"slices"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// jobRetry queues a dead job again. The form carries the list's state
// filter, so the admin returns to the list they were reading.
func (h *Handlers) jobRetry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	state := f.Get("stato")
	if !slices.Contains(jobs.States, state) {
		state = ""
	}
	err = jobs.Retry(r.Context(), h.DB, id)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return web.NotFound()
	case errors.Is(err, jobs.ErrNotDead):
		return h.renderJobs(w, r, http.StatusConflict, state, "admin.jobs.not_dead")
	case db.IsUniqueViolation(err):
		return h.renderJobs(w, r, http.StatusConflict, state, "admin.jobs.duplicate")
	case err != nil:
		return err
	}
	web.SetFlash(w, "flash.admin.job_retried")
	back := "/admin/jobs"
	if state != "" {
		back += "?stato=" + url.QueryEscape(state)
	}
	return web.Redirect(w, r, back)
}
