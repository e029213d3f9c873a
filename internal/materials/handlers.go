package materials

import (
	"embed"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// DefaultMaxBytes is the size limit of an upload when MaxBytes is 0.
const DefaultMaxBytes = 20 << 20

// maxTitle bounds a title.
const maxTitle = 200

// Handlers serves the coordinators' screen of an activity's files and the
// files themselves, and lists them on the activity page
// (activities.MaterialLister).
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
	Files  files.Store
	// MaxBytes is the largest file accepted (DefaultMaxBytes when 0).
	MaxBytes int64
}

// Register adds the pages and the routes.
func (h *Handlers) Register(rt *web.Router) error {
	if h.Files == nil {
		return errors.New("materials: no file store")
	}
	if err := h.Render.AddPages("materials", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	rt.Handle("GET /attivita/{id}/materiali/{mid}", authz.ViewPublic, h.serve)
	rt.HandleZone("GET /gestione/attivita/{id}/materiali", authz.EditTerritory, h.zoneOfActivity, h.manage)
	rt.HandleZone("POST /gestione/attivita/{id}/materiali", authz.EditTerritory, h.zoneOfActivity, h.upload)
	rt.HandleZone("POST /gestione/attivita/{id}/materiali/{mid}", authz.EditTerritory, h.zoneOfActivity, h.change)
	return nil
}

func (h *Handlers) maxBytes() int64 {
	if h.MaxBytes > 0 {
		return h.MaxBytes
	}
	return DefaultMaxBytes
}

func idOf(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	if len(s) > 18 {
		return 0, web.NotFound()
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, web.NotFound()
	}
	return id, nil
}

func notFound(err error) error {
	if errors.Is(err, db.ErrNotFound) {
		return web.NotFound()
	}
	return err
}

// activity loads the activity of the URL.
func (h *Handlers) activity(r *http.Request) (*activities.Activity, error) {
	id, err := idOf(r, "id")
	if err != nil {
		return nil, err
	}
	a, err := activities.Get(r.Context(), h.DB, id)
	if err != nil {
		return nil, notFound(err)
	}
	return a, nil
}

// zoneOfActivity finds the zone of the activity in the URL, for the
// router's permission check.
func (h *Handlers) zoneOfActivity(r *http.Request) (string, error) {
	a, err := h.activity(r)
	if err != nil {
		return "", err
	}
	return a.ZoneID, nil
}

// material loads the file of the URL, which must belong to activity a.
func (h *Handlers) material(r *http.Request, a *activities.Activity) (Material, error) {
	mid, err := idOf(r, "mid")
	if err != nil {
		return Material{}, err
	}
	m, err := Get(r.Context(), h.DB, mid)
	if err != nil {
		return Material{}, notFound(err)
	}
	if m.ActivityID != a.ID {
		return Material{}, web.NotFound()
	}
	return m, nil
}

// mayRead reports whether the user of r may read published material m of
// activity a (the activity is visible to them). Public files: anyone.
// Restricted files: the path's participants — committee members and
// coordinators of the zone, admins (by role), and anyone with a confirmed
// sign-up to, or a presence recorded at, an activity of the path.
func (h *Handlers) mayRead(r *http.Request, m Material) (bool, error) {
	if !m.Restricted() {
		return true, nil
	}
	p := web.Principal(r)
	if p == nil {
		return false, nil
	}
	if authz.Can(p, authz.UseCommitteeSpace, m.ZoneID) {
		return true, nil
	}
	return IsParticipant(r.Context(), h.DB, m.PathID, p.UserID, strings.ToLower(strings.TrimSpace(p.Email)))
}

// serve sends the bytes of a file to whoever may read it, with its
// sniffed type and a Content-Disposition; to anyone else the file does
// not exist (404, never the bytes).
func (h *Handlers) serve(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activity(r)
	if err != nil {
		return err
	}
	editor := authz.Can(web.Principal(r), authz.EditTerritory, a.ZoneID)
	if !a.Public() && !editor {
		return web.NotFound()
	}
	m, err := h.material(r, a)
	if err != nil {
		return err
	}
	if !editor {
		if !m.Published {
			return web.NotFound()
		}
		ok, err := h.mayRead(r, m)
		if err != nil {
			return err
		}
		if !ok {
			return web.NotFound()
		}
	}
	f := m.File
	// Never cached by shared caches: access can change after the fact.
	f.Public = false
	return files.Serve(w, r, h.Files, f)
}

// ActivityMaterials lists the published files of a that the user of r
// may read, for the activity page.
func (h *Handlers) ActivityMaterials(r *http.Request, a *activities.Activity) ([]activities.MaterialLink, error) {
	list, err := ForActivity(r.Context(), h.DB, a.ID, false)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	var out []activities.MaterialLink
	for _, m := range list {
		ok, err := h.mayRead(r, m)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, m.link())
		}
	}
	return out, nil
}

func (m Material) link() activities.MaterialLink {
	return activities.MaterialLink{Title: m.Title, URL: m.URL(), KindKey: m.Kind.Key(), Format: Format(m.File.ContentType),
		Size: m.File.Size, Restricted: m.Restricted()}
}

// Format names a content type the way people know it.
func Format(ct string) string {
	switch ct {
	case files.PDF:
		return "PDF"
	case files.ODT:
		return "ODT"
	case files.DOCX:
		return "DOCX"
	case files.PNG:
		return "PNG"
	case files.JPEG:
		return "JPEG"
	case files.WebP:
		return "WebP"
	}
	return ct
}

// manageData is the coordinators' screen of an activity's files.
type manageData struct {
	A         *activities.Activity
	Materials []Material
	MaxMB     int64
}

func (manageData) Kinds() []Kind      { return Kinds }
func (manageData) Accesses() []Access { return Accesses }
func (m Material) FormatName() string { return Format(m.File.ContentType) }
func (m Material) SizeKB() int64      { return max((m.File.Size+1023)/1024, 1) }
func (m Material) ChangeURL() string {
	return fmt.Sprintf("/gestione/attivita/%d/materiali/%d", m.ActivityID, m.ID)
}

func (h *Handlers) renderManage(w http.ResponseWriter, r *http.Request, status int, f *web.Form, a *activities.Activity) error {
	list, err := ForActivity(r.Context(), h.DB, a.ID, true)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.RenderForm(w, r, status, "materials/manage", f, manageData{A: a, Materials: list, MaxMB: h.maxBytes() >> 20})
}

func (h *Handlers) manage(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activity(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("kind", string(Minutes))
	f.Values.Set("access", string(Participants))
	return h.renderManage(w, r, http.StatusOK, f, a)
}

// upload stores a new file. Every problem comes back at once with the
// fields as typed; the browser cannot keep a chosen file, so the message
// of a good file refused for another field's sake asks to choose it again.
func (h *Handlers) upload(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activity(r)
	if err != nil {
		return err
	}
	form, err := files.ReadForm(w, r, h.maxBytes())
	if errors.Is(err, files.ErrFormTooLarge) {
		return &web.Error{Status: http.StatusRequestEntityTooLarge, Key: "materials.err.form_too_large"}
	}
	if err != nil {
		return web.BadRequest("error.400.form")
	}
	defer form.Close()
	f := web.FormOf(form.Values)
	in := Input{Kind: Kind(f.Get("kind")), Access: Access(f.Get("access")), Published: f.Checked("publish"),
		Title: paths.Text{IT: f.Get("title_it"), EN: f.Get("title_en")}}
	f.Required("title_it")
	f.MaxLen("title_it", maxTitle)
	f.MaxLen("title_en", maxTitle)
	if !slices.Contains(Kinds, in.Kind) {
		f.AddError("kind", "materials.err.kind")
	}
	if !slices.Contains(Accesses, in.Access) {
		f.AddError("access", "materials.err.access")
	}
	up := form.Files["file"]
	var ct string
	if up == nil {
		f.AddError("file", "materials.err.file_missing")
	} else {
		var problem files.Problem
		ct, problem = files.CheckDocument(up, files.DocumentTypes)
		if problem != files.ProblemNone {
			f.AddError("file", "materials.err.file_"+string(problem))
		}
	}
	if !f.Valid() {
		if up != nil && len(f.Errors["file"]) == 0 {
			f.AddError("file", "materials.err.choose_again")
		}
		return h.renderManage(w, r, http.StatusUnprocessableEntity, f, a)
	}
	rd, err := up.Reader()
	if err != nil {
		return err
	}
	blob, err := h.Files.Put(r.Context(), rd, h.maxBytes())
	if err != nil {
		return err
	}
	blob.ContentType = ct // decided from the whole content, not the first bytes
	if _, err := Create(r.Context(), h.DB, actorOf(r), a, in, blob, up.Name); err != nil {
		return err
	}
	web.SetFlash(w, "flash.materials.uploaded")
	return web.Redirect(w, r, fmt.Sprintf("/gestione/attivita/%d/materiali", a.ID))
}

// change publishes, unpublishes, opens, restricts or deletes a file.
func (h *Handlers) change(w http.ResponseWriter, r *http.Request) error {
	a, err := h.activity(r)
	if err != nil {
		return err
	}
	m, err := h.material(r, a)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	c := Change(f.Get("op"))
	if !slices.Contains([]Change{Publish, Unpublish, MakePublic, Restrict, Delete}, c) {
		return web.BadRequest("materials.err.op")
	}
	if err := Apply(r.Context(), h.DB, actorOf(r), m, c); err != nil {
		return err
	}
	if c == Delete {
		if err := files.Remove(r.Context(), h.DB, h.Files, m.File.ID); err != nil {
			return err
		}
	}
	web.SetFlash(w, "flash.materials."+string(c))
	return web.Redirect(w, r, fmt.Sprintf("/gestione/attivita/%d/materiali", a.ID))
}

func actorOf(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}
