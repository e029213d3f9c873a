//go:build e2e

package e2e

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cantieri/cantieri/internal/platform/ical/icaltest"
	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

// testActivities is the waiting list in Chromium: an administrator creates
// and publishes a path and an activity with one place; a first visitor
// takes it; a second visitor signs up for the full activity and is told
// clearly that she is on the waiting list; the first cancels with the link
// of his e-mail; the second is promoted. Every e-mail arrives at the
// test's SMTP server; the promotion's calendar file parses with
// python3-icalendar. It runs before the a11y pages, whose calendar and
// activity page types need a published activity.
func (e *env) testActivities(t *testing.T) {
	coord := e.visitor(t, "it")
	e.signIn(t, coord, admin)
	slug := "cantiere-e2e-" + randomHex(t, 3)

	t.Log("the administrator creates and publishes a path")
	coord.open(t, "/gestione/percorsi/nuovo", http.StatusOK)
	coord.setValues(t, map[string]string{`#f-zone`: "lunigiana", `#f-edition`: "seconda-edizione", `#f-slug`: slug,
		`#f-title_it`: "Cantiere della Salute – Lunigiana", `#f-start_date`: "2026-01-12"})
	coord.click(t, `input[name=template][value="cantiere-della-salute"]`)
	if got := coord.submit(t, submitButton, http.StatusOK); got != "/gestione/percorsi/"+slug {
		t.Fatalf("after creating the path the browser is at %s", got)
	}
	coord.submit(t, `form[action="/gestione/percorsi/`+slug+`/pubblica"] button`, http.StatusOK)

	t.Log("the administrator creates an activity with one place and publishes it")
	coord.open(t, "/gestione/percorsi/"+slug+"/attivita/nuova", http.StatusOK)
	coord.checkPageA11y(t, "new activity form")
	day := time.Now().AddDate(0, 0, 14).Format("2006-01-02")
	coord.setValues(t, map[string]string{`#f-kind`: "lab", `#f-title_it`: "Laboratorio di esplorazione apprezzativa",
		`#f-date`: day, `#f-start_time`: "17:30", `#f-end_time`: "19:30", `#f-mode`: "in_person",
		`#f-venue_name`: "Sala consiliare", `#f-venue_address`: "Piazza Gramsci 1", `#f-comune`: "045001", `#f-capacity`: "1"})
	coord.click(t, `#f-audience-citizens`)
	coord.click(t, `#f-step_free`)
	manage := coord.submit(t, `main form[action$="/attivita/nuova"] button[type=submit]`, http.StatusOK)
	if !strings.HasPrefix(manage, "/gestione/attivita/") {
		t.Fatalf("after creating the activity the browser is at %s: %s", manage, coord.text(t, "main"))
	}
	coord.checkPageA11y(t, "activity editing page")
	coord.submit(t, `form[action$="/pubblica"] button`, http.StatusOK)
	page := "/attivita/" + strings.TrimPrefix(manage, "/gestione/attivita/")

	t.Log("a first visitor takes the only place")
	first := e.visitor(t, "it")
	firstEmail := "primo-" + randomHex(t, 3) + "@example.org"
	first.open(t, page, http.StatusOK)
	first.checkPageA11y(t, "activity page")
	first.signUp(t, "Paolo Primo", firstEmail)
	if msg := first.text(t, `main [role=status]`); !strings.Contains(msg, "Iscrizione confermata") {
		t.Fatalf("after the first sign-up the page says %q", msg)
	}
	confirmation := e.mail.WaitFor(t, firstEmail, 1, mailWait)[0]
	if !strings.Contains(confirmation.Subject, "Iscrizione confermata") || confirmation.Attachment("text/calendar") == nil {
		t.Fatalf("confirmation e-mail %q with attachments %v", confirmation.Subject, confirmation.Attachments)
	}

	t.Log("a second visitor signs up for the full activity: waiting list, said clearly")
	second := e.visitor(t, "en")
	secondEmail := "seconda-" + randomHex(t, 3) + "@example.org"
	second.open(t, page, http.StatusOK)
	if !strings.Contains(second.text(t, "#iscrizione-sezione"), "waiting list") {
		t.Errorf("the form of a full activity does not say the waiting list applies")
	}
	second.signUp(t, "Sara Seconda", secondEmail)
	if msg := second.text(t, `main [role=status]`); !strings.Contains(msg, "WAITING LIST") {
		t.Fatalf("the visitor is not told clearly she is on the waiting list: %q", msg)
	}
	second.checkPageA11y(t, "waiting-list answer")
	waiting := e.mail.WaitFor(t, secondEmail, 1, mailWait)[0]
	if !strings.Contains(waiting.Subject, "waiting list") || !strings.Contains(waiting.Text, "position 1") {
		t.Fatalf("waiting-list e-mail %q:\n%s", waiting.Subject, waiting.Text)
	}

	t.Log("the first visitor cancels with the link of his e-mail")
	link := mailLink(t, confirmation.Text, e.srv.URL+page+"/iscrizione/annulla?t=")
	first.open(t, link, http.StatusOK)
	first.checkPageA11y(t, "cancellation page")
	if got := first.submit(t, `main form button[type=submit]`, http.StatusOK); got != page {
		t.Fatalf("after cancelling the browser is at %s", got)
	}
	first.expectFlash(t, "after cancelling")
	if bye := e.mail.WaitFor(t, firstEmail, 2, mailWait)[1]; !strings.Contains(bye.Subject, "annullata") {
		t.Errorf("cancellation e-mail %q", bye.Subject)
	}

	t.Log("the second visitor is promoted and told by e-mail, with the calendar file")
	promotion := e.mail.WaitFor(t, secondEmail, 2, mailWait)[1]
	if !strings.Contains(promotion.Subject, "place freed up") {
		t.Fatalf("promotion e-mail %q:\n%s", promotion.Subject, promotion.Text)
	}
	checkAttachedEvent(t, promotion, "Laboratorio di esplorazione apprezzativa")
	coord.open(t, manage+"/iscrizioni", http.StatusOK)
	coord.checkPageA11y(t, "sign-ups of the activity")
	if rows := coord.text(t, "main table tbody"); !strings.Contains(rows, "Sara Seconda") || !strings.Contains(rows, "Confermata") {
		t.Errorf("the coordinator's list after the promotion:\n%s", rows)
	}
}

// signUp fills the activity page's sign-up form and submits it.
func (v *visitor) signUp(t *testing.T, name, email string) {
	t.Helper()
	v.fill(t, map[string]string{`#f-name`: name, `#f-email`: email})
	v.click(t, `#f-consent`)
	v.submit(t, `form[action$="/iscrizione"] button[type=submit]`, http.StatusOK)
}

// setValues sets form fields by CSS selector, as the browser's own
// pickers would: selects, dates and times alike.
func (v *visitor) setValues(t *testing.T, fields map[string]string) {
	t.Helper()
	for sel, value := range fields {
		if err := chromedp.Do(v.ctx, chromedp.SetValue(chromedp.CSS(sel), value)); err != nil {
			t.Fatalf("set %s: %v", sel, err)
		}
	}
}

// checkAttachedEvent reads the .ics of m with python3-icalendar.
func checkAttachedEvent(t *testing.T, m mailtest.Received, summary string) {
	t.Helper()
	a := m.Attachment("text/calendar")
	if a == nil {
		t.Fatalf("%q has no calendar file", m.Subject)
	}
	cal := icaltest.Parse(t, a.Data)
	if len(cal.Events) != 1 || cal.Events[0].Summary != summary || cal.Events[0].TZID != "Europe/Rome" ||
		!strings.HasSuffix(cal.Events[0].StartLocal, "T17:30:00") {
		t.Errorf("attached event: %+v", cal.Events)
	}
}
