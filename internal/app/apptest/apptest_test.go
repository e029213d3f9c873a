package apptest_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const page = `<!DOCTYPE html><html lang="it"><head><title>T &amp; C</title><script>if (a < b) { x = "</div>" }</script></head>
<body><main id="main" class="container my-4">
<form method="post" action="/accedi" class="f"><input type="hidden" name="next" value="/a?b=1&amp;c=2">
<input type=email name=email value='x@y.it' required><input type="checkbox" name="keep" value="1" checked>
<input type="checkbox" name="skip" value="1"><textarea name="note">due
righe</textarea><button type="submit">Vai</button></form>
<ul id="list"><li class="a b">uno<li class="b">due <em>tre</em></li></ul><br><img src="/x.png" alt="">
<p data-x="1">fine</p></main></body></html>`

func TestFindMatchesTagsIdsClassesAttributesAndDescendants(t *testing.T) {
	doc := apptest.ParseHTML(page)
	cases := map[string]int{
		"li": 2, "#list li": 2, "ul .b": 2, "li.a.b": 1, ".a": 1, "main form input": 4, "form[action=/accedi] [name=next]": 1,
		`form[action="/accedi"] input[type=checkbox]`: 2, "[data-x]": 1, "a": 0, "main img": 1, "body p": 1,
		"input[name^=ke]": 1, "html[lang=it]": 1, "em, p": 2, "script": 1, "div": 0,
	}
	for sel, want := range cases {
		if got := len(doc.Find(sel)); got != want {
			t.Errorf("Find(%q) = %d elements, want %d", sel, got, want)
		}
	}
	if got := doc.First("[name=next]").Attr("value"); got != "/a?b=1&c=2" {
		t.Errorf("attribute entities not decoded: %q", got)
	}
	if got := doc.First("input[type=email]").Attr("value"); got != "x@y.it" {
		t.Errorf("single-quoted value: %q", got)
	}
	if got := doc.First("#list").Text(); got != "uno due tre" {
		t.Errorf("Text = %q", got)
	}
	if got := doc.First("title").Text(); got != "T & C" {
		t.Errorf("title = %q", got)
	}
	if got := doc.Find("em, p"); got[0].Tag != "em" || got[1].Tag != "p" {
		t.Errorf("alternatives are not in document order")
	}
}

func TestParseHTMLNeverPanics(t *testing.T) {
	for _, s := range []string{"", "<", "<<>>", "</x>", "<a", "<a b", "<a b=", `<a b="`, "<!--", "<!x", "<script>", "<p/><br/></p></div>", "<a =x>"} {
		apptest.ParseHTML(s).Find("a p, [b]")
	}
}

func FuzzParseHTML(f *testing.F) {
	f.Add(page, "main form input")
	f.Fuzz(func(t *testing.T, s, sel string) {
		apptest.ParseHTML(s).Find(sel)
	})
}

func TestEnvServesTheAppSignsInAndDeliversMailOverSMTP(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		if !strings.HasPrefix(env.URL, "http://127.0.0.1:") || env.App.Config.BaseURL != env.URL {
			t.Fatalf("URL %q, base URL %q", env.URL, env.App.Config.BaseURL)
		}
		env.CreateUser(t, "ada@example.org", "una passphrase abbastanza lunga", authz.Grant{Role: authz.Admin})
		c := env.Client()
		if res := c.Get("/"); res.Status != http.StatusOK || !res.Has(`a[href="/accedi"]`) {
			t.Fatalf("home: %d", res.Status)
		}
		c.Login(t, "ada@example.org", "una passphrase abbastanza lunga")
		if res := c.Get("/"); !res.Has(`a[href="/account"]`) {
			t.Fatal("signed in, the header shows no account link")
		}
		// A second client has its own cookies.
		if res := env.Client().Get("/account"); res.Path() != "/accedi" || len(res.Redirects) != 1 {
			t.Fatalf("a fresh client reached %s via %v", res.URL, res.Redirects)
		}
		c.PostForm("/password-dimenticata", url.Values{"email": {"ada@example.org"}})
		m := env.Mail.WaitFor(t, "ada@example.org", 1, apptest.MailWait)[0]
		if len(m.Links()) == 0 || !strings.HasPrefix(m.Links()[0], env.URL+"/") {
			t.Fatalf("e-mail links do not point at the test server:\n%s", m.Text)
		}
	})
}
