package accounts_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestWeakPasswordsAreRefusedAtSignUpWithTheReasonAndTheFormKept(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		for pw, reason := range map[string]string{
			"breve":           "troppo corta",
			"juventus1897":    "tra le più usate",
			"qwertyuiop1234":  "tra le più usate",
			"1234567890":      "tra le più usate",
			"asdfghjklòàù":    "sequenza prevedibile",
			"aaaaaaaaaaaa":    "sequenza prevedibile",
			"giuliabianchi90": "nome",
		} {
			res := signUp(env.Client(), "Giulia Bianchi", "giulia.bianchi@example.org", pw)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%q: status %d, want 422", pw, res.Status)
				continue
			}
			if got := res.Text("#f-password-error"); !strings.Contains(got, reason) {
				t.Errorf("%q: message %q does not say %q", pw, got, reason)
			}
			if !res.Has(`#form-errors a[href="#f-password"]`) || res.Attr("#f-password", "aria-describedby") != "f-password-hint f-password-error" {
				t.Errorf("%q: error not in the summary or not tied to the field", pw)
			}
			if res.Attr("#f-name", "value") != "Giulia Bianchi" || res.Attr("#f-email", "value") != "giulia.bianchi@example.org" ||
				!res.Doc().First("#f-privacy").HasAttr("checked") {
				t.Errorf("%q: the form lost what was typed", pw)
			}
			if res.Contains(pw) && len(pw) > 5 {
				t.Errorf("%q: the password is written back into the page", pw)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM users`); n != 0 {
			t.Fatalf("%d accounts created with weak passwords", n)
		}
	})
}

func TestInvalidUTF8AndOverlongInputAreExplainedAndTheRestKept(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		long := strings.Repeat("Maria ", 30)
		body := "name=" + url.QueryEscape(long) + "&email=" + url.QueryEscape("bad\xffbyte@example.org") +
			"&password=" + url.QueryEscape(firstPassword) + "&confirm=" + url.QueryEscape(firstPassword) + "&privacy=1"
		for _, lang := range []string{"it", "en"} {
			c := env.Client()
			c.Lang = lang
			req, _ := http.NewRequest(http.MethodPost, env.URL+"/registrati", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res := c.Do(req)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("%s: status %d, want 422", lang, res.Status)
			}
			wantLong, wantUTF8 := "troppo lungo", "caratteri non validi"
			if lang == "en" {
				wantLong, wantUTF8 = "too long", "invalid characters"
			}
			if !strings.Contains(res.Text("#f-name-error"), wantLong) || !strings.Contains(res.Text("#f-email-error"), wantUTF8) {
				t.Errorf("%s: messages %q / %q", lang, res.Text("#f-name-error"), res.Text("#f-email-error"))
			}
			if got := res.Attr("#f-name", "value"); got != strings.TrimSpace(long) {
				t.Errorf("%s: the over-long name was not kept: %q", lang, got)
			}
		}
		tooLongEmail := strings.Repeat("a", 250) + "@example.org"
		res := env.Client().PostForm("/accedi", url.Values{"email": {tooLongEmail}, "password": {strings.Repeat("x", 300)}})
		if res.Status != http.StatusUnprocessableEntity || res.Attr("#f-email", "value") != tooLongEmail ||
			!res.Has("#f-email-error") || !res.Has("#f-password-error") {
			t.Errorf("over-long login: %d", res.Status)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM users`); n != 0 {
			t.Fatalf("%d accounts created from bad input", n)
		}
	})
}

func TestSignUpNeedsEveryFieldAndThePrivacyConsent(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		res := env.Client().PostForm("/registrati", url.Values{"email": {"non-un-indirizzo"}, "password": {firstPassword}, "confirm": {"diversa"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.Status)
		}
		for _, field := range []string{"name", "email", "confirm", "privacy"} {
			if !res.Has("#f-"+field+"-error") || !res.Has(`#form-errors a[href="#f-`+field+`"]`) {
				t.Errorf("no message for %s", field)
			}
		}
		if res.Attr("#f-email", "value") != "non-un-indirizzo" {
			t.Error("the typed e-mail was not kept")
		}
	})
}

func TestEveryAccountPageRendersInBothLanguages(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "pagine@example.org", firstPassword)
		for _, lang := range []string{"it", "en"} {
			c := env.Client()
			c.Lang = lang
			for _, p := range []string{"/registrati", "/registrati/controlla-email", "/accedi", "/password-dimenticata"} {
				if res := c.Get(p); res.Status != http.StatusOK || res.Attr("html", "lang") != lang {
					t.Errorf("%s %s: %d", lang, p, res.Status)
				}
			}
			c.Login(t, "pagine@example.org", firstPassword)
			for _, p := range []string{"/account", "/account/nome", "/account/password", "/account/email"} {
				if res := c.Get(p); res.Status != http.StatusOK || res.Path() != p {
					t.Errorf("%s %s: %d at %s", lang, p, res.Status, res.URL)
				}
			}
			// Signed in, the login and sign-up pages lead to the account.
			if res := c.Get("/registrati"); res.Path() != "/account" {
				t.Errorf("%s: /registrati signed in is at %s", lang, res.URL)
			}
			if res := c.Get("/accedi?next=/account/email"); res.Path() != "/account/email" {
				t.Errorf("%s: /accedi signed in is at %s", lang, res.URL)
			}
		}
	})
}
