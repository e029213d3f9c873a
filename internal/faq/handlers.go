package faq

import (
	"embed"
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/markdown"
	"github.com/cantieri/cantieri/internal/platform/web"
)

//go:embed templates/*.html
var templates embed.FS

// Handlers serves the FAQ page and its editing screens.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
}

// Register adds the FAQ pages and routes. Editing needs EditRegion
// (admins): the FAQ speaks for the whole programme.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("faq", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	rt.Handle("GET /faq", authz.ViewPublic, h.page)
	rt.Handle("GET /gestione/faq", authz.EditRegion, h.manage)
	rt.Handle("GET /gestione/faq/nuova", authz.EditRegion, h.newForm)
	rt.Handle("POST /gestione/faq/nuova", authz.EditRegion, h.create)
	rt.Handle("GET /gestione/faq/{id}", authz.EditRegion, h.editForm)
	rt.Handle("POST /gestione/faq/{id}", authz.EditRegion, h.save)
	rt.Handle("POST /gestione/faq/{id}/sposta", authz.EditRegion, h.move)
	return nil
}

// Text is text with its language when it differs from the page's.
type Text struct {
	S    string
	Lang string
}

// TopicView and ItemView are the FAQ in one language.
type TopicView struct {
	ID    int64
	Title Text
	Items []ItemView
}

// ItemView is one question and its rendered answer.
type ItemView struct {
	Item
	Question Text
	Answer   template.HTML
	// AnswerLang is set when the answer falls back to Italian.
	AnswerLang string
	First      bool
	Last       bool
}

func pick(lang i18n.Lang, it, en string) Text {
	if lang == i18n.EN {
		if en != "" {
			return Text{S: en}
		}
		return Text{S: it, Lang: string(i18n.IT)}
	}
	return Text{S: it}
}

func localise(topics []Topic, lang i18n.Lang) []TopicView {
	out := make([]TopicView, 0, len(topics))
	for _, t := range topics {
		tv := TopicView{ID: t.ID, Title: pick(lang, t.TitleIT, t.TitleEN)}
		for i, it := range t.Items {
			a := pick(lang, it.AnswerIT, it.AnswerEN)
			tv.Items = append(tv.Items, ItemView{Item: it, Question: pick(lang, it.QuestionIT, it.QuestionEN),
				Answer: markdown.Render(a.S), AnswerLang: a.Lang, First: i == 0, Last: i == len(t.Items)-1})
		}
		out = append(out, tv)
	}
	return out
}

func (h *Handlers) page(w http.ResponseWriter, r *http.Request) error {
	topics, err := All(r.Context(), h.DB)
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "faq/faq", localise(topics, web.Lang(r)))
}

func (h *Handlers) manage(w http.ResponseWriter, r *http.Request) error {
	topics, err := All(r.Context(), h.DB)
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "faq/manage", localise(topics, web.Lang(r)))
}

// EditData is the edit form.
type EditData struct {
	Item   *Item
	Action string
	Topics []TopicView
}

func (h *Handlers) renderEdit(w http.ResponseWriter, r *http.Request, status int, it *Item, f *web.Form) error {
	topics, err := All(r.Context(), h.DB)
	if err != nil {
		return err
	}
	d := EditData{Item: it, Action: "/gestione/faq/nuova", Topics: localise(topics, web.Lang(r))}
	if it != nil {
		d.Action = "/gestione/faq/" + strconv.FormatInt(it.ID, 10)
	}
	return h.Render.RenderForm(w, r, status, "faq/edit", f, d)
}

func (h *Handlers) newForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderEdit(w, r, http.StatusOK, nil, web.NewForm())
}

func (h *Handlers) load(r *http.Request) (*Item, error) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || len(s) > 18 {
		return nil, web.NotFound()
	}
	it, err := Get(r.Context(), h.DB, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, web.NotFound()
	}
	if err != nil {
		return nil, err
	}
	return &it, nil
}

func (h *Handlers) editForm(w http.ResponseWriter, r *http.Request) error {
	it, err := h.load(r)
	if err != nil {
		return err
	}
	f := web.NewForm()
	f.Values.Set("topic", strconv.FormatInt(it.TopicID, 10))
	f.Values.Set("question_it", it.QuestionIT)
	f.Values.Set("question_en", it.QuestionEN)
	f.Values.Set("answer_it", it.AnswerIT)
	f.Values.Set("answer_en", it.AnswerEN)
	return h.renderEdit(w, r, http.StatusOK, it, f)
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error { return h.submit(w, r, nil) }

func (h *Handlers) save(w http.ResponseWriter, r *http.Request) error {
	it, err := h.load(r)
	if err != nil {
		return err
	}
	return h.submit(w, r, it)
}

func actor(r *http.Request) Actor {
	a := Actor{IP: audit.ClientIP(r), RequestID: web.RequestID(r)}
	if p := web.Principal(r); p != nil {
		a.ID, a.Label = p.UserID, p.Email
	}
	return a
}

// submit validates and saves the form. A new topic may be given instead
// of choosing one.
func (h *Handlers) submit(w http.ResponseWriter, r *http.Request, it *Item) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	f.Required("question_it", "answer_it")
	f.MaxLen("question_it", MaxQuestion)
	f.MaxLen("question_en", MaxQuestion)
	f.MaxLen("answer_it", MaxAnswer)
	f.MaxLen("answer_en", MaxAnswer)
	f.MaxLen("topic_new_it", MaxTopic)
	f.MaxLen("topic_new_en", MaxTopic)
	topics, err := All(r.Context(), h.DB)
	if err != nil {
		return err
	}
	topicID, _ := strconv.ParseInt(f.Get("topic"), 10, 64)
	known := false
	for _, t := range topics {
		known = known || t.ID == topicID
	}
	newTopic := f.Get("topic_new_it") != ""
	if !known && !newTopic {
		f.AddError("topic", "faq.topic_required")
	}
	if !f.Valid() {
		return h.renderEdit(w, r, http.StatusUnprocessableEntity, it, f)
	}
	a := actor(r)
	ctx := r.Context()
	if newTopic {
		if topicID, err = CreateTopic(ctx, h.DB, f.Get("topic_new_it"), f.Get("topic_new_en"), a); err != nil {
			return err
		}
	}
	in := Input{TopicID: topicID, QuestionIT: f.Get("question_it"), QuestionEN: f.Get("question_en"),
		AnswerIT: f.Raw("answer_it"), AnswerEN: f.Raw("answer_en")}
	if it == nil {
		if _, err := Create(ctx, h.DB, in, a); err != nil {
			return err
		}
	} else if err := Update(ctx, h.DB, it.ID, in, a); err != nil {
		return err
	}
	web.SetFlash(w, "flash.faq.saved")
	return web.Redirect(w, r, "/gestione/faq")
}

func (h *Handlers) move(w http.ResponseWriter, r *http.Request) error {
	it, err := h.load(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	delta := 0
	switch f.Get("direction") {
	case "up":
		delta = -1
	case "down":
		delta = 1
	default:
		return web.BadRequest("faq.move_invalid")
	}
	if err := Move(r.Context(), h.DB, it.ID, delta, actor(r)); err != nil {
		return err
	}
	web.SetFlash(w, "flash.faq.moved")
	return web.Redirect(w, r, "/gestione/faq#faq-"+strconv.FormatInt(it.ID, 10))
}
