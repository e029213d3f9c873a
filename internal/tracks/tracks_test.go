package tracks_test

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/pdf/pdftest"
	"github.com/cantieri/cantieri/internal/tracks"
)

// TestProgressMatchesPeopleByAccountThenEmail: a person's presences count
// together whether recorded with the account or only with its address;
// hours are the sum of the activities' lengths; the rule "all" needs every
// activity.
func TestProgressMatchesPeopleByAccountThenEmail(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loaded(t, d)
		ctx := context.Background()
		f := newFixture(t, d, zoneA)
		tr := newTrack(t, d, zoneA, f, tracks.All, 0)
		marco := user(t, d, "marco@example.org", "Marco Esposito")
		present(t, d, f.acts[0], marco, "Marco Esposito", "marco@example.org")
		present(t, d, f.acts[1], 0, "Marco E.", "marco@example.org") // walk-in, same address
		present(t, d, f.acts[2], marco, "Marco Esposito", "")
		present(t, d, f.acts[2], marco, "Marco Esposito", "marco@example.org") // twice: counted once
		present(t, d, f.acts[0], 0, "Lucia Neri", "lucia@example.org")
		present(t, d, f.acts[1], 0, "Lucia Neri", "lucia@example.org")
		present(t, d, f.acts[0], 0, "Senza Indirizzo", "")

		items, people, err := tracks.ProgressOf(ctx, d, tr)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 3 || len(people) != 3 {
			t.Fatalf("%d items and %d people, want 3 and 3: %+v", len(items), len(people), people)
		}
		m := find(people, "Marco Esposito")
		if m == nil || m.Key != "u"+itoa(marco) || len(m.Attended) != 3 || m.Minutes != 360 || !m.Complete {
			t.Errorf("Marco: %+v, want 3 activities, 360 minutes, complete", m)
		}
		l := find(people, "Lucia Neri")
		if l == nil || l.Key != "elucia@example.org" || len(l.Attended) != 2 || l.Minutes != 210 || l.Complete {
			t.Errorf("Lucia: %+v, want 2 activities, 210 minutes, not complete", l)
		}
		if n := find(people, "Senza Indirizzo"); n == nil || n.HasCertificateKey() {
			t.Errorf("a walk-in without address: %+v, want listed without a certificate key", n)
		}
		if got := m.HoursIn(i18n.IT); got != "6" {
			t.Errorf("6 hours in Italian = %q", got)
		}
		if got := l.HoursIn(i18n.IT); got != "3,5" {
			t.Errorf("3.5 hours in Italian = %q, want 3,5", got)
		}
		if _, mine, err := tracks.ProgressOfUser(ctx, d, tr, marco, "marco@example.org"); err != nil || mine == nil || !mine.Complete {
			t.Errorf("ProgressOfUser = %+v, %v", mine, err)
		}
		list, err := tracks.ForUser(ctx, d, marco, "marco@example.org")
		if err != nil || len(list) != 1 || list[0].ID != tr.ID {
			t.Errorf("ForUser = %v, %v; want the track", list, err)
		}
	})
}

func TestRulesCountAndHours(t *testing.T) {
	tr := &tracks.Track{Rule: tracks.Count, Min: 2}
	items := make([]tracks.Item, 3)
	for _, c := range []struct {
		rule              tracks.Rule
		min, att, minutes int
		want              bool
	}{
		{tracks.All, 0, 3, 10, true},
		{tracks.All, 0, 2, 600, false},
		{tracks.Count, 2, 2, 10, true},
		{tracks.Count, 2, 1, 600, false},
		{tracks.Hours, 4, 1, 240, true},
		{tracks.Hours, 4, 3, 239, false},
		{tracks.Hours, 4, 0, 0, false},
	} {
		tr.Rule, tr.Min = c.rule, c.min
		if got := tr.Complete(items, c.att, c.minutes); got != c.want {
			t.Errorf("rule %s min %d, %d attended, %d minutes: complete = %v, want %v", c.rule, c.min, c.att, c.minutes, got, c.want)
		}
	}
	if (&tracks.Track{Rule: tracks.All}).Complete(nil, 1, 60) {
		t.Error("a track without activities is complete")
	}
}

// TestEnrollIsIdempotent: the calls feature may enrol the same person
// again (by account or by address) without a second row.
func TestEnrollIsIdempotent(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loaded(t, d)
		ctx := context.Background()
		f := newFixture(t, d, zoneA)
		tr := newTrack(t, d, zoneA, f, tracks.All, 0)
		uid := user(t, d, "luca@example.org", "Luca Moretti")
		for _, p := range []tracks.Person{
			{UserID: uid, Name: "Luca Moretti", Email: "luca@example.org"},
			{UserID: uid, Name: "Luca Moretti"},
			{Name: "Luca M.", Email: " LUCA@example.org "},
			{Name: "Anna Conti", Email: "anna@example.org"},
			{Name: "Anna Conti", Email: "Anna@Example.org"},
		} {
			if err := d.Tx(ctx, func(tx *db.Tx) error { return tracks.Enroll(ctx, tx, tr.ID, p) }); err != nil {
				t.Fatalf("Enroll(%+v): %v", p, err)
			}
		}
		list, err := tracks.Enrolments(ctx, d, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Source != tracks.FromCall {
			t.Fatalf("enrolments %+v, want Luca and Anna from a call", list)
		}
		err = d.Tx(ctx, func(tx *db.Tx) error { return tracks.Enroll(ctx, tx, tr.ID, tracks.Person{Name: "Nessuno"}) })
		if !errors.Is(err, tracks.ErrNoPerson) {
			t.Errorf("enrolling a person with no account and no address: %v", err)
		}
		err = d.Tx(ctx, func(tx *db.Tx) error { return tracks.Enroll(ctx, tx, 999999, tracks.Person{Email: "x@example.org"}) })
		if !errors.Is(err, db.ErrNotFound) {
			t.Errorf("enrolling in an unknown track: %v", err)
		}
		_, people, err := tracks.ProgressOf(ctx, d, tr)
		if err != nil || len(people) != 2 || people[0].Attended != nil || !people[0].Enrolled {
			t.Errorf("progress of the enrolled people: %+v, %v", people, err)
		}
	})
}

func TestForKindFindsTheActivatorsTrackOfAZone(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loaded(t, d)
		ctx := context.Background()
		f := newFixture(t, d, zoneA)
		tr := newTrack(t, d, zoneA, f, tracks.All, 0)
		if _, err := tracks.Create(ctx, d, actor, tracks.Input{Kind: tracks.Activators, Rule: tracks.All, Title: tracks.Text{IT: "Regionale"}}); err != nil {
			t.Fatal(err)
		}
		got, err := tracks.ForKind(ctx, d, zoneA, tracks.Activators)
		if err != nil || len(got) != 1 || got[0].ID != tr.ID || len(got[0].ActivityIDs) != 3 {
			t.Fatalf("ForKind(zone A, activators) = %v, %v", got, err)
		}
		if got, _ := tracks.ForKind(ctx, d, zoneA, tracks.Committees); len(got) != 0 {
			t.Errorf("a committees' track in zone A: %v", got)
		}
		if got, _ := tracks.ForKind(ctx, d, zoneB, tracks.Activators); len(got) != 0 {
			t.Errorf("an activators' track in zone B: %v", got)
		}
		if got, _ := tracks.ForKind(ctx, d, "", tracks.Activators); len(got) != 1 || !got[0].RegionWide() {
			t.Errorf("the region-wide activators' track: %v", got)
		}
	})
}

// TestCertificateIsIssuedOnceAndReadsBack: only a completed track gives a
// certificate; asking again gives the same code; the PDF parses with qpdf
// and pdftotext finds the name, the track, the hours, the activities and
// the verification address, accents included.
func TestCertificateIsIssuedOnceAndReadsBack(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		loaded(t, d)
		ctx := context.Background()
		f := newFixture(t, d, zoneA)
		tr := newTrack(t, d, zoneA, f, tracks.All, 0)
		for _, a := range f.acts {
			present(t, d, a, 0, "Niccolò Bertè", "niccolo@example.org")
		}
		present(t, d, f.acts[0], 0, "Lucia Neri", "lucia@example.org")
		items, people, err := tracks.ProgressOf(ctx, d, tr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tracks.Issue(ctx, d, actor, tr, find(people, "Lucia Neri")); !errors.Is(err, tracks.ErrNotComplete) {
			t.Errorf("a certificate for an incomplete track: %v", err)
		}
		n := find(people, "Niccolò Bertè")
		c1, err := tracks.Issue(ctx, d, actor, tr, n)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := tracks.Issue(ctx, d, actor, tr, n)
		if err != nil || c2.Code != c1.Code || c2.ID != c1.ID {
			t.Errorf("second issue %+v, %v; want the first %+v", c2, err, c1)
		}
		if tracks.NormCode(strings.ToLower(strings.ReplaceAll(c1.Code, "-", " "))) != c1.Code {
			t.Errorf("NormCode does not read back %s typed loosely", c1.Code)
		}
		got, err := tracks.ByCode(ctx, d, c1.Code)
		if err != nil || got.Name != "Niccolò Bertè" || got.Minutes != 360 || got.Activities != 3 {
			t.Errorf("ByCode = %+v, %v", got, err)
		}
		if _, err := tracks.ByCode(ctx, d, "2222-3333-4444"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("an unknown code: %v", err)
		}
		var b bytes.Buffer
		sheet := tracks.Sheet{Certificate: c1, Track: tr, Attended: n.Attended, Territory: "Lunigiana",
			Issuer: "Società della Salute della Lunigiana", VerifyURL: "https://cantieri.test/attestati/" + c1.Code}
		if err := sheet.WritePDF(&b, i18n.IT); err != nil {
			t.Fatal(err)
		}
		pdftest.Check(t, b.Bytes())
		text := strings.Join(strings.Fields(pdftest.Text(t, b.Bytes())), " ")
		for _, want := range []string{"Attestato di partecipazione", "Niccolò Bertè", "Formazione degli attivatori di comunità",
			"Lunigiana", "6 ore in 3 attività", "Workshop 1: il ruolo dell'attivatore", "10/03/2026", "Società della Salute della Lunigiana",
			c1.Code, "https://cantieri.test/attestati/" + c1.Code, "Rilasciato il"} {
			if !strings.Contains(text, want) {
				t.Errorf("the certificate does not say %q:\n%s", want, text)
			}
		}
		if len(items) != 3 {
			t.Errorf("%d items", len(items))
		}
	})
}

func TestShortNameKeepsFirstNameAndInitials(t *testing.T) {
	for in, want := range map[string]string{"Marco Esposito": "Marco E.", "Anna Maria De Luca": "Anna M. D. L.", "Niccolò": "Niccolò", " ": "", "Élodie Ötzi": "Élodie Ö."} {
		if got := tracks.ShortName(in); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", in, got, want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
