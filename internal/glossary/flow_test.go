package glossary_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestVisitorProposesEditorAcceptsWithAnEditAndTheProposerIsEmailed(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		visitor := env.Client()
		form := visitor.Get("/glossario/proponi")
		mustStatus(t, form, http.StatusOK)
		res := visitor.Submit(form, `form[action="/glossario/proponi"]`, proposal(url.Values{"credit": {"1"}}))
		if res.Path() != "/glossario/proposta-inviata" {
			t.Fatalf("after proposing: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		contains(t, res, "Grazie per la proposta")
		if visitor.Get("/glossario/ticket-sanitario").Status != http.StatusNotFound {
			t.Fatal("a proposal was published before moderation")
		}

		editor, editorID := editorClient(t, env)
		link := reviewLink(t, editor)
		review := editor.Get(link)
		mustStatus(t, review, http.StatusOK)
		contains(t, review, "Maria Rossi", "maria.rossi@example.org", "Il ticket è una somma")
		edited := "Il ticket è la parte del costo che paghi per alcune visite ed esami."
		res = editor.Submit(review, `form[action="`+link+`/accetta"]`, url.Values{"definition_it": {edited}})
		if res.Path() != "/glossario/ticket-sanitario" {
			t.Fatalf("after accepting: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		contains(t, res, "Proposta accettata", "Ticket sanitario", edited, "Indice Gulpease")

		ctx := context.Background()
		term, err := glossary.BySlug(ctx, d, "ticket-sanitario")
		if err != nil || term.Status != glossary.Published || term.DefinitionIT != edited {
			t.Fatalf("term: %+v %v", term, err)
		}
		revs, err := glossary.Revisions(ctx, d, term.ID)
		if err != nil || len(revs) != 1 {
			t.Fatalf("revisions: %v %v", revs, err)
		}
		if revs[0].AuthorID != editorID || revs[0].CreditName != "Maria Rossi" || revs[0].ContributionID == 0 {
			t.Errorf("revision author %d (editor %d), credit %q, proposal %d", revs[0].AuthorID, editorID, revs[0].CreditName, revs[0].ContributionID)
		}
		history := visitor.Get("/glossario/ticket-sanitario/storia")
		contains(t, history, "redattrice", "Proposta di Maria Rossi")
		if len(pending(t, d)) != 0 {
			t.Error("the accepted proposal is still in the queue")
		}

		mails := env.Mail.WaitFor(t, "maria.rossi@example.org", 1, apptest.MailWait)
		m := mails[0]
		if !strings.Contains(m.Subject, "«Ticket sanitario» è stata accettata") || !strings.Contains(m.Text, "Gentile Maria Rossi") ||
			!strings.Contains(m.Text, env.URL+"/glossario/ticket-sanitario") {
			t.Errorf("acceptance e-mail: %q\n%s", m.Subject, m.Text)
		}
	})
}

func TestDeclineWithAReasonEmailsTheReasonInTheProposersLanguage(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		visitor := env.Client()
		visitor.Lang = "en"
		form := visitor.Get("/glossario/prevenzione/proponi-modifica")
		mustStatus(t, form, http.StatusOK)
		if got := form.Attr("#f-definition_it", "name"); got == "" {
			t.Fatal("no definition field on the propose-a-change form")
		}
		res := visitor.Submit(form, `form[action="/glossario/prevenzione/proponi-modifica"]`, url.Values{
			"name": {"John Smith"}, "email": {"john@example.org"}, "consent": {"1"},
			"definition_it": {"La prevenzione sono le cose che fai per non ammalarti."},
		})
		if res.Path() != "/glossario/proposta-inviata" {
			t.Fatalf("after proposing: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}

		editor, _ := editorClient(t, env)
		link := reviewLink(t, editor)
		review := editor.Get(link)
		if !review.Has("main del") || !review.Has("main ins") || !strings.Contains(review.Body, "inizio testo aggiunto") {
			t.Errorf("the review does not show the change as a diff:\n%s", review.Text("main"))
		}
		res = editor.Submit(review, `form[action="`+link+`/rifiuta"]`, url.Values{"reason": {""}})
		mustStatus(t, res, http.StatusUnprocessableEntity)
		if !res.Has("#form-errors a[href=\"#f-reason\"]") {
			t.Errorf("an empty reason is not reported:\n%s", res.Text("main"))
		}
		reason := "La definizione attuale è già chiara e comprende anche gli screening."
		res = editor.PostForm(link+"/rifiuta", url.Values{"reason": {reason}})
		if res.Path() != "/gestione/glossario/proposte" {
			t.Fatalf("after declining: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		contains(t, res, "Proposta rifiutata", "Nessuna proposta da esaminare")
		contains(t, editor.Get(link), "rifiutata", reason)
		if res := editor.PostForm(link+"/accetta", url.Values{"term_it": {"x"}}); !strings.Contains(res.Text("main"), "già stata esaminata") {
			t.Errorf("a declined proposal could be accepted: %s\n%s", res.URL, res.Text("main"))
		}

		mails := env.Mail.WaitFor(t, "john@example.org", 1, apptest.MailWait)
		m := mails[0]
		if m.Subject != "Your proposal for “Prevenzione”" || !strings.Contains(m.Text, "Dear John Smith") || !strings.Contains(m.Text, reason) {
			t.Errorf("decline e-mail: %q\n%s", m.Subject, m.Text)
		}
		term, _ := glossary.BySlug(context.Background(), d, "prevenzione")
		if term.Revision != 1 {
			t.Errorf("a declined proposal changed the term: revision %d", term.Revision)
		}
	})
}

func TestParticipantWithoutTheRoleCannotReachTheModerationQueue(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		if _, err := glossary.Propose(context.Background(), d, glossary.Proposal{Name: "A", Email: "a@example.org",
			Content: glossary.Content{TermIT: "Parola", DefinitionIT: "Definizione."}, Consent: true, IP: "192.0.2.1"}); err != nil {
			t.Fatal(err)
		}
		id := pending(t, d)[0].ID
		participant, _ := signIn(t, env, "cittadina@example.org")
		coordinator, _ := signIn(t, env, "coordinatore@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: "lunigiana"})
		paths := []string{"/gestione/glossario/proposte", "/gestione/glossario/proposte/" + itoa(id), "/gestione/glossario", "/gestione/glossario/nuova"}
		for _, c := range []*apptest.Client{participant, coordinator} {
			for _, p := range paths {
				res := c.Get(p)
				if res.Status != http.StatusForbidden || !strings.Contains(res.Body, "Accesso non consentito") {
					t.Errorf("GET %s without the role: %d", p, res.Status)
				}
			}
			res := c.PostForm("/gestione/glossario/proposte/"+itoa(id)+"/accetta", proposal(nil))
			if res.Status != http.StatusForbidden {
				t.Errorf("POST accept without the role: %d", res.Status)
			}
		}
		visitor := env.Client()
		if res := visitor.Get("/gestione/glossario/proposte"); res.Path() != "/accedi" {
			t.Errorf("a visitor was not sent to log in: %s", res.URL)
		}
		if len(pending(t, d)) != 1 {
			t.Error("the proposal was decided by someone without the role")
		}
		queue := participant.Get("/glossario")
		if queue.Has(`a[href="/gestione/glossario"]`) {
			t.Error("the glossary shows the management link to a participant")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
