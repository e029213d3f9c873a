package territory

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// LoadReference brings the reference territories in the database up to date
// with the embedded data: health authorities, zones, comuni, Società della
// Salute and committees. It runs at every start. When the database already
// holds every row as the data describes it, it only reads (a few hundred
// rows); otherwise it upserts everything in one transaction. It never
// deletes: rows the data no longer lists stay, for other features may
// refer to them (see docs/territories.md).
func LoadReference(ctx context.Context, d *db.DB) error {
	ref, err := loadRef()
	if err != nil {
		return err
	}
	current, err := storedLines(ctx, d)
	if err != nil {
		return fmt.Errorf("territory: read reference data: %w", err)
	}
	if containsAll(current, ref.lines()) {
		return nil
	}
	if err := d.Tx(ctx, func(tx *db.Tx) error { return upsert(ctx, tx, ref) }); err != nil {
		return fmt.Errorf("territory: load reference data: %w", err)
	}
	return nil
}

// Each stored row is summed up as one line, so the data and the database
// compare as two sets of strings.
const sep = "\x1f"

func line(fields ...any) string {
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = fmt.Sprint(f)
	}
	return strings.Join(parts, sep)
}

func (ref *reference) lines() []string {
	var out []string
	for _, h := range ref.authorities {
		out = append(out, line("ha", h.ID, h.Name))
	}
	for _, z := range ref.zones {
		out = append(out, line("zone", z.ID, z.Name, z.HealthAuthorityID, z.Population2011, z.Note))
		for _, k := range []CommitteeKind{Participation, ThirdSector} {
			out = append(out, line("committee", z.ID, k, CommitteeName(k, z.Name)))
		}
	}
	for _, c := range ref.comuni {
		out = append(out, comuneLine(c))
	}
	for _, s := range ref.societies {
		out = append(out, line("sds", s.ZoneID, s.Name, s.ValidFrom, s.ValidTo, s.Reliability))
	}
	return out
}

func comuneLine(c Comune) string {
	return line("comune", c.ISTATCode, c.Name, c.ProvinceCode, c.Province, c.ProvinceAbbr, c.CadastralCode,
		c.Population2011, c.IsCapital, c.ZoneID)
}

func containsAll(have map[string]bool, want []string) bool {
	for _, w := range want {
		if !have[w] {
			return false
		}
	}
	return true
}

// storedLines reads the reference tables as lines comparable with
// reference.lines.
func storedLines(ctx context.Context, d *db.DB) (map[string]bool, error) {
	out := map[string]bool{}
	scan := func(query string, dest func() []any, toLine func() string) error {
		rows, err := d.Query(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(dest()...); err != nil {
				return err
			}
			out[toLine()] = true
		}
		return rows.Err()
	}
	var h HealthAuthority
	if err := scan(`SELECT id, name FROM health_authorities`,
		func() []any { return []any{&h.ID, &h.Name} },
		func() string { return line("ha", h.ID, h.Name) }); err != nil {
		return nil, err
	}
	var z ZoneSummary
	if err := scan(`SELECT id, name, health_authority_id, population_2011, note FROM zones`,
		func() []any { return []any{&z.ID, &z.Name, &z.HealthAuthorityID, &z.Population2011, &z.Note} },
		func() string { return line("zone", z.ID, z.Name, z.HealthAuthorityID, z.Population2011, z.Note) }); err != nil {
		return nil, err
	}
	var c Comune
	if err := scan(`SELECT `+comuneColumns+` FROM comuni`,
		func() []any { return comuneDest(&c) },
		func() string { return comuneLine(c) }); err != nil {
		return nil, err
	}
	var s HealthSociety
	if err := scan(`SELECT zone_id, name, COALESCE(valid_from, ''), COALESCE(valid_to, ''), reliability FROM health_societies`,
		func() []any { return []any{&s.ZoneID, &s.Name, &s.ValidFrom, &s.ValidTo, &s.Reliability} },
		func() string { return line("sds", s.ZoneID, s.Name, s.ValidFrom, s.ValidTo, s.Reliability) }); err != nil {
		return nil, err
	}
	var k Committee
	if err := scan(`SELECT zone_id, kind, name FROM committees`,
		func() []any { return []any{&k.ZoneID, &k.Kind, &k.Name} },
		func() string { return line("committee", k.ZoneID, k.Kind, k.Name) }); err != nil {
		return nil, err
	}
	return out, nil
}

const comuneColumns = `istat_code, name, province_code, province, province_abbr, cadastral_code, population_2011, is_capital, zone_id`

func comuneDest(c *Comune) []any {
	return []any{&c.ISTATCode, &c.Name, &c.ProvinceCode, &c.Province, &c.ProvinceAbbr, &c.CadastralCode,
		&c.Population2011, &c.IsCapital, &c.ZoneID}
}

// upsert writes every reference row. The health authorities go first: on
// PostgreSQL their INSERT … ON CONFLICT DO UPDATE locks those rows until
// commit, so two instances starting together load one after the other and
// the second finds the societies the first inserted.
func upsert(ctx context.Context, tx *db.Tx, ref *reference) error {
	for _, h := range ref.authorities {
		if _, err := tx.Exec(ctx, `INSERT INTO health_authorities (id, name) VALUES (?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name`, h.ID, h.Name); err != nil {
			return fmt.Errorf("health authority %s: %w", h.ID, err)
		}
	}
	for _, z := range ref.zones {
		if _, err := tx.Exec(ctx, `INSERT INTO zones (id, name, health_authority_id, population_2011, note) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, health_authority_id = excluded.health_authority_id,
	population_2011 = excluded.population_2011, note = excluded.note`,
			z.ID, z.Name, z.HealthAuthorityID, z.Population2011, z.Note); err != nil {
			return fmt.Errorf("zone %s: %w", z.ID, err)
		}
		for _, k := range []CommitteeKind{Participation, ThirdSector} {
			if _, err := tx.Exec(ctx, `INSERT INTO committees (zone_id, kind, name) VALUES (?, ?, ?)
ON CONFLICT (zone_id, kind) DO UPDATE SET name = excluded.name`, z.ID, string(k), CommitteeName(k, z.Name)); err != nil {
				return fmt.Errorf("committee %s of %s: %w", k, z.ID, err)
			}
		}
	}
	for _, c := range ref.comuni {
		if _, err := tx.Exec(ctx, `INSERT INTO comuni (`+comuneColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (istat_code) DO UPDATE SET name = excluded.name, province_code = excluded.province_code,
	province = excluded.province, province_abbr = excluded.province_abbr, cadastral_code = excluded.cadastral_code,
	population_2011 = excluded.population_2011, is_capital = excluded.is_capital, zone_id = excluded.zone_id`,
			c.ISTATCode, c.Name, c.ProvinceCode, c.Province, c.ProvinceAbbr, c.CadastralCode,
			c.Population2011, c.IsCapital, c.ZoneID); err != nil {
			return fmt.Errorf("comune %s: %w", c.ISTATCode, err)
		}
	}
	for _, s := range ref.societies {
		if err := upsertSociety(ctx, tx, s); err != nil {
			return fmt.Errorf("società della salute of %s: %w", s.ZoneID, err)
		}
	}
	return nil
}

// upsertSociety matches a society by zone and name: the table has no
// natural key (a zone may have several societies over time), so ON
// CONFLICT cannot be used.
func upsertSociety(ctx context.Context, tx *db.Tx, s HealthSociety) error {
	var id int64
	err := tx.QueryRow(ctx, `SELECT id FROM health_societies WHERE zone_id = ? AND name = ? ORDER BY id LIMIT 1`,
		s.ZoneID, s.Name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.Exec(ctx, `INSERT INTO health_societies (zone_id, name, valid_from, valid_to, reliability) VALUES (?, ?, ?, ?, ?)`,
			s.ZoneID, s.Name, nullable(s.ValidFrom), nullable(s.ValidTo), s.Reliability)
		return err
	}
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE health_societies SET valid_from = ?, valid_to = ?, reliability = ? WHERE id = ?`,
		nullable(s.ValidFrom), nullable(s.ValidTo), s.Reliability, id)
	return err
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
