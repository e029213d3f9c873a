package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// ScaleDomain is the domain of the e-mail addresses of the scale data
// set's people: a reserved test domain, so no message can reach anyone.
const ScaleDomain = "scala.cantieri.test"

// ScaleSlugPrefix starts the slug of every generated path and news item.
const ScaleSlugPrefix = "scala-"

// ScaleCounts are how many records of each kind a scale data set holds.
type ScaleCounts struct {
	Users, Paths, Phases, Activities, Registrations, Attendances, News, Applications int
}

// ScaleCountsFor is the size of the data set of scale n: at scale 10,
// 100,000 people, 2,000 paths, 50,000 activities, 1,000,000 sign-ups and
// 5,000 news items and 10,000 applications to 500 calls (scale_calls.go).
// Attendances follow from the sign-ups of the activities already held.
func ScaleCountsFor(n int) ScaleCounts {
	return ScaleCounts{Users: 10_000 * n, Paths: 200 * n, Activities: 5_000 * n, Registrations: 100_000 * n,
		News: 500 * n, Applications: 1_000 * n}
}

// ScalePathSlug is the slug of the i-th generated path (from 0), for the
// benchmark: the path pages of every scale have the same slugs.
func ScalePathSlug(i int) string { return fmt.Sprintf("%spercorso-%d", ScaleSlugPrefix, i+1) }

// ScaleOptions configure LoadScale.
type ScaleOptions struct {
	Scale int
	// Seed of the pseudo-random generator: the same seed, scale and day
	// give the same data set.
	Seed uint64
	// Now anchors the dates (paths, activities and news are spread around
	// it); zero means the current time.
	Now time.Time
	// Progress receives a progress display (stderr); nil for none.
	Progress io.Writer
	// Counts, when set, replaces ScaleCountsFor(Scale): tests load small
	// data sets.
	Counts *ScaleCounts
}

// ErrScaleLoaded is returned when the database already holds a scale data
// set: it must be loaded into a fresh database.
var ErrScaleLoaded = errors.New("demo: the database already holds a scale data set; load it into a fresh database")

type zoneInfo struct {
	id, name string
	comuni   []comuneInfo
}

type comuneInfo struct{ code, name string }

type phaseTemplate struct {
	nameIT, nameEN, descIT, descEN string
	offsetWeeks, durationWeeks     int
}

// LoadScale writes a large, realistic data set on top of the demo (Load
// first): people, paths in every territory with their phases, activities
// with sign-ups and attendance, news items with their territories, all
// indexed for search. Rows are written in large transactions of
// multi-row INSERTs. It returns the counts written.
func LoadScale(ctx context.Context, d *db.DB, o ScaleOptions) (ScaleCounts, error) {
	if o.Scale < 1 {
		return ScaleCounts{}, fmt.Errorf("demo: scale must be at least 1, not %d", o.Scale)
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = db.Time(o.Now)
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE email LIKE ?`, "%@"+ScaleDomain).Scan(&n); err != nil {
		return ScaleCounts{}, fmt.Errorf("demo: scale: %w", err)
	}
	if n > 0 {
		return ScaleCounts{}, ErrScaleLoaded
	}
	want := ScaleCountsFor(o.Scale)
	if o.Counts != nil {
		want = *o.Counts
	}
	g := &scaleGen{d: d, o: o, want: want, p: &progress{w: o.Progress},
		r: rand.New(rand.NewPCG(o.Seed, uint64(o.Scale)))} // #nosec G404 -- seeded on purpose: the same data set every time; nothing secret is drawn
	steps := []struct {
		name string
		fn   func(context.Context) error
	}{
		{"reference", g.reference},
		{"people", g.people},
		{"paths", g.writePaths},
		{"activities", g.activities},
		{"sign-ups", g.registrations},
		{"attendance", g.attendance},
		{"news", g.writeNews},
		{"search index", g.index},
		{"applications", g.applications},
	}
	for _, s := range steps {
		if err := s.fn(ctx); err != nil {
			g.p.done()
			return g.got, fmt.Errorf("demo: scale: %s: %w", s.name, err)
		}
	}
	return g.got, nil
}

// scaleGen holds the state of one LoadScale.
type scaleGen struct {
	d    *db.DB
	o    ScaleOptions
	r    *rand.Rand
	p    *progress
	want ScaleCounts
	got  ScaleCounts

	zones      []zoneInfo
	phases     []phaseTemplate
	templateID int64
	editions   [2]int64 // first, second
	users      []int64
	userNames  []string
	userEmails []string
	spaths     []scalePath
	acts       []scaleActivity
}

func (g *scaleGen) reference(ctx context.Context) error {
	rows, err := g.d.Query(ctx, `SELECT z.id, z.name, c.istat_code, c.name FROM zones z JOIN comuni c ON c.zone_id = z.id ORDER BY z.id, c.istat_code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var zid, zname, code, cname string
		if err := rows.Scan(&zid, &zname, &code, &cname); err != nil {
			return err
		}
		if len(g.zones) == 0 || g.zones[len(g.zones)-1].id != zid {
			g.zones = append(g.zones, zoneInfo{id: zid, name: zname})
		}
		z := &g.zones[len(g.zones)-1]
		z.comuni = append(z.comuni, comuneInfo{code, cname})
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(g.zones) == 0 {
		return errors.New("no territories: load the reference data first")
	}
	err = g.d.QueryRow(ctx, `SELECT id FROM path_templates WHERE slug = ?`, paths.TemplateCantiere).Scan(&g.templateID)
	if err != nil {
		return fmt.Errorf("template %s: %w", paths.TemplateCantiere, err)
	}
	prows, err := g.d.Query(ctx, `SELECT name_it, name_en, description_it, description_en, offset_weeks, duration_weeks
FROM phase_templates WHERE template_id = ? ORDER BY position`, g.templateID)
	if err != nil {
		return err
	}
	defer prows.Close()
	for prows.Next() {
		var p phaseTemplate
		if err := prows.Scan(&p.nameIT, &p.nameEN, &p.descIT, &p.descEN, &p.offsetWeeks, &p.durationWeeks); err != nil {
			return err
		}
		g.phases = append(g.phases, p)
	}
	if err := prows.Err(); err != nil {
		return err
	}
	for i, slug := range []string{paths.EditionFirst, paths.EditionSecond} {
		if err := g.d.QueryRow(ctx, `SELECT id FROM editions WHERE slug = ?`, slug).Scan(&g.editions[i]); err != nil {
			return fmt.Errorf("edition %s: %w", slug, err)
		}
	}
	return nil
}

func (g *scaleGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g *scaleGen) people(ctx context.Context) error {
	n := g.want.Users
	g.p.start("people", n)
	err := g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO users (email, name, password_hash, email_verified_at, locale, created_at, updated_at)`, 7)
		for i := range n {
			first, last := g.pick(scaleFirstNames), g.pick(scaleSurnames)
			name := first + " " + last
			email := fmt.Sprintf("%s.%s.%d@%s", asciiLower(first), asciiLower(last), i+1, ScaleDomain)
			at := g.o.Now.Add(-time.Duration(g.r.IntN(3*365*24)) * time.Hour)
			locale := "it"
			if g.r.IntN(20) == 0 {
				locale = "en"
			}
			g.userNames = append(g.userNames, name)
			g.userEmails = append(g.userEmails, email)
			// No password: these people cannot sign in.
			if err := b.add(ctx, g.p, email, name, "", at, locale, at, at); err != nil {
				return err
			}
		}
		return b.flush(ctx, g.p)
	})
	if err != nil {
		return err
	}
	g.p.done()
	ids, err := queryIDs(ctx, g.d, `SELECT id FROM users WHERE email LIKE ? ORDER BY id`, "%@"+ScaleDomain)
	if err != nil {
		return err
	}
	g.users = ids
	g.got.Users = len(ids)
	// Ids follow the insertion order on both engines; the names and
	// addresses of sign-ups are looked up by position.
	if len(ids) != n {
		return fmt.Errorf("wrote %d people, found %d", n, len(ids))
	}
	return nil
}

// asciiLower folds a name for an e-mail address.
func asciiLower(s string) string {
	return strings.NewReplacer("ò", "o", "à", "a", "è", "e", "ì", "i", "ù", "u", "'", "").Replace(strings.ToLower(s))
}

func queryIDs(ctx context.Context, d *db.DB, q string, args ...any) ([]int64, error) {
	rows, err := d.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// scalePath is a generated path as the activities need it.
type scalePath struct {
	id     int64
	zone   *zoneInfo
	theme  int
	phases []scalePhase
}

type scalePhase struct {
	id         int64
	start, end paths.Date
}

func (g *scaleGen) writePaths(ctx context.Context) error {
	n := g.want.Paths
	g.p.start("paths", n)
	today := paths.DateOf(g.o.Now.In(web.Rome()))
	type spec struct {
		slug  string
		zone  *zoneInfo
		theme int
		start paths.Date
	}
	specs := make([]spec, n)
	err := g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO paths (slug, zone_id, edition_id, template_id, title_it, title_en, summary_it, summary_en,
	status, start_date, published_at, created_at, updated_at)`, 13)
		for i := range n {
			z := &g.zones[i%len(g.zones)]
			theme := g.r.IntN(len(scaleThemes))
			// Started from three years ago to a month from now.
			start := today.AddDays(30 - g.r.IntN(3*365))
			edition := g.editions[1]
			if start.Year() < 2023 {
				edition = g.editions[0]
			}
			c := z.comuni[g.r.IntN(len(z.comuni))]
			t := scaleThemes[theme]
			specs[i] = spec{ScalePathSlug(i), z, theme, start}
			titleIT := fmt.Sprintf("Cantiere della Salute – %s: %s (%d)", z.name, t[0], i+1)
			titleEN := fmt.Sprintf("Cantiere della Salute – %s: %s (%d)", z.name, t[1], i+1)
			sumIT := fmt.Sprintf("A partire da %s, la Società della Salute e il Comitato di Partecipazione lavorano su %s. %s",
				c.name, t[0], scaleParagraphs[g.r.IntN(len(scaleParagraphs))][0])
			sumEN := fmt.Sprintf("Starting from %s, the Società della Salute and the Participation Committee work on %s. %s",
				c.name, t[1], scaleParagraphs[g.r.IntN(len(scaleParagraphs))][1])
			at := g.o.Now.Add(-time.Duration(g.r.IntN(1000)+1) * time.Hour)
			if err := b.add(ctx, g.p, specs[i].slug, z.id, edition, g.templateID, titleIT, titleEN, sumIT, sumEN,
				"published", start.String(), at, at, at); err != nil {
				return err
			}
		}
		return b.flush(ctx, g.p)
	})
	if err != nil {
		return err
	}
	g.p.done()
	rows, err := g.d.Query(ctx, `SELECT id, slug FROM paths WHERE slug LIKE ?`, ScaleSlugPrefix+"percorso-%")
	if err != nil {
		return err
	}
	bySlug := map[string]int64{}
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			rows.Close()
			return err
		}
		bySlug[slug] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// The phases of the template, each planned from the path's start; the
	// phases before today are done, the one around it in progress.
	g.p.start("phases", n*len(g.phases))
	g.spaths = make([]scalePath, n)
	err = g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO path_phases (path_id, position, name_it, name_en, description_it, description_en,
	planned_start, planned_end, actual_start, actual_end, status, updated_at)`, 12)
		for i, s := range specs {
			id, ok := bySlug[s.slug]
			if !ok {
				return fmt.Errorf("path %s not found after writing it", s.slug)
			}
			sp := scalePath{id: id, zone: s.zone, theme: s.theme}
			for pos, pt := range g.phases {
				ps := s.start.AddDays(7 * pt.offsetWeeks)
				pe := ps.AddDays(7*pt.durationWeeks - 1)
				status, as, ae := "planned", any(nil), any(nil)
				switch {
				case pe.Before(today):
					status, as, ae = "done", ps.String(), pe.String()
				case !today.Before(ps):
					status, as = "in_progress", ps.String()
				}
				if err := b.add(ctx, g.p, id, pos+1, pt.nameIT, pt.nameEN, pt.descIT, pt.descEN, ps.String(), pe.String(),
					as, ae, status, g.o.Now); err != nil {
					return err
				}
				sp.phases = append(sp.phases, scalePhase{start: ps, end: pe})
			}
			g.spaths[i] = sp
		}
		return b.flush(ctx, g.p)
	})
	if err != nil {
		return err
	}
	g.p.done()
	prow, err := g.d.Query(ctx, `SELECT ph.path_id, ph.position, ph.id FROM path_phases ph JOIN paths p ON p.id = ph.path_id
WHERE p.slug LIKE ?`, ScaleSlugPrefix+"percorso-%")
	if err != nil {
		return err
	}
	phaseID := map[[2]int64]int64{}
	for prow.Next() {
		var pid, pos, id int64
		if err := prow.Scan(&pid, &pos, &id); err != nil {
			prow.Close()
			return err
		}
		phaseID[[2]int64{pid, pos}] = id
	}
	prow.Close()
	if err := prow.Err(); err != nil {
		return err
	}
	for i := range g.spaths {
		for j := range g.spaths[i].phases {
			g.spaths[i].phases[j].id = phaseID[[2]int64{g.spaths[i].id, int64(j + 1)}]
		}
	}
	g.got.Paths, g.got.Phases = n, len(phaseID)
	return nil
}

// scaleActivity is a generated activity as its sign-ups need it.
type scaleActivity struct {
	id     int64
	starts time.Time
	status string
}

func (g *scaleGen) activities(ctx context.Context) error {
	n := g.want.Activities
	g.p.start("activities", n)
	before, err := maxID(ctx, g.d, "activities")
	if err != nil {
		return err
	}
	audiences := []string{"citizens", "committees", "activators", "staff", "partners"}
	err = g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO activities (path_id, phase_id, zone_id, kind, title_it, title_en, description_it, description_en,
	starts_at, ends_at, mode, venue_name, venue_address, venue_comune, online_url, capacity, step_free, status,
	published_at, cancelled_at, created_at, updated_at)`, 22)
		for i := range n {
			p := &g.spaths[i%len(g.spaths)]
			ph := p.phases[g.r.IntN(len(p.phases))]
			k := scaleKinds[g.r.IntN(len(scaleKinds))]
			t := scaleThemes[p.theme]
			c := p.zone.comuni[g.r.IntN(len(p.zone.comuni))]
			day := ph.start.AddDays(g.r.IntN(max(1, ph.start.DaysUntil(ph.end)+1)))
			dt, _ := time.ParseInLocation(time.DateOnly, day.String(), web.Rome())
			starts := db.Time(dt.Add(time.Duration(9+g.r.IntN(10)) * time.Hour))
			ends := starts.Add(time.Duration(1+g.r.IntN(3)) * time.Hour)
			mode, venue, addr, comune, url := "in_person", g.pick(scaleVenues)+" di "+c.name, g.pick(scaleStreets)+", "+c.name, any(c.code), ""
			switch g.r.IntN(10) {
			case 0:
				mode, venue, addr, comune, url = "online", "", "", nil, fmt.Sprintf("https://meet.example.org/cantieri-%d", i+1)
			case 1:
				mode, url = "hybrid", fmt.Sprintf("https://meet.example.org/cantieri-%d", i+1)
			}
			status, cancelled := "published", any(nil)
			switch g.r.IntN(40) {
			case 0:
				status, cancelled = "cancelled", starts.Add(-72*time.Hour)
			case 1:
				status = "draft"
			}
			var published any
			if status != "draft" {
				published = starts.Add(-time.Duration(14+g.r.IntN(30)) * 24 * time.Hour)
			}
			created := starts.Add(-60 * 24 * time.Hour)
			titleIT := fmt.Sprintf("%s %s a %s", k.it, t[0], c.name)
			titleEN := fmt.Sprintf("%s %s in %s", k.en, t[1], c.name)
			para := scaleParagraphs[g.r.IntN(len(scaleParagraphs))]
			if err := b.add(ctx, g.p, p.id, ph.id, p.zone.id, k.kind, titleIT, titleEN, para[0], para[1], starts, ends, mode,
				venue, addr, comune, url, 60, g.r.IntN(3) > 0, status, published, cancelled, created, created); err != nil {
				return err
			}
		}
		return b.flush(ctx, g.p)
	})
	if err != nil {
		return err
	}
	g.p.done()
	rows, err := g.d.Query(ctx, `SELECT id, starts_at, status FROM activities WHERE id > ? ORDER BY id`, before)
	if err != nil {
		return err
	}
	g.acts = g.acts[:0]
	for rows.Next() {
		var a scaleActivity
		if err := rows.Scan(&a.id, &a.starts, &a.status); err != nil {
			rows.Close()
			return err
		}
		g.acts = append(g.acts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	g.got.Activities = len(g.acts)
	g.p.start("audiences", len(g.acts))
	err = g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO activity_audiences (activity_id, audience)`, 2)
		for _, a := range g.acts {
			first := g.r.IntN(len(audiences))
			if err := b.add(ctx, g.p, a.id, audiences[first]); err != nil {
				return err
			}
			if second := (first + 1) % len(audiences); g.r.IntN(3) == 0 {
				if err := b.add(ctx, nil, a.id, audiences[second]); err != nil {
					return err
				}
			}
		}
		return b.flush(ctx, g.p)
	})
	g.p.done()
	return err
}

func maxID(ctx context.Context, d *db.DB, table string) (int64, error) {
	var id int64
	err := d.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&id)
	return id, err
}

// registrations signs people up to the activities that are not drafts:
// 20 on average, up to the capacity of 60, at least the total of
// ScaleCounts.Registrations. Each activity's people are distinct.
func (g *scaleGen) registrations(ctx context.Context) error {
	var open []int
	for i, a := range g.acts {
		if a.status != "draft" {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return nil
	}
	counts := make([]int, len(open))
	total := 0
	for i := range counts {
		counts[i] = 10 + g.r.IntN(21)
		total += counts[i]
	}
	for i := 0; total < g.want.Registrations; i = (i + 1) % len(counts) {
		if counts[i] < 60 {
			counts[i]++
			total++
		}
	}
	g.p.start("sign-ups", total)
	users := len(g.users)
	err := g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO activity_registrations (activity_id, user_id, name, email, email_norm, lang, status, source,
	cancel_token_hash, consent_at, queued_at, confirmed_at, cancelled_at, created_at, updated_at)`, 15)
		seq := 0
		for j, ai := range open {
			a := g.acts[ai]
			// Distinct people: consecutive positions from a random start.
			first := g.r.IntN(users)
			for k := range counts[j] {
				u := (first + k*7919) % users
				seq++
				at := a.starts.Add(-time.Duration(1+g.r.IntN(20*24)) * time.Hour)
				status, confirmed, cancelled := "confirmed", any(at), any(nil)
				if g.r.IntN(25) == 0 {
					status, cancelled = "cancelled", at.Add(24*time.Hour)
				}
				source := "online"
				if g.r.IntN(8) == 0 {
					source = "offline"
				}
				email := g.userEmails[u]
				// Not a hash of any token: these sign-ups cannot be
				// cancelled by link.
				token := fmt.Sprintf("scala-%d", seq)
				if err := b.add(ctx, g.p, a.id, g.users[u], g.userNames[u], email, email, "it", status, source, token,
					at, at, confirmed, cancelled, at, at); err != nil {
					return err
				}
			}
		}
		return b.flush(ctx, g.p)
	})
	if err != nil {
		return err
	}
	g.p.done()
	g.got.Registrations = total
	return nil
}

// attendance checks in seven of ten confirmed people of every activity
// already held, in one statement.
func (g *scaleGen) attendance(ctx context.Context) error {
	g.p.start("attendance", 0)
	var n int64
	err := g.d.Tx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `INSERT INTO activity_attendance (activity_id, registration_id, user_id, name, email, email_norm,
	method, checked_in_at, created_at)
SELECT r.activity_id, r.id, r.user_id, r.name, r.email, r.email_norm,
	CASE WHEN r.source = 'offline' THEN 'list' ELSE 'qr' END, a.starts_at, a.starts_at
FROM activity_registrations r JOIN activities a ON a.id = r.activity_id
WHERE a.status = 'published' AND a.starts_at < ? AND r.status = 'confirmed' AND r.id % 10 < 7
	AND r.cancel_token_hash LIKE 'scala-%'`, g.o.Now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return err
	}
	g.p.count = int(n)
	g.p.done()
	g.got.Attendances = int(n)
	return nil
}

func (g *scaleGen) writeNews(ctx context.Context) error {
	n := g.want.News
	g.p.start("news", n)
	before, err := maxID(ctx, g.d, "news")
	if err != nil {
		return err
	}
	type zoned struct{ zones []string }
	zonesOf := make([]zoned, n)
	err = g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO news (slug, title_it, title_en, summary_it, summary_en, body_it, body_en, status, publish_at,
	author_name, created_at, updated_at)`, 12)
		for i := range n {
			z := &g.zones[g.r.IntN(len(g.zones))]
			c := z.comuni[g.r.IntN(len(z.comuni))]
			h := scaleHeadlines[g.r.IntN(len(scaleHeadlines))]
			t := scaleThemes[g.r.IntN(len(scaleThemes))]
			titleIT := fmt.Sprintf("%s: %s %s", c.name, h[0], t[0])
			titleEN := fmt.Sprintf("%s: %s %s", c.name, h[1], t[1])
			slug := fmt.Sprintf("%s%s-%d", ScaleSlugPrefix, news.Slugify(titleIT), i+1)
			var bodyIT, bodyEN strings.Builder
			for range 3 + g.r.IntN(4) {
				p := scaleParagraphs[g.r.IntN(len(scaleParagraphs))]
				bodyIT.WriteString(p[0] + "\n\n")
				bodyEN.WriteString(p[1] + "\n\n")
			}
			sumIT := fmt.Sprintf("Nella zona %s, a %s: %s.", z.name, c.name, t[0])
			sumEN := fmt.Sprintf("In the %s zone, in %s: %s.", z.name, c.name, t[1])
			at := g.o.Now.Add(-time.Duration(1+g.r.IntN(3*365*24)) * time.Hour)
			switch g.r.IntN(5) {
			case 0: // region-wide
			case 1:
				zonesOf[i].zones = []string{z.id, g.zones[(g.r.IntN(len(g.zones)))].id}
			default:
				zonesOf[i].zones = []string{z.id}
			}
			if err := b.add(ctx, g.p, slug, titleIT, titleEN, sumIT, sumEN, bodyIT.String(), bodyEN.String(), "published", at,
				g.userNames[g.r.IntN(len(g.userNames))], at, at); err != nil {
				return err
			}
		}
		return b.flush(ctx, g.p)
	})
	if err != nil {
		return err
	}
	g.p.done()
	ids, err := queryIDs(ctx, g.d, `SELECT id FROM news WHERE id > ? ORDER BY id`, before)
	if err != nil {
		return err
	}
	if len(ids) != n {
		return fmt.Errorf("wrote %d news items, found %d", n, len(ids))
	}
	g.got.News = n
	return g.d.Tx(ctx, func(tx *db.Tx) error {
		b := newBulk(tx, `INSERT INTO news_zones (news_id, zone_id)`, 2)
		for i, id := range ids {
			seen := map[string]bool{}
			for _, z := range zonesOf[i].zones {
				if !seen[z] {
					seen[z] = true
					if err := b.add(ctx, nil, id, z); err != nil {
						return err
					}
				}
			}
		}
		return b.flush(ctx, nil)
	})
}

// index puts the generated news, paths and activities in the site
// search, as the server does at start (so it has nothing left to do
// then), and search latency can be measured at scale.
func (g *scaleGen) index(ctx context.Context) error {
	steps := []struct {
		name  string
		count int
		fn    func(context.Context, *db.DB) error
	}{
		{"index news", g.got.News, news.ReindexSearch},
		{"index paths", g.got.Paths, paths.ReindexSearch},
		{"index activities", g.got.Activities, activities.ReindexSearch},
	}
	for _, s := range steps {
		g.p.start(s.name, 0)
		err := s.fn(ctx, g.d)
		g.p.count = s.count
		g.p.done()
		if err != nil {
			return err
		}
	}
	return nil
}

// bulk writes rows with multi-row INSERT … VALUES statements of up to
// bulkRows rows (and within both engines' limits on parameters).
type bulk struct {
	tx    *db.Tx
	head  string
	cols  int
	max   int
	args  []any
	rows  int
	query string // the statement for max rows, built once
}

func newBulk(tx *db.Tx, head string, cols int) *bulk {
	return &bulk{tx: tx, head: head, cols: cols, max: min(500, 30000/cols)}
}

func (b *bulk) statement(rows int) string {
	one := "(" + strings.Repeat("?, ", b.cols-1) + "?)"
	var s strings.Builder
	s.Grow(len(b.head) + 8 + rows*(len(one)+2))
	s.WriteString(b.head)
	s.WriteString(" VALUES ")
	for i := range rows {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(one)
	}
	return s.String()
}

// add queues a row, writing the queue when it is full; p, when not nil,
// counts the row.
func (b *bulk) add(ctx context.Context, p *progress, vals ...any) error {
	if len(vals) != b.cols {
		return fmt.Errorf("bulk insert: %d values for %d columns", len(vals), b.cols)
	}
	b.args = append(b.args, vals...)
	b.rows++
	if p != nil {
		p.add(1)
	}
	if b.rows == b.max {
		return b.flush(ctx, p)
	}
	return nil
}

func (b *bulk) flush(ctx context.Context, p *progress) error {
	if b.rows == 0 {
		return nil
	}
	q := b.query
	if b.rows != b.max || q == "" {
		q = b.statement(b.rows)
		if b.rows == b.max {
			b.query = q
		}
	}
	if _, err := b.tx.Exec(ctx, q, b.args...); err != nil {
		return err
	}
	b.args, b.rows = b.args[:0], 0
	if p != nil {
		p.show(false)
	}
	return nil
}

// progress draws one line per step on a terminal: its name, a bar, the
// rows written and the time taken.
type progress struct {
	w            io.Writer
	name         string
	total, count int
	began, drawn time.Time
}

func (p *progress) start(name string, total int) {
	p.name, p.total, p.count, p.began, p.drawn = name, total, 0, time.Now(), time.Time{}
	p.show(true)
}

func (p *progress) add(n int) { p.count += n }

func (p *progress) show(force bool) {
	now := time.Now()
	if !force && now.Sub(p.drawn) < 200*time.Millisecond {
		return
	}
	p.drawn = now
	const width = 30
	bar := strings.Repeat(" ", width)
	pct := ""
	if p.total > 0 {
		filled := min(width, p.count*width/p.total)
		bar = strings.Repeat("#", filled) + strings.Repeat(".", width-filled)
		pct = fmt.Sprintf(" %3d%%", min(100, p.count*100/p.total))
	}
	fmt.Fprintf(p.w, "\r%-17s [%s]%s %11s rows %6.1fs", p.name, bar, pct, thousands(p.count), now.Sub(p.began).Seconds())
}

func (p *progress) done() {
	if p.name == "" {
		return
	}
	if p.total > 0 && p.count < p.total {
		p.count = min(p.count, p.total)
	}
	p.show(true)
	fmt.Fprintln(p.w)
	p.name = ""
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
