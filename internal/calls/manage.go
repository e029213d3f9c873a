package calls

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// manageListData is the coordinators' list of calls.
type manageListData struct {
	tpl
	Calls  []*Call
	Paths  []paths.Path
	Region bool // may create region-wide calls
}

// manageList lists the calls of the zones the user edits, and the paths
// to which a new one can be added.
func (h *Handlers) manageList(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	zones, all := p.Zones(authz.Coordinator)
	all = all || p.IsAdmin()
	region := authz.Can(p, authz.EditRegion, "")
	list, err := ListForEditor(r.Context(), h.DB, zones, all, region)
	if err != nil {
		return err
	}
	editable, _, err := paths.ListEditable(r.Context(), h.DB, zones, all, 200, 0)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "calls/manage_list", manageListData{Calls: list, Paths: editable, Region: region})
}

// formData is what the call form shows.
type formData struct {
	tpl
	C      *Call // nil for a new call
	Path   *paths.Path
	Action string
}

// KindOptions lists the kinds for the form.
func (formData) KindOptions() []option { return optionsOf(Kinds) }

// ApplicantOptions lists who may apply.
func (formData) ApplicantOptions() []option { return optionsOf(ApplicantsList) }

// TieBreakOptions lists the tie-break rules.
func (formData) TieBreakOptions() []option { return optionsOf(TieBreaks) }

// AggregationOptions lists the aggregations.
func (formData) AggregationOptions() []option { return optionsOf(Aggregations) }

func (h *Handlers) renderForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d formData) error {
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "calls/manage_form", f, d)
}

// fillForm writes in onto f.
func fillForm(f *web.Form, in Input) {
	v := f.Values
	v.Set("kind", string(in.Kind))
	v.Set("title_it", in.Title.IT)
	v.Set("title_en", in.Title.EN)
	v.Set("body_it", in.Body.IT)
	v.Set("body_en", in.Body.EN)
	v.Set("opens", localValue(in.Opens))
	v.Set("closes", localValue(in.Closes))
	v.Set("applicants", string(in.Applicants))
	v.Set("min_score", strconv.Itoa(in.MinScore))
	if in.Places > 0 {
		v.Set("places", strconv.Itoa(in.Places))
	}
	v.Set("tie_break", string(in.TieBreak))
	v.Set("aggregation", string(in.Aggregation))
	v.Set("retention", strconv.Itoa(in.RetentionMonths))
	v.Set("declarations", FormatDeclarations(in.Declarations))
	v.Set("fields", FormatFields(in.Fields))
	v.Set("criteria", FormatCriteria(in.Criteria))
	v.Set("commission", strings.Join(in.Commission, "\n"))
}

// readInput reads the form into an Input, recording on f the problems
// only the form can see (unreadable numbers, times, definition lines).
func readInput(f *web.Form) Input {
	in := Input{Kind: Kind(f.Get("kind")), Title: Text{IT: f.Get("title_it"), EN: f.Get("title_en")},
		Body: Text{IT: f.Raw("body_it"), EN: f.Raw("body_en")}, Applicants: Applicants(f.Get("applicants")),
		TieBreak: TieBreak(f.Get("tie_break")), Aggregation: Aggregation(f.Get("aggregation"))}
	var problem string
	if in.Opens, problem = parseLocal(f.Get("opens")); problem != "" {
		f.AddError("opens", problem)
	}
	if in.Closes, problem = parseLocal(f.Get("closes")); problem != "" {
		f.AddError("closes", problem)
	}
	number := func(name string, dst *int, empty int) {
		s := f.Get(name)
		if s == "" {
			*dst = empty
			return
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			f.AddError(name, "calls.err.integer")
			return
		}
		*dst = n
	}
	number("min_score", &in.MinScore, 0)
	number("places", &in.Places, 0)
	number("retention", &in.RetentionMonths, -1)
	var errs []LineError
	in.Declarations, errs = ParseDeclarations(f.Raw("declarations"))
	addLineErrors(f, "declarations", errs)
	in.Fields, errs = ParseFields(f.Raw("fields"))
	addLineErrors(f, "fields", errs)
	in.Criteria, errs = ParseCriteria(f.Raw("criteria"))
	addLineErrors(f, "criteria", errs)
	for _, l := range strings.Split(f.Raw("commission"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			in.Commission = append(in.Commission, l)
		}
	}
	return in
}

// addLineErrors puts the first problem of a definition on its field; the
// message names the line.
func addLineErrors(f *web.Form, field string, errs []LineError) {
	if len(errs) == 0 {
		return
	}
	f.AddError(field, errs[0].Key)
	f.Values.Set(field+"_line", strconv.Itoa(errs[0].Line))
}

// defaultInput is a new call's form: the programme's usual terms.
func defaultInput() Input {
	return Input{Kind: Activators, Applicants: People, TieBreak: BySubmission, Aggregation: Mean, RetentionMonths: 60,
		Declarations: []Declaration{{Text: Text{IT: "Non sussistono a mio carico le cause di esclusione previste dagli artt. 94-98 del D.Lgs. 36/2023",
			EN: "None of the exclusion grounds of articles 94-98 of Legislative Decree 36/2023 applies to me"}}}}
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	p, err := h.path(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	fillForm(f, defaultInput())
	return h.renderForm(w, r, http.StatusOK, f, formData{Path: &p, Action: "/gestione/percorsi/" + p.Slug + "/bandi/nuovo"})
}

func (h *Handlers) newRegionForm(w http.ResponseWriter, r *http.Request) error {
	f := web.NewForm()
	fillForm(f, defaultInput())
	return h.renderForm(w, r, http.StatusOK, f, formData{Action: "/gestione/bandi/nuovo"})
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	p, err := h.path(r)
	if err != nil {
		return err
	}
	return h.createAt(w, r, Place{ZoneID: p.ZoneID, PathID: p.ID}, formData{Path: &p, Action: "/gestione/percorsi/" + p.Slug + "/bandi/nuovo"})
}

func (h *Handlers) createRegion(w http.ResponseWriter, r *http.Request) error {
	return h.createAt(w, r, Place{}, formData{Action: "/gestione/bandi/nuovo"})
}

func (h *Handlers) createAt(w http.ResponseWriter, r *http.Request, at Place, d formData) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := readInput(f)
	if f.Valid() {
		id, err := h.Service().Create(r.Context(), actorOf(r), at, in)
		if err == nil {
			web.SetFlash(w, "flash.calls.created")
			return web.Redirect(w, r, "/gestione/bandi/"+itoa(id))
		}
		if !AddTo(f, err) {
			return err
		}
	} else if _, err := in.Validate(r.Context(), h.DB); err != nil {
		addMissing(f, err)
	}
	return h.renderForm(w, r, http.StatusUnprocessableEntity, f, d)
}

// addMissing adds the problems of err on fields that have none yet.
func addMissing(f *web.Form, err error) {
	var inv *InvalidError
	if !errors.As(err, &inv) {
		return
	}
	for _, p := range inv.Problems {
		if f.Error(p.Field) == "" {
			f.AddError(p.Field, p.Key)
		}
	}
}

// editData is the call's page for its coordinators.
func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	fillForm(f, InputOf(c))
	return h.renderForm(w, r, http.StatusOK, f, formData{C: c, Action: "/gestione/bandi/" + itoa(c.ID)})
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in := readInput(f)
	d := formData{C: c, Action: "/gestione/bandi/" + itoa(c.ID)}
	if f.Valid() {
		err = h.Service().Update(r.Context(), actorOf(r), c.ID, in)
		switch {
		case err == nil:
			web.SetFlash(w, "flash.calls.saved")
			return web.Redirect(w, r, "/gestione/bandi/"+itoa(c.ID))
		case errors.Is(err, ErrNotDraft):
			f.AddError("", "calls.err.not_draft")
		case !AddTo(f, err):
			return err
		}
	} else if _, err := in.Validate(r.Context(), h.DB); err != nil {
		addMissing(f, err)
	}
	return h.renderForm(w, r, http.StatusUnprocessableEntity, f, d)
}

func (h *Handlers) publish(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	if err := h.Service().Publish(r.Context(), actorOf(r), c.ID); err != nil {
		if errors.Is(err, ErrNotDraft) {
			web.SetFlash(w, "flash.calls.already_published")
			return web.Redirect(w, r, "/gestione/bandi/"+itoa(c.ID))
		}
		return err
	}
	web.SetFlash(w, "flash.calls.published")
	return web.Redirect(w, r, "/gestione/bandi/"+itoa(c.ID))
}

// MaxDocument is the largest document of a call, in bytes.
const MaxDocument = 20 << 20

// addDocument attaches a document (the notice, a form) to a draft call.
func (h *Handlers) addDocument(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	form, err := files.ReadForm(w, r, MaxDocument)
	if errors.Is(err, files.ErrFormTooLarge) {
		return &web.Error{Status: http.StatusRequestEntityTooLarge, Key: "calls.err.file_too_large"}
	}
	if err != nil {
		return web.BadRequest("error.400.form")
	}
	defer form.Close()
	f := web.NewForm()
	fillForm(f, InputOf(c))
	up := form.Files["document"]
	switch {
	case c.Status != Draft:
		f.AddError("document", "calls.err.not_draft")
	case up == nil:
		f.AddError("document", "calls.err.document_required")
	case up.TooLarge:
		f.AddError("document", "calls.err.file_too_large")
	case !acceptedType(up.Type):
		f.AddError("document", "calls.err.file_type")
	}
	if !f.Valid() {
		return h.renderForm(w, r, http.StatusUnprocessableEntity, f, formData{C: c, Action: "/gestione/bandi/" + itoa(c.ID)})
	}
	rd, err := up.Reader()
	if err != nil {
		return err
	}
	blob, err := h.Files.Put(r.Context(), rd, MaxDocument)
	if err != nil {
		return err
	}
	a := actorOf(r)
	err = h.DB.Tx(r.Context(), func(tx *db.Tx) error {
		rec, err := files.Record(r.Context(), tx, blob, files.File{Name: up.Name, UploadedBy: a.ID})
		if err != nil {
			return err
		}
		if _, err := tx.Exec(r.Context(), `INSERT INTO call_documents (call_id, file_id, position) VALUES (?, ?, ?)`, c.ID, rec.ID, len(c.Documents)+1); err != nil {
			return err
		}
		return record(r.Context(), tx, a, "call.document", "call", c.ID, c.ZoneID, nil, map[string]any{"file": rec.Name, "sha256": rec.Hash})
	})
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.calls.document_added")
	return web.Redirect(w, r, "/gestione/bandi/"+itoa(c.ID))
}

func acceptedType(t string) bool {
	for _, a := range AttachmentTypes {
		if a == t {
			return true
		}
	}
	return false
}

// applicationsData lists a call's applications for its coordinators.
type applicationsData struct {
	tpl
	C    *Call
	Apps []*Application
}

func (h *Handlers) applications(w http.ResponseWriter, r *http.Request) error {
	c, err := h.editable(r)
	if err != nil {
		return err
	}
	apps, err := ListApplications(r.Context(), h.DB, c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "calls/manage_applications", applicationsData{C: c, Apps: apps})
}
