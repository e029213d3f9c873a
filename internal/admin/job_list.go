package admin

import (
	"net/http"
	"slices"

	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/web"
)

const jobsPerPage = 50

type jobsPage struct {
	State  string // the filter; "" for every state
	States []string
	Counts map[string]int
	Jobs   []jobs.Row
	Pager  pager
	// Error is a message key explaining why a retry was refused.
	Error string
}

// jobList shows the job queue: how many jobs are in each state and the
// jobs themselves, newest first, filtered by ?stato=.
func (h *Handlers) jobList(w http.ResponseWriter, r *http.Request) error {
	return h.renderJobs(w, r, http.StatusOK, r.URL.Query().Get("stato"), "")
}

func (h *Handlers) renderJobs(w http.ResponseWriter, r *http.Request, status int, state, errKey string) error {
	if state != "" && !slices.Contains(jobs.States, state) {
		return web.BadRequest("admin.jobs.state_invalid")
	}
	counts, err := jobs.Counts(r.Context(), h.DB)
	if err != nil {
		return err
	}
	p := newPager(r, jobsPerPage)
	p.keep("stato", state)
	if state != "" {
		p.Total = counts[state]
	} else {
		for _, n := range counts {
			p.Total += n
		}
	}
	if p.outOfRange() && status == http.StatusOK {
		http.Redirect(w, r, p.Last(), http.StatusSeeOther) // #nosec G710 -- p.Last() builds a local path from the page's own route
		return nil
	}
	list, err := jobs.List(r.Context(), h.DB, state, p.Size, p.Offset())
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, status, "admin/jobs", jobsPage{State: state, States: jobs.States, Counts: counts, Jobs: list, Pager: p, Error: errKey})
}
