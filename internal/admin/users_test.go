package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/roles"
)

func TestUserListSearchesByEmailOrNameAndPaginates(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for i := range 30 {
			e.user(fmt.Sprintf("persona%02d@example.org", i), fmt.Sprintf("Persona %02d", i), i%2 == 0)
		}
		e.user("mario.rossi@example.org", "Mario Rossi", false)
		e.user("cento_per_cento@example.org", "Lucia Bianchi", true)

		// 33 users, 25 a page, newest first.
		expect(t, e.get("/admin/utenti"), http.StatusOK, "Utenti trovati: 33", "cento_per_cento@example.org", "Pagina 1 di 2",
			`href="/admin/utenti?page=2"`, "<caption>")
		expect(t, e.get("/admin/utenti?page=2"), http.StatusOK, "Pagina 2 di 2", "persona00@example.org", "admin@example.org")
		// Past the end: to the last page, filter kept; nonsense: the first page.
		expectRedirect(t, e.get("/admin/utenti?q=persona&page=9"), "/admin/utenti?page=2&q=persona")
		expect(t, e.get("/admin/utenti?page=abc"), http.StatusOK, "Pagina 1 di 2")
		expect(t, e.get("/admin/utenti?page=-3"), http.StatusOK, "Pagina 1 di 2")

		// By name, ignoring case; by part of the e-mail.
		w := e.get("/admin/utenti?q=ROSSI")
		expect(t, w, http.StatusOK, "Utenti trovati: 1", "mario.rossi@example.org")
		expect(t, e.get("/admin/utenti?q=persona1"), http.StatusOK, "Utenti trovati: 10")
		// Wildcards are taken literally.
		expect(t, e.get("/admin/utenti?q=_per_"), http.StatusOK, "Utenti trovati: 1", "cento_per_cento@example.org")
		expect(t, e.get("/admin/utenti?q=%25"), http.StatusOK, "Utenti trovati: 0", "Nessun utente corrisponde")
		// No match, beyond page 1: back to page 1 of nothing.
		expectRedirect(t, e.get("/admin/utenti?q=nessuno&page=2"), "/admin/utenti?q=nessuno")
		// Status is shown.
		expect(t, e.get("/admin/utenti?q=mario"), http.StatusOK, "E-mail da verificare")
		// An over-long or broken search does not fail.
		expect(t, e.get("/admin/utenti?q="+strings.Repeat("x", 5000)), http.StatusOK, "Utenti trovati: 0")
		expect(t, e.get("/admin/utenti?q=%ff%fe"), http.StatusOK, "Utenti trovati: 33")
	})
}

func TestUserPageShowsGrantsWithTheirTerritory(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.user("coord@example.org", "Carla Coordinatrice", true)
		e.grant(id, authz.Coordinator, "lunigiana")
		e.grant(id, authz.Monitor, "")
		expect(t, e.get(fmt.Sprintf("/admin/utenti/%d", id)), http.StatusOK,
			"Carla Coordinatrice", "Coordinatore", "Lunigiana", "Monitoraggio e valutazione", "Tutti i territori",
			`<option value="valdichiana-aretina">Valdichiana Aretina</option>`, `scope="row"`)
		w := e.do(e.admin, http.MethodGet, fmt.Sprintf("/admin/utenti/%d", id), nil, i18n.EN)
		expect(t, w, http.StatusOK, "Coordinator", "All territories", "Grant a role", `<html lang="en">`)
		expect(t, e.get(fmt.Sprintf("/admin/utenti/%d", e.admin.UserID)), http.StatusOK, "(sei tu)", "Amministratore")
	})
}

func TestUnknownUsersAndGrantsAreNotFound(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		other := e.user("altro@example.org", "", true)
		e.grant(other, authz.Activator, "elba")
		grants, err := roles.List(context.Background(), d, other)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct{ method, path string }{
			{http.MethodGet, "/admin/utenti/999999"},
			{http.MethodGet, "/admin/utenti/abc"},
			{http.MethodGet, "/admin/utenti/0"},
			{http.MethodGet, "/admin/utenti/99999999999999999999999"},
			{http.MethodPost, "/admin/utenti/999999/ruoli"},
			{http.MethodPost, "/admin/utenti/abc/ruoli"},
			{http.MethodPost, "/admin/utenti/999999/ruoli/1/revoca"},
			{http.MethodPost, fmt.Sprintf("/admin/utenti/%d/ruoli/999999/revoca", other)},
			{http.MethodPost, fmt.Sprintf("/admin/utenti/%d/ruoli/x/revoca", other)},
			// A grant of another user, addressed under the admin's id.
			{http.MethodPost, fmt.Sprintf("/admin/utenti/%d/ruoli/%d/revoca", e.admin.UserID, grants[0].ID)},
		} {
			w := e.do(e.admin, tc.method, tc.path, url.Values{"role": {"coordinator"}, "zone": {"elba"}})
			if w.Code != http.StatusNotFound || !strings.Contains(w.Body.String(), "Pagina non trovata") {
				t.Errorf("%s %s: status %d, want the 404 page", tc.method, tc.path, w.Code)
			}
		}
		if g, _ := roles.List(context.Background(), d, other); len(g) != 1 {
			t.Errorf("the other user's grant was touched: %+v", g)
		}
	})
}

func TestGrantingARoleForAZoneIsAudited(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		id := e.user("nuovo@example.org", "Nuovo", true)
		page := fmt.Sprintf("/admin/utenti/%d", id)

		w := e.post(page+"/ruoli", url.Values{"role": {"coordinator"}, "zone": {"lunigiana"}})
		expectRedirect(t, w, page)
		if c := w.Header().Get("Set-Cookie"); !strings.Contains(c, "flash.admin.role_granted") {
			t.Errorf("no confirmation flash: %q", c)
		}
		expectRedirect(t, e.post(page+"/ruoli", url.Values{"role": {"monitor"}, "zone": {"*"}}), page)
		// Admin is always for every territory, whatever zone is sent.
		expectRedirect(t, e.post(page+"/ruoli", url.Values{"role": {"admin"}, "zone": {"elba"}}), page)

		got, err := roles.For(ctx, d, id)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprint([]authz.Grant{{Role: authz.Admin}, {Role: authz.Coordinator, ZoneID: "lunigiana"}, {Role: authz.Monitor}})
		if fmt.Sprint(got) != want {
			t.Errorf("grants = %v, want %v", got, want)
		}
		entries, total, err := audit.List(ctx, d, audit.Filter{Action: "role.grant", EntityID: fmt.Sprint(id)})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || entries[2].ActorID != e.admin.UserID || entries[2].ActorLabel != "admin@example.org" || entries[2].ZoneID != "lunigiana" {
			t.Errorf("audit: %d entries, oldest %+v", total, entries[len(entries)-1])
		}
	})
}

func TestGrantFormReportsEveryProblemAndKeepsTheChoices(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.user("nuovo@example.org", "Nuovo", true)
		e.grant(id, authz.Evaluator, "elba")
		path := fmt.Sprintf("/admin/utenti/%d/ruoli", id)

		expect(t, e.post(path, url.Values{}), http.StatusUnprocessableEntity,
			`id="form-errors"`, "Questo campo è obbligatorio.", "Scegli un territorio, oppure", `href="#f-role"`, `href="#f-zone"`)
		expect(t, e.post(path, url.Values{"role": {"imperatore"}, "zone": {"pisana"}}), http.StatusUnprocessableEntity,
			"Scegli uno dei ruoli dell&#39;elenco.", `<option value="pisana" selected>Pisana</option>`)
		expect(t, e.post(path, url.Values{"role": {"activator"}, "zone": {"atlantide"}}), http.StatusUnprocessableEntity,
			"Il territorio scelto non esiste", `<option value="activator" selected>`)
		expect(t, e.post(path, url.Values{"role": {"evaluator"}, "zone": {"elba"}}), http.StatusConflict,
			"L&#39;utente ha già questo ruolo in questo territorio")
		w := e.do(e.admin, http.MethodPost, path, url.Values{"role": {"evaluator"}, "zone": {"elba"}}, i18n.EN)
		expect(t, w, http.StatusConflict, "The user already holds this role in this territory")

		if g, _ := roles.List(context.Background(), d, id); len(g) != 1 {
			t.Errorf("invalid submissions changed the grants: %+v", g)
		}
	})
}

func TestRevokingARole(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		id := e.user("coord@example.org", "", true)
		e.grant(id, authz.Coordinator, "senese")
		e.grant(id, authz.Admin, "")
		grants, _ := roles.List(ctx, d, id)
		page := fmt.Sprintf("/admin/utenti/%d", id)

		for _, g := range grants {
			expectRedirect(t, e.post(fmt.Sprintf("%s/ruoli/%d/revoca", page, g.ID), nil), page)
		}
		if g, _ := roles.List(ctx, d, id); len(g) != 0 {
			t.Errorf("grants left after revoking: %+v", g)
		}
		if _, total, _ := audit.List(ctx, d, audit.Filter{Action: "role.revoke", EntityID: fmt.Sprint(id)}); total != 2 {
			t.Errorf("%d revocations audited, want 2", total)
		}
		// Revoking the same grant again: it is gone.
		w := e.post(fmt.Sprintf("%s/ruoli/%d/revoca", page, grants[0].ID), nil)
		if w.Code != http.StatusNotFound {
			t.Errorf("second revocation: status %d, want 404", w.Code)
		}
	})
}

func TestAnAdminCannotRevokeTheirOwnLastAdminGrant(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		own, _ := roles.List(ctx, d, e.admin.UserID)
		page := fmt.Sprintf("/admin/utenti/%d", e.admin.UserID)
		w := e.post(fmt.Sprintf("%s/ruoli/%d/revoca", page, own[0].ID), nil)
		expect(t, w, http.StatusConflict, "Non puoi revocare il tuo ruolo di amministratore", "Chiedi a un altro amministratore")
		if g, _ := roles.List(ctx, d, e.admin.UserID); len(g) != 1 {
			t.Fatalf("own admin grant was revoked: %+v", g)
		}
		// Another admin may revoke it.
		other := e.user("altro.admin@example.org", "", true)
		e.grant(other, authz.Admin, "")
		p := *e.admin
		p.UserID, p.Email = other, "altro.admin@example.org"
		w = e.do(&p, http.MethodPost, fmt.Sprintf("%s/ruoli/%d/revoca", page, own[0].ID), url.Values{})
		expectRedirect(t, w, page)
		// And an admin may drop their other roles.
		e.grant(other, authz.Coordinator, "elba")
		mine, _ := roles.List(ctx, d, other)
		for _, g := range mine {
			if g.Role == authz.Coordinator {
				expectRedirect(t, e.do(&p, http.MethodPost, fmt.Sprintf("/admin/utenti/%d/ruoli/%d/revoca", other, g.ID), url.Values{}),
					fmt.Sprintf("/admin/utenti/%d", other))
			}
		}
	})
}
