package territory

import (
	"embed"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// dataFS holds the embedded reference files and their provenance.
//
//go:embed data/*.csv data/*.md
var dataFS embed.FS

const (
	zonesFile      = "data/zone_distretto_toscana.csv"
	zoneComuniFile = "data/comuni_zone_distretto_toscana.csv"
	istatFile      = "data/istat_comuni_toscana_20200101.csv"
)

// healthAuthorityIDs maps the names the data uses to stable ids.
var healthAuthorityIDs = map[string]string{
	"Azienda USL Toscana Centro":     "toscana-centro",
	"Azienda USL Toscana Nord Ovest": "toscana-nord-ovest",
	"Azienda USL Toscana Sud Est":    "toscana-sud-est",
}

// reference is the content of the data files, checked and ready to load.
type reference struct {
	authorities []HealthAuthority // sorted by id
	zones       []refZone         // in file order
	comuni      []Comune          // in file order
	societies   []HealthSociety   // one per zone the data says has one
}

// refZone is a zone as the data file gives it.
type refZone struct {
	ZoneSummary
	// NComuni is the file's own count of the zone's comuni, checked against
	// the comune→zone file.
	NComuni int
}

// loadRef parses the embedded data once; a malformed file is a programming
// error that every test reports.
var loadRef = sync.OnceValues(func() (*reference, error) { return parseReference(dataFS) })

func readCSV(fsys fs.FS, name string, header []string) ([][]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = len(header)
	got, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("territory: %s: header: %w", name, err)
	}
	if !slices.Equal(got, header) {
		return nil, fmt.Errorf("territory: %s: header is %v, want %v", name, got, header)
	}
	var rows [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("territory: %s: %w", name, err)
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(rec[i])
		}
		rows = append(rows, rec)
	}
	return rows, nil
}

func parseReference(fsys fs.FS) (*reference, error) {
	ref := &reference{}
	for name, id := range healthAuthorityIDs {
		ref.authorities = append(ref.authorities, HealthAuthority{ID: id, Name: name})
	}
	slices.SortFunc(ref.authorities, func(a, b HealthAuthority) int { return strings.Compare(a.ID, b.ID) })

	zoneIndex, err := parseZones(fsys, ref)
	if err != nil {
		return nil, err
	}
	if err := parseComuni(fsys, ref, zoneIndex); err != nil {
		return nil, err
	}
	return ref, nil
}

func parseZones(fsys fs.FS, ref *reference) (map[string]*refZone, error) {
	rows, err := readCSV(fsys, zonesFile, []string{"zona_id", "zona", "azienda_usl", "societa_della_salute",
		"ente_gestore", "affidabilita_sds", "n_comuni", "popolazione_2011", "nota"})
	if err != nil {
		return nil, err
	}
	for i, rec := range rows {
		lineNo := i + 2
		haID, ok := healthAuthorityIDs[rec[2]]
		if !ok {
			return nil, fmt.Errorf("territory: %s:%d: unknown health authority %q", zonesFile, lineNo, rec[2])
		}
		n, err1 := strconv.Atoi(rec[6])
		pop, err2 := strconv.Atoi(rec[7])
		if rec[0] == "" || rec[1] == "" || err1 != nil || err2 != nil {
			return nil, fmt.Errorf("territory: %s:%d: malformed zone %v", zonesFile, lineNo, rec)
		}
		if !slices.Contains([]string{"alta", "media", "bassa"}, rec[5]) {
			return nil, fmt.Errorf("territory: %s:%d: reliability %q is not alta, media or bassa", zonesFile, lineNo, rec[5])
		}
		z := refZone{ZoneSummary: ZoneSummary{ID: rec[0], Name: rec[1], HealthAuthorityID: haID, HealthAuthorityName: rec[2],
			Population2011: pop, Note: rec[8]}, NComuni: n}
		switch rec[3] {
		case "si":
			s, err := societyOf(rec[0], rec[4], rec[5])
			if err != nil {
				return nil, fmt.Errorf("territory: %s:%d: %w", zonesFile, lineNo, err)
			}
			ref.societies = append(ref.societies, s)
		case "no":
			// A zone without a Società della Salute may still name, in
			// brackets, the one it used to have: keep that in the note.
			if former := strings.Trim(rec[4], "() "); former != "" {
				z.Note = joinNotes(former, z.Note)
			}
		default:
			return nil, fmt.Errorf("territory: %s:%d: societa_della_salute %q is not si or no", zonesFile, lineNo, rec[3])
		}
		ref.zones = append(ref.zones, z)
	}
	index := make(map[string]*refZone, len(ref.zones))
	for i := range ref.zones {
		z := &ref.zones[i]
		if _, dup := index[z.ID]; dup {
			return nil, fmt.Errorf("territory: %s: zone %q listed twice", zonesFile, z.ID)
		}
		index[z.ID] = z
	}
	return index, nil
}

// sinceDate matches a trailing "(dal 1/1/2019)" in a society's name: the
// only form in which the data gives a day-precise start of validity.
var sinceDate = regexp.MustCompile(`\s*\(dal (\d{1,2})/(\d{1,2})/(\d{4})\)$`)

// societyOf builds the society of zone from the data's ente_gestore text.
// See docs/territories.md for the dating rule.
func societyOf(zone, text, reliability string) (HealthSociety, error) {
	if text == "" {
		return HealthSociety{}, fmt.Errorf("zone %s has a Società della Salute without a name", zone)
	}
	s := HealthSociety{ZoneID: zone, Name: text, Reliability: reliability}
	if m := sinceDate.FindStringSubmatch(text); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if d < 1 || d > 31 || mo < 1 || mo > 12 {
			return HealthSociety{}, fmt.Errorf("zone %s: impossible date in %q", zone, text)
		}
		s.ValidFrom = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
		s.Name = strings.TrimSpace(text[:len(text)-len(m[0])])
	}
	return s, nil
}

func joinNotes(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + ". " + b
}

func parseComuni(fsys fs.FS, ref *reference, zones map[string]*refZone) error {
	assign, err := readCSV(fsys, zoneComuniFile, []string{"codice_istat", "comune", "sigla_provincia", "zona_id", "zona", "azienda_usl"})
	if err != nil {
		return err
	}
	zoneOf := make(map[string]string, len(assign))
	for i, rec := range assign {
		lineNo := i + 2
		z, ok := zones[rec[3]]
		if !ok {
			return fmt.Errorf("territory: %s:%d: unknown zone %q", zoneComuniFile, lineNo, rec[3])
		}
		if z.Name != rec[4] || z.HealthAuthorityName != rec[5] {
			return fmt.Errorf("territory: %s:%d: zone %s is %q in %q, but the zone file says %q in %q",
				zoneComuniFile, lineNo, rec[3], rec[4], rec[5], z.Name, z.HealthAuthorityName)
		}
		if _, dup := zoneOf[rec[0]]; dup {
			return fmt.Errorf("territory: %s:%d: comune %s is in two zones", zoneComuniFile, lineNo, rec[0])
		}
		zoneOf[rec[0]] = rec[3]
	}

	rows, err := readCSV(fsys, istatFile, []string{"codice_istat", "denominazione", "codice_provincia", "provincia",
		"sigla", "codice_catastale", "popolazione_legale_2011", "capoluogo", "nuts3"})
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(rows))
	for i, rec := range rows {
		lineNo := i + 2
		pop, err := strconv.Atoi(rec[6])
		if err != nil || len(rec[0]) != 6 || (rec[7] != "0" && rec[7] != "1") {
			return fmt.Errorf("territory: %s:%d: malformed comune %v", istatFile, lineNo, rec)
		}
		zone, ok := zoneOf[rec[0]]
		if !ok {
			return fmt.Errorf("territory: %s:%d: comune %s (%s) is in no zone", istatFile, lineNo, rec[0], rec[1])
		}
		if seen[rec[0]] {
			return fmt.Errorf("territory: %s:%d: comune %s listed twice", istatFile, lineNo, rec[0])
		}
		seen[rec[0]] = true
		ref.comuni = append(ref.comuni, Comune{ISTATCode: rec[0], Name: rec[1], ProvinceCode: rec[2], Province: rec[3],
			ProvinceAbbr: rec[4], CadastralCode: rec[5], Population2011: pop, IsCapital: rec[7] == "1", ZoneID: zone})
		zones[zone].ComuniCount++
	}
	for code, zone := range zoneOf {
		if !seen[code] {
			return fmt.Errorf("territory: comune %s of zone %s is not in the ISTAT list", code, zone)
		}
	}
	for _, z := range ref.zones {
		if got := zones[z.ID].ComuniCount; got != z.NComuni {
			return fmt.Errorf("territory: zone %s has %d comuni, but the zone file says %d", z.ID, got, z.NComuni)
		}
	}
	return nil
}
