package activities

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// AddTo copies the problems of an *InvalidError onto form f and reports
// whether err was one.
func AddTo(f *web.Form, err error) bool { return paths.AddTo(f, err) }

// ManagePerPage is how many activities a page of the coordinators' list
// shows (it showed up to 500 at once: 101 KB at scale 1).
const ManagePerPage = 50

// manageListData is the coordinators' list.
type manageListData struct {
	Activities []*Activity
	Total      int
	All        bool
	// The page of the list, and the links to the pages around it.
	Page, Pages      int
	PrevURL, NextURL string
	Paths            []paths.Path // paths they may add activities to
	// Zones are the territories whose attendance they may export.
	Zones []territory.ZoneSummary
}

// manageList lists the activities of the zones the user edits, and the
// paths to which a new one can be added.
func (h *Handlers) manageList(w http.ResponseWriter, r *http.Request) error {
	zones, all := web.Principal(r).Zones(authz.Coordinator)
	if web.Principal(r).IsAdmin() {
		all = true
	}
	page, ok := pageNumber(r.URL.Query())
	if !ok {
		return web.NotFound()
	}
	list, total, err := ForEditor(r.Context(), h.DB, zones, all, ManagePerPage, (page-1)*ManagePerPage)
	if err != nil {
		return err
	}
	d := manageListData{Activities: list, Total: total, All: all, Page: page, Pages: max(1, (total+ManagePerPage-1)/ManagePerPage)}
	if page > d.Pages {
		return web.NotFound()
	}
	if page > 1 {
		d.PrevURL = "/gestione/attivita?page=" + strconv.Itoa(page-1)
	}
	if page < d.Pages {
		d.NextURL = "/gestione/attivita?page=" + strconv.Itoa(page+1)
	}
	editable, _, err := paths.ListEditable(r.Context(), h.DB, zones, all, 200, 0)
	if err != nil {
		return err
	}
	d.Paths = editable
	if d.Zones, err = exportZones(r, h.DB, zones, all); err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "activities/manage_list", d)
}

// formData is what the activity form shows.
type formData struct {
	Path   paths.Path
	A      *Activity // nil for a new activity
	Comuni []territory.Comune
	Action string
	// Selected are the audiences ticked in the form.
	Selected []Audience
}

// renderForm shows the activity form with f's values and problems.
func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, p paths.Path, a *Activity) error {
	d := formData{Path: p, A: a, Action: "/gestione/percorsi/" + p.Slug + "/attivita/nuova"}
	if a != nil {
		d.Action = "/gestione/attivita/" + itoa(a.ID)
	}
	z, err := territory.Zone(r.Context(), h.DB, p.ZoneID)
	if err != nil {
		return err
	}
	d.Comuni = z.Comuni
	for _, v := range f.Values["audience"] {
		d.Selected = append(d.Selected, Audience(v))
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "activities/manage_form", f, d)
}

// Kinds, Modes and Audiences are the form's options.
func (formData) Kinds() []Kind { return Kinds }

// Modes lists the modes for the form.
func (formData) Modes() []Mode { return Modes }

// Audiences lists the audiences for the form.
func (formData) Audiences() []Audience { return Audiences }

// HasAudience reports whether the form has au ticked.
func (d formData) HasAudience(au Audience) bool { return slices.Contains(d.Selected, au) }

// newForm shows the form of a new activity in a path.
func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.path(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("mode", string(InPerson))
	f.Values.Set("kind", string(Meeting))
	if ph := r.URL.Query().Get("fase"); ph != "" {
		f.Values.Set("phase", ph)
	}
	return h.renderForm(w, r, http.StatusOK, f, p, nil)
}

// create saves a new draft activity.
func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	p, err := h.path(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := readInput(f)
	if f.Valid() {
		var id int64
		id, err = h.Service().Create(r.Context(), actorOf(r), p, in)
		if err == nil {
			web.SetFlash(w, "flash.activities.created")
			return web.Redirect(w, r, "/gestione/attivita/"+itoa(id))
		}
		if !AddTo(f, err) {
			return err
		}
	} else {
		AddTo(f, in.Validate(r.Context(), h.DB, p))
	}
	return h.renderForm(w, r, http.StatusUnprocessableEntity, f, p, nil)
}

// editData loads the activity of the URL with its path, for editing.
func (h *Handlers) editData(r *http.Request) (*Activity, paths.Path, error) {
	id, err := idParam(r)
	if err != nil {
		return nil, paths.Path{}, err
	}
	a, err := Get(r.Context(), h.DB, id)
	if err != nil {
		return nil, paths.Path{}, notFound(err)
	}
	p, err := paths.PathBySlug(r.Context(), h.DB, a.PathSlug)
	if err != nil {
		return nil, paths.Path{}, notFound(err)
	}
	return a, p, nil
}

// editForm shows the activity's status, its actions and its form.
func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	a, p, err := h.editData(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	fillForm(f, InputOf(a))
	return h.renderForm(w, r, http.StatusOK, f, p, a)
}

// update saves the activity's details.
func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	a, p, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := readInput(f)
	if f.Valid() {
		err = h.Service().Update(r.Context(), actorOf(r), a.ID, in)
		switch {
		case err == nil:
			h.notify()
			web.SetFlash(w, "flash.activities.saved")
			return web.Redirect(w, r, "/gestione/attivita/"+itoa(a.ID))
		case errors.Is(err, ErrCancelled):
			f.AddError("", "activities.err.edit_cancelled")
		case !AddTo(f, err):
			return notFound(err)
		}
	} else {
		AddTo(f, in.Validate(r.Context(), h.DB, p))
	}
	return h.renderForm(w, r, http.StatusUnprocessableEntity, f, p, a)
}

// publish makes the activity public.
func (h *Handlers) publish(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	if err := h.Service().Publish(r.Context(), actorOf(r), id); err != nil {
		return notFound(err)
	}
	h.notify()
	web.SetFlash(w, "flash.activities.published")
	return web.Redirect(w, r, "/gestione/attivita/"+itoa(id))
}

// cancelActivity cancels the activity, once the box saying so is ticked.
func (h *Handlers) cancelActivity(w http.ResponseWriter, r *http.Request) error {
	a, p, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if !f.Checked("confirm") {
		edit := web.NewForm() // the details form as saved, and the problem
		fillForm(edit, InputOf(a))
		edit.AddError("confirm", "activities.err.cancel_confirm")
		return h.renderForm(w, r, http.StatusUnprocessableEntity, edit, p, a)
	}
	if err := h.Service().Cancel(r.Context(), actorOf(r), a.ID); err != nil {
		return notFound(err)
	}
	h.notify()
	web.SetFlash(w, "flash.activities.cancelled")
	return web.Redirect(w, r, "/gestione/attivita/"+itoa(a.ID))
}

// regsData is the list of sign-ups with the offline form.
type regsData struct {
	A    *Activity
	Regs []Registration
}

// registrations lists the sign-ups of the activity.
func (h *Handlers) registrations(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	return h.renderRegs(w, r, http.StatusOK, a, web.NewForm())
}

func (h *Handlers) renderRegs(w http.ResponseWriter, r *http.Request, status int, a *Activity, f *web.Form) error {
	regs, err := Registrations(r.Context(), h.DB, a.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "activities/manage_registrations", f, regsData{A: a, Regs: regs})
}

// addOffline records a sign-up taken by phone or on paper.
func (h *Handlers) addOffline(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := Person{Name: f.Get("name"), Email: f.Get("email"), Phone: f.Get("phone"), AccessNeeds: f.Get("access_needs"),
		Consent: f.Checked("consent"), Offline: true, AddedBy: web.Principal(r).UserID, Lang: web.Lang(r)}
	if l, ok := i18n.Parse(f.Get("lang")); ok {
		p.Lang = l
	}
	reg, err := h.Service().SignUp(r.Context(), actorOf(r), a.ID, p)
	var se *SignupError
	switch {
	case err == nil:
	case AddTo(f, err):
		return h.renderRegs(w, r, http.StatusUnprocessableEntity, a, f)
	case errors.As(err, &se):
		f.AddError("", se.Key)
		return h.renderRegs(w, r, http.StatusUnprocessableEntity, a, f)
	default:
		return notFound(err)
	}
	h.notify()
	if reg.Status == RegWaiting {
		web.SetFlash(w, "flash.activities.offline_waiting")
	} else {
		web.SetFlash(w, "flash.activities.offline_confirmed")
	}
	return web.Redirect(w, r, "/gestione/attivita/"+itoa(a.ID)+"/iscrizioni")
}

// readInput reads the activity form. Values that cannot be read (a date,
// a time, a number) are reported on their field and left zero.
func readInput(f *web.Form) Input {
	in := Input{Kind: Kind(f.Get("kind")), Mode: Mode(f.Get("mode")),
		Title: Text{IT: f.Get("title_it"), EN: f.Get("title_en")}, Description: Text{IT: f.Get("description_it"), EN: f.Get("description_en")},
		VenueName: f.Get("venue_name"), VenueAddress: f.Get("venue_address"), Comune: f.Get("comune"), OnlineURL: f.Get("online_url"),
		StepFree: f.Checked("step_free"), HearingLoop: f.Checked("hearing_loop"), Interpreter: f.Checked("interpreter"),
		Accessibility: Text{IT: f.Get("accessibility_it"), EN: f.Get("accessibility_en")}}
	if s := f.Get("phase"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			in.PhaseID = n
		}
	}
	for _, a := range f.Values["audience"] {
		in.Audiences = append(in.Audiences, Audience(a))
	}
	date := f.Get("date")
	if date == "" {
		f.AddError("date", "form.required")
	} else if _, err := time.Parse(time.DateOnly, date); err != nil {
		f.AddError("date", "activities.err.date_invalid")
		date = ""
	}
	in.Start = readClock(f, date, "start_time")
	in.End = readClock(f, date, "end_time")
	if s := f.Get("capacity"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			f.AddError("capacity", "activities.err.capacity")
		} else {
			in.Capacity = n
		}
	}
	in.SignupOpens = readDateTime(f, "signup_opens")
	in.SignupCloses = readDateTime(f, "signup_closes")
	return in
}

// readClock reads field (HH:MM) on day date in Italy.
func readClock(f *web.Form, date, field string) time.Time {
	v := f.Get(field)
	if v == "" {
		f.AddError(field, "form.required")
		return time.Time{}
	}
	if len(v) == 8 && strings.HasSuffix(v, ":00") { // some browsers send seconds
		v = v[:5]
	}
	if date == "" {
		if _, err := time.Parse("15:04", v); err != nil {
			f.AddError(field, errTimeInvalid.Error())
		}
		return time.Time{}
	}
	t, err := parseLocal(localLayout, date+" "+v)
	if err != nil {
		f.AddError(field, err.Error())
		return time.Time{}
	}
	return t
}

// readDateTime reads an optional datetime-local field in Italy.
func readDateTime(f *web.Form, field string) time.Time {
	v := f.Get(field)
	if v == "" {
		return time.Time{}
	}
	if len(v) == 19 && strings.HasSuffix(v, ":00") {
		v = v[:16]
	}
	t, err := parseLocal(datetimeLocal, v)
	if err != nil {
		f.AddError(field, err.Error())
		return time.Time{}
	}
	return t
}

// fillForm writes in into the form's fields, for editing.
func fillForm(f *web.Form, in Input) {
	v := f.Values
	v.Set("phase", itoa(in.PhaseID))
	v.Set("kind", string(in.Kind))
	v.Set("mode", string(in.Mode))
	v.Set("title_it", in.Title.IT)
	v.Set("title_en", in.Title.EN)
	v.Set("description_it", in.Description.IT)
	v.Set("description_en", in.Description.EN)
	v.Set("date", localDay(in.Start))
	v.Set("start_time", localClock(in.Start))
	v.Set("end_time", localClock(in.End))
	v.Set("venue_name", in.VenueName)
	v.Set("venue_address", in.VenueAddress)
	v.Set("comune", in.Comune)
	v.Set("online_url", in.OnlineURL)
	if in.Capacity > 0 {
		v.Set("capacity", strconv.Itoa(in.Capacity))
	}
	v.Set("signup_opens", localDateTime(in.SignupOpens))
	v.Set("signup_closes", localDateTime(in.SignupCloses))
	for name, on := range map[string]bool{"step_free": in.StepFree, "hearing_loop": in.HearingLoop, "interpreter": in.Interpreter} {
		if on {
			v.Set(name, "1")
		}
	}
	v.Set("accessibility_it", in.Accessibility.IT)
	v.Set("accessibility_en", in.Accessibility.EN)
	for _, a := range in.Audiences {
		v.Add("audience", string(a))
	}
}
