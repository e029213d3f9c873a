package faq_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/faq"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

var admin = &authz.Principal{UserID: 0, Email: "admin@example.org", Grants: []authz.Grant{{Role: authz.Admin}}}

func newApp(t *testing.T, d *db.DB) *app.App {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func do(a *app.App, p *authz.Principal, method, target string, form url.Values, lang i18n.Lang) *httptest.ResponseRecorder {
	var r *http.Request
	if form != nil {
		r = httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	w := httptest.NewRecorder()
	a.Router.ServeHTTP(w, web.WithLang(web.WithPrincipal(r, p), lang))
	return w
}

var summaryRe = regexp.MustCompile(`<summary class="h5"( lang="it")?>([^<]*)</summary>`)

// questions lists the questions of the FAQ page in order, marking those
// shown in Italian on an English page with "[it]".
func questions(body string) []string {
	var out []string
	for _, m := range summaryRe.FindAllStringSubmatch(body, -1) {
		q := m[2]
		if m[1] != "" {
			q = "[it] " + q
		}
		out = append(out, q)
	}
	return out
}

func TestTheProgrammeFAQIsLoadedOnceInOrderAndEditsSurvive(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		newApp(t, d) // loads the seed
		ctx := context.Background()
		topics, err := faq.All(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		if len(topics) != 2 || len(topics[0].Items) != 4 || len(topics[1].Items) != 2 {
			t.Fatalf("topics: %+v", topics)
		}
		first := topics[0].Items[0]
		if !strings.HasPrefix(first.AnswerIT, "Il progetto coinvolge i Comitati di Partecipazione") {
			t.Errorf("first answer %q", first.AnswerIT)
		}
		in := faq.Input{TopicID: first.TopicID, QuestionIT: "Dove si svolge?", AnswerIT: "In cinque zone.", QuestionEN: first.QuestionEN, AnswerEN: first.AnswerEN}
		if err := faq.Update(ctx, d, first.ID, in, faq.Actor{Label: "test"}); err != nil {
			t.Fatal(err)
		}
		if err := faq.LoadSeed(ctx, d); err != nil {
			t.Fatal(err)
		}
		again, _ := faq.All(ctx, d)
		if len(again) != 2 || len(again[0].Items) != 4 || again[0].Items[0].QuestionIT != "Dove si svolge?" {
			t.Errorf("loading again duplicated or undid: %+v", again[0].Items[0])
		}
	})
}

func TestTheFAQPageShowsQuestionsInOrderInEachLanguage(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := context.Background()
		topics, _ := faq.All(ctx, d)
		if _, err := faq.Create(ctx, d, faq.Input{TopicID: topics[1].ID, QuestionIT: "Solo in italiano?", AnswerIT: "Sì, per ora."}, faq.Actor{}); err != nil {
			t.Fatal(err)
		}
		w := do(a, nil, http.MethodGet, "/faq", nil, i18n.IT)
		if w.Code != 200 {
			t.Fatalf("status %d", w.Code)
		}
		want := []string{"Quali territori sono coinvolti?", "Quanto dura il progetto?", "Il progetto riguarda solo i servizi sanitari?",
			"Le attività si svolgono in presenza o a distanza?", "Che cos&#39;è il Comitato di Partecipazione Zonale?",
			"Chi sono gli Attivatori di Comunità?", "Solo in italiano?"}
		if got := questions(w.Body.String()); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("Italian questions:\n%q\nwant\n%q", got, want)
		}
		body := w.Body.String()
		if !strings.Contains(body, `<a href="https://www.regione.toscana.it/-/i-comitati-di-partecipazione-aziendale-e-di-zona-distretto">`) {
			t.Error("the link in the committee's answer is not a link")
		}
		w = do(a, nil, http.MethodGet, "/faq", nil, i18n.EN)
		got := questions(w.Body.String())
		if len(got) != 7 || got[0] != "Which territories are involved?" || got[6] != "[it] Solo in italiano?" {
			t.Errorf("English questions: %q", got)
		}
		if !strings.Contains(w.Body.String(), `<div class="faq-answer" lang="it">`) {
			t.Error("the Italian answer on the English page is not marked lang=it")
		}
	})
}

func TestMovingAQuestionReordersItsTopic(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		ctx := context.Background()
		topics, _ := faq.All(ctx, d)
		second := topics[0].Items[1]
		w := do(a, admin, http.MethodPost, "/gestione/faq/"+itoa(second.ID)+"/sposta", url.Values{"direction": {"up"}}, i18n.IT)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("status %d: %s", w.Code, w.Body.String())
		}
		topics, _ = faq.All(ctx, d)
		if topics[0].Items[0].ID != second.ID {
			t.Errorf("the question did not move up")
		}
		// At the top, moving up changes nothing.
		if err := faq.Move(ctx, d, second.ID, -1, faq.Actor{}); err != nil {
			t.Fatal(err)
		}
		topics, _ = faq.All(ctx, d)
		if topics[0].Items[0].ID != second.ID || len(topics[0].Items) != 4 {
			t.Errorf("moving the first question up changed the order")
		}
		w = do(a, admin, http.MethodPost, "/gestione/faq/"+itoa(second.ID)+"/sposta", url.Values{"direction": {"sideways"}}, i18n.IT)
		if w.Code != http.StatusBadRequest {
			t.Errorf("a bad direction: %d", w.Code)
		}
	})
}

func TestAdminsWriteQuestionsWithANewTopicAndCoordinatorsCannot(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		form := url.Values{"topic_new_it": {"Iscrizioni"}, "topic_new_en": {"Sign-up"}, "question_it": {"Come mi iscrivo?"}, "answer_it": {"Dal **calendario**."}}
		coord := &authz.Principal{UserID: 0, Email: "c@example.org", Grants: []authz.Grant{{Role: authz.Coordinator, ZoneID: "lunigiana"}}}
		if w := do(a, coord, http.MethodPost, "/gestione/faq/nuova", form, i18n.IT); w.Code != http.StatusForbidden {
			t.Fatalf("coordinator: %d", w.Code)
		}
		w := do(a, admin, http.MethodPost, "/gestione/faq/nuova", url.Values{"question_it": {"Senza risposta"}}, i18n.IT)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `value="Senza risposta"`) {
			t.Fatalf("invalid form: %d", w.Code)
		}
		if w := do(a, admin, http.MethodPost, "/gestione/faq/nuova", form, i18n.IT); w.Code != http.StatusSeeOther {
			t.Fatalf("admin: %d %s", w.Code, w.Body.String())
		}
		topics, _ := faq.All(context.Background(), d)
		last := topics[len(topics)-1]
		if last.TitleIT != "Iscrizioni" || len(last.Items) != 1 || last.Items[0].QuestionIT != "Come mi iscrivo?" {
			t.Errorf("new topic: %+v", last)
		}
		page := do(a, nil, http.MethodGet, "/faq", nil, i18n.IT).Body.String()
		if !strings.Contains(page, "Dal <strong>calendario</strong>.") {
			t.Error("the answer's Markdown is not rendered")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestEveryFAQPageRendersInBothLanguages(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		topics, _ := faq.All(context.Background(), d)
		for _, lang := range i18n.Langs {
			for _, p := range []string{"/faq", "/gestione/faq", "/gestione/faq/nuova", "/gestione/faq/" + itoa(topics[0].Items[0].ID)} {
				w := do(a, admin, http.MethodGet, p, nil, lang)
				if w.Code != 200 || !strings.Contains(w.Body.String(), `<html lang="`+string(lang)+`">`) || strings.Contains(w.Body.String(), "⟦") {
					t.Errorf("%s in %s: %d", p, lang, w.Code)
				}
			}
		}
		rendered := a.Render.Rendered()
		for _, name := range a.Render.Pages() {
			if strings.HasPrefix(name, "faq/") && !rendered[name] {
				t.Errorf("page %s is never rendered by this test", name)
			}
		}
		if w := do(a, admin, http.MethodGet, "/gestione/faq/999999", nil, i18n.IT); w.Code != 404 {
			t.Errorf("unknown question: %d", w.Code)
		}
	})
}
