package activities

import (
	"errors"
	"net/http"
	"time"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// showData is what the activity page shows.
type showData struct {
	A *Activity
	// Preview is true when an editor sees a draft, or an activity of a
	// path that is not published: the public cannot.
	Preview bool
	Editor  bool
	State   SignupState
	// Mine is the signed-in user's sign-up, if any.
	Mine *Registration
	// ShowLink is true when the user may see the online link.
	ShowLink bool
	// SignedIn hides the name and e-mail fields: the account gives them.
	SignedIn bool
	Email    string
	Now      time.Time
	// Materials are the published minutes and materials the user may
	// read.
	Materials []MaterialLink
}

// State names for templates.
func (d showData) Open() bool      { return d.State == SignupOpen }
func (d showData) NotYet() bool    { return d.State == SignupNotYet }
func (d showData) Closed() bool    { return d.State == SignupClosed }
func (d showData) Cancelled() bool { return d.State == SignupCancelled }

func (h *Handlers) showData(r *http.Request, a *Activity) (showData, error) {
	d := showData{A: a, Editor: canEdit(r, a.ZoneID), Preview: !a.Public(), Now: h.Service().now()}
	d.State = a.SignupAt(d.Now)
	if p := web.Principal(r); p != nil {
		d.SignedIn, d.Email = true, p.Email
		mine, err := RegistrationOf(r.Context(), h.DB, a.ID, p.UserID, p.Email)
		if err != nil {
			return d, err
		}
		if mine != nil && mine.Status != RegCancelled {
			d.Mine = mine
		}
	}
	if h.Materials != nil {
		var err error
		if d.Materials, err = h.Materials.ActivityMaterials(r, a); err != nil {
			return d, err
		}
	}
	d.ShowLink = a.Mode.HasLink() && a.OnlineURL != "" && a.Status == Published &&
		(d.Editor || (d.Mine != nil && d.Mine.Status == RegConfirmed))
	return d, nil
}

// show is the activity's page, with its sign-up form.
func (h *Handlers) show(w http.ResponseWriter, r *http.Request) error {
	a, err := h.visible(r)
	if err != nil {
		return err
	}
	d, err := h.showData(r, a)
	if err != nil {
		return err
	}
	f := web.NewForm()
	if p := web.Principal(r); p != nil {
		f.Values.Set("name", p.Name)
	}
	return h.renderShow(w, r, http.StatusOK, f, d)
}

func (h *Handlers) renderShow(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d showData) error {
	if d.Preview || d.SignedIn {
		w.Header().Set("Cache-Control", "private, no-store")
	}
	return h.Render.RenderForm(w, r, status, "activities/activity", f, d)
}

// signUp records a sign-up from the activity page's form.
func (h *Handlers) signUp(w http.ResponseWriter, r *http.Request) error {
	a, err := h.visible(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	p := Person{Name: f.Get("name"), Email: f.Get("email"), Phone: f.Get("phone"), AccessNeeds: f.Get("access_needs"),
		Consent: f.Checked("consent"), Lang: web.Lang(r)}
	if u := web.Principal(r); u != nil {
		p.UserID, p.Email = u.UserID, u.Email
		if p.Name == "" {
			p.Name = u.Name
		}
	}
	reg, err := h.Service().SignUp(r.Context(), actorOf(r), a.ID, p)
	if err != nil {
		return h.signUpProblem(w, r, a, f, err)
	}
	h.notify()
	if reg.Status == RegWaiting {
		web.SetFlash(w, "flash.activities.waiting")
	} else {
		web.SetFlash(w, "flash.activities.confirmed")
	}
	return web.Redirect(w, r, activityPath(a.ID)+"#iscrizione")
}

// signUpProblem shows the activity page again with the form as typed and
// every problem, or the reason the sign-up was refused.
func (h *Handlers) signUpProblem(w http.ResponseWriter, r *http.Request, a *Activity, f *web.Form, err error) error {
	var se *SignupError
	switch {
	case AddTo(f, err):
	case errors.As(err, &se):
		f.AddError("", se.Key)
	default:
		return notFound(err)
	}
	fresh, gerr := Get(r.Context(), h.DB, a.ID)
	if gerr != nil {
		return gerr
	}
	d, derr := h.showData(r, fresh)
	if derr != nil {
		return derr
	}
	status := http.StatusUnprocessableEntity
	if se != nil && se.Status != "" {
		status = http.StatusConflict
	}
	return h.renderShow(w, r, status, f, d)
}

// cancelData is what the cancellation page shows.
type cancelData struct {
	A     *Activity
	Reg   *Registration
	Token string
	// Done is true when the sign-up is already cancelled.
	Done bool
}

// cancelForm asks the person who opened the personal link to confirm: a
// GET never cancels (mail scanners open links).
func (h *Handlers) cancelForm(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	a, err := Get(r.Context(), h.DB, id)
	if err != nil || a.Status == Draft {
		return web.NotFound()
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	token := r.URL.Query().Get("t")
	reg, err := RegistrationByToken(r.Context(), h.DB, id, token)
	if errors.Is(err, ErrBadToken) {
		return &web.Error{Status: http.StatusNotFound, Key: "activities.err.bad_link"}
	}
	if err != nil {
		return err
	}
	d := cancelData{A: a, Reg: reg, Token: token, Done: reg.Status == RegCancelled}
	return h.Render.RenderForm(w, r, http.StatusOK, "activities/cancel", web.NewForm(), d)
}

// cancelSignUp cancels a sign-up: by the personal link's secret, or the
// signed-in user's own.
func (h *Handlers) cancelSignUp(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	svc := h.Service()
	token := f.Get("t")
	var reg Registration
	switch u := web.Principal(r); {
	case token != "":
		reg, err = svc.CancelRegistration(r.Context(), actorOf(r), id, token)
	case u != nil:
		reg, err = svc.CancelRegistrationOf(r.Context(), actorOf(r), id, u.UserID, u.Email)
	default:
		err = ErrBadToken
	}
	var se *SignupError
	switch {
	case errors.Is(err, ErrBadToken):
		return &web.Error{Status: http.StatusNotFound, Key: "activities.err.bad_link"}
	case errors.As(err, &se):
		a, gerr := Get(r.Context(), h.DB, id)
		if gerr != nil {
			return notFound(gerr)
		}
		f.AddError("", se.Key)
		d := cancelData{A: a, Reg: &reg, Token: token, Done: se.Status == RegCancelled}
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "activities/cancel", f, d)
	case err != nil:
		return notFound(err)
	}
	h.notify()
	web.SetFlash(w, "flash.activities.sign_up_cancelled")
	return web.Redirect(w, r, activityPath(id))
}
