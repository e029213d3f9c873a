package newsletter_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// TestEveryPageRendersInBothLanguages opens every page of the feature, in
// Italian and English, with a campaign in each state; apptest fails on a
// message key missing from the catalogue. At the end every newsletter
// page must have been rendered.
func TestEveryPageRendersInBothLanguages(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		ctx := context.Background()
		importCSV(t, d, "email;nome;consenso\nmaria@example.org;Maria;sì\n")
		admin := login(t, env, "admin@example.org", authz.Grant{Role: authz.Admin})
		scheduled := campaign(t, d, newsletter.CampaignInput{Subject: "Programmata", Body: "Ciao {{nome}}"})
		sent := campaign(t, d, newsletter.CampaignInput{Subject: "Inviata", Body: "**Notizie**", Archive: true})
		startAndSend(t, sender(t, d, env.Mail.Config()), sent)
		if err := newsletter.Schedule(ctx, d, scheduled, db.Now().Add(24*time.Hour), newsletter.Actor{}); err != nil {
			t.Fatal(err)
		}
		draft := campaign(t, d, newsletter.CampaignInput{Subject: "Bozza", Body: "b"})
		unsub := personalLink(t, env, "maria@example.org", "/newsletter/disiscriviti")
		prefs := personalLink(t, env, "maria@example.org", "/newsletter/preferenze")
		base := "/gestione/newsletter/campagne/"
		pages := []string{"/newsletter", "/newsletter/controlla-email", "/newsletter/archivio",
			"/newsletter/archivio/" + strconv.FormatInt(sent, 10), prefs, unsub,
			"/gestione/newsletter", "/gestione/newsletter/iscritti", "/gestione/newsletter/importa", "/gestione/newsletter/rimbalzi",
			base + "nuova", base + strconv.FormatInt(draft, 10), base + strconv.FormatInt(scheduled, 10),
			base + strconv.FormatInt(sent, 10), base + strconv.FormatInt(sent, 10) + "/anteprima"}
		for _, lang := range i18n.Langs {
			admin.Lang = string(lang)
			for _, p := range pages {
				if res := admin.Get(p); res.Status != http.StatusOK || !strings.Contains(res.Body, `<html lang="`+string(lang)+`">`) {
					t.Errorf("%s in %s: %d", p, lang, res.Status)
				}
			}
			c := env.Client()
			c.Lang = string(lang)
			subscribeForm(c, "nuovo-"+string(lang)+"@example.org", nil)
			link := env.Mail.WaitFor(t, "nuovo-"+string(lang)+"@example.org", 1, apptest.MailWait)[0].Links()[0]
			if res := c.Get(link); res.Status != http.StatusOK {
				t.Errorf("confirmation page: %d", res.Status)
			}
			if res := c.Get("/newsletter/conferma?t=scaduto"); res.Status != http.StatusGone {
				t.Errorf("link problem page: %d", res.Status)
			}
		}
		if res := admin.PostForm(unsub, nil); res.Status != http.StatusOK {
			t.Errorf("unsubscribed page: %d", res.Status)
		}
		rendered := env.App.Render.Rendered()
		for _, name := range env.App.Render.Pages() {
			if strings.HasPrefix(name, "newsletter/") && !rendered[name] {
				t.Errorf("page %s is never rendered by this test", name)
			}
		}
		if u := i18n.Unknown(); len(u) > 0 {
			t.Errorf("unknown message keys: %v", u)
		}
		if bad := i18n.Incomplete(); len(bad) > 0 {
			for _, k := range bad {
				if strings.HasPrefix(k, "newsletter.") || strings.HasPrefix(k, "flash.newsletter.") {
					t.Errorf("message %s lacks a language", k)
				}
			}
		}
	})
}
