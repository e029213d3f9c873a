package tracks

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// mineRow is one of the user's tracks with their progress.
type mineRow struct {
	T        *Track
	Items    []Item
	Progress *Progress
}

// Attended reports whether the user was present at item id.
func (m mineRow) Attended(id int64) bool {
	for _, a := range m.Progress.Attended {
		if a.ID == id {
			return true
		}
	}
	return false
}

// mine is the participant's page: their tracks, what they attended, the
// hours, and the certificate of each completed one.
func (h *Handlers) mine(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	ctx := r.Context()
	list, err := ForUser(ctx, h.DB, p.UserID, p.Email)
	if err != nil {
		return err
	}
	var rows []mineRow
	for _, t := range list {
		items, prog, err := ProgressOfUser(ctx, h.DB, t, p.UserID, p.Email)
		if err != nil {
			return err
		}
		if prog == nil {
			continue
		}
		rows = append(rows, mineRow{T: t, Items: items, Progress: prog})
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "tracks/mine", rows)
}

// myCertificate issues (the first time) and serves the user's
// certificate of a completed track; a track the user does not follow is
// a page that does not exist.
func (h *Handlers) myCertificate(w http.ResponseWriter, r *http.Request) error {
	id, err := idParam(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	t, err := Get(ctx, h.DB, id)
	if err != nil {
		return notFound(err)
	}
	p := web.Principal(r)
	_, prog, err := ProgressOfUser(ctx, h.DB, t, p.UserID, p.Email)
	if err != nil {
		return err
	}
	if prog == nil {
		return web.NotFound()
	}
	c, err := Issue(ctx, h.DB, actorOf(r), t, prog)
	if errors.Is(err, ErrNotComplete) {
		web.SetFlash(w, "flash.tracks.not_complete")
		return web.Redirect(w, r, "/account/percorsi-formativi")
	}
	if err != nil {
		return err
	}
	return h.servePDF(w, r, t, c)
}

// sheet gathers what certificate c of track t prints: the activities
// the person attended come from the attendance as it is now, the name,
// hours and date from the certificate as issued.
func (h *Handlers) sheet(r *http.Request, t *Track, c Certificate) (Sheet, error) {
	ctx := r.Context()
	s := Sheet{Certificate: c, Track: t, VerifyURL: h.verifyURL(c.Code)}
	_, people, err := ProgressOf(ctx, h.DB, t)
	if err != nil {
		return s, err
	}
	for _, p := range people {
		if p.Certificate == c.Code {
			s.Attended = p.Attended
		}
	}
	if !t.RegionWide() {
		z, err := territory.Zone(ctx, h.DB, t.ZoneID)
		if err != nil && !errors.Is(err, db.ErrNotFound) {
			return s, err
		}
		s.Territory = z.Name
		s.Issuer = z.HealthAuthorityName
		if z.Society != nil {
			s.Issuer = z.Society.Name
		}
	}
	return s, nil
}

// servePDF writes certificate c as a PDF download.
func (h *Handlers) servePDF(w http.ResponseWriter, r *http.Request, t *Track, c Certificate) error {
	s, err := h.sheet(r, t, c)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := s.WritePDF(&b, web.Lang(r)); err != nil {
		return err
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/pdf")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Cache-Control", "private, no-store")
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{
		"filename": "attestato-" + strings.ToLower(c.Code) + ".pdf"}))
	_, err = w.Write(b.Bytes())
	return err
}

// verifyData is the public verification page.
type verifyData struct {
	Code string
	// Found is false for a code that matches no certificate.
	Found     bool
	Name      string
	Track     *Track
	Territory string
	Minutes   int
	Cert      Certificate
}

// verifyForm asks for a code, or sends a typed one to its page.
func (h *Handlers) verifyForm(w http.ResponseWriter, r *http.Request) error {
	if q := r.URL.Query().Get("codice"); q != "" {
		if code := NormCode(q); code != "" {
			return web.Redirect(w, r, "/attestati/"+code)
		}
		f := web.NewForm()
		f.Values.Set("codice", q)
		f.AddError("codice", "tracks.verify.bad_code")
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "tracks/verify", f, verifyData{})
	}
	return h.Render.RenderForm(w, r, http.StatusOK, "tracks/verify", web.NewForm(), verifyData{})
}

// verify says whether a certificate is genuine, with the least personal
// data that lets a reader match it to the paper: the first name and
// initials, the track, the territory, the hours and the date.
func (h *Handlers) verify(w http.ResponseWriter, r *http.Request) error {
	code := NormCode(r.PathValue("code"))
	if code == "" {
		return web.NotFound()
	}
	ctx := r.Context()
	c, err := ByCode(ctx, h.DB, code)
	if errors.Is(err, db.ErrNotFound) {
		w.Header().Set("X-Robots-Tag", "noindex")
		return h.Render.RenderForm(w, r, http.StatusNotFound, "tracks/verify", web.NewForm(), verifyData{Code: code})
	}
	if err != nil {
		return err
	}
	t, err := Get(ctx, h.DB, c.TrackID)
	if err != nil {
		return err
	}
	d := verifyData{Code: code, Found: true, Name: ShortName(c.Name), Track: t, Territory: t.ZoneName, Minutes: c.Minutes, Cert: c}
	w.Header().Set("X-Robots-Tag", "noindex")
	return h.Render.RenderForm(w, r, http.StatusOK, "tracks/verify", web.NewForm(), d)
}
