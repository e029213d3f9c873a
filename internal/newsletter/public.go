package newsletter

import (
	"errors"
	"mime"
	"net/http"
	"net/url"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// formData is what the subscription and preference forms show.
type formData struct {
	Groups   []zoneGroup
	Topics   []Topic
	Zones    map[string]bool // chosen
	Chosen   map[string]bool // chosen topics
	Token    string
	Sub      *Subscriber
	Consent  string // the consent text's version
	Language string
}

func (h *Handlers) formData(r *http.Request, zones, topics []string) (*formData, error) {
	groups, err := h.zoneGroups(r.Context(), nil)
	if err != nil {
		return nil, err
	}
	return &formData{Groups: groups, Topics: Topics, Zones: set(zones), Chosen: set(topics), Consent: ConsentVersion()}, nil
}

func (h *Handlers) validZone(r *http.Request) (func(string) bool, error) {
	names, err := zoneNames(r.Context(), h.DB)
	if err != nil {
		return nil, err
	}
	return func(z string) bool { _, ok := names[z]; return ok }, nil
}

func (h *Handlers) subscribeForm(w http.ResponseWriter, r *http.Request) error {
	data, err := h.formData(r, nil, nil)
	if err != nil {
		return err
	}
	return h.Render.RenderForm(w, r, http.StatusOK, "newsletter/subscribe", web.NewForm(), data)
}

func (h *Handlers) subscribe(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if f.Get("sito_web") != "" {
		// The honeypot field, hidden from people: a robot filled it.
		return web.Redirect(w, r, "/newsletter/controlla-email")
	}
	email, problem := NormalizeAddress(f.Get("email"))
	if problem != "" && len(f.Errors["email"]) == 0 {
		f.AddError("email", problem)
	}
	name, problem := cleanName(f.Get("name"))
	if problem != "" && len(f.Errors["name"]) == 0 {
		f.AddError("name", problem)
	}
	valid, err := h.validZone(r)
	if err != nil {
		return err
	}
	zones := choices(f, "zone", valid)
	topics := choices(f, "topic", ValidTopic)
	if !f.Checked("consent") {
		f.AddError("consent", "newsletter.consent.required")
	}
	if !f.Valid() {
		data, err := h.formData(r, zones, topics)
		if err != nil {
			return err
		}
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "newsletter/subscribe", f, data)
	}
	err = h.service().Subscribe(r.Context(), SubscribeRequest{Email: email, Name: name, Lang: web.Lang(r), Zones: zones, Topics: topics, IP: audit.ClientIP(r)})
	if err != nil {
		return err
	}
	return web.Redirect(w, r, "/newsletter/controlla-email")
}

func (h *Handlers) subscribeSent(w http.ResponseWriter, r *http.Request) error {
	return h.Render.Render(w, r, http.StatusOK, "newsletter/subscribe_sent", nil)
}

// problemData is what the page of an unusable link shows.
type problemData struct {
	Key   string // the message
	Token string // for an expired confirmation link: ask for a new one
}

// linkProblem renders the page explaining why a link cannot be used; it
// returns err unchanged when it is not a link problem.
func (h *Handlers) linkProblem(w http.ResponseWriter, r *http.Request, err error, token string) error {
	switch {
	case errors.Is(err, errLinkExpired):
		return h.Render.Render(w, r, http.StatusGone, "newsletter/link_problem", problemData{Key: "newsletter.link.expired", Token: token})
	case errors.Is(err, errLinkInvalid):
		return h.Render.Render(w, r, http.StatusGone, "newsletter/link_problem", problemData{Key: "newsletter.link.invalid"})
	}
	return err
}

// confirmForm shows a button that confirms. Opening the link changes
// nothing, so mail scanners that fetch links do not confirm.
func (h *Handlers) confirmForm(w http.ResponseWriter, r *http.Request) error {
	t := r.URL.Query().Get("t")
	if err := h.service().checkConfirmLink(r.Context(), t); err != nil {
		return h.linkProblem(w, r, err, t)
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/confirm", problemData{Token: t})
}

func (h *Handlers) confirm(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	t := f.Get("t")
	sub, err := h.service().Confirm(r.Context(), t, audit.ClientIP(r))
	if err != nil {
		return h.linkProblem(w, r, err, t)
	}
	token, err := h.service().Keys.Token(r.Context(), sub.ID, sub.Email)
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.newsletter.confirmed")
	return web.Redirect(w, r, "/newsletter/preferenze?t="+url.QueryEscape(token))
}

func (h *Handlers) newLink(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if err := h.service().NewLink(r.Context(), f.Get("t"), audit.ClientIP(r)); err != nil {
		return h.linkProblem(w, r, err, "")
	}
	return web.Redirect(w, r, "/newsletter/controlla-email")
}

func (h *Handlers) preferencesForm(w http.ResponseWriter, r *http.Request) error {
	t := r.URL.Query().Get("t")
	sub, err := h.service().ByToken(r.Context(), t)
	if err != nil {
		return h.linkProblem(w, r, err, "")
	}
	data, err := h.formData(r, sub.Zones, sub.Topics)
	if err != nil {
		return err
	}
	data.Token, data.Sub, data.Language = t, sub, sub.Lang
	f := web.NewForm()
	f.Values.Set("name", sub.Name)
	return h.Render.RenderForm(w, r, http.StatusOK, "newsletter/preferences", f, data)
}

func (h *Handlers) savePreferences(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	t := f.Get("t")
	sub, err := h.service().ByToken(r.Context(), t)
	if err != nil {
		return h.linkProblem(w, r, err, "")
	}
	name, problem := cleanName(f.Get("name"))
	if problem != "" && len(f.Errors["name"]) == 0 {
		f.AddError("name", problem)
	}
	lang, ok := i18n.Parse(f.Get("lang"))
	if !ok {
		f.AddError("lang", "newsletter.choice_invalid")
	}
	valid, err := h.validZone(r)
	if err != nil {
		return err
	}
	zones := choices(f, "zone", valid)
	topics := choices(f, "topic", ValidTopic)
	if !f.Valid() {
		data, err := h.formData(r, zones, topics)
		if err != nil {
			return err
		}
		data.Token, data.Sub, data.Language = t, sub, f.Get("lang")
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "newsletter/preferences", f, data)
	}
	if err := h.service().SavePreferences(r.Context(), sub.ID, Preferences{Name: name, Lang: lang, Zones: zones, Topics: topics}); err != nil {
		return err
	}
	web.SetFlash(w, "flash.newsletter.saved")
	return web.Redirect(w, r, "/newsletter/preferenze?t="+url.QueryEscape(t))
}

// unsubscribeForm shows the button that unsubscribes (the footer link of
// every message); a GET never unsubscribes, since scanners fetch links.
func (h *Handlers) unsubscribeForm(w http.ResponseWriter, r *http.Request) error {
	t := r.URL.Query().Get("t")
	sub, err := h.service().ByToken(r.Context(), t)
	if err != nil {
		return h.linkProblem(w, r, err, "")
	}
	if sub.Status == StatusUnsubscribed {
		return h.Render.Render(w, r, http.StatusOK, "newsletter/unsubscribed", problemData{Token: t})
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/unsubscribe", problemData{Token: t})
}

// unsubscribe takes the address off the list at once: the button of the
// page above, and RFC 8058's one-click POST, which a mail client sends to
// the List-Unsubscribe address with the body "List-Unsubscribe=One-Click"
// and neither cookies nor Origin (so CSRF protection lets it through; the
// token in the address is the authority).
func (h *Handlers) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	t := r.URL.Query().Get("t")
	oneClick := false
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(64 << 10); err == nil { // #nosec G120 -- the body is capped by http.MaxBytesReader (64 KiB) just above
			oneClick = r.PostForm.Get("List-Unsubscribe") == "One-Click"
			if t == "" {
				t = r.PostForm.Get("t")
			}
		}
	} else if err := r.ParseForm(); err == nil {
		oneClick = r.PostForm.Get("List-Unsubscribe") == "One-Click"
		if t == "" {
			t = r.PostForm.Get("t")
		}
	}
	sub, err := h.service().ByToken(r.Context(), t)
	if err != nil {
		return h.linkProblem(w, r, err, "")
	}
	via := "page"
	if oneClick {
		via = "one-click"
	}
	if err := h.service().Unsubscribe(r.Context(), sub, audit.ClientIP(r), via); err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/unsubscribed", problemData{Token: t})
}
