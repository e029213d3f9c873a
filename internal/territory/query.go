package territory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// today is the current date in Italy, YYYY-MM-DD, the day against which a
// society's validity is read.
func today() string { return time.Now().In(web.Rome()).Format(time.DateOnly) }

// HealthAuthorities lists the Aziende USL, sorted by name, with how many
// zones each covers.
func HealthAuthorities(ctx context.Context, d *db.DB) ([]HealthAuthority, error) {
	rows, err := d.Query(ctx, `SELECT h.id, h.name, COUNT(z.id) FROM health_authorities h
LEFT JOIN zones z ON z.health_authority_id = h.id GROUP BY h.id, h.name`)
	if err != nil {
		return nil, fmt.Errorf("territory: health authorities: %w", err)
	}
	defer rows.Close()
	var out []HealthAuthority
	for rows.Next() {
		var h HealthAuthority
		if err := rows.Scan(&h.ID, &h.Name, &h.Zones); err != nil {
			return nil, fmt.Errorf("territory: health authorities: %w", err)
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("territory: health authorities: %w", err)
	}
	slices.SortFunc(out, func(a, b HealthAuthority) int { return lessByName(a.Name, b.Name) })
	return out, nil
}

const zoneQuery = `SELECT z.id, z.name, z.health_authority_id, h.name, z.population_2011, z.note, COUNT(c.istat_code)
FROM zones z JOIN health_authorities h ON h.id = z.health_authority_id
LEFT JOIN comuni c ON c.zone_id = z.id`

const zoneGroup = ` GROUP BY z.id, z.name, z.health_authority_id, h.name, z.population_2011, z.note`

func scanZones(rows *sql.Rows) ([]ZoneSummary, error) {
	defer rows.Close()
	var out []ZoneSummary
	for rows.Next() {
		var z ZoneSummary
		if err := rows.Scan(&z.ID, &z.Name, &z.HealthAuthorityID, &z.HealthAuthorityName, &z.Population2011, &z.Note, &z.ComuniCount); err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	return out, rows.Err()
}

// Zones lists every zone, sorted by name, with its health authority, how
// many comuni it has and its current Società della Salute.
func Zones(ctx context.Context, d *db.DB) ([]ZoneSummary, error) {
	rows, err := d.Query(ctx, zoneQuery+zoneGroup)
	if err != nil {
		return nil, fmt.Errorf("territory: zones: %w", err)
	}
	zones, err := scanZones(rows)
	if err != nil {
		return nil, fmt.Errorf("territory: zones: %w", err)
	}
	societies, err := querySocieties(ctx, d, "")
	if err != nil {
		return nil, fmt.Errorf("territory: zones: %w", err)
	}
	day := today()
	current := map[string]HealthSociety{}
	for _, s := range societies {
		if s.CurrentOn(day) {
			current[s.ZoneID] = s // oldest first, so the latest start wins
		}
	}
	for i := range zones {
		if s, ok := current[zones[i].ID]; ok {
			zones[i].Society = &s
		}
	}
	slices.SortFunc(zones, func(a, b ZoneSummary) int { return lessByName(a.Name, b.Name) })
	return zones, nil
}

// Zone returns the zone id with its comuni, societies and committees, or
// db.ErrNotFound.
func Zone(ctx context.Context, d *db.DB, id string) (ZoneDetail, error) {
	rows, err := d.Query(ctx, zoneQuery+` WHERE z.id = ?`+zoneGroup, id)
	if err != nil {
		return ZoneDetail{}, fmt.Errorf("territory: zone %q: %w", id, err)
	}
	zones, err := scanZones(rows)
	if err != nil {
		return ZoneDetail{}, fmt.Errorf("territory: zone %q: %w", id, err)
	}
	if len(zones) == 0 {
		return ZoneDetail{}, fmt.Errorf("territory: zone %q: %w", id, db.ErrNotFound)
	}
	zd := ZoneDetail{ZoneSummary: zones[0]}
	if zd.Societies, err = querySocieties(ctx, d, id); err != nil {
		return ZoneDetail{}, fmt.Errorf("territory: zone %q: %w", id, err)
	}
	day := today()
	for i := range zd.Societies {
		if zd.Societies[i].CurrentOn(day) {
			s := zd.Societies[i]
			zd.Society = &s
		}
	}
	if zd.Comuni, err = queryComuni(ctx, d, id); err != nil {
		return ZoneDetail{}, fmt.Errorf("territory: zone %q: %w", id, err)
	}
	if zd.Committees, err = queryCommittees(ctx, d, id); err != nil {
		return ZoneDetail{}, fmt.Errorf("territory: zone %q: %w", id, err)
	}
	return zd, nil
}

// querySocieties lists the societies of zone (of every zone when empty),
// oldest first: by start date, unknown starts first, then by id.
func querySocieties(ctx context.Context, d *db.DB, zone string) ([]HealthSociety, error) {
	q := `SELECT id, zone_id, name, COALESCE(valid_from, ''), COALESCE(valid_to, ''), reliability FROM health_societies`
	var args []any
	if zone != "" {
		q += ` WHERE zone_id = ?`
		args = append(args, zone)
	}
	rows, err := d.Query(ctx, q+` ORDER BY COALESCE(valid_from, ''), id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HealthSociety
	for rows.Next() {
		var s HealthSociety
		if err := rows.Scan(&s.ID, &s.ZoneID, &s.Name, &s.ValidFrom, &s.ValidTo, &s.Reliability); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func queryComuni(ctx context.Context, d *db.DB, zone string) ([]Comune, error) {
	rows, err := d.Query(ctx, `SELECT `+comuneColumns+` FROM comuni WHERE zone_id = ?`, zone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Comune
	for rows.Next() {
		var c Comune
		if err := rows.Scan(comuneDest(&c)...); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Comune) int { return lessByName(a.Name, b.Name) })
	return out, nil
}

func queryCommittees(ctx context.Context, d *db.DB, zone string) ([]Committee, error) {
	rows, err := d.Query(ctx, `SELECT id, zone_id, kind, name FROM committees WHERE zone_id = ?`, zone)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Committee
	for rows.Next() {
		var c Committee
		if err := rows.Scan(&c.ID, &c.ZoneID, &c.Kind, &c.Name); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Participation before third sector, whatever the engine's collation.
	slices.SortFunc(out, func(a, b Committee) int {
		return boolOrder(a.Kind != Participation) - boolOrder(b.Kind != Participation)
	})
	return out, nil
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ZoneOfComune returns the id of the zone the comune with ISTAT code istat
// belongs to, or db.ErrNotFound.
func ZoneOfComune(ctx context.Context, d *db.DB, istat string) (string, error) {
	var zone string
	err := d.QueryRow(ctx, `SELECT zone_id FROM comuni WHERE istat_code = ?`, istat).Scan(&zone)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("territory: comune %q: %w", istat, db.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("territory: comune %q: %w", istat, err)
	}
	return zone, nil
}
