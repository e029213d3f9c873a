package paths_test

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

// TestCoordinatorCreatesPreviewsAndPublishesAPathInTheBrowserFlow drives
// the real server with a browser-like client: log in, create a draft from
// the form, preview it, publish it, and see it on the territory page.
func TestCoordinatorCreatesPreviewsAndPublishesAPathInTheBrowserFlow(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		const pw = "una passphrase abbastanza lunga"
		env.CreateUser(t, "marta@example.org", pw, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
		c := env.Client()
		c.Login(t, "marta@example.org", pw)

		form := c.Get("/gestione/percorsi/nuovo?zona=" + zoneA)
		if form.Status != http.StatusOK {
			t.Fatalf("new path form: %d", form.Status)
		}
		// The client keeps inputs and checked radios; selects are given here.
		res := c.Submit(form, `form[action="/gestione/percorsi/nuovo"]`, url.Values{
			"zone": {zoneA}, "edition": {"seconda-edizione"}, "title_it": {"Cantiere della Salute – Lunigiana"}, "start_date": {"2024-03-04"},
		})
		if res.Path() != "/gestione/percorsi/cantiere-della-salute-lunigiana" || !res.Contains("Bozza creata") {
			t.Fatalf("after creating: %s %d\n%s", res.URL, res.Status, res.Text("main"))
		}
		preview := c.Get("/percorsi/cantiere-della-salute-lunigiana/cronoprogramma")
		if preview.Status != http.StatusOK || !preview.Has(".cantieri-preview") || !preview.Has("svg.cantieri-gantt") {
			t.Fatalf("preview: %d", preview.Status)
		}
		if csp := preview.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP %q", csp)
		}
		if anon := env.Client().Get("/percorsi/cantiere-della-salute-lunigiana"); anon.Status != http.StatusNotFound {
			t.Errorf("a visitor sees the draft: %d", anon.Status)
		}
		res = c.Submit(res, `form[action="/gestione/percorsi/cantiere-della-salute-lunigiana/pubblica"]`, nil)
		if !res.Contains("Percorso pubblicato") || !res.Has(`form[action="/gestione/percorsi/cantiere-della-salute-lunigiana/ritira"]`) {
			t.Fatalf("after publishing: %s\n%s", res.URL, res.Text("main"))
		}
		zone := env.Client().Get("/territori/" + zoneA)
		if !zone.Has(`a[href="/percorsi/cantiere-della-salute-lunigiana"]`) {
			t.Error("the published path is not on the territory page")
		}
	})
}
