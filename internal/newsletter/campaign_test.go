package newsletter_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

const password = "una frase lunga e segreta"

func login(t *testing.T, env *apptest.Env, email string, grants ...authz.Grant) *apptest.Client {
	t.Helper()
	env.CreateUser(t, email, password, grants...)
	c := env.Client()
	c.Login(t, email, password)
	return c
}

var campaignPath = regexp.MustCompile(`/newsletter/campagne/(\d+)$`)

func TestUnknownPlaceholdersAreRefusedAndListed(t *testing.T) {
	d := dbtest.SQLite(t)
	env := apptest.New(t, d)
	admin := login(t, env, "admin@example.org", authz.Grant{Role: authz.Admin})
	page := admin.Get("/gestione/newsletter/campagne/nuova")
	body := "Ciao {{nome}}, {{cognome}} e {{ link_disiscrizione }} e {{indirizzo"
	res := admin.Submit(page, "main form", url.Values{"subject": {"Novità per {{nom}}"}, "body": {body}})
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.Status)
	}
	unknown := res.Text("#unknown-placeholders")
	for _, want := range []string{"{{cognome}}", "{{nom}}", "{{…"} {
		if !strings.Contains(unknown, want) {
			t.Errorf("the list of unknown placeholders %q lacks %s", unknown, want)
		}
	}
	if strings.Contains(unknown, "{{nome}}") || strings.Contains(unknown, "{{link_disiscrizione}}") {
		t.Errorf("known placeholders listed as unknown: %q", unknown)
	}
	if !strings.Contains(res.Text(".alert-warning"), "{{link_archivio}}") {
		t.Errorf("the known placeholders are not listed")
	}
	if !res.Has("#f-body-error") || res.Text("#f-body") != body {
		t.Errorf("the body was lost or not marked")
	}
	if n := countWhere(t, d, `SELECT COUNT(*) FROM newsletter_campaigns`); n != 0 {
		t.Fatalf("%d campaigns stored", n)
	}
}

// TestACampaignGoesFromDraftToEveryInboxAndTheArchive drives the whole
// path an admin follows: write, preview, test, send now through the job
// queue, watch the progress, find it in the public archive; then a
// recipient unsubscribes with the one-click address of the message.
func TestACampaignGoesFromDraftToEveryInboxAndTheArchive(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		importCSV(t, d, "email;nome;territori;argomenti;consenso\n"+
			"a@example.org;Anna;lunigiana;eventi;sì\n"+
			"b@example.org;Bruno;;;sì\n"+
			"c@example.org;Carla;apuane;;sì\n"+
			"d@example.org;Dario;lunigiana;avvisi;sì\n"+
			"e@example.org;Elsa;lunigiana;;no\n")
		admin := login(t, env, "admin@example.org", authz.Grant{Role: authz.Admin})
		page := admin.Get("/gestione/newsletter/campagne/nuova")
		res := admin.Submit(page, "main form", url.Values{
			"subject": {"Incontri in Lunigiana"}, "zone": {"lunigiana"}, "topic": {"eventi"}, "archive": {"1"},
			"body": {"Ciao **{{nome}}**,\n\nil 12 maggio ci vediamo ad Aulla.\n\n<script>alert(1)</script>\n\n[Non voglio più riceverla]({{link_disiscrizione}})"},
		})
		m := campaignPath.FindStringSubmatch(res.Path())
		if m == nil || !res.Contains("Campagna salvata") {
			t.Fatalf("after creating: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		self := res.Path()
		// Anna (lunigiana, eventi) and Bruno (everything): Carla chose
		// another territory, Dario another topic, Elsa did not confirm.
		if !res.Contains("Destinatari se partisse ora: 2") {
			t.Fatalf("recipients estimate:\n%s", res.Text("main"))
		}
		prev := admin.Get(self + "/anteprima")
		if !prev.Has("main .newsletter-body strong") || prev.Contains("<script>alert") || !prev.Contains("il 12 maggio") {
			t.Fatalf("preview:\n%s", prev.Body)
		}
		res = admin.Submit(res, "form#test-form", url.Values{"test_email": {"redazione@example.org"}})
		if !res.Contains("prova messo in coda") {
			t.Fatalf("test send: %s", res.Text("main"))
		}
		test := env.Mail.WaitFor(t, "redazione@example.org", 1, apptest.MailWait)[0]
		if !strings.HasPrefix(test.Subject, "[Prova] Incontri") || test.Header.Get("List-Unsubscribe-Post") == "" {
			t.Fatalf("test message: %q %v", test.Subject, test.Header)
		}
		res = admin.Submit(res, "form#schedule-form", nil)
		if !res.Contains("Campagna programmata") {
			t.Fatalf("scheduling: %s", res.Text("main"))
		}
		anna := env.Mail.WaitFor(t, "a@example.org", 1, apptest.MailWait)[0]
		env.Mail.WaitFor(t, "b@example.org", 1, apptest.MailWait)
		if !strings.Contains(anna.HTML, "<strong>Anna</strong>") || strings.Contains(anna.HTML, "<script") || !strings.Contains(anna.Text, "Ciao **Anna**") {
			t.Fatalf("Anna's message:\n%s\n%s", anna.HTML, anna.Text)
		}
		deadline := time.Now().Add(apptest.MailWait)
		for {
			c, err := newsletter.GetCampaign(context.Background(), d, mustID(t, m[1]))
			if err != nil {
				t.Fatal(err)
			}
			if c.State == newsletter.CampaignSent {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("campaign still %s", c.State)
			}
			time.Sleep(20 * time.Millisecond)
		}
		for _, other := range []string{"c@example.org", "d@example.org", "e@example.org"} {
			for _, msg := range env.Mail.To(other) {
				if strings.Contains(msg.Subject, "Incontri in Lunigiana") {
					t.Errorf("%s is outside the segment but got the campaign", other)
				}
			}
		}
		progress := admin.Get(self)
		if !progress.Contains("Inviata") || !strings.Contains(progress.Text("main table"), "Inviati 2") {
			t.Fatalf("progress page:\n%s", progress.Text("main"))
		}

		visitor := env.Client()
		arch := visitor.Get("/newsletter/archivio")
		if !arch.Has(`main a[href="/newsletter/archivio/` + m[1] + `"]`) {
			t.Fatalf("archive:\n%s", arch.Text("main"))
		}
		issue := visitor.Get("/newsletter/archivio/" + m[1])
		if issue.Status != http.StatusOK || issue.Contains("Anna") || !issue.Contains("il 12 maggio") {
			t.Fatalf("archive page: %d\n%s", issue.Status, issue.Text("main"))
		}

		unsub := strings.Trim(strings.TrimSpace(strings.Split(anna.Header.Get("List-Unsubscribe"), ",")[0]), "<>")
		unsub = strings.Replace(unsub, baseURLOf(unsub), env.URL, 1)
		r, err := http.Post(unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil || r.StatusCode != http.StatusOK {
			t.Fatalf("one-click with the message's header: %v %v", err, r)
		}
		r.Body.Close()
		if subscriber(t, d, "a@example.org").Status != newsletter.StatusUnsubscribed {
			t.Fatal("not unsubscribed")
		}
	})
}

func baseURLOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Scheme + "://" + p.Host
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var id int64
	for _, c := range s {
		id = id*10 + int64(c-'0')
	}
	return id
}

func TestACoordinatorWritesOnlyToTheirTerritories(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		coord := login(t, env, "coord@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: "lunigiana"})
		other := login(t, env, "altro@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: "apuane"})
		admin := login(t, env, "admin@example.org", authz.Grant{Role: authz.Admin})

		dash := coord.Get("/gestione/newsletter")
		if !dash.Has(`a[href="/gestione/territori/lunigiana/newsletter/campagne/nuova"]`) || dash.Has(`a[href="/gestione/newsletter/campagne/nuova"]`) ||
			dash.Has(`a[href="/gestione/newsletter/iscritti"]`) {
			t.Fatalf("coordinator's dashboard:\n%s", dash.Text("main"))
		}
		if res := coord.Get("/gestione/territori/apuane/newsletter/campagne/nuova"); res.Status != http.StatusForbidden {
			t.Fatalf("another territory's form: %d", res.Status)
		}
		if res := coord.Get("/gestione/newsletter/iscritti"); res.Status != http.StatusForbidden {
			t.Fatalf("the subscriber list: %d", res.Status)
		}
		page := coord.Get("/gestione/territori/lunigiana/newsletter/campagne/nuova")
		if page.Has("#f-zone-apuane") || !page.Has("#f-zone-lunigiana[checked]") || page.Has("#f-connections") {
			t.Fatalf("the form offers other territories or the sending settings")
		}
		res := coord.Submit(page, "main form", url.Values{"subject": {"s"}, "body": {"b"}, "zone": {"lunigiana", "apuane"}})
		if res.Status != http.StatusUnprocessableEntity || !res.Has("#f-zone-error") {
			t.Fatalf("a segment with another territory: %d", res.Status)
		}
		res = coord.Submit(page, "main form", url.Values{"subject": {"s"}, "body": {"b"}, "zone": {}})
		if res.Status != http.StatusUnprocessableEntity || !res.Has("#f-zone-error") {
			t.Fatalf("a segment with no territory: %d", res.Status)
		}
		res = coord.Submit(page, "main form", url.Values{"subject": {"Lunigiana"}, "body": {"b"}})
		m := campaignPath.FindStringSubmatch(res.Path())
		if m == nil || !strings.HasPrefix(res.Path(), "/gestione/territori/lunigiana/") {
			t.Fatalf("created at %s", res.URL)
		}
		if r := other.Get(res.Path()); r.Status != http.StatusForbidden {
			t.Fatalf("another territory's coordinator opens it: %d", r.Status)
		}
		if r := other.Get("/gestione/territori/apuane/newsletter/campagne/" + m[1]); r.Status != http.StatusNotFound {
			t.Fatalf("under their own territory's address: %d", r.Status)
		}
		if r := coord.Get("/gestione/newsletter/campagne/" + m[1]); r.Status != http.StatusForbidden {
			t.Fatalf("the coordinator through the regional address: %d", r.Status)
		}
		if r := admin.Get("/gestione/newsletter/campagne/" + m[1]); r.Status != http.StatusOK {
			t.Fatalf("the admin: %d", r.Status)
		}
		if dash := coord.Get("/gestione/newsletter"); !dash.Has(`a[href="` + res.Path() + `"]`) {
			t.Fatal("the campaign is not on the coordinator's dashboard")
		}
	})
}

func TestSegmentsCombineTerritoriesTopicsAndRoles(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		importCSV(t, d, "email;territori;argomenti;consenso\n"+
			"tutti@example.org;;;sì\n"+
			"luni@example.org;lunigiana;;sì\n"+
			"luni.eventi@example.org;lunigiana;eventi;sì\n"+
			"apuane@example.org;apuane;;sì\n"+
			"attivatore@example.org;;;sì\n"+
			"rimbalza@example.org;;;sì\n")
		env.CreateUser(t, "attivatore@example.org", password, authz.Grant{Role: authz.Activator, ZoneID: "lunigiana"})
		if _, err := newsletter.NewService(d, baseURL, nil).MarkBounces(ctx, strings.NewReader("rimbalza@example.org"), "", newsletter.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			in   newsletter.CampaignInput
			want int
		}{
			{newsletter.CampaignInput{}, 5},
			{newsletter.CampaignInput{Zones: []string{"lunigiana"}}, 4},
			{newsletter.CampaignInput{Zones: []string{"lunigiana"}, Topics: []string{"avvisi"}}, 3},
			{newsletter.CampaignInput{Topics: []string{"eventi"}}, 5},
			{newsletter.CampaignInput{Zones: []string{"apuane"}}, 3},
			{newsletter.CampaignInput{Roles: []string{"activator"}}, 1},
			{newsletter.CampaignInput{Roles: []string{"activator"}, Zones: []string{"apuane"}}, 0},
			{newsletter.CampaignInput{Roles: []string{"coordinator"}}, 0},
		}
		for _, c := range cases {
			c.in.Subject, c.in.Body = "s", "b"
			id := campaign(t, d, c.in)
			camp, _ := newsletter.GetCampaign(ctx, d, id)
			if n, err := newsletter.CountRecipients(ctx, d, camp); err != nil || n != c.want {
				t.Errorf("segment %+v: %d recipients (%v), want %d", c.in, n, err, c.want)
			}
		}
	})
}

func TestPauseAndResumeFromThePage(t *testing.T) {
	d := dbtest.SQLite(t)
	env := apptest.New(t, d)
	subscribers(t, d, 300)
	admin := login(t, env, "admin@example.org", authz.Grant{Role: authz.Admin})
	res := admin.Submit(admin.Get("/gestione/newsletter/campagne/nuova"), "main form",
		url.Values{"subject": {"s"}, "body": {"b"}, "connections": {"2"}, "rate": {"100"}})
	self := res.Path()
	admin.Submit(res, "form#schedule-form", nil)
	for env.Mail.Count() < 20 {
		time.Sleep(5 * time.Millisecond)
	}
	res = admin.Submit(admin.Get(self), "form#pause-form", nil)
	if !res.Contains("Invio in pausa") || !res.Has("form#resume-form") {
		t.Fatalf("pausing: %s", res.Text("main"))
	}
	time.Sleep(1500 * time.Millisecond)
	paused := env.Mail.Count()
	time.Sleep(500 * time.Millisecond)
	if env.Mail.Count() != paused || paused >= 300 {
		t.Fatalf("messages still going out while paused: %d then %d", paused, env.Mail.Count())
	}
	res = admin.Submit(res, "form#resume-form", nil)
	if !res.Contains("Invio ripreso") {
		t.Fatalf("resuming: %s", res.Text("main"))
	}
	env.Mail.WaitFor(t, "u299@example.org", 1, apptest.MailWait)
	deadline := time.Now().Add(apptest.MailWait)
	for env.Mail.Count() < 300 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if env.Mail.Count() != 300 || len(byRecipient(env.Mail.Messages())) != 300 {
		t.Fatalf("%d messages to %d recipients", env.Mail.Count(), len(byRecipient(env.Mail.Messages())))
	}
	if res := admin.PostForm(self+"/riprendi", nil); res.Status != http.StatusConflict {
		t.Fatalf("resuming a campaign that is not paused: %d", res.Status)
	}
}
