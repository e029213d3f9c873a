package glossary_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/glossary"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
)

const password = "una frase segreta piuttosto lunga"

// signIn creates an account with the grants and returns a client logged
// in as it, and the account's id.
func signIn(t *testing.T, env *apptest.Env, email string, grants ...authz.Grant) (*apptest.Client, int64) {
	t.Helper()
	id := env.CreateUser(t, email, password, grants...)
	c := env.Client()
	c.Login(t, email, password)
	return c, id
}

// editorClient is a glossary editor for the whole region.
func editorClient(t *testing.T, env *apptest.Env) (*apptest.Client, int64) {
	t.Helper()
	return signIn(t, env, "redattrice@example.org", authz.Grant{Role: authz.GlossaryEditor})
}

// proposal is a valid proposal of a new term; fields override its values.
func proposal(fields url.Values) url.Values {
	v := url.Values{
		"name":          {"Maria Rossi"},
		"email":         {"maria.rossi@example.org"},
		"term_it":       {"Ticket sanitario"},
		"definition_it": {"Il ticket è una somma che paghi per alcune visite ed esami."},
		"consent":       {"1"},
	}
	for k, vs := range fields {
		v[k] = vs
	}
	return v
}

func pending(t *testing.T, d *db.DB) []glossary.Contribution {
	t.Helper()
	ps, err := glossary.PendingProposals(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// mustStatus fails the test unless res has status want.
func mustStatus(t *testing.T, res *apptest.Response, want int) {
	t.Helper()
	if res.Status != want {
		t.Fatalf("%s: status %d, want %d\n%s", res.URL, res.Status, want, res.Text("main"))
	}
}

// reviewLink is the queue's link to the only proposal waiting.
func reviewLink(t *testing.T, editor *apptest.Client) string {
	t.Helper()
	queue := editor.Get("/gestione/glossario/proposte")
	mustStatus(t, queue, 200)
	links := queue.Find(`main a[href^="/gestione/glossario/proposte/"]`)
	if len(links) != 1 {
		t.Fatalf("queue has %d review links:\n%s", len(links), queue.Text("main"))
	}
	return links[0].Attr("href")
}

// contains fails the test unless every s is in the text of res's main.
func contains(t *testing.T, res *apptest.Response, ss ...string) {
	t.Helper()
	text := res.Text("main")
	for _, s := range ss {
		if !strings.Contains(text, s) {
			t.Errorf("%s does not say %q:\n%s", res.URL, s, text)
		}
	}
}
