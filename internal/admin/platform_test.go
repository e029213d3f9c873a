package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/jobs"
	"github.com/cantieri/cantieri/internal/platform/mail"
)

func TestAuditLogViewerFiltersByActionAndPaginates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		// Loading reference content at start (seeds) may audit too.
		_, before, err := audit.List(ctx, d, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 60 {
			if err := audit.Record(ctx, d, audit.Entry{ActorID: e.admin.UserID, ActorLabel: "admin@example.org", Action: "news.publish",
				Entity: "news", EntityID: fmt.Sprint(i), ZoneID: "elba", After: `{"status":"published"}`}); err != nil {
				t.Fatal(err)
			}
		}
		if err := audit.Record(ctx, d, audit.Entry{Action: "auth.login_failed", Before: `{"email":"<b>x</b>"}`}); err != nil {
			t.Fatal(err)
		}
		id := e.user("x@example.org", "", true)
		expectRedirect(t, e.post(fmt.Sprintf("/admin/utenti/%d/ruoli", id), url.Values{"role": {"monitor"}, "zone": {"elba"}}),
			fmt.Sprintf("/admin/utenti/%d", id))
		total := before + 62
		expect(t, e.get("/admin/audit"), http.StatusOK, fmt.Sprintf("Voci trovate: %d", total),
			fmt.Sprintf("Pagina 1 di %d", (total+49)/50), "auth.login_failed", "Sistema",
			"&lt;b&gt;x&lt;/b&gt;", "<caption>")
		expect(t, e.get("/admin/audit?azione=news.&page=2"), http.StatusOK, "Voci trovate: 60", "Pagina 2 di 2", "elba",
			"admin@example.org", `href="/admin/audit?azione=news."`)
		expect(t, e.get("/admin/audit?azione=role."), http.StatusOK, "Voci trovate: 1", "role.grant")
		expect(t, e.get("/admin/audit?azione=niente"), http.StatusOK, "Voci trovate: 0", "Nessuna voce")
		expectRedirect(t, e.get("/admin/audit?azione=news.&page=50"), "/admin/audit?azione=news.&page=2")
	})
}

// keep sends a message the way the platform does with no SMTP server
// configured, so it lands in the outbox, and returns its outbox id.
func keep(t *testing.T, d *db.DB, to, subject, text, html string) int64 {
	t.Helper()
	ctx := context.Background()
	s := mail.NewSender(d, mail.Config{From: "Cantieri <noreply@cantieri.test>"}, nil)
	if err := s.SendNow(ctx, mail.Message{To: to, Subject: subject, Text: text, HTML: html}); err != nil {
		t.Fatal(err)
	}
	kept, _, err := mail.ListOutbox(ctx, d, 1, 0)
	if err != nil || len(kept) == 0 || kept[0].Subject != subject {
		t.Fatalf("message not in the outbox: %v %v", kept, err)
	}
	return kept[0].ID
}

func TestOutboxListsAndShowsKeptMessagesWithoutRenderingTheirHTML(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		expect(t, e.get("/admin/outbox"), http.StatusOK, "La posta in uscita è vuota.")
		id := keep(t, d, "mario@example.org", "Conferma il tuo indirizzo", "Apri questo link: http://localhost/verifica-email?t=abc",
			`<p>Apri <a href="http://localhost/verifica-email?t=abc">il link</a></p><script>alert(1)</script>`)
		keep(t, d, "lucia@example.org", "Nuova password", "Testo", "")
		expect(t, e.get("/admin/outbox"), http.StatusOK, "Messaggi: 2", "Conferma il tuo indirizzo", "mario@example.org",
			fmt.Sprintf(`href="/admin/outbox/%d"`, id))
		w := e.get(fmt.Sprintf("/admin/outbox/%d", id))
		expect(t, w, http.StatusOK, "verifica-email?t=abc", "&lt;script&gt;alert(1)&lt;/script&gt;", "<details")
		if strings.Contains(w.Body.String(), "<script>alert") {
			t.Error("the message's HTML was rendered, not shown as source")
		}
		for _, p := range []string{"/admin/outbox/999999", "/admin/outbox/abc"} {
			if w := e.get(p); w.Code != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", p, w.Code)
			}
		}
		expectRedirect(t, e.get("/admin/outbox?page=3"), "/admin/outbox")
	})
}

func TestJobsScreenCountsFiltersAndRetriesDeadJobs(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		queued, err := jobs.Enqueue(ctx, d, "mail.send", map[string]string{"secret": "do-not-show"})
		if err != nil {
			t.Fatal(err)
		}
		dead, err := jobs.Enqueue(ctx, d, "export.csv", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE jobs SET state = 'dead', attempts = max_attempts, last_error = 'smtp: 550 mailbox <unavailable>', finished_at = ? WHERE id = ?`,
			db.Now(), dead); err != nil {
			t.Fatal(err)
		}
		w := e.get("/admin/jobs")
		expect(t, w, http.StatusOK, "Lavori per stato", "mail.send", "export.csv", "smtp: 550 mailbox &lt;unavailable&gt;",
			fmt.Sprintf(`action="/admin/jobs/%d/riprova"`, dead))
		if strings.Contains(w.Body.String(), "do-not-show") {
			t.Error("a job's payload is shown")
		}
		if strings.Contains(w.Body.String(), fmt.Sprintf(`action="/admin/jobs/%d/riprova"`, queued)) {
			t.Error("a queued job offers a retry")
		}
		w = e.get("/admin/jobs?stato=dead")
		expect(t, w, http.StatusOK, "export.csv", `<option value="dead" selected>`)
		if strings.Contains(w.Body.String(), "mail.send") {
			t.Error("the state filter lets other jobs through")
		}
		expect(t, e.get("/admin/jobs?stato=perso"), http.StatusBadRequest, "Lo stato richiesto non esiste")

		expectRedirect(t, e.post(fmt.Sprintf("/admin/jobs/%d/riprova", dead), url.Values{"stato": {"dead"}}), "/admin/jobs?stato=dead")
		if j, _ := jobs.Get(ctx, d, dead); j.State != jobs.StateQueued || j.Attempts != 0 {
			t.Errorf("after retry the job is %s with %d attempts", j.State, j.Attempts)
		}
		expect(t, e.post(fmt.Sprintf("/admin/jobs/%d/riprova", dead), nil), http.StatusConflict, "Si può riprovare solo un lavoro fallito")
		w = e.do(e.admin, http.MethodPost, fmt.Sprintf("/admin/jobs/%d/riprova", queued), url.Values{}, i18n.EN)
		expect(t, w, http.StatusConflict, "Only a failed job can be retried")
		for _, p := range []string{"/admin/jobs/999999/riprova", "/admin/jobs/x/riprova"} {
			if w := e.post(p, nil); w.Code != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", p, w.Code)
			}
		}
	})
}

func TestEveryAdminPageIsRenderedInBothLanguagesWithKnownMessages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	id := keep(t, e.d, "a@example.org", "Oggetto", "Testo", "<p>x</p>")
	paths := []string{"/admin", "/admin/utenti", fmt.Sprintf("/admin/utenti/%d", e.admin.UserID), "/admin/audit",
		"/admin/outbox", fmt.Sprintf("/admin/outbox/%d", id), "/admin/jobs"}
	for _, lang := range i18n.Langs {
		for _, p := range paths {
			w := e.do(e.admin, http.MethodGet, p, nil, lang)
			expect(t, w, http.StatusOK, fmt.Sprintf(`<html lang="%s">`, lang))
			if strings.Contains(w.Body.String(), "⟦") {
				t.Errorf("%s in %s shows a missing message: %s", p, lang, w.Body.String())
			}
		}
	}
	expect(t, e.get("/admin"), http.StatusOK, `href="/admin/utenti"`, `href="/admin/audit"`, `href="/admin/outbox"`, `href="/admin/jobs"`)
	rendered := e.a.Render.Rendered()
	for _, name := range e.a.Render.Pages() {
		if strings.HasPrefix(name, "admin/") && !rendered[name] {
			t.Errorf("page %s is never rendered by this test", name)
		}
	}
	if u := i18n.Unknown(); len(u) > 0 {
		t.Errorf("unknown message keys: %v", u)
	}
	if u := i18n.Incomplete(); len(u) > 0 {
		t.Errorf("messages missing a language: %v", u)
	}
}
