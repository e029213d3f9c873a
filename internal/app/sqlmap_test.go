//go:build sqlmap

package app_test

// sqlmap (Debian package sqlmap) against every route of a running instance
// with the demo data loaded, signed in as an administrator: every query
// parameter, every field of the form that posts to each POST route, and
// every path parameter (marked with * for sqlmap). Run it with
// scripts/sqlmap-check; both engines by default, at the same time;
// CANTIERI_SQLMAP_ENGINES=sqlite (or postgres) picks one, and
// CANTIERI_SQLMAP_ONLY=regexp the routes whose pattern matches.

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/materials"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// sqlmapTarget is one sqlmap run: a URL (with * after each path
// parameter) and, for a POST, its form data.
type sqlmapTarget struct {
	pattern string
	url     string
	data    string // empty for a GET
	anon    bool   // sent without the session cookie (logout)
}

// sqlmapSkip are the routes sqlmap is not run on, with the reason.
var sqlmapSkip = map[string]string{
	"GET /static/": "static files from the embedded file system; no database",
	"GET /metrics": "Prometheus counters; no database, no parameters",
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// sqlmapTargets lists a target per route, from the router: the probe of
// the route's row in routeTable, with its path parameters marked, the
// query parameters of its GET forms, and for a POST route the fields of
// the form that posts there (found on the GET pages).
func sqlmapTargets(t *testing.T, env *apptest.Env, c *apptest.Client) []sqlmapTarget {
	t.Helper()
	rows := map[string]routeRow{}
	real := sqlmapProbes(t, env, c)
	for _, row := range routeTable {
		if probe, ok := real[row.pattern]; ok {
			row.probe = probe
		}
		rows[row.pattern] = row
	}
	// The POST forms found on every GET page, by action.
	forms := map[string]url.Values{}
	var out []sqlmapTarget
	var posts []routeRow
	for _, rt := range env.App.Router.Routes() {
		if _, skip := sqlmapSkip[rt.Pattern]; skip {
			continue
		}
		row, ok := rows[rt.Pattern]
		if !ok {
			t.Errorf("route %q has no row (and probe) in routeTable", rt.Pattern)
			continue
		}
		method, path, found := strings.Cut(rt.Pattern, " ")
		if !found {
			method, path = http.MethodGet, rt.Pattern
		}
		if probe, ok := real[rt.Pattern]; ok {
			row.probe = probe
		}
		target := marked(path, probeURL(row))
		if method == http.MethodPost {
			posts = append(posts, row)
			continue
		}
		res := c.Get(probeURL(row))
		q := url.Values{}
		if u, err := url.Parse(probeURL(row)); err == nil {
			q = u.Query()
		}
		for _, f := range res.Find("form") {
			action, vals, _ := formFields(f)
			if strings.EqualFold(f.Attr("method"), "post") {
				forms[action] = vals
				continue
			}
			for k, vs := range vals {
				if q.Get(k) == "" {
					q[k] = orOne(vs)
				}
			}
		}
		u := target
		if len(q) > 0 {
			u, _, _ = strings.Cut(target, "?")
			u += "?" + q.Encode()
		}
		if !strings.ContainsAny(u, "?*") {
			continue // no input to inject into: no query, no path parameter, no form
		}
		out = append(out, sqlmapTarget{pattern: rt.Pattern, url: u})
	}
	for _, row := range posts {
		_, path, _ := strings.Cut(row.pattern, " ")
		probe := probeURL(row)
		vals, ok := forms[strings.SplitN(probe, "?", 2)[0]]
		if !ok || len(vals) == 0 {
			vals = url.Values{"q": {"1"}} // no form found: at least the path parameters and one field
		}
		out = append(out, sqlmapTarget{pattern: row.pattern, url: marked(path, probe), data: vals.Encode(), anon: row.pattern == "POST /esci"})
	}
	return out
}

// sqlmapProbes gives the routes whose matrix probe names a record that
// does not exist (999999, made-up codes) a record of the demo data, so that
// sqlmap reaches the handler's queries and forms rather than the 404 before
// them: the call open for applications and the signed-in administrator's
// own draft to it (saved here through its form), the call with a published
// outcome, a material (uploaded here). The demo data have no certificate:
// the certificate routes keep their made-up code, which is looked up all the
// same.
func sqlmapProbes(t *testing.T, env *apptest.Env, c *apptest.Client) map[string]string {
	t.Helper()
	ctx := context.Background()
	d := env.DB
	one := func(q string, args ...any) string {
		var s string
		if err := d.QueryRow(ctx, q, args...).Scan(&s); err != nil {
			t.Fatalf("sqlmap probes: %s: %v", q, err)
		}
		return s
	}
	now := time.Now()
	open := one(`SELECT CAST(id AS TEXT) FROM calls WHERE status = 'published' AND opens_at <= ? AND closes_at > ? ORDER BY id LIMIT 1`, now, now)
	final := one(`SELECT CAST(id AS TEXT) FROM calls WHERE status = 'final' ORDER BY id LIMIT 1`)
	form := c.Get("/bandi/" + open + "/domanda").Doc().First(`form[action="/bandi/` + open + `/domanda"]`)
	if form == nil {
		t.Fatalf("sqlmap probes: no application form on /bandi/%s/domanda", open)
	}
	action, vals, _ := formFields(form)
	if res := c.PostForm(action, vals); res.Status != http.StatusOK { // the form again, after the redirect
		t.Fatalf("sqlmap probes: saving a draft to call %s: HTTP %d", open, res.Status)
	}
	app := one(`SELECT CAST(a.id AS TEXT) FROM applications a JOIN users u ON u.id = a.user_id WHERE a.call_id = ? AND u.email = ?`,
		open, "sqlmap@example.org")
	field := one(`SELECT CAST(id AS TEXT) FROM call_fields WHERE call_id = ? ORDER BY id LIMIT 1`, open)
	res := postFile(t, c, env, fmt.Sprintf("/gestione/attivita/%d/materiali", matrixActivity[zoneA]), url.Values{"title_it": {"Verbale"},
		"kind": {string(materials.Minutes)}, "access": {string(materials.Public)}}, "file", "verbale.pdf", uploadPDF)
	if res.Status != http.StatusOK {
		t.Fatalf("sqlmap probes: uploading a material: HTTP %d", res.Status)
	}
	material := one(`SELECT CAST(activity_id AS TEXT) || '/materiali/' || CAST(id AS TEXT) FROM activity_materials ORDER BY id LIMIT 1`)
	return map[string]string{
		"GET /bandi/{id}":                    "/bandi/" + open,
		"GET /bandi/{id}/domanda":            "/bandi/" + open + "/domanda",
		"POST /bandi/{id}/domanda":           "/bandi/" + open + "/domanda",
		"POST /bandi/{id}/domanda/invia":     "/bandi/" + open + "/domanda/invia",
		"POST /bandi/{id}/domanda/ritira":    "/bandi/" + open + "/domanda/ritira",
		"GET /domande/{id}":                  "/domande/" + app,
		"GET /domande/{id}/allegati/{field}": "/domande/" + app + "/allegati/" + field,
		"POST /domande/{id}/integrazione":    "/domande/" + app + "/integrazione",
		"GET /domande/{id}/ricevuta.pdf":     "/domande/" + app + "/ricevuta.pdf",
		"GET /bandi/{id}/esito":              "/bandi/" + final + "/esito",
		"GET /attivita/{id}/materiali/{mid}": "/attivita/" + material,
	}
}

// orOne gives an empty value a harmless one, so sqlmap has a value to
// change.
func orOne(vs []string) []string {
	if len(vs) == 0 || vs[0] == "" {
		return []string{"1"}
	}
	return vs
}

// formFields is a form's action and the values a browser would send,
// each empty one given a value for sqlmap to change.
func formFields(form *apptest.Node) (string, url.Values, []string) {
	vals, text := apptest.FormValues(form)
	for k, vs := range vals {
		vals[k] = orOne(vs)
	}
	return form.Attr("action"), vals, text
}

// marked puts sqlmap's injection marker * after each path parameter of
// probe, found by the position of the {name} segments of the pattern.
func marked(pattern, probe string) string {
	path, query, _ := strings.Cut(probe, "?")
	ps, pp := strings.Split(strings.TrimSuffix(pattern, "{$}"), "/"), strings.Split(path, "/")
	for i, seg := range ps {
		if i < len(pp) && pathParam.MatchString(seg) && pp[i] != "" {
			pp[i] += "*"
		}
	}
	out := strings.Join(pp, "/")
	if query != "" {
		out += "?" + query
	}
	return out
}

func TestSqlmapFindsNoInjection(t *testing.T) {
	sqlmap, err := exec.LookPath("sqlmap")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("sqlmap not found (apt-get install sqlmap): required under CI=true")
		}
		t.Skip("sqlmap not found (apt-get install sqlmap)")
	}
	// Boolean-based blind and error-based tests by default; the pages never
	// show a database error, so blind tests are the ones that would find
	// an injection. CANTIERI_SQLMAP_TECHNIQUE=BEUST runs them all.
	technique := os.Getenv("CANTIERI_SQLMAP_TECHNIQUE")
	if technique == "" {
		technique = "BE"
	}
	// --smart (the default, for CI) runs the payloads only on parameters
	// whose heuristic test (a quote, a cast) changes the answer the way a
	// database error would; CANTIERI_SQLMAP_FULL=1 runs them on every
	// parameter, which takes far longer (over 25 minutes on two cores).
	smart := os.Getenv("CANTIERI_SQLMAP_FULL") != "1"
	engines := strings.Split(os.Getenv("CANTIERI_SQLMAP_ENGINES"), ",")
	if engines[0] == "" {
		engines = []string{"sqlite", "postgres"}
	}
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		if !slices.Contains(engines, string(d.Engine)) {
			t.Skipf("engine %s not in CANTIERI_SQLMAP_ENGINES", d.Engine)
		}
		env := apptest.New(t, d)
		ctx := context.Background()
		if err := demo.Load(ctx, d, env.URL, slog.New(slog.NewTextHandler(io.Discard, nil)), io.Discard); err != nil {
			t.Fatal(err)
		}
		matrixRecords(t, d)
		env.CreateUser(t, "sqlmap@example.org", securityPassword, authz.Grant{Role: authz.Admin})
		c := env.Client()
		c.Login(t, "sqlmap@example.org", securityPassword)
		cookie := "session=" + c.Cookie("session")
		targets := sqlmapTargets(t, env, c)
		if only := os.Getenv("CANTIERI_SQLMAP_ONLY"); only != "" { // a quicker run on some routes, while working on them
			re := regexp.MustCompile(only)
			targets = slices.DeleteFunc(targets, func(tg sqlmapTarget) bool { return !re.MatchString(tg.pattern) })
		}
		withForm := 0
		for _, tg := range targets {
			if tg.data != "" && tg.data != "q=1" {
				withForm++
			}
			if testing.Verbose() {
				t.Logf("target %s: %s %s", tg.pattern, tg.url, tg.data)
			}
		}
		t.Logf("%d targets (%d POST routes with the fields of their form)", len(targets), withForm)
		// The targets are plain URLs now (matrixRecords' ids read): the
		// engines run sqlmap at the same time, as sqlmap mostly waits.
		t.Parallel()

		out := t.TempDir()
		start := time.Now()
		var mu sync.Mutex
		var wg sync.WaitGroup
		work := make(chan sqlmapTarget)
		// sqlmap mostly waits for answers: eight at a time keep two cores busy.
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for tg := range work {
					args := []string{"-u", env.URL + tg.url, "--batch", "--level=1", "--risk=1", "--technique=" + technique, "--skip-waf",
						"--flush-session", "--output-dir=" + filepath.Join(out, fmt.Sprint(time.Now().UnixNano())),
						"--disable-coloring", "-v", "1", "--timeout=10", "--retries=1",
						"--ignore-code=400,403,404,405,409,410,422,429"}
					if tg.data != "" {
						args = append(args, "--data="+tg.data, "--method=POST")
					}
					if smart {
						args = append(args, "--smart")
					}
					if !tg.anon {
						args = append(args, "--cookie="+cookie)
					}
					cmd := exec.Command(sqlmap, args...) // #nosec G204 -- sqlmap from PATH with arguments this test builds
					b, err := cmd.CombinedOutput()
					text := string(b)
					mu.Lock()
					switch {
					case err != nil:
						t.Errorf("%s: sqlmap failed: %v\n%s", tg.pattern, err, tail(text, 20))
					case strings.Contains(text, "identified the following injection point") || strings.Contains(text, "is vulnerable"):
						t.Errorf("%s: sqlmap found an injection:\n%s", tg.pattern, tail(text, 40))
					case strings.Contains(text, "[CRITICAL]") && !strings.Contains(text, "all tested parameters do not appear to be injectable"):
						t.Errorf("%s: sqlmap could not test %s:\n%s", tg.pattern, tg.url, tail(text, 20))
					}
					mu.Unlock()
				}
			}()
		}
		for _, tg := range targets {
			work <- tg
		}
		close(work)
		wg.Wait()
		t.Logf("sqlmap ran on %d targets in %s", len(targets), time.Since(start).Round(time.Second))
	})
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
