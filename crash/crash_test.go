// Package crash_test kills the real server with SIGKILL while it takes
// writes, restarts it, and checks that every write it acknowledged is
// there, that nothing half-written is visible and that the database checks
// clean, on SQLite and on PostgreSQL (issue 7, item 3).
//
// One round: start `cantieri serve`, let concurrent visitors sign up for
// an activity with fewer places than sign-ups (so the waiting list is
// exercised too) while signed-in applicants submit applications to calls,
// SIGKILL the server at a random moment, then open the database directly
// and check it. The next round restarts the server on
// the same database. CANTIERI_CRASH_ROUNDS sets the number of rounds per
// engine (default 6); CANTIERI_CRASH_SEED fixes the kill points.
package crash_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/proctest"
	"github.com/cantieri/cantieri/internal/territory"
	"github.com/cantieri/cantieri/migrations"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// capacity is the activity's number of places: each round signs up more
// people than that, so later sign-ups go to the waiting list.
const capacity = 40

// workers is the number of visitors signing up at the same time, and
// also the number of applicants submitting applications.
const workers = 8

// callCount is the number of open calls each applicant applies to, in
// order, until the kill.
const callCount = 40

// password is every applicant's password.
const password = "prova-di-crash-2026"

func TestAcknowledgedWritesSurviveSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary; skipped with -short")
	}
	rounds := envInt(t, "CANTIERI_CRASH_ROUNDS", 6)
	seed := uint64(envInt(t, "CANTIERI_CRASH_SEED", int(time.Now().UnixNano()%1_000_000)))
	t.Logf("rounds per engine: %d; seed: %d (CANTIERI_CRASH_SEED=%d reproduces the kill points)", rounds, seed, seed)
	bin := buildBinary(t)
	t.Run("sqlite", func(t *testing.T) {
		crashRounds(t, bin, "", rounds, seed)
	})
	t.Run("postgres", func(t *testing.T) {
		crashRounds(t, bin, dbtest.PostgresURL(t), rounds, seed)
	})
}

// outcome is what the visitors learnt in one round.
type outcome struct {
	acked    map[string]bool // e-mail → the server answered 303 (signed up)
	inFlight map[string]bool // sent, and the answer never came: either way is right
	// Applications, keyed "e-mail call-id".
	submitted map[string]bool
	appFlight map[string]bool
}

// fixture is what prepare made.
type fixture struct {
	activity int64
	calls    []int64
	decl     map[int64]int64 // call → its one declaration
}

func crashRounds(t *testing.T, bin, dsn string, rounds int, seed uint64) {
	dataDir := t.TempDir()
	fx := prepare(t, dsn, dataDir, rounds)
	rng := rand.New(rand.NewPCG(seed, 7))
	total := outcome{acked: map[string]bool{}, inFlight: map[string]bool{}, submitted: map[string]bool{}, appFlight: map[string]bool{}}
	for round := range rounds {
		srv := startServer(t, bin, dsn, dataDir)
		killAfter := time.Duration(300+rng.IntN(1200)) * time.Millisecond
		o := writeUntilKilled(t, srv, fx, round, killAfter)
		for _, pair := range [][2]map[string]bool{{total.acked, o.acked}, {total.inFlight, o.inFlight},
			{total.submitted, o.submitted}, {total.appFlight, o.appFlight}} {
			for k := range pair[1] {
				pair[0][k] = true
			}
		}
		t.Logf("round %d: killed after %v; acknowledged: %d sign-ups, %d applications; in flight: %d sign-ups, %d applications",
			round, killAfter, len(o.acked), len(o.submitted), len(o.inFlight), len(o.appFlight))
		check(t, dsn, dataDir, fx.activity, total.acked, total.inFlight)
		checkApplications(t, dsn, dataDir, total.submitted, total.appFlight)
	}
	if len(total.acked) < capacity {
		t.Fatalf("only %d sign-ups acknowledged in %d rounds: the test did not reach the waiting list", len(total.acked), rounds)
	}
	if len(total.submitted) == 0 {
		t.Fatalf("no application acknowledged in %d rounds", rounds)
	}
	// The database the last kill left behind still serves and stops cleanly.
	srv := startServer(t, bin, dsn, dataDir)
	srv.Stop(t)
}

// prepare migrates a fresh database and creates a published activity with
// an open sign-up window, open calls, and the applicants of every round.
func prepare(t *testing.T, dsn, dataDir string, rounds int) fixture {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx, migrations.FS); err != nil {
		t.Fatal(err)
	}
	if err := territory.LoadReference(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := paths.LoadSeeds(ctx, d); err != nil {
		t.Fatal(err)
	}
	actor := paths.Actor{Label: "crash test"}
	created, err := paths.CreateFromTemplate(ctx, d, actor, paths.NewPath{Zone: "lunigiana", Template: paths.TemplateCantiere,
		Edition: paths.EditionSecond, Title: paths.Text{IT: "Cantiere della Salute Lunigiana"}, Start: paths.MustDate("2026-01-12"), Slug: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	if err := paths.Publish(ctx, d, actor, created.ID); err != nil {
		t.Fatal(err)
	}
	p, err := paths.PathBySlug(ctx, d, "crash")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Hour)
	s := activities.NewService(d, "http://127.0.0.1")
	a := activities.Actor{Label: "crash test"}
	id, err := s.Create(ctx, a, p, activities.Input{PhaseID: p.Phases[1].ID, Kind: activities.Meeting,
		Title: activities.Text{IT: "Incontro generale"}, Start: start, End: start.Add(2 * time.Hour),
		Mode: activities.InPerson, VenueName: "Sala consiliare", VenueAddress: "Piazza Gramsci 1", Comune: "045001",
		Capacity: capacity, Audiences: []activities.Audience{activities.Citizens}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Publish(ctx, a, id); err != nil {
		t.Fatal(err)
	}
	fx := fixture{activity: id, decl: map[int64]int64{}}

	// Calls open for a week, each with one declaration and no fields.
	cs := calls.NewService(d, files.NewDir(filepath.Join(dataDir, "files")), "http://127.0.0.1")
	decls, bad := calls.ParseDeclarations("Non sussistono cause di esclusione (art. 94-98 D.Lgs. 36/2023) | No exclusion grounds")
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	crit, bad := calls.ParseCriteria("Motivazione | Motivation | 10 | 1")
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	now := time.Now()
	for i := range callCount {
		cid, err := cs.Create(ctx, calls.Actor{Label: "crash test"}, calls.Place{ZoneID: p.ZoneID, PathID: p.ID}, calls.Input{
			Kind: calls.Activators, Title: calls.Text{IT: fmt.Sprintf("Attivatori di comunità %d", i)}, Body: calls.Text{IT: "Cerchiamo attivatori."},
			Opens: now.Add(-time.Hour), Closes: now.Add(7 * 24 * time.Hour), Applicants: calls.People, MinScore: 1,
			TieBreak: calls.ByFirstCriterion, Aggregation: calls.Mean, RetentionMonths: 24, Declarations: decls, Criteria: crit})
		if err != nil {
			t.Fatal(err)
		}
		if err := cs.Publish(ctx, calls.Actor{Label: "crash test"}, cid); err != nil {
			t.Fatal(err)
		}
		c, err := calls.Get(ctx, d, cid)
		if err != nil {
			t.Fatal(err)
		}
		fx.calls = append(fx.calls, cid)
		fx.decl[cid] = c.Declarations[0].ID
	}

	// The applicants: one account per worker and round, all with the same
	// password (hashed once: argon2id is slow on purpose).
	acc := accounts.NewService(d, "http://127.0.0.1", slog.New(slog.DiscardHandler))
	first, err := acc.CreateUser(ctx, accounts.NewUser{Email: applicant(0, 0), Name: "Richiedente", Password: password, Verified: true})
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := d.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, first).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	at := db.Now()
	for r := range rounds {
		for w := range workers {
			if r == 0 && w == 0 {
				continue
			}
			if _, err := d.Exec(ctx, `INSERT INTO users (email, name, password_hash, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				applicant(r, w), "Richiedente", hash, at, at, at); err != nil {
				t.Fatal(err)
			}
		}
	}
	return fx
}

// applicant is the e-mail of worker w's account in round r.
func applicant(r, w int) string { return fmt.Sprintf("richiedente-%d-%d@example.org", r, w) }

// writeUntilKilled runs the visitors and the applicants until the server
// is killed after killAfter, and reports which writes were acknowledged.
func writeUntilKilled(t *testing.T, srv *proctest.Server, fx fixture, round int, killAfter time.Duration) outcome {
	t.Helper()
	activity := fx.activity
	o := outcome{acked: map[string]bool{}, inFlight: map[string]bool{}, submitted: map[string]bool{}, appFlight: map[string]bool{}}
	var mu sync.Mutex
	client := &http.Client{
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: workers},
	}
	target := fmt.Sprintf("%s/attivita/%d/iscrizione", srv.URL, activity)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				email := fmt.Sprintf("iscritto-r%d-w%d-%d@example.org", round, w, i)
				form := url.Values{"name": {fmt.Sprintf("Persona %d %d %d", round, w, i)}, "email": {email}, "consent": {"1"}}
				resp, err := client.PostForm(target, form)
				if err != nil {
					// The server died with the request in flight: it may or
					// may not have committed it.
					mu.Lock()
					o.inFlight[email] = true
					mu.Unlock()
					return
				}
				resp.Body.Close()
				mu.Lock()
				switch resp.StatusCode {
				case http.StatusSeeOther:
					o.acked[email] = true
				default:
					mu.Unlock()
					t.Errorf("sign-up %s answered %d", email, resp.StatusCode)
					return
				}
				mu.Unlock()
			}
		})
	}
	// The kill comes killAfter after every applicant has signed in
	// (argon2id makes signing in slow on purpose, the more so on a busy
	// machine).
	var signedIn sync.WaitGroup
	signedIn.Add(workers)
	for w := range workers {
		wg.Go(func() { apply(t, srv, fx, applicant(round, w), stop, &mu, &o, signedIn.Done) })
	}
	signedIn.Wait()
	time.Sleep(killAfter)
	srv.Kill(t)
	close(stop)
	wg.Wait()
	return o
}

// check opens the database the killed server left and checks it.
func check(t *testing.T, dsn, dataDir string, activity int64, acked, inFlight map[string]bool) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, dataDir)
	if err != nil {
		t.Fatalf("open after the kill: %v", err)
	}
	defer d.Close()
	integrity(t, d)

	// Every sign-up stored, with its status.
	rows, err := d.Query(ctx, `SELECT email, status FROM activity_registrations WHERE activity_id = ?`, activity)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]string{}
	for rows.Next() {
		var email, status string
		if err := rows.Scan(&email, &status); err != nil {
			t.Fatal(err)
		}
		stored[email] = status
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for e := range acked {
		if _, ok := stored[e]; !ok {
			t.Errorf("acknowledged sign-up %s is missing after the kill", e)
		}
	}
	confirmed := 0
	for e, st := range stored {
		if !acked[e] && !inFlight[e] {
			t.Errorf("sign-up %s is stored but was never sent", e)
		}
		switch st {
		case "confirmed":
			confirmed++
		case "waiting":
		default:
			t.Errorf("sign-up %s has status %q; nobody cancelled", e, st)
		}
	}
	if want := min(capacity, len(stored)); confirmed != want {
		t.Errorf("%d sign-ups confirmed of %d stored with %d places; want %d", confirmed, len(stored), capacity, want)
	}

	// The e-mail of each sign-up was queued in the same transaction: no
	// sign-up without its e-mail, no e-mail without its sign-up.
	mailed := queuedMail(t, d)
	for e := range stored {
		if !mailed[e] {
			t.Errorf("sign-up %s is stored without its e-mail", e)
		}
	}
	for e := range mailed {
		if _, ok := stored[e]; !ok && strings.HasPrefix(e, "iscritto-") {
			t.Errorf("an e-mail to %s was queued but its sign-up is not stored", e)
		}
	}
}

// queuedMail returns the addresses of the e-mails queued (as jobs) or
// already delivered (the outbox, the server running without SMTP).
func queuedMail(t *testing.T, d *db.DB) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, p := range column(t, d, `SELECT payload FROM jobs WHERE kind = ?`, mail.KindSend) {
		if i := strings.Index(p, `"To":"`); i >= 0 {
			rest := p[i+len(`"To":"`):]
			out[rest[:strings.IndexByte(rest, '"')]] = true
		}
	}
	for _, to := range column(t, d, `SELECT to_addr FROM outbox`) {
		out[to] = true
	}
	return out
}

// integrity asks the engine to check its own files and indexes.
func integrity(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	if d.Engine == db.SQLite {
		var res string
		if err := d.QueryRow(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
			t.Fatalf("PRAGMA integrity_check: %q %v", res, err)
		}
		rows, err := d.Query(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			t.Fatal(err)
		}
		bad := rows.Next()
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
		if bad {
			t.Fatal("PRAGMA foreign_key_check found rows pointing at nothing")
		}
		return
	}
	// PostgreSQL: amcheck verifies every B-tree index against its table.
	if _, err := d.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS amcheck`); err != nil {
		t.Fatalf("amcheck (contrib, part of Debian's postgresql package): %v", err)
	}
	rows, err := d.Query(ctx, `SELECT c.relname, bt_index_check(c.oid, true) IS NULL
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE am.amname = 'btree' AND n.nspname = current_schema()`)
	if err != nil {
		t.Fatalf("bt_index_check: %v", err)
	}
	checked := 0
	for rows.Next() {
		var name string
		var ok bool
		if err := rows.Scan(&name, &ok); err != nil {
			t.Fatalf("bt_index_check: %v", err)
		}
		checked++
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("bt_index_check: %v", err)
	}
	rows.Close()
	if checked == 0 {
		t.Fatal("bt_index_check checked no index")
	}
}

// column reads the one text column of query's rows.
func column(t *testing.T, d *db.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := d.Query(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
