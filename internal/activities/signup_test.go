package activities_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/ical/icaltest"
)

// site is the app with a published path in zone A.
type site struct {
	env  *apptest.Env
	svc  *activities.Service
	path paths.Path
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	env := apptest.New(t, d)
	return &site{env: env, svc: activities.NewService(d, env.URL), path: publishedPath(t, d, zoneA, "percorso-lunigiana")}
}

func signUpForm(name, email string) map[string][]string {
	return form("name", name, "email", email, "consent", "1")
}

func TestWaitingListPromotionByTheCancelLinkWithEveryEmail(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		id := published(t, s.svc, s.path, input(s.path, time.Now().Add(10*24*time.Hour), 1))
		page := "/attivita/" + itoa(id)

		anna := s.env.Client()
		res := anna.PostForm(page+"/iscrizione", signUpForm("Anna Neri", "Anna.Neri@Example.org"))
		if res.Status != http.StatusOK || !strings.Contains(res.Text("main"), "Iscrizione confermata") {
			t.Fatalf("first sign-up: %d %s", res.Status, res.Text("main"))
		}
		annaMail := s.env.Mail.WaitFor(t, "Anna.Neri@Example.org", 1, apptest.MailWait)[0]
		if !strings.Contains(annaMail.Subject, "Iscrizione confermata") || annaMail.Attachment("text/calendar") == nil {
			t.Fatalf("confirmation: %q, attachments %v", annaMail.Subject, annaMail.Attachments)
		}
		if !strings.Contains(annaMail.Text, "https://meet.example.org/cantieri-incontro") {
			t.Errorf("a confirmed participant's e-mail has no online link:\n%s", annaMail.Text)
		}

		bruno := s.env.Client()
		bruno.Lang = "en"
		res = bruno.PostForm(page+"/iscrizione", signUpForm("Bruno Verdi", "bruno@example.org"))
		if !strings.Contains(res.Text("main"), "WAITING LIST") {
			t.Fatalf("the second person is not told clearly about the waiting list: %s", res.Text("main"))
		}
		waitMail := s.env.Mail.WaitFor(t, "bruno@example.org", 1, apptest.MailWait)[0]
		if !strings.Contains(waitMail.Subject, "waiting list") || strings.Contains(waitMail.Text, "meet.example.org") || waitMail.Attachment("text/calendar") != nil {
			t.Fatalf("waiting-list e-mail: %q\n%s", waitMail.Subject, waitMail.Text)
		}

		// Twice: the same address in another case is the same person.
		res = s.env.Client().PostForm(page+"/iscrizione", signUpForm("Anna", "  anna.neri@example.ORG "))
		if res.Status != http.StatusConflict || !strings.Contains(res.Text("#form-errors"), "già iscritto") {
			t.Errorf("a second sign-up: %d %q", res.Status, res.Text("#form-errors"))
		}

		// Anna cancels with the link of her e-mail: a GET only asks.
		link := ""
		for _, l := range annaMail.Links() {
			if strings.Contains(l, "/iscrizione/annulla?t=") {
				link = l
			}
		}
		if link == "" {
			t.Fatalf("no cancellation link in:\n%s", annaMail.Text)
		}
		res = anna.Get(link)
		if res.Status != http.StatusOK || !res.Has(`form[action="`+page+`/iscrizione/annulla"] input[name=t]`) {
			t.Fatalf("cancel page: %d", res.Status)
		}
		if a, _ := activities.Get(context.Background(), d, id); a.Confirmed != 1 {
			t.Fatal("opening the link cancelled the sign-up")
		}
		res = anna.Submit(res, `form[action="`+page+`/iscrizione/annulla"]`, nil)
		if res.Path() != page || !strings.Contains(res.Text("main"), "annullata") {
			t.Fatalf("after cancelling: %s %s", res.Path(), res.Text("main"))
		}
		promo := s.env.Mail.WaitFor(t, "bruno@example.org", 2, apptest.MailWait)[1]
		if !strings.Contains(promo.Subject, "place freed up") || promo.Attachment("text/calendar") == nil || !strings.Contains(promo.Text, "meet.example.org") {
			t.Fatalf("promotion e-mail: %q\n%s", promo.Subject, promo.Text)
		}
		s.env.Mail.WaitFor(t, "Anna.Neri@Example.org", 2, apptest.MailWait) // her cancellation is confirmed
		regs, _ := activities.Registrations(context.Background(), d, id)
		if len(regs) != 2 || regs[0].Email != "bruno@example.org" || regs[0].Status != activities.RegConfirmed || regs[1].Status != activities.RegCancelled {
			t.Fatalf("sign-ups after the promotion: %+v", regs)
		}
		// The link works once; the used link says so.
		if res := anna.PostForm(page+"/iscrizione/annulla", form("t", link[strings.Index(link, "?t=")+3:])); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Text("main"), "già stata annullata") {
			t.Errorf("second cancellation: %d", res.Status)
		}
		if res := anna.Get(page + "/iscrizione/annulla?t=sbagliato"); res.Status != http.StatusNotFound {
			t.Errorf("a wrong link: %d", res.Status)
		}
		// Anna may sign up again: she goes to the back of the queue.
		res = anna.PostForm(page+"/iscrizione", signUpForm("Anna Neri", "anna.neri@example.org"))
		if !strings.Contains(res.Text("main"), "LISTA D'ATTESA") {
			t.Errorf("signing up again after cancelling: %s", res.Text("main"))
		}
	})
}

func TestBadSignUpsAreRefusedClearlyAndNothingIsLost(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		open := published(t, s.svc, s.path, input(s.path, time.Now().Add(10*24*time.Hour), 0))
		later := input(s.path, time.Now().Add(20*24*time.Hour), 0)
		later.SignupOpens = time.Now().Add(5 * 24 * time.Hour)
		notYet := published(t, s.svc, s.path, later)
		closedIn := input(s.path, time.Now().Add(20*24*time.Hour), 0)
		closedIn.SignupOpens, closedIn.SignupCloses = time.Now().Add(-48*time.Hour), time.Now().Add(-time.Hour)
		closed := published(t, s.svc, s.path, closedIn)
		cancelled := published(t, s.svc, s.path, input(s.path, time.Now().Add(10*24*time.Hour), 0))
		if err := s.svc.Cancel(ctx, actor, cancelled); err != nil {
			t.Fatal(err)
		}
		draft, err := s.svc.Create(ctx, actor, s.path, input(s.path, time.Now().Add(10*24*time.Hour), 0))
		if err != nil {
			t.Fatal(err)
		}
		c := s.env.Client()
		cases := []struct {
			name   string
			id     string
			form   map[string][]string
			status int
			says   string
		}{
			{"invalid e-mail", itoa(open), signUpForm("Carla", "carla@"), 422, "indirizzo e-mail"},
			{"no consent", itoa(open), form("name", "Carla", "email", "carla@example.org"), 422, "acconsentire"},
			{"no name", itoa(open), form("email", "carla@example.org", "consent", "1"), 422, "obbligatorio"},
			{"bad phone", itoa(open), form("name", "Carla", "email", "carla@example.org", "consent", "1", "phone", "chiamami"), 422, "telefono"},
			{"before the window", itoa(notYet), signUpForm("Carla", "carla@example.org"), 422, "non sono ancora aperte"},
			{"after the window", itoa(closed), signUpForm("Carla", "carla@example.org"), 422, "sono chiuse"},
			{"cancelled activity", itoa(cancelled), signUpForm("Carla", "carla@example.org"), 422, "annullata"},
			{"draft", itoa(draft), signUpForm("Carla", "carla@example.org"), 404, ""},
			{"unknown id", "999999", signUpForm("Carla", "carla@example.org"), 404, ""},
			{"not a number", "abc", signUpForm("Carla", "carla@example.org"), 404, ""},
		}
		for _, tc := range cases {
			res := c.PostForm("/attivita/"+tc.id+"/iscrizione", tc.form)
			if res.Status != tc.status {
				t.Errorf("%s: status %d, want %d", tc.name, res.Status, tc.status)
				continue
			}
			if tc.says != "" && !strings.Contains(strings.ToLower(res.Text("#form-errors")), strings.ToLower(tc.says)) {
				t.Errorf("%s: the errors say %q, want %q", tc.name, res.Text("#form-errors"), tc.says)
			}
			if names := tc.form["name"]; tc.status == 422 && len(names) > 0 && res.Has("#f-name") && res.Attr("#f-name", "value") != names[0] {
				t.Errorf("%s: the name typed is lost: %q", tc.name, res.Attr("#f-name", "value"))
			}
		}
		// English too.
		c.Lang = "en"
		if res := c.PostForm("/attivita/"+itoa(closed)+"/iscrizione", signUpForm("Carla", "carla@example.org")); !strings.Contains(res.Text("#form-errors"), "Sign-up is closed") {
			t.Errorf("English: %q", res.Text("#form-errors"))
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM activity_registrations`).Scan(&n); err != nil || n != 0 {
			t.Errorf("refused sign-ups stored %d rows (%v)", n, err)
		}
		// The pages of the refused cases explain it without a form.
		for id, says := range map[int64]string{notYet: "apriranno", closed: "sono chiuse", cancelled: "è stata annullata"} {
			if res := s.env.Client().Get("/attivita/" + itoa(id)); res.Status != 200 || !strings.Contains(res.Text("main"), says) || res.Has(`form[action$="/iscrizione"]`) {
				t.Errorf("activity %d page: %d, says %q?", id, res.Status, says)
			}
		}
	})
}

func TestSignedInParticipantSignsUpWithTheAccountAndCancelsFromThePage(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		id := published(t, s.svc, s.path, input(s.path, time.Now().Add(10*24*time.Hour), 5))
		s.env.CreateUser(t, "marta@example.org", "una passphrase abbastanza lunga")
		c := s.env.Client()
		c.Login(t, "marta@example.org", "una passphrase abbastanza lunga")
		page := c.Get("/attivita/" + itoa(id))
		if page.Attr("#f-name", "value") != "marta" || page.Has("#f-email") || page.Contains("meet.example.org") {
			t.Fatalf("signed-in form: name %q, email field %v", page.Attr("#f-name", "value"), page.Has("#f-email"))
		}
		res := c.Submit(page, `form[action="/attivita/`+itoa(id)+`/iscrizione"]`, form("consent", "1"))
		if !strings.Contains(res.Text("main"), "il tuo posto è confermato") || !res.Contains("https://meet.example.org/cantieri-incontro") {
			t.Fatalf("after signing up: %s", res.Text("main"))
		}
		s.env.Mail.WaitFor(t, "marta@example.org", 1, apptest.MailWait)
		res = c.Submit(res, `form[action="/attivita/`+itoa(id)+`/iscrizione/annulla"]`, nil)
		if !strings.Contains(res.Text("main"), "annullata") || res.Contains("meet.example.org") {
			t.Fatalf("after cancelling: %s", res.Text("main"))
		}
	})
}

func TestCoordinatorCreatesPublishesAndAddsOfflineSignUpsOnlyInTheirZone(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		s.env.CreateUser(t, "coord@example.org", "una passphrase abbastanza lunga", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		s.env.CreateUser(t, "altro@example.org", "una passphrase abbastanza lunga", authz.Grant{Role: authz.Coordinator, ZoneID: zoneB})
		c := s.env.Client()
		c.Login(t, "coord@example.org", "una passphrase abbastanza lunga")
		newPage := c.Get("/gestione/percorsi/" + s.path.Slug + "/attivita/nuova")
		if newPage.Status != 200 {
			t.Fatalf("new form: %d", newPage.Status)
		}
		// Every problem at once, everything typed kept.
		res := c.Submit(newPage, "main form", form("title_it", "Agorà della salute", "date", "2026-10-25", "start_time", "02:30", "end_time", "04:00",
			"mode", "hybrid", "online_url", "non un link"))
		if res.Status != 422 {
			t.Fatalf("invalid form: %d", res.Status)
		}
		errs := res.Text("#form-errors")
		for _, want := range []string{"ambigua", "indirizzo", "comune", "https://", "pubblico"} {
			if !strings.Contains(errs, want) {
				t.Errorf("the error summary lacks %q: %s", want, errs)
			}
		}
		if res.Attr("#f-title_it", "value") != "Agorà della salute" || res.Attr("#f-start_time", "value") != "02:30" {
			t.Errorf("typed values lost")
		}
		res = c.Submit(newPage, "main form", form("title_it", "Agorà della salute", "kind", "agora", "date", "2027-11-19", "start_time", "17:00",
			"end_time", "19:30", "mode", "in_person", "venue_address", "Via Roma 1", "comune", aulla, "audience", "citizens", "capacity", "2",
			"phase", itoa(s.path.Phases[0].ID)))
		if res.Status != 200 || !strings.HasPrefix(res.Path(), "/gestione/attivita/") {
			t.Fatalf("create: %d at %s: %s", res.Status, res.Path(), res.Text("#form-errors"))
		}
		editURL := res.Path()
		id := strings.TrimPrefix(editURL, "/gestione/attivita/")
		if pub := s.env.Client().Get("/attivita/" + id); pub.Status != 404 {
			t.Errorf("a draft is public: %d", pub.Status)
		}
		if ics := s.env.Client().Get("/attivita/" + id + "/evento.ics"); ics.Status != 404 {
			t.Errorf("the .ics of a draft: %d", ics.Status)
		}
		c.Submit(res, `form[action="`+editURL+`/pubblica"]`, nil)
		if pub := s.env.Client().Get("/attivita/" + id); pub.Status != 200 || !strings.Contains(pub.Text("main"), "Agorà della salute") {
			t.Fatalf("published page: %d", pub.Status)
		}
		// Another zone's coordinator may not touch it.
		other := s.env.Client()
		other.Login(t, "altro@example.org", "una passphrase abbastanza lunga")
		if r := other.Get(editURL); r.Status != 403 {
			t.Errorf("coordinator of zone B opened zone A's activity: %d", r.Status)
		}
		if r := other.PostForm(editURL+"/annulla", form("confirm", "1")); r.Status != 403 {
			t.Errorf("coordinator of zone B cancelled zone A's activity: %d", r.Status)
		}
		// Offline sign-ups fill the places, then the waiting list.
		regs := c.Get(editURL + "/iscrizioni")
		for i, name := range []string{"Gino (telefono)", "Lia (modulo)", "Ugo (di persona)"} {
			res = c.Submit(regs, `form[action="`+editURL+`/iscrizioni"]`, form("name", name, "consent", "1"))
			want := "posto confermato"
			if i == 2 {
				want = "lista d'attesa"
			}
			if !strings.Contains(res.Text("main"), want) {
				t.Errorf("offline %s: %s", name, res.Text("main"))
			}
		}
		// Cancelling needs the box ticked, then tells everyone.
		if r := c.PostForm(editURL+"/annulla", nil); r.Status != 422 {
			t.Errorf("cancel without confirmation: %d", r.Status)
		}
		c.PostForm(editURL+"/annulla", form("confirm", "1"))
		if pub := s.env.Client().Get("/attivita/" + id); !strings.Contains(pub.Text("main"), "è stata annullata") {
			t.Errorf("cancelled page: %s", pub.Text("main"))
		}
		var actions []string
		rows, _ := d.Query(context.Background(), `SELECT action FROM audit_log WHERE entity IN ('activity', 'activity_registration') ORDER BY id`)
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		if got := strings.Join(actions, " "); got != "activity.create activity.publish activity.registration.add_offline activity.registration.add_offline activity.registration.add_offline activity.cancel" {
			t.Errorf("audit: %s", got)
		}
	})
}

func TestMovingAnActivityRaisesTheSequenceMovesRemindersAndTellsEveryone(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		in := input(s.path, time.Now().Add(10*24*time.Hour).Truncate(time.Minute), 0)
		id := published(t, s.svc, s.path, in)
		if _, err := s.svc.SignUp(ctx, actor, id, person("Dora", "dora@example.org")); err != nil {
			t.Fatal(err)
		}
		s.env.Mail.WaitFor(t, "dora@example.org", 1, apptest.MailWait)
		keys := func() []string {
			rows, err := d.Query(ctx, `SELECT unique_key FROM jobs WHERE kind = ? ORDER BY id`, activities.KindReminder)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var k string
				rows.Scan(&k)
				out = append(out, k)
			}
			return out
		}
		if k := keys(); len(k) != 2 || !strings.Contains(k[0], ":48h:") || !strings.Contains(k[1], ":2h:") {
			t.Fatalf("reminders after publishing: %v", k)
		}
		in.Title.IT = "Titolo nuovo" // a text change: no new sequence, no e-mail
		if err := s.svc.Update(ctx, actor, id, in); err != nil {
			t.Fatal(err)
		}
		if a, _ := activities.Get(ctx, d, id); a.Sequence != 0 {
			t.Errorf("a title change raised the sequence to %d", a.Sequence)
		}
		in.Start, in.End = in.Start.Add(24*time.Hour), in.End.Add(24*time.Hour)
		if err := s.svc.Update(ctx, actor, id, in); err != nil {
			t.Fatal(err)
		}
		a, _ := activities.Get(ctx, d, id)
		if a.Sequence != 1 {
			t.Errorf("moving raised the sequence to %d, want 1", a.Sequence)
		}
		if k := keys(); len(k) != 4 {
			t.Errorf("reminders after moving: %v", k)
		}
		changed := s.env.Mail.WaitFor(t, "dora@example.org", 2, apptest.MailWait)[1]
		if !strings.Contains(changed.Subject, "modificata") {
			t.Fatalf("change e-mail: %q", changed.Subject)
		}
		cal := icaltest.Parse(t, changed.Attachment("text/calendar").Data)
		if len(cal.Events) != 1 || cal.Events[0].Sequence != 1 || !cal.Events[0].Start.Equal(in.Start) {
			t.Errorf("attached event: %+v", cal.Events)
		}
	})
}

func TestRemindersGoOnceToConfirmedPeopleAndNotAfterAMove(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		start := time.Now().Add(47 * time.Hour).Truncate(time.Minute)
		in := input(s.path, start, 1)
		id := published(t, s.svc, s.path, in) // the 48 h reminder is already past: only the 2 h one
		s.svc.SignUp(ctx, actor, id, person("Elio", "elio@example.org"))
		s.svc.SignUp(ctx, actor, id, person("Fede", "fede@example.org")) // waiting
		var n int
		d.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = ?`, activities.KindReminder).Scan(&n)
		if n != 1 {
			t.Fatalf("%d reminder jobs for an activity in 47 hours, want 1", n)
		}
		// Run the reminder as the queue would at its time.
		s.svc.Now = func() time.Time { return start.Add(-2 * time.Hour) }
		job := reminderJob(t, d)
		for range 2 { // twice: the second run sends nothing
			if err := s.svc.Remind(ctx, job); err != nil {
				t.Fatal(err)
			}
		}
		s.env.App.Queue.Notify()
		got := s.env.Mail.WaitFor(t, "elio@example.org", 2, apptest.MailWait)
		if !strings.Contains(got[1].Subject, "Tra poco") {
			t.Errorf("reminder: %q", got[1].Subject)
		}
		time.Sleep(300 * time.Millisecond)
		if len(s.env.Mail.To("elio@example.org")) != 2 || len(s.env.Mail.To("fede@example.org")) != 1 {
			t.Errorf("elio got %d e-mails, fede (waiting) %d", len(s.env.Mail.To("elio@example.org")), len(s.env.Mail.To("fede@example.org")))
		}
		// A job made for an old start does nothing.
		in.Start, in.End = in.Start.Add(time.Hour), in.End.Add(time.Hour)
		s.svc.Now = nil
		if err := s.svc.Update(ctx, actor, id, in); err != nil {
			t.Fatal(err)
		}
		d.Exec(ctx, `UPDATE activity_registrations SET reminded_2h_at = NULL`)
		if err := s.svc.Remind(ctx, job); err != nil {
			t.Fatal(err)
		}
		var queued int
		d.QueryRow(ctx, `SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND payload LIKE '%Tra poco%'`).Scan(&queued)
		if queued != 1 {
			t.Errorf("%d reminder e-mails after a stale job ran, want the 1 sent before", queued)
		}
	})
}
