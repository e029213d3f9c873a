package pages

import (
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/markdown"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// TextListItem is one line of the list of editable texts.
type TextListItem struct {
	Key       TextKey
	NameKey   string
	PageURL   string
	Edited    bool
	UpdatedAt time.Time
}

// textList lists the editable texts with when each was last saved. One
// query.
func (h *Handlers) textList(w http.ResponseWriter, r *http.Request) error {
	keys := make([]TextKey, len(textDefs))
	for i, d := range textDefs {
		keys[i] = d.Key
	}
	texts, err := LoadTexts(r.Context(), h.DB, keys...)
	if err != nil {
		return err
	}
	items := make([]TextListItem, len(textDefs))
	for i, d := range textDefs {
		t := texts[d.Key]
		items[i] = TextListItem{Key: d.Key, NameKey: d.NameKey, PageURL: d.PageURL, Edited: t.Edited(), UpdatedAt: t.UpdatedAt}
	}
	return h.Render.Render(w, r, http.StatusOK, "pages/texts", items)
}

// TextEditData is the editing form of a text, with its preview.
type TextEditData struct {
	Key     TextKey
	NameKey string
	PageURL string
	Edited  bool
	// Preview holds the texts as the page will show them, after "Preview".
	Preview              bool
	PreviewIT, PreviewEN HTML
}

func (h *Handlers) loadDef(r *http.Request) (textDef, error) {
	def, ok := findText(r.PathValue("key"))
	if !ok {
		return textDef{}, web.NotFound()
	}
	return def, nil
}

// textEdit shows the form filled with the text as it is now.
func (h *Handlers) textEdit(w http.ResponseWriter, r *http.Request) error {
	def, err := h.loadDef(r)
	if err != nil {
		return err
	}
	t, err := LoadText(r.Context(), h.DB, def.Key)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("body_it", t.IT)
	f.Values.Set("body_en", t.EN)
	f.Values.Set("version", t.Version())
	return h.renderEdit(w, r, http.StatusOK, def, t.Edited(), f, false)
}

func (h *Handlers) renderEdit(w http.ResponseWriter, r *http.Request, status int, def textDef, edited bool, f *web.Form, preview bool) error {
	d := TextEditData{Key: def.Key, NameKey: def.NameKey, PageURL: def.PageURL, Edited: edited, Preview: preview}
	if preview {
		it, en := f.Raw("body_it"), f.Raw("body_en")
		d.PreviewIT = HTML{H: markdown.Render(it)}
		if strings.TrimSpace(en) == "" {
			d.PreviewEN = HTML{H: markdown.Render(it), Lang: string(i18n.IT)}
		} else {
			d.PreviewEN = HTML{H: markdown.Render(en)}
		}
	}
	return h.Render.RenderForm(w, r, status, "pages/text_edit", f, d)
}

// textSave previews the form (button "preview") or saves it, with its
// audit line, and returns to the list.
func (h *Handlers) textSave(w http.ResponseWriter, r *http.Request) error {
	def, err := h.loadDef(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	for _, name := range []string{"body_it", "body_en"} {
		v := strings.ReplaceAll(f.Raw(name), "\r\n", "\n") // browsers send textarea lines with CRLF
		if utf8.RuneCountInString(v) > MaxTextBody {
			f.AddError(name, "form.too_long")
		}
		f.Values.Set(name, v)
	}
	f.Required("body_it")
	edited := f.Get("version") != "0"
	if !f.Valid() {
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, def, edited, f, false)
	}
	if f.Get("action") == "preview" {
		return h.renderEdit(w, r, http.StatusOK, def, edited, f, true)
	}
	changed, err := SaveText(r.Context(), h.DB, actor(r), def.Key, f.Get("version"), strings.TrimSpace(f.Raw("body_it")), strings.TrimSpace(f.Raw("body_en")))
	if errors.Is(err, ErrConflict) {
		f.AddError("", "texts.conflict")
		t, lerr := LoadText(r.Context(), h.DB, def.Key)
		if lerr != nil {
			return lerr
		}
		f.Values.Set("version", t.Version()) // saving again overwrites, knowingly
		return h.renderEdit(w, r, http.StatusConflict, def, true, f, false)
	}
	if err != nil {
		return err
	}
	if changed {
		web.SetFlash(w, "flash.texts.saved")
	} else {
		web.SetFlash(w, "flash.texts.unchanged")
	}
	return web.Redirect(w, r, "/gestione/testi")
}

func actor(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}
