package tracks

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// Field limits of the track form.
const (
	maxTitle = 200
	maxDesc  = 5000
	maxMin   = 1000
)

// editorZones are the zones whose tracks the user edits; all is true for
// admins.
func editorZones(r *http.Request) ([]string, bool) {
	p := web.Principal(r)
	zones, all := p.Zones(authz.Coordinator)
	return zones, all || p.IsAdmin()
}

type listData struct {
	Tracks []*Track
	All    bool
}

// manageList lists the tracks of the zones the user edits.
func (h *Handlers) manageList(w http.ResponseWriter, r *http.Request) error {
	zones, all := editorZones(r)
	list, err := List(r.Context(), h.DB, zones, all)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "tracks/manage_list", listData{Tracks: list, All: all})
}

// zoneOption is a territory the new-track form offers.
type zoneOption struct{ ID, Name string }

// formData is what the track form shows.
type formData struct {
	T *Track // nil for a new track
	// Zones are offered for a new track; RegionWide adds "the whole
	// region" (admins).
	Zones      []zoneOption
	RegionWide bool
	// Candidates are the activities that may belong to the track: those of
	// its zone (every zone for a region-wide track).
	Candidates []*activities.Activity
	Selected   []int64
}

func (formData) Kinds() []Kind { return Kinds }
func (formData) Rules() []Rule { return Rules }

// IsSelected reports whether activity id is ticked.
func (d formData) IsSelected(id int64) bool { return slices.Contains(d.Selected, id) }

func (h *Handlers) formData(r *http.Request, t *Track, f *web.Form) (formData, error) {
	d := formData{T: t}
	ctx := r.Context()
	if t == nil {
		zones, all := editorZones(r)
		list, err := territory.Zones(ctx, h.DB)
		if err != nil {
			return d, err
		}
		for _, z := range list {
			if all || slices.Contains(zones, z.ID) {
				d.Zones = append(d.Zones, zoneOption{z.ID, z.Name})
			}
		}
		d.RegionWide = authz.Can(web.Principal(r), authz.EditRegion, "")
		return d, nil
	}
	var err error
	d.Candidates, _, err = activities.ForEditor(ctx, h.DB, []string{t.ZoneID}, t.RegionWide(), 500, 0)
	if err != nil {
		return d, err
	}
	for _, v := range f.Values["activity"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			d.Selected = append(d.Selected, id)
		}
	}
	return d, nil
}

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, t *Track) error {
	d, err := h.formData(r, t, f)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "tracks/manage_form", f, d)
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	f.Values.Set("kind", string(Activators))
	f.Values.Set("rule", string(All))
	return h.renderForm(w, r, http.StatusOK, f, nil)
}

// read validates the form into an Input, recording every problem on f.
// For an existing track, candidates are the activities it may hold.
func read(f *web.Form, candidates []*activities.Activity) Input {
	in := Input{Kind: Kind(f.Get("kind")), Rule: Rule(f.Get("rule")),
		Title:       Text{IT: f.Get("title_it"), EN: f.Get("title_en")},
		Description: Text{IT: f.Get("description_it"), EN: f.Get("description_en")}}
	f.Required("title_it")
	f.MaxLen("title_it", maxTitle)
	f.MaxLen("title_en", maxTitle)
	f.MaxLen("description_it", maxDesc)
	f.MaxLen("description_en", maxDesc)
	if !in.Kind.Valid() {
		f.AddError("kind", "tracks.err.kind")
	}
	if !in.Rule.Valid() {
		f.AddError("rule", "tracks.err.rule")
	}
	if in.Rule == Count || in.Rule == Hours {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get("min")))
		if err != nil || n < 1 || n > maxMin {
			f.AddError("min", "tracks.err.min")
		}
		in.Min = n
	}
	if candidates != nil {
		for _, v := range f.Values["activity"] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || !slices.ContainsFunc(candidates, func(a *activities.Activity) bool { return a.ID == id }) {
				f.AddError("activity", "tracks.err.activity")
				break
			}
			in.ActivityIDs = append(in.ActivityIDs, id)
		}
		if in.Rule == Count && in.Min > len(in.ActivityIDs) && len(f.Errors["min"]) == 0 {
			f.AddError("min", "tracks.err.min_over")
		}
	}
	return in
}

// create stores a new track in a zone the user edits (or region-wide, for
// admins), then opens its editing page to choose the activities.
func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := read(f, nil)
	in.ZoneID = f.Get("zone")
	p := web.Principal(r)
	if in.ZoneID == "" {
		if !authz.Can(p, authz.EditRegion, "") {
			f.AddError("zone", "tracks.err.zone")
		}
	} else if !authz.Can(p, authz.EditTerritory, in.ZoneID) {
		f.AddError("zone", "tracks.err.zone")
	} else if _, err := territory.Zone(r.Context(), h.DB, in.ZoneID); err != nil {
		if !errors.Is(err, db.ErrNotFound) {
			return err
		}
		f.AddError("zone", "tracks.err.zone")
	}
	if !f.Valid() {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, f, nil)
	}
	id, err := Create(r.Context(), h.DB, actorOf(r), in)
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.tracks.created")
	return web.Redirect(w, r, fmt.Sprintf("/gestione/percorsi-formativi/%d/modifica", id))
}

func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	t, err := h.track(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("kind", string(t.Kind))
	f.Values.Set("rule", string(t.Rule))
	f.Values.Set("title_it", t.Title.IT)
	f.Values.Set("title_en", t.Title.EN)
	f.Values.Set("description_it", t.Description.IT)
	f.Values.Set("description_en", t.Description.EN)
	if t.Min > 0 {
		f.Values.Set("min", strconv.Itoa(t.Min))
	}
	for _, id := range t.ActivityIDs {
		f.Values.Add("activity", strconv.FormatInt(id, 10))
	}
	return h.renderForm(w, r, http.StatusOK, f, t)
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	t, err := h.track(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	d, err := h.formData(r, t, f)
	if err != nil {
		return err
	}
	in := read(f, d.Candidates)
	if !f.Valid() {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, f, t)
	}
	if err := Update(r.Context(), h.DB, actorOf(r), t.ID, in); err != nil {
		return err
	}
	web.SetFlash(w, "flash.tracks.saved")
	return web.Redirect(w, r, fmt.Sprintf("/gestione/percorsi-formativi/%d", t.ID))
}

// showData is a track's page for its coordinators: the activities, the
// progress of every person, the enrolment form.
type showData struct {
	T        *Track
	Items    []Item
	People   []*Progress
	Complete int
}

func (h *Handlers) renderShow(w http.ResponseWriter, r *http.Request, status int, f *web.Form, t *Track) error {
	items, people, err := ProgressOf(r.Context(), h.DB, t)
	if err != nil {
		return err
	}
	d := showData{T: t, Items: items, People: people}
	for _, p := range people {
		if p.Complete {
			d.Complete++
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "tracks/manage_track", f, d)
}

func (h *Handlers) show(w http.ResponseWriter, r *http.Request) error {
	t, err := h.track(r)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, http.StatusOK, web.NewForm(), t)
}

// enrol adds a person to the track by name and e-mail address.
func (h *Handlers) enrol(w http.ResponseWriter, r *http.Request) error {
	t, err := h.track(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Required("name", "email")
	f.MaxLen("name", maxTitle)
	email := f.Email("email")
	if !f.Valid() {
		return h.renderShow(w, r, http.StatusUnprocessableEntity, f, t)
	}
	err = h.DB.Tx(r.Context(), func(tx *db.Tx) error {
		return enroll(r.Context(), tx, actorOf(r), t.ID, Person{Name: f.Get("name"), Email: email}, FromCoordinator)
	})
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.tracks.enrolled")
	return web.Redirect(w, r, fmt.Sprintf("/gestione/percorsi-formativi/%d", t.ID))
}

// issueFor issues the certificate of a person who completed the track
// (the form names their progress key) and opens it.
func (h *Handlers) issueFor(w http.ResponseWriter, r *http.Request) error {
	t, err := h.track(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	_, people, err := ProgressOf(r.Context(), h.DB, t)
	if err != nil {
		return err
	}
	key := f.Get("person")
	i := slices.IndexFunc(people, func(p *Progress) bool { return p.Key == key })
	if i < 0 {
		return web.NotFound()
	}
	c, err := Issue(r.Context(), h.DB, actorOf(r), t, people[i])
	if errors.Is(err, ErrNotComplete) {
		web.SetFlash(w, "flash.tracks.not_complete")
		return web.Redirect(w, r, fmt.Sprintf("/gestione/percorsi-formativi/%d", t.ID))
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, fmt.Sprintf("/gestione/percorsi-formativi/%d/attestati/%s", t.ID, c.Code))
}

// managedCertificate serves a certificate of the track to its
// coordinators.
func (h *Handlers) managedCertificate(w http.ResponseWriter, r *http.Request) error {
	t, err := h.track(r)
	if err != nil {
		return err
	}
	code := NormCode(r.PathValue("code"))
	if code == "" {
		return web.NotFound()
	}
	c, err := ByCode(r.Context(), h.DB, code)
	if err != nil {
		return notFound(err)
	}
	if c.TrackID != t.ID {
		return web.NotFound()
	}
	return h.servePDF(w, r, t, c)
}
