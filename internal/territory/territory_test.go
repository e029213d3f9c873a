package territory_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/territory"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// loaded returns a database of each engine with the reference data loaded.
func loaded(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		if err := territory.LoadReference(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		fn(t, d)
	})
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// zoneFile reads the zone file directly, independently of the package's
// parser: zone id -> n_comuni.
func zoneFile(t *testing.T) map[string]int {
	t.Helper()
	f, err := os.Open("data/zone_distretto_toscana.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, r := range recs[1:] {
		n, err := strconv.Atoi(r[6])
		if err != nil {
			t.Fatal(err)
		}
		out[r[0]] = n
	}
	return out
}

func TestLoadReferenceGivesTheTuscanTerritories(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		for query, want := range map[string]int{
			`SELECT COUNT(*) FROM health_authorities`: 3,
			`SELECT COUNT(*) FROM zones`:              28,
			`SELECT COUNT(*) FROM comuni`:             273,
			// Each comune in exactly one existing zone.
			`SELECT COUNT(*) FROM comuni c JOIN zones z ON z.id = c.zone_id`: 273,
			`SELECT COUNT(DISTINCT istat_code) FROM comuni`:                  273,
			// Two committees per zone, one of each kind.
			`SELECT COUNT(*) FROM committees WHERE kind = 'participation'`: 28,
			`SELECT COUNT(*) FROM committees WHERE kind = 'third_sector'`:  28,
			// One society per zone the data marks "si".
			`SELECT COUNT(*) FROM health_societies`:                17,
			`SELECT COUNT(DISTINCT zone_id) FROM health_societies`: 17,
		} {
			if got := count(t, d, query); got != want {
				t.Errorf("%s = %d, want %d", query, got, want)
			}
		}
		for _, id := range []string{"toscana-centro", "toscana-nord-ovest", "toscana-sud-est"} {
			if count(t, d, `SELECT COUNT(*) FROM health_authorities WHERE id = ?`, id) != 1 {
				t.Errorf("health authority %s missing", id)
			}
		}
		want := zoneFile(t)
		if len(want) != 28 {
			t.Fatalf("zone file has %d zones", len(want))
		}
		for zone, n := range want {
			if got := count(t, d, `SELECT COUNT(*) FROM comuni WHERE zone_id = ?`, zone); got != n {
				t.Errorf("zone %s has %d comuni, the data says %d", zone, got, n)
			}
		}
	})
}

// snapshot dumps every reference table, ids included.
func snapshot(t *testing.T, d *db.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT id || '|' || name FROM health_authorities ORDER BY id`,
		`SELECT id || '|' || name || '|' || health_authority_id || '|' || population_2011 || '|' || note FROM zones ORDER BY id`,
		`SELECT istat_code || '|' || name || '|' || zone_id || '|' || population_2011 || '|' || cadastral_code FROM comuni ORDER BY istat_code`,
		`SELECT id || '|' || zone_id || '|' || name || '|' || COALESCE(valid_from, '-') || '|' || COALESCE(valid_to, '-') || '|' || reliability FROM health_societies ORDER BY id`,
		`SELECT id || '|' || zone_id || '|' || kind || '|' || name FROM committees ORDER BY id`,
	} {
		rows, err := d.Query(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		rows.Close()
	}
	return out
}

// writes counts the rows written so far through SQLite's single writer
// connection (total_changes()). PostgreSQL has no cheap exact equivalent
// (its statistics are flushed lazily), so there it returns 0 and only the
// snapshot comparison applies.
func writes(t *testing.T, d *db.DB) int64 {
	t.Helper()
	if d.Engine != db.SQLite {
		return 0
	}
	var n int64
	if err := d.W.QueryRow(`SELECT total_changes()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLoadingTwiceChangesNothing(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		before := snapshot(t, d)
		writesBefore := writes(t, d)
		start := time.Now()
		if err := territory.LoadReference(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		t.Logf("second load took %v", time.Since(start))
		if w := writes(t, d); w != writesBefore {
			t.Errorf("second load wrote %d rows, want none", w-writesBefore)
		}
		after := snapshot(t, d)
		if fmt.Sprint(before) != fmt.Sprint(after) {
			t.Fatalf("second load changed the data:\nbefore %v\nafter  %v", before, after)
		}
	})
}

func TestLoadReferenceRepairsAChangedRow(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		before := snapshot(t, d)
		for _, q := range []string{
			`UPDATE zones SET name = 'Altro' WHERE id = 'lunigiana'`,
			`UPDATE comuni SET zone_id = 'elba' WHERE istat_code = '045001'`,
			`UPDATE health_societies SET valid_from = NULL WHERE zone_id = 'piana-di-lucca'`,
			`DELETE FROM committees WHERE zone_id = 'elba' AND kind = 'third_sector'`,
		} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := territory.LoadReference(ctx, d); err != nil {
			t.Fatal(err)
		}
		after := snapshot(t, d)
		if len(after) != len(before) {
			t.Fatalf("%d rows after repair, %d before", len(after), len(before))
		}
		z, err := territory.Zone(ctx, d, "lunigiana")
		if err != nil {
			t.Fatal(err)
		}
		if z.Name != "Lunigiana" || z.ComuniCount != 14 {
			t.Errorf("lunigiana not repaired: %q with %d comuni", z.Name, z.ComuniCount)
		}
		if z, _ := territory.Zone(ctx, d, "piana-di-lucca"); z.Society == nil || z.Society.ValidFrom != "2019-01-01" {
			t.Errorf("piana-di-lucca society not repaired: %+v", z.Society)
		}
		if z, _ := territory.Zone(ctx, d, "elba"); len(z.Committees) != 2 {
			t.Errorf("elba has %d committees after repair, want 2", len(z.Committees))
		}
	})
}

func TestZonesAreSortedWithAuthorityComuniAndSociety(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		zones, err := territory.Zones(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if len(zones) != 28 {
			t.Fatalf("%d zones, want 28", len(zones))
		}
		// The expected order ignores case and punctuation, on both engines.
		if zones[0].ID != "alta-val-d-elsa" || zones[1].ID != "alta-val-di-cecina-valdera" {
			t.Errorf("first zones are %s, %s", zones[0].ID, zones[1].ID)
		}
		if last := zones[len(zones)-1]; last.ID != "versilia" {
			t.Errorf("last zone is %s, want versilia", last.ID)
		}
		byID := map[string]territory.ZoneSummary{}
		total := 0
		for _, z := range zones {
			byID[z.ID] = z
			total += z.ComuniCount
		}
		if total != 273 {
			t.Errorf("zones add up to %d comuni, want 273", total)
		}
		piana := byID["piana-di-lucca"]
		if piana.HealthAuthorityID != "toscana-nord-ovest" || piana.HealthAuthorityName != "Azienda USL Toscana Nord Ovest" {
			t.Errorf("piana-di-lucca authority: %s %q", piana.HealthAuthorityID, piana.HealthAuthorityName)
		}
		if s := piana.Society; s == nil || s.Name != "SdS Piana di Lucca" || s.ValidFrom != "2019-01-01" || s.ValidTo != "" || s.Reliability != "alta" {
			t.Errorf("piana-di-lucca society: %+v", s)
		}
		if s := byID["mugello"].Society; s == nil || s.Name != "SdS Mugello" || s.ValidFrom != "" || s.Reliability != "media" {
			t.Errorf("mugello society: %+v", s)
		}
		versilia := byID["versilia"]
		if versilia.Society != nil {
			t.Errorf("versilia has society %+v, want none (dissolved)", versilia.Society)
		}
		if versilia.Note != "SdS Versilia sciolta dal 1/1/2018" {
			t.Errorf("versilia note %q", versilia.Note)
		}
		if n := byID["aretina"].Note; n == "" {
			t.Error("aretina lost the data's note on the 2022 split")
		}
	})
}

func TestSocietyValidityIsDated(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// Versilia's dissolved society, and a society not yet in force.
		for _, q := range []string{
			`INSERT INTO health_societies (zone_id, name, valid_from, valid_to, reliability) VALUES ('versilia', 'SdS Versilia', NULL, '2017-12-31', 'alta')`,
			`INSERT INTO health_societies (zone_id, name, valid_from, valid_to, reliability) VALUES ('elba', 'SdS Elba', '2999-01-01', NULL, 'bassa')`,
		} {
			if _, err := d.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		for _, id := range []string{"versilia", "elba"} {
			z, err := territory.Zone(ctx, d, id)
			if err != nil {
				t.Fatal(err)
			}
			if z.Society != nil {
				t.Errorf("%s: current society %+v, want none", id, z.Society)
			}
			if len(z.Societies) != 1 {
				t.Errorf("%s: %d societies in its history, want 1", id, len(z.Societies))
			}
		}
		zones, err := territory.Zones(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, z := range zones {
			if (z.ID == "versilia" || z.ID == "elba") && z.Society != nil {
				t.Errorf("Zones: %s has current society %+v", z.ID, z.Society)
			}
		}
	})
}

func TestZoneDetail(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		z, err := territory.Zone(ctx, d, "casentino")
		if err != nil {
			t.Fatal(err)
		}
		if z.Name != "Casentino" || z.HealthAuthorityID != "toscana-sud-est" || len(z.Comuni) != 10 || z.Comuni[0].Name != "Bibbiena" {
			t.Errorf("casentino: %q %s, %d comuni starting with %q", z.Name, z.HealthAuthorityID, len(z.Comuni), z.Comuni[0].Name)
		}
		var niccolo territory.Comune
		for _, c := range z.Comuni {
			if c.ISTATCode == "051010" {
				niccolo = c
			}
		}
		want := territory.Comune{ISTATCode: "051010", Name: "Castel San Niccolò", ProvinceCode: "051", Province: "Arezzo",
			ProvinceAbbr: "AR", CadastralCode: "C263", Population2011: 2739, ZoneID: "casentino"}
		if niccolo != want {
			t.Errorf("Castel San Niccolò = %+v, want %+v", niccolo, want)
		}
		if len(z.Committees) != 2 ||
			z.Committees[0].Kind != territory.Participation || z.Committees[0].Name != "Comitato di Partecipazione – Casentino" ||
			z.Committees[1].Kind != territory.ThirdSector || z.Committees[1].Name != "Consulta del Terzo Settore – Casentino" {
			t.Errorf("casentino committees: %+v", z.Committees)
		}
		fi, err := territory.Zone(ctx, d, "fiorentina")
		if err != nil {
			t.Fatal(err)
		}
		if len(fi.Comuni) != 1 || !fi.Comuni[0].IsCapital || fi.Society == nil || fi.Society.Name != "SdS Firenze" {
			t.Errorf("fiorentina: %+v", fi)
		}
		if _, err := territory.Zone(ctx, d, "atlantide"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown zone: err = %v, want db.ErrNotFound", err)
		}
	})
}

func TestHealthAuthorities(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		has, err := territory.HealthAuthorities(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(has)
		want := "[{toscana-centro Azienda USL Toscana Centro 8} {toscana-nord-ovest Azienda USL Toscana Nord Ovest 10} {toscana-sud-est Azienda USL Toscana Sud Est 10}]"
		if got != want {
			t.Errorf("HealthAuthorities = %s\nwant %s", got, want)
		}
	})
}

func TestZoneOfComune(t *testing.T) {
	loaded(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for istat, want := range map[string]string{
			"048017": "fiorentina",
			"045001": "lunigiana",
			"053018": "colline-dell-albegna", // Orbetello
		} {
			got, err := territory.ZoneOfComune(ctx, d, istat)
			if err != nil || got != want {
				t.Errorf("ZoneOfComune(%s) = %q, %v; want %q", istat, got, err, want)
			}
		}
		if _, err := territory.ZoneOfComune(ctx, d, "999999"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("unknown comune: err = %v, want db.ErrNotFound", err)
		}
	})
}
