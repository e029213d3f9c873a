package calls

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// applyData is the application form.
type applyData struct {
	tpl
	C       *Call
	App     *Application // nil before the first save
	Open    bool
	Closed  bool
	Version int
}

// LegalForms lists the legal forms for the form.
func (applyData) LegalForms() []string { return LegalForms }

// FieldName is the form name of a field's answer.
func (applyData) FieldName(id int64) string { return fmt.Sprintf("f%d", id) }

// DeclName is the form name of a declaration's box; AmountName its amount.
func (applyData) DeclName(id int64) string { return fmt.Sprintf("d%d", id) }

// AmountName is the form name of a declaration's amount.
func (applyData) AmountName(id int64) string { return fmt.Sprintf("a%d", id) }

// ChoiceValue is the form value of the i-th option (from 1).
func (applyData) ChoiceValue(i int) string { return strconv.Itoa(i + 1) }

// FileOf is the attachment saved for field id, if any.
func (d applyData) FileOf(id int64) *files.File {
	if d.App == nil {
		return nil
	}
	return d.App.Values[id].File
}

// fillApplication writes a saved application onto f.
func fillApplication(f *web.Form, c *Call, a *Application) {
	v := f.Values
	v.Set("kind", string(a.Kind))
	v.Set("name", a.Name)
	v.Set("tax_code", a.TaxCode)
	v.Set("phone", a.Phone)
	v.Set("org_name", a.OrgName)
	v.Set("org_tax_code", a.OrgTaxCode)
	v.Set("org_vat", a.OrgVAT)
	v.Set("legal_form", a.LegalForm)
	v.Set("runts", a.RUNTS)
	v.Set("version", strconv.Itoa(a.Version))
	for _, fl := range c.Fields {
		v.Set(fmt.Sprintf("f%d", fl.ID), a.Values[fl.ID].Text)
	}
	for _, d := range c.Declarations {
		if amount, ok := a.Declared[d.ID]; ok {
			v.Set(fmt.Sprintf("d%d", d.ID), "1")
			if d.WithAmount && amount > 0 {
				v.Set(fmt.Sprintf("a%d", d.ID), FormatAmount(amount))
			}
		}
	}
}

// applyContext loads the call of the URL, which must be public, and the
// signed-in user's application to it (nil if none).
func (h *Handlers) applyContext(r *http.Request) (*Call, *Application, error) {
	c, err := h.call(r)
	if err != nil {
		return nil, nil, err
	}
	if !c.Public() {
		return nil, nil, web.NotFound()
	}
	a, err := ApplicationOf(r.Context(), h.DB, c.ID, web.Principal(r).UserID)
	if errors.Is(err, db.ErrNotFound) {
		return c, nil, nil
	}
	return c, a, err
}

func (h *Handlers) renderApply(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Call, a *Application) error {
	now := h.Service().now()
	d := applyData{C: c, App: a, Open: c.OpenAt(now), Closed: c.ClosedAt(now)}
	if a != nil {
		d.Version = a.Version
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "calls/apply", f, d)
}

// applyForm shows the user's draft, or a new one; a submitted application
// is shown on its own page.
func (h *Handlers) applyForm(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applyContext(r)
	if err != nil {
		return err
	}
	if a != nil && a.Status == AppSubmitted {
		return web.Redirect(w, r, ReceiptPath(a.ID))
	}
	f := web.NewForm()
	if a != nil {
		fillApplication(f, c, a)
	} else {
		f.Values.Set("version", "0")
		f.Values.Set("name", web.Principal(r).Name)
		if c.Applicants == Organisations {
			f.Values.Set("kind", string(Organisation))
		} else {
			f.Values.Set("kind", string(Person))
		}
	}
	return h.renderApply(w, r, http.StatusOK, f, c, a)
}

// readMultipart reads a form that may carry files; the caller closes the
// returned files.Form.
func readMultipart(w http.ResponseWriter, r *http.Request) (*web.Form, *files.Form, error) {
	form, err := files.ReadForm(w, r, MaxAttachment)
	if errors.Is(err, files.ErrFormTooLarge) {
		return nil, nil, &web.Error{Status: http.StatusRequestEntityTooLarge, Key: "calls.err.file_too_large"}
	}
	if err != nil {
		return nil, nil, web.BadRequest("error.400.form")
	}
	f := web.FormOf(form.Values)
	return f, form, nil
}

// checkUpload checks the upload of field name (type from the content,
// size), putting a problem on f; it reports whether the file is fine.
func checkUpload(f *web.Form, name string, up *files.Upload) bool {
	switch {
	case up.TooLarge:
		f.AddError(name, "calls.err.file_too_large")
	case !acceptedType(up.Type):
		f.AddError(name, "calls.err.file_type")
	default:
		return true
	}
	return false
}

// store puts a checked upload in the file store.
func (h *Handlers) store(ctx context.Context, up *files.Upload) (NewFile, error) {
	rd, err := up.Reader()
	if err != nil {
		return NewFile{}, err
	}
	blob, err := h.Files.Put(ctx, rd, MaxAttachment)
	if err != nil {
		return NewFile{}, err
	}
	return NewFile{Blob: blob, Name: up.Name}, nil
}

// readUpload reads a form with one file input, name; the file is put in
// the store only when keep is true (it would otherwise be left there, by
// no record).
func (h *Handlers) readUpload(w http.ResponseWriter, r *http.Request, name string, keep bool) (*web.Form, *NewFile, error) {
	f, form, err := readMultipart(w, r)
	if err != nil {
		return nil, nil, err
	}
	defer form.Close()
	up := form.Files[name]
	if up == nil || !checkUpload(f, name, up) || !f.Valid() || !keep {
		return f, nil, nil
	}
	nf, err := h.store(r.Context(), up)
	return f, &nf, err
}

// readDraft reads the application form: the values as typed, and the
// uploads that pass the checks of type and size (a problem with one is
// put on its field and the file is not kept). Files are put in the store
// only while application a may still change (SaveDraft refuses it
// otherwise, and the bytes would be left behind).
func (h *Handlers) readDraft(ctx context.Context, w http.ResponseWriter, r *http.Request, c *Call, a *Application) (*web.Form, DraftInput, error) {
	f, form, err := readMultipart(w, r)
	if err != nil {
		return nil, DraftInput{}, err
	}
	defer form.Close()
	p := web.Principal(r)
	d := DraftInput{Lang: string(web.Lang(r)), Values: map[int64]string{}, Files: map[int64]NewFile{}, Declared: map[int64]int64{},
		Applicant: Applicant{Kind: ApplicantKind(f.Get("kind")), Name: f.Get("name"), TaxCode: f.Get("tax_code"), Email: p.Email,
			Phone: f.Get("phone"), OrgName: f.Get("org_name"), OrgTaxCode: f.Get("org_tax_code"), OrgVAT: f.Get("org_vat"),
			LegalForm: f.Get("legal_form"), RUNTS: f.Get("runts")}}
	d.Version, _ = strconv.Atoi(f.Get("version"))
	uploads := map[int64]*files.Upload{}
	for _, fl := range c.Fields {
		name := fmt.Sprintf("f%d", fl.ID)
		if fl.Kind != FileField {
			d.Values[fl.ID] = f.Values.Get(name)
			continue
		}
		if up := form.Files[name]; up != nil && checkUpload(f, name, up) {
			uploads[fl.ID] = up
		}
	}
	keep := c.OpenAt(h.Service().now()) && (a == nil || a.Status != AppSubmitted)
	if f.Valid() && keep { // nothing is stored while any file is refused
		for id, up := range uploads {
			nf, err := h.store(ctx, up)
			if err != nil {
				return nil, d, err
			}
			d.Files[id] = nf
		}
	}
	for _, decl := range c.Declarations {
		if !f.Checked(fmt.Sprintf("d%d", decl.ID)) {
			continue
		}
		var cents int64
		if decl.WithAmount {
			name := fmt.Sprintf("a%d", decl.ID)
			if s := f.Get(name); s != "" {
				n, ok := ParseAmount(s)
				if !ok {
					f.AddError(name, "calls.err.amount")
				}
				cents = n
			}
		}
		d.Declared[decl.ID] = cents
	}
	return f, d, nil
}

// saveDraft saves the draft as typed; a problem with an attachment is
// shown, and everything else is kept.
func (h *Handlers) saveDraft(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applyContext(r)
	if err != nil {
		return err
	}
	f, d, err := h.readDraft(r.Context(), w, r, c, a)
	if err != nil {
		return err
	}
	if !f.Valid() {
		f.AddError("", "calls.err.not_saved")
		return h.renderApply(w, r, http.StatusUnprocessableEntity, f, c, a)
	}
	_, err = h.Service().SaveDraft(r.Context(), actorOf(r), c.ID, web.Principal(r).UserID, d)
	if done, err := h.draftError(w, r, f, c, a, err); done || err != nil {
		return err
	}
	web.SetFlash(w, "flash.calls.draft_saved")
	return web.Redirect(w, r, CallPath(c.ID)+"/domanda")
}

// draftError answers a failed save: done reports that the answer was
// written (a page or a redirect).
func (h *Handlers) draftError(w http.ResponseWriter, r *http.Request, f *web.Form, c *Call, a *Application, err error) (bool, error) {
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, ErrSubmitted):
		web.SetFlash(w, "flash.calls.already_submitted")
		if a == nil {
			a, err = ApplicationOf(r.Context(), h.DB, c.ID, web.Principal(r).UserID)
			if err != nil {
				return true, err
			}
		}
		return true, web.Redirect(w, r, ReceiptPath(a.ID))
	case errors.Is(err, ErrStale):
		// Another tab saved first: show what this tab typed, with the
		// current version, so saving again is a conscious choice.
		cur, _ := ApplicationOf(r.Context(), h.DB, c.ID, web.Principal(r).UserID)
		if cur != nil {
			f.Values.Set("version", strconv.Itoa(cur.Version))
		}
		f.AddError("", "calls.err.stale")
		return true, h.renderApply(w, r, http.StatusConflict, f, c, cur)
	case errors.Is(err, ErrClosed):
		f.AddError("", "calls.err.closed")
		return true, h.renderApply(w, r, http.StatusUnprocessableEntity, f, c, a)
	case errors.Is(err, ErrNotOpen):
		f.AddError("", "calls.err.not_open")
		return true, h.renderApply(w, r, http.StatusUnprocessableEntity, f, c, a)
	case errors.Is(err, ErrNotAllowed):
		f.AddError("kind", "calls.err.applicant_kind")
		return true, h.renderApply(w, r, http.StatusUnprocessableEntity, f, c, a)
	}
	return true, err
}

// submit saves the form and submits it: the receipt follows. A second
// click finds the application submitted and shows the same receipt.
func (h *Handlers) submit(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applyContext(r)
	if err != nil {
		return err
	}
	f, d, err := h.readDraft(r.Context(), w, r, c, a)
	if err != nil {
		return err
	}
	if !f.Valid() {
		f.AddError("", "calls.err.not_saved")
		return h.renderApply(w, r, http.StatusUnprocessableEntity, f, c, a)
	}
	user := web.Principal(r).UserID
	version, err := h.Service().SaveDraft(r.Context(), actorOf(r), c.ID, user, d)
	if done, err := h.draftError(w, r, f, c, a, err); done || err != nil {
		return err
	}
	f.Values.Set("version", strconv.Itoa(version))
	a, err = ApplicationOf(r.Context(), h.DB, c.ID, user)
	if err != nil {
		return err
	}
	_, err = h.Service().Submit(r.Context(), actorOf(r), c.ID, user, version)
	if err == nil {
		h.notify()
		web.SetFlash(w, "flash.calls.submitted")
		return web.Redirect(w, r, ReceiptPath(a.ID))
	}
	if AddTo(f, err) {
		f.AddError("", "calls.err.incomplete")
		return h.renderApply(w, r, http.StatusUnprocessableEntity, f, c, a)
	}
	_, err = h.draftError(w, r, f, c, a, err)
	return err
}

// withdraw withdraws the user's submitted application, once the box
// saying so is ticked.
func (h *Handlers) withdraw(w http.ResponseWriter, r *http.Request) error {
	c, a, err := h.applyContext(r)
	if err != nil {
		return err
	}
	if a == nil {
		return web.NotFound()
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if !f.Checked("confirm") {
		web.SetFlash(w, "flash.calls.withdraw_confirm")
		return web.Redirect(w, r, ReceiptPath(a.ID))
	}
	switch err := h.Service().Withdraw(r.Context(), actorOf(r), c.ID, a.UserID); {
	case errors.Is(err, ErrClosed):
		web.SetFlash(w, "flash.calls.withdraw_closed")
	case errors.Is(err, ErrNotSubmitted):
		web.SetFlash(w, "flash.calls.withdraw_nothing")
	case err != nil:
		return err
	default:
		web.SetFlash(w, "flash.calls.withdrawn")
	}
	return web.Redirect(w, r, ReceiptPath(a.ID))
}

// mine lists the user's applications.
func (h *Handlers) mine(w http.ResponseWriter, r *http.Request) error {
	list, err := ListMine(r.Context(), h.DB, web.Principal(r).UserID)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "calls/mine", list)
}

// visibleApplication loads the application of the URL and its call, for
// whoever AccessTo lets see it; to anyone else it does not exist. A draft
// never submitted is its applicant's alone.
func (h *Handlers) visibleApplication(r *http.Request) (*Call, *Application, Access, error) {
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
	if !acc.Applicant && (a.Receipt == nil || !acc.Any()) {
		return nil, nil, Access{}, web.NotFound()
	}
	return c, a, acc, nil
}

// applicationData is an application's page.
type applicationData struct {
	tpl
	C      *Call
	A      *Application
	Access Access
	Open   bool
	Closed bool
	Now    time.Time
}

// OpenRequest is the request of documents still waiting for the
// applicant's answer, or nil.
func (d applicationData) OpenRequest() *IntegrationRequest {
	if last := d.A.Eval.LastIntegration(); last != nil && last.Open(d.Now) {
		return last
	}
	return nil
}

// AmountOf is the amount declared with declaration id, written in euro.
func (d applicationData) AmountOf(id int64) string { return FormatAmount(d.A.Declared[id]) }

// ChoiceText is the option chosen for a field, in lang.
func (d applicationData) ChoiceText(f Field, v string) Text {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > len(f.Options) {
		return Text{IT: v}
	}
	return f.Options[n-1]
}

// application shows an application: its receipt, its answers, its
// attachments.
func (h *Handlers) application(w http.ResponseWriter, r *http.Request) error {
	c, a, acc, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	return h.renderApplication(w, r, http.StatusOK, web.NewForm(), c, a, acc)
}

func (h *Handlers) renderApplication(w http.ResponseWriter, r *http.Request, status int, f *web.Form, c *Call, a *Application, acc Access) error {
	now := h.Service().now()
	d := applicationData{C: c, A: a, Access: acc, Open: c.OpenAt(now), Closed: c.ClosedAt(now), Now: now}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "calls/application", f, d)
}

// attachment serves an attachment of an application to whoever may see it.
func (h *Handlers) attachment(w http.ResponseWriter, r *http.Request) error {
	_, a, _, err := h.visibleApplication(r)
	if err != nil {
		return err
	}
	field, err := idParam(r, "field")
	if err != nil {
		return err
	}
	v, ok := a.Values[field]
	if !ok || v.File == nil {
		return web.NotFound()
	}
	return files.Serve(w, r, h.Files, *v.File)
}
