package newsletter_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// subscribeForm fills the public form.
func subscribeForm(c *apptest.Client, email string, extra url.Values) *apptest.Response {
	page := c.Get("/newsletter")
	f := url.Values{"email": {email}, "name": {"Maria Rossi"}, "consent": {"1"}}
	for k, v := range extra {
		f[k] = v
	}
	return c.Submit(page, "main form", f)
}

func subscriber(t *testing.T, d *db.DB, email string) *newsletter.Subscriber {
	t.Helper()
	s, err := newsletter.SubscriberByEmail(context.Background(), d, email)
	if err != nil {
		t.Fatalf("subscriber %s: %v", email, err)
	}
	return s
}

func countWhere(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDoubleOptInRecordsConsentAndConfirmsOnlyFromTheLink(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		res := subscribeForm(c, "Maria.Rossi@Example.org", url.Values{"zone": {"lunigiana", "apuane"}, "topic": {"eventi"}})
		if res.Path() != "/newsletter/controlla-email" {
			t.Fatalf("after subscribing: %s (%d)\n%s", res.URL, res.Status, res.Text("main"))
		}
		s := subscriber(t, d, "maria.rossi@example.org")
		if s.Status != newsletter.StatusPending || s.ConsentVersion != newsletter.ConsentVersion() || s.ConsentAt.IsZero() || s.ConsentSource != "form" {
			t.Fatalf("before the link: %+v", s)
		}
		if strings.Join(s.Zones, ",") != "apuane,lunigiana" || strings.Join(s.Topics, ",") != "eventi" {
			t.Fatalf("preferences %v %v", s.Zones, s.Topics)
		}

		m := env.Mail.WaitFor(t, "maria.rossi@example.org", 1, apptest.MailWait)[0]
		link := m.Links()[0]
		if !strings.HasPrefix(link, env.URL+"/newsletter/conferma?t=") {
			t.Fatalf("link %q in\n%s", link, m.Text)
		}
		// Opening the link (as a mail scanner would) confirms nothing.
		page := c.Get(link)
		if page.Status != http.StatusOK || subscriber(t, d, "maria.rossi@example.org").Status != newsletter.StatusPending {
			t.Fatalf("opening the link: %d, status %s", page.Status, subscriber(t, d, "maria.rossi@example.org").Status)
		}
		res = c.Submit(page, "main form", nil)
		if res.Path() != "/newsletter/preferenze" || !res.Contains("Iscrizione confermata") {
			t.Fatalf("after confirming: %s\n%s", res.URL, res.Text("main"))
		}
		s = subscriber(t, d, "maria.rossi@example.org")
		if s.Status != newsletter.StatusConfirmed || s.ConfirmedAt.IsZero() {
			t.Fatalf("after the link: %+v", s)
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM newsletter_consents WHERE subscriber_id = ? AND event IN ('subscribe', 'confirm') AND text_version = ?`,
			s.ID, newsletter.ConsentVersion()); n != 2 {
			t.Fatalf("consent log has %d entries with the text version", n)
		}
		// A second click says all is well.
		if again := c.Submit(c.Get(link), "main form", nil); again.Path() != "/newsletter/preferenze" {
			t.Fatalf("second click: %s %d", again.URL, again.Status)
		}
	})
}

func TestARepeatedSubscriptionIsIdempotentAndRevealsNothing(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		importCSV(t, d, "email;consenso;territori\ngia.iscritta@example.org;sì;lunigiana\n")
		pages := map[string]string{}
		for _, email := range []string{"nuova@example.org", "nuova@example.org", "gia.iscritta@example.org"} {
			res := subscribeForm(env.Client(), email, url.Values{"zone": {"apuane"}})
			if res.Path() != "/newsletter/controlla-email" {
				t.Fatalf("%s: %s %d", email, res.URL, res.Status)
			}
			pages[email] = res.Text("main")
		}
		if pages["nuova@example.org"] != pages["gia.iscritta@example.org"] {
			t.Fatal("the page after subscribing differs for an address already subscribed")
		}
		// The new address got one confirmation (the double submission
		// sent nothing more); the subscribed one a notice with its
		// personal link, and its preferences are untouched.
		time.Sleep(300 * time.Millisecond)
		if got := env.Mail.WaitFor(t, "nuova@example.org", 1, apptest.MailWait); len(got) != 1 {
			t.Fatalf("%d confirmations", len(got))
		}
		notice := env.Mail.WaitFor(t, "gia.iscritta@example.org", 1, apptest.MailWait)[0]
		if !strings.Contains(notice.Text, "sei già iscritto") || !strings.Contains(notice.Text, env.URL+"/newsletter/preferenze?t=") {
			t.Fatalf("notice:\n%s", notice.Text)
		}
		if s := subscriber(t, d, "gia.iscritta@example.org"); s.Status != newsletter.StatusConfirmed || strings.Join(s.Zones, ",") != "lunigiana" {
			t.Fatalf("the form changed a confirmed subscriber: %+v", s)
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM newsletter_subscribers WHERE email = 'nuova@example.org'`); n != 1 {
			t.Fatalf("%d rows for one address", n)
		}
	})
}

func TestBadAddressesAreRefusedWithAMessageAndNothingIsLost(t *testing.T) {
	d := dbtest.SQLite(t)
	env := apptest.New(t, d)
	cases := map[string]string{
		"postmaster@comune.example.it": "indirizzo di servizio",
		"NoReply@asl.example.it":       "indirizzo di servizio",
		"abuse+x@example.org":          "indirizzo di servizio",
		"non-un-indirizzo":             "indirizzo e-mail valido",
		"maria@localhost":              "indirizzo e-mail valido",
		"":                             "obbligatorio",
	}
	for email, want := range cases {
		res := subscribeForm(env.Client(), email, url.Values{"zone": {"lunigiana"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Text("#f-email-error"), want) {
			t.Errorf("%q: status %d, error %q", email, res.Status, res.Text("#f-email-error"))
		}
		if res.Attr("#f-name", "value") != "Maria Rossi" || !res.Has("#f-zone-lunigiana[checked]") {
			t.Errorf("%q: what was typed was lost", email)
		}
	}
	res := subscribeForm(env.Client(), "maria@example.org", url.Values{"consent": {""}, "zone": {"atlantide"}})
	if res.Status != http.StatusUnprocessableEntity || !res.Has("#f-consent-error") || !res.Has("#f-zone-error") {
		t.Errorf("missing consent and unknown zone: %d\n%s", res.Status, res.Text("main"))
	}
	if n := countWhere(t, d, `SELECT COUNT(*) FROM newsletter_subscribers`); n != 0 {
		t.Fatalf("%d subscribers stored from bad input", n)
	}
}

func TestAnExpiredConfirmationLinkOffersANewOne(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		c := env.Client()
		subscribeForm(c, "luca@example.org", nil)
		old := env.Mail.WaitFor(t, "luca@example.org", 1, apptest.MailWait)[0].Links()[0]
		past := db.Now().Add(-8 * 24 * time.Hour)
		if _, err := d.Exec(context.Background(), `UPDATE newsletter_subscribers SET confirm_expires_at = ?, confirm_sent_at = ?`, past, past); err != nil {
			t.Fatal(err)
		}
		page := c.Get(old)
		if page.Status != http.StatusGone || !page.Contains("scaduto") {
			t.Fatalf("expired link: %d\n%s", page.Status, page.Text("main"))
		}
		res := c.Submit(page, "main form", nil)
		if res.Path() != "/newsletter/controlla-email" {
			t.Fatalf("asking a new link: %s", res.URL)
		}
		fresh := env.Mail.WaitFor(t, "luca@example.org", 2, apptest.MailWait)[1].Links()[0]
		if fresh == old {
			t.Fatal("the new link is the old one")
		}
		if res := c.Submit(c.Get(fresh), "main form", nil); res.Path() != "/newsletter/preferenze" {
			t.Fatalf("the new link: %s %d", res.URL, res.Status)
		}
		if bad := c.Get("/newsletter/conferma?t=garbage"); bad.Status != http.StatusGone || !bad.Has(`main a[href="/newsletter"]`) {
			t.Fatalf("garbage link: %d", bad.Status)
		}
	})
}

// personalLink returns a subscriber's unsubscription address as messages
// carry it.
func personalLink(t *testing.T, env *apptest.Env, email, path string) string {
	t.Helper()
	s := subscriber(t, env.DB, email)
	tok, err := newsletter.NewKeyring(env.DB).Token(context.Background(), s.ID, s.Email)
	if err != nil {
		t.Fatal(err)
	}
	return env.URL + path + "?t=" + url.QueryEscape(tok)
}

func TestOneClickUnsubscribeWorksWithoutCookiesOrOrigin(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		importCSV(t, d, "email;consenso\nanna@example.org;sì\npiero@example.org;sì\n")
		link := personalLink(t, env, "anna@example.org", "/newsletter/disiscriviti")

		// A GET (a scanner following the link) changes nothing.
		if res := env.Client().Get(link); res.Status != http.StatusOK || subscriber(t, d, "anna@example.org").Status != newsletter.StatusConfirmed {
			t.Fatalf("GET: %d", res.Status)
		}
		// RFC 8058: a bare POST from the mail provider's server.
		res, err := http.Post(link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("one-click POST: %d", res.StatusCode)
		}
		if s := subscriber(t, d, "anna@example.org"); s.Status != newsletter.StatusUnsubscribed || s.UnsubscribedAt.IsZero() {
			t.Fatalf("after one-click: %+v", s)
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM newsletter_consents WHERE event = 'unsubscribe' AND detail = 'one-click'`); n != 1 {
			t.Fatalf("%d unsubscribe records", n)
		}
		// Again: still fine, nothing more recorded.
		res, err = http.Post(link, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("second POST: %v %v", err, res.StatusCode)
		}
		res.Body.Close()

		// Some clients send multipart/form-data.
		body := "--b\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--b--\r\n"
		res, err = http.Post(personalLink(t, env, "piero@example.org", "/newsletter/disiscriviti"), "multipart/form-data; boundary=b", strings.NewReader(body))
		if err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("multipart POST: %v %v", err, res.StatusCode)
		}
		res.Body.Close()
		if subscriber(t, d, "piero@example.org").Status != newsletter.StatusUnsubscribed {
			t.Fatal("multipart one-click did not unsubscribe")
		}
		// A forged token is refused.
		res, err = http.Post(env.URL+"/newsletter/disiscriviti?t=1.AAAAAAAAAAAAAAAAAAAAAA", "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil || res.StatusCode != http.StatusGone {
			t.Fatalf("forged token: %v %v", err, res.StatusCode)
		}
		res.Body.Close()
	})
}

func TestUnsubscribingKillsTheOldConfirmationLink(t *testing.T) {
	d := dbtest.SQLite(t)
	env := apptest.New(t, d)
	c := env.Client()
	subscribeForm(c, "sara@example.org", nil)
	link := env.Mail.WaitFor(t, "sara@example.org", 1, apptest.MailWait)[0].Links()[0]
	c.Submit(c.Get(link), "main form", nil)
	page := c.Get(personalLink(t, env, "sara@example.org", "/newsletter/disiscriviti"))
	if res := c.Submit(page, "main form", nil); !res.Contains("Non sei più iscritto") {
		t.Fatalf("unsubscribe page: %s", res.Text("main"))
	}
	if res := c.Get(link); res.Status != http.StatusGone {
		t.Fatalf("the old confirmation link still works after unsubscribing: %d", res.Status)
	}
	if subscriber(t, d, "sara@example.org").Status != newsletter.StatusUnsubscribed {
		t.Fatal("resubscribed")
	}
}

func TestPreferencesAreChangedFromThePersonalLink(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		importCSV(t, d, "email;nome;territori;consenso\nelena@example.org;Elena;lunigiana;sì\n")
		c := env.Client()
		page := c.Get(personalLink(t, env, "elena@example.org", "/newsletter/preferenze"))
		if !page.Has("#f-zone-lunigiana[checked]") || page.Attr("#f-name", "value") != "Elena" {
			t.Fatalf("preferences page:\n%s", page.Text("main"))
		}
		form := url.Values{"name": {"Elena B."}, "lang": {"en"}, "zone": {"apuane", "versilia"}, "topic": {"avvisi"}}
		res := c.Submit(page, "main form", form)
		if !res.Contains("Preferenze salvate") {
			t.Fatalf("after saving: %s\n%s", res.URL, res.Text("main"))
		}
		s := subscriber(t, d, "elena@example.org")
		if s.Name != "Elena B." || s.Lang != "en" || strings.Join(s.Zones, ",") != "apuane,versilia" || strings.Join(s.Topics, ",") != "avvisi" {
			t.Fatalf("saved %+v", s)
		}
		if res := c.Get("/newsletter/preferenze?t=" + url.QueryEscape("1.xxxxxxxxxxxxxxxxxxxxxx")); res.Status != http.StatusGone {
			t.Fatalf("forged preferences link: %d", res.Status)
		}
	})
}
