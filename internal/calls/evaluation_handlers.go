package calls

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// zoneOfApplication finds the zone of the application's call in the URL,
// for the router's permission check.
func (h *Handlers) zoneOfApplication(r *http.Request) (string, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return "", err
	}
	var zone string
	if err := h.DB.QueryRow(r.Context(), `SELECT COALESCE(c.zone_id, '') FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.id = ?`, id).Scan(&zone); err != nil {
		return "", web.NotFound()
	}
	return zone, nil
}

// evalError turns the evaluation's errors into a flash and a redirect to
// back, or returns the error.
func evalError(w http.ResponseWriter, r *http.Request, err error, back string) error {
	key := ""
	switch {
	case errors.Is(err, ErrStillOpen):
		key = "flash.calls.still_open"
	case errors.Is(err, ErrDecided):
		key = "flash.calls.decided"
	case errors.Is(err, ErrNotSubmitted):
		key = "flash.calls.not_submitted"
	case errors.Is(err, ErrNotAdmissible):
		key = "flash.calls.not_admissible"
	case errors.Is(err, ErrNoDeclaration):
		key = "flash.calls.no_declaration"
	case errors.Is(err, ErrUndecided):
		key = "flash.calls.undecided"
	case errors.Is(err, ErrUnscored):
		key = "flash.calls.unscored"
	case errors.Is(err, ErrNotRanked):
		key = "flash.calls.not_ranked"
	case errors.Is(err, ErrNoRequest):
		key = "flash.calls.no_request"
	default:
		return notFound(err)
	}
	web.SetFlash(w, key)
	return web.Redirect(w, r, back)
}

// decide records the coordinator's decision on admissibility.
func (h *Handlers) decide(w http.ResponseWriter, r *http.Request) error {
	return h.coordinatorStep(w, r, "flash.calls.decided_ok", func(f *web.Form, a *Application) error {
		return h.Service().Decide(r.Context(), actorOf(r), a.ID, ReviewStatus(f.Get("decision")), f.Raw("reason"))
	})
}

// requestDocuments asks the applicant for missing documents by a deadline.
func (h *Handlers) requestDocuments(w http.ResponseWriter, r *http.Request) error {
	return h.coordinatorStep(w, r, "flash.calls.requested", func(f *web.Form, a *Application) error {
		due, problem := parseLocal(f.Get("due"))
		if problem != "" {
			f.AddError("due", problem)
			return nil
		}
		return h.Service().RequestDocuments(r.Context(), actorOf(r), a.ID, f.Raw("request"), due)
	})
}

// coordinatorStep runs one of the coordinator's steps on the application
// of the URL (nobody else sees it): step reads the form and acts, unless
// the form is already wrong. A problem with what was typed shows the
// application again with the form as typed (422); a step the application
// is not ready for goes back with its message; a done step goes back with
// flash.
func (h *Handlers) coordinatorStep(w http.ResponseWriter, r *http.Request, flash string, step func(*web.Form, *Application) error) error {
	c, a, acc, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	if !acc.Coordinator {
		return web.NotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if f.Valid() {
		err = step(f, a)
	}
	if AddTo(f, err) || !f.Valid() {
		return h.renderApplication(w, r, http.StatusUnprocessableEntity, f, c, a, acc)
	}
	if err != nil {
		return evalError(w, r, err, ReceiptPath(a.ID))
	}
	h.notify()
	web.SetFlash(w, flash)
	return web.Redirect(w, r, ReceiptPath(a.ID))
}

// answerRequest takes the applicant's answer to a request of documents.
func (h *Handlers) answerRequest(w http.ResponseWriter, r *http.Request) error {
	c, a, acc, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	if !acc.Applicant {
		return web.NotFound()
	}
	last := a.Eval.LastIntegration()
	f, d, err := h.readUpload(w, r, "file", last != nil && last.Open(h.Service().now()))
	if err != nil {
		return err
	}
	if f.Valid() {
		err = h.Service().AnswerRequest(r.Context(), actorOf(r), a.ID, web.Principal(r).UserID, f.Raw("answer"), d)
		if err == nil {
			web.SetFlash(w, "flash.calls.answered")
			return web.Redirect(w, r, ReceiptPath(a.ID))
		}
		if !AddTo(f, err) {
			return evalError(w, r, err, ReceiptPath(a.ID))
		}
	}
	return h.renderApplication(w, r, http.StatusUnprocessableEntity, f, c, a, acc)
}

// rank computes the provisional ranking, or publishes the final outcome.
func (h *Handlers) rank(final bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, err := h.editable(r)
		if err != nil {
			return err
		}
		back := "/gestione/bandi/" + itoa(c.ID) + "/domande"
		if final {
			f, err := web.ParseForm(w, r)
			if err != nil {
				return err
			}
			if !f.Checked("confirm") {
				web.SetFlash(w, "flash.calls.final_confirm")
				return web.Redirect(w, r, back)
			}
		}
		if _, err := h.Service().Rank(r.Context(), actorOf(r), c.ID, final); err != nil {
			return evalError(w, r, err, back)
		}
		h.notify()
		if final {
			web.SetFlash(w, "flash.calls.outcome_published")
		} else {
			web.SetFlash(w, "flash.calls.ranked")
		}
		return web.Redirect(w, r, back)
	}
}

// commissionData is the list of a member's calls.
type commissionData struct {
	tpl
	Calls []*Call
}

// commission lists the calls whose commission the user sits on.
func (h *Handlers) commission(w http.ResponseWriter, r *http.Request) error {
	list, err := ListForMember(r.Context(), h.DB, web.Principal(r).UserID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "calls/commission", commissionData{Calls: list})
}

// commissionCallData is a call's applications for a member.
type commissionCallData struct {
	tpl
	C    *Call
	Apps []*Application
	User int64
}

// commissionCall lists the call's submitted applications to a member: no
// personal data before the declaration, only the protocol number.
func (h *Handlers) commissionCall(w http.ResponseWriter, r *http.Request) error {
	c, err := h.call(r)
	if err != nil {
		return err
	}
	if !AccessTo(web.Principal(r), c, nil).Member {
		return web.NotFound()
	}
	apps, err := ListApplications(r.Context(), h.DB, c.ID)
	if err != nil {
		return err
	}
	var shown []*Application
	for _, a := range apps {
		if a.Status == AppSubmitted {
			shown = append(shown, a)
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "calls/commission_call", commissionCallData{C: c, Apps: shown, User: web.Principal(r).UserID})
}

// sheetData is an application's page for a member: the declaration, then
// the application and the score sheet.
type sheetData struct {
	tpl
	applicationData
	Mine      map[int64]Score // the member's sheet (or the consensus)
	Consensus bool
}

// PointsName and ReasonName are the form names of a criterion's score.
func (sheetData) PointsName(id int64) string { return fmt.Sprintf("p%d", id) }

// ReasonName is the form name of a criterion's reason.
func (sheetData) ReasonName(id int64) string { return fmt.Sprintf("r%d", id) }

// memberApplication loads the application of the URL for a member of its
// call's commission; to anyone else it does not exist.
func (h *Handlers) memberApplication(r *http.Request) (*Call, *Application, Access, error) {
	id, err := idParam(r, "id")
	if err != nil {
		return nil, nil, Access{}, err
	}
	a, err := GetApplication(r.Context(), h.DB, id)
	if err != nil {
		return nil, nil, Access{}, notFound(err)
	}
	c, err := Get(r.Context(), h.DB, a.CallID)
	if err != nil {
		return nil, nil, Access{}, err
	}
	acc := AccessTo(web.Principal(r), c, a)
	if !acc.Member || a.Status != AppSubmitted {
		return nil, nil, Access{}, web.NotFound()
	}
	return c, a, acc, nil
}

func (h *Handlers) renderSheet(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Call, a *Application, acc Access) error {
	d := sheetData{applicationData: applicationData{C: c, A: a, Access: acc}, Consensus: c.Aggregation == Consensus, Mine: map[int64]Score{}}
	user := web.Principal(r).UserID
	if acc.Commission {
		scores, err := Scores(r.Context(), h.DB, c.ID)
		if err != nil {
			return err
		}
		for _, s := range scores {
			if s.ApplicationID != a.ID || (d.Consensus && s.EvaluatorID != 0) || (!d.Consensus && s.EvaluatorID != user) {
				continue
			}
			d.Mine[s.CriterionID] = s
		}
		if len(f.Values) == 0 {
			for _, cr := range c.Criteria {
				if s, ok := d.Mine[cr.ID]; ok {
					f.Values.Set(d.PointsName(cr.ID), fmt.Sprint(s.Points))
					f.Values.Set(d.ReasonName(cr.ID), s.Reason)
				}
			}
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "calls/commission_sheet", f, d)
}

// sheet shows the declaration form, or the application with the sheet.
func (h *Handlers) sheet(w http.ResponseWriter, r *http.Request) error {
	c, a, acc, err := h.memberApplication(r)
	if err != nil {
		return err
	}
	return h.renderSheet(w, r, http.StatusOK, web.NewForm(), c, a, acc)
}

// declare records the member's conflict-of-interest declaration.
func (h *Handlers) declare(w http.ResponseWriter, r *http.Request) error {
	_, a, _, err := h.memberApplication(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	back := "/commissione/domande/" + itoa(a.ID)
	choice := f.Get("declaration")
	if choice != "none" && choice != "conflict" {
		web.SetFlash(w, "flash.calls.declaration_choose")
		return web.Redirect(w, r, back)
	}
	if err := h.Service().DeclareConflict(r.Context(), actorOf(r), a.ID, web.Principal(r).UserID, choice == "none"); err != nil {
		return evalError(w, r, err, back)
	}
	return web.Redirect(w, r, back)
}

// score saves the member's sheet (or the consensus sheet).
func (h *Handlers) score(w http.ResponseWriter, r *http.Request) error {
	c, a, acc, err := h.memberApplication(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := map[int64]ScoreInput{}
	for _, cr := range c.Criteria {
		in[cr.ID] = ScoreInput{Points: f.Get(fmt.Sprintf("p%d", cr.ID)), Reason: f.Raw(fmt.Sprintf("r%d", cr.ID))}
	}
	err = h.Service().SaveScores(r.Context(), actorOf(r), a.ID, web.Principal(r).UserID, c.Aggregation == Consensus, in)
	if AddTo(f, err) {
		return h.renderSheet(w, r, http.StatusUnprocessableEntity, f, c, a, acc)
	}
	if err != nil {
		return evalError(w, r, err, "/commissione/domande/"+itoa(a.ID))
	}
	web.SetFlash(w, "flash.calls.scored")
	return web.Redirect(w, r, "/commissione/bandi/"+itoa(c.ID))
}

// outcomeData is the public outcome of a call: protocol numbers, totals
// and results; organisations by name, people only by protocol number.
type outcomeData struct {
	tpl
	C    *Call
	Apps []*Application
}

// outcome shows the published ranking.
func (h *Handlers) outcome(w http.ResponseWriter, r *http.Request) error {
	c, err := h.call(r)
	if err != nil {
		return err
	}
	if c.Status != Provisional && c.Status != Final {
		return web.NotFound()
	}
	apps, err := ListApplications(r.Context(), h.DB, c.ID)
	if err != nil {
		return err
	}
	var ranked []*Application
	for _, a := range apps {
		if a.Eval.Outcome != nil {
			ranked = append(ranked, a)
		}
	}
	sortByPosition(ranked)
	return h.Render.Render(w, r, http.StatusOK, "calls/outcome", outcomeData{C: c, Apps: ranked})
}
