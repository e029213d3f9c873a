package app_test

// The security suite's checks through the real HTTP stack (docs/security.md):
// every state-changing route refuses a cross-origin POST without effect,
// a session identifier planted before login is never promoted, logout ends
// the session on the server, and cookies carry their flags.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/config"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

const securityPassword = "Vento-di-Maestrale-sul-Porto-7"

// stateChangingRoutes returns the registered routes a POST can reach: those
// registered for POST, PUT, PATCH or DELETE and those registered for any
// method. The list comes from the router, so a new route cannot be missed;
// each must have its probe in routeTable (the matrix test says so too).
func stateChangingRoutes(t *testing.T, a *app.App) []routeRow {
	t.Helper()
	rows := map[string]routeRow{}
	for _, row := range routeTable {
		rows[row.pattern] = row
	}
	var out []routeRow
	for _, rt := range a.Router.Routes() {
		method, _, found := strings.Cut(rt.Pattern, " ")
		if found && method != http.MethodPost && method != http.MethodPut && method != http.MethodPatch && method != http.MethodDelete {
			continue
		}
		row, ok := rows[rt.Pattern]
		if !ok {
			t.Errorf("route %q has no row (and probe) in routeTable", rt.Pattern)
			continue
		}
		out = append(out, row)
	}
	if len(out) < 20 {
		t.Fatalf("only %d state-changing routes found: the route list is wrong", len(out))
	}
	return out
}

// probeURL is a row's probe with its placeholders filled for zone A.
func probeURL(row routeRow) string {
	target := strings.ReplaceAll(row.probe, "{zone}", zoneA)
	target = strings.ReplaceAll(target, "{activity}", fmt.Sprint(matrixActivity[zoneA]))
	target = strings.ReplaceAll(target, "{call}", fmt.Sprint(matrixCall[zoneA]))
	target = strings.ReplaceAll(target, "{application}", fmt.Sprint(matrixApplication[zoneA]))
	return strings.ReplaceAll(target, "{track}", fmt.Sprint(matrixTrack[zoneA]))
}

// fingerprint is the number of rows of every table: a write anywhere that
// adds or removes a row changes it, and an update leaves a row in the audit
// log, which it counts too.
func fingerprint(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if d.Engine == db.Postgres {
		q = `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM "`+table+`"`).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// crossOriginVariants are the ways a browser marks a request sent by
// another site: Sec-Fetch-Site (every current browser), or only Origin
// (older browsers); a sibling subdomain is same-site but not same-origin.
var crossOriginVariants = []struct {
	name    string
	headers map[string]string
}{
	{"sec-fetch-site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}},
	{"sec-fetch-site same-site", map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "https://altro.cantieri.example"}},
	{"origin only", map[string]string{"Origin": "https://evil.example"}},
	{"both", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}},
}

func TestEveryStateChangingRouteRefusesCrossOriginPosts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		matrixRecords(t, d)
		env.CreateUser(t, "amministratrice@example.org", securityPassword, authz.Grant{Role: authz.Admin})
		c := env.Client()
		c.Login(t, "amministratrice@example.org", securityPassword)
		c.FollowRedirects = false
		routes := stateChangingRoutes(t, env.App)
		form := url.Values{"title_it": {"Scritto da un altro sito"}, "body_it": {"x"}, "confirm": {"1"}, "email": {"evil@example.org"}}

		before := fingerprint(t, d)
		for _, row := range routes {
			target := probeURL(row)
			for _, v := range crossOriginVariants {
				req, err := http.NewRequest(http.MethodPost, env.URL+target, strings.NewReader(form.Encode()))
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				for k, val := range v.headers {
					req.Header.Set(k, val)
				}
				res := c.Do(req)
				if res.Status != http.StatusForbidden || !strings.Contains(res.Body, "proviene da un altro sito") {
					t.Errorf("POST %s (%s): want the 403 cross-origin page, got %d %s", target, v.name, res.Status, res.Location())
				}
			}
		}
		after := fingerprint(t, d)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("cross-origin POSTs changed table %s: %d rows, then %d", table, n, after[table])
			}
		}
		if c.Cookie("session") == "" {
			t.Error("a cross-origin POST ended the session (POST /esci went through)")
		}

		// The same requests from the site itself are not refused for their
		// origin: the 403s above come from the origin check, not the route.
		for _, row := range routes {
			target := probeURL(row)
			req, err := http.NewRequest(http.MethodPost, env.URL+target, strings.NewReader(""))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.Header.Set("Origin", env.URL)
			if res := c.Do(req); strings.Contains(res.Body, "proviene da un altro sito") || res.Status >= 500 {
				t.Errorf("POST %s from the site itself: %d %s", target, res.Status, res.Location())
			}
			if row.pattern == "POST /esci" {
				c.FollowRedirects = true
				c.Login(t, "amministratrice@example.org", securityPassword)
				c.FollowRedirects = false
			}
		}
	})
}

func TestASessionPlantedBeforeLoginIsNeverPromoted(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		env.CreateUser(t, "vittima@example.org", securityPassword)
		env.CreateUser(t, "attaccante@example.org", securityPassword)

		// The attacker's own valid session, and a well-formed made-up one.
		attacker := env.Client()
		attacker.Login(t, "attaccante@example.org", securityPassword)
		planted := []string{attacker.Cookie("session"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
		for _, id := range planted {
			victim := env.Client()
			victim.SetCookie(&http.Cookie{Name: "session", Value: id})
			victim.Login(t, "vittima@example.org", securityPassword)
			if got := victim.Cookie("session"); got == id || got == "" {
				t.Fatalf("after login the session id is %q, the planted one was %q", got, id)
			}
			// Whoever holds the planted id is not signed in as the victim.
			holder := env.Client()
			holder.SetCookie(&http.Cookie{Name: "session", Value: id})
			if res := holder.Get("/account"); res.Contains("vittima@example.org") {
				t.Fatalf("the planted session id %q opens the victim's account", id)
			}
		}
	})
}

func TestLogoutEndsTheSessionOnTheServer(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		uid := env.CreateUser(t, "uscita@example.org", securityPassword)
		c := env.Client()
		c.Login(t, "uscita@example.org", securityPassword)
		stolen := c.Cookie("session")
		res := c.PostForm("/esci", url.Values{})
		if res.Status != http.StatusOK || c.Cookie("session") != "" {
			t.Fatalf("logout: %d at %s, cookie %q", res.Status, res.URL, c.Cookie("session"))
		}
		var n int
		if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, uid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("%d sessions left in the database after logout", n)
		}
		// A copy of the cookie taken before logout opens nothing.
		thief := env.Client()
		thief.SetCookie(&http.Cookie{Name: "session", Value: stolen})
		if res := thief.Get("/account"); res.Path() != app.LoginURL {
			t.Fatalf("the session cookie of before logout still opens /account (at %s)", res.URL)
		}
	})
}

// setCookies returns the Set-Cookie headers of h's answer to req.
func setCookies(h http.Handler, req *http.Request) []*http.Cookie {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w.Result().Cookies()
}

func TestCookiesAreHttpOnlySameSiteAndSecureOverTLS(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		for _, base := range []string{"https://cantieri.example", "http://127.0.0.1:8080"} {
			cfg := config.Defaults()
			cfg.BaseURL, cfg.DataDir = base, t.TempDir()
			a, err := app.New(context.Background(), cfg, d, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			email := "biscotti" + fmt.Sprint(len(base)) + "@example.org"
			if _, err := accounts.NewService(d, base, slog.New(slog.NewTextHandler(io.Discard, nil))).CreateUser(ctx,
				accounts.NewUser{Email: email, Name: "Biscotti", Password: securityPassword, Verified: true}); err != nil {
				t.Fatal(err)
			}
			tls := strings.HasPrefix(base, "https://")
			login := httptest.NewRequest(http.MethodPost, base+"/accedi",
				strings.NewReader(url.Values{"email": {email}, "password": {securityPassword}}.Encode()))
			login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			var all []*http.Cookie
			got := setCookies(a.Handler, login)
			all = append(all, got...)
			var session *http.Cookie
			for _, ck := range got {
				if ck.Name == accounts.CookieName {
					session = ck
				}
			}
			if session == nil {
				t.Fatalf("%s: login set no session cookie", base)
			}
			if session.Secure != tls {
				t.Errorf("%s: session cookie Secure=%v", base, session.Secure)
			}
			logout := httptest.NewRequest(http.MethodPost, base+"/esci", nil)
			logout.AddCookie(session)
			all = append(all, setCookies(a.Handler, logout)...)
			lang := httptest.NewRequest(http.MethodGet, base+"/lingua/en?next=/", nil)
			all = append(all, setCookies(a.Handler, lang)...)
			names := map[string]bool{}
			for _, ck := range all {
				names[ck.Name] = true
				if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode && ck.SameSite != http.SameSiteStrictMode {
					t.Errorf("%s: cookie %s: HttpOnly=%v SameSite=%v", base, ck.Name, ck.HttpOnly, ck.SameSite)
				}
			}
			if len(names) < 3 {
				t.Errorf("%s: expected the session, flash and language cookies, got %v", base, names)
			}
		}
	})
}
