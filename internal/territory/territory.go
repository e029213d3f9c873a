// Package territory is Cantieri's model of the Tuscan territories: the three
// health authorities (Aziende USL), the 28 zone-distretto with their comuni,
// the Società della Salute that run many zones (with dated validity), and the
// two committees of every zone. The reference data is embedded in the binary
// and loaded into the database at start by LoadReference; other features read
// it through Zones, Zone, HealthAuthorities and ZoneOfComune.
package territory

import (
	"strings"
	"unicode"
)

// HealthAuthority is an Azienda USL.
type HealthAuthority struct {
	ID   string // "toscana-centro", "toscana-nord-ovest", "toscana-sud-est"
	Name string // "Azienda USL Toscana Centro"
	// Zones is how many zones the authority covers.
	Zones int
}

// ZoneSummary is a zona-distretto as lists show it. (The function Zone
// returns one zone in full, as a ZoneDetail.)
type ZoneSummary struct {
	ID                  string // the slug of the data, e.g. "lunigiana"
	Name                string
	HealthAuthorityID   string
	HealthAuthorityName string
	Population2011      int
	// Note is what the data says about the zone's history (splits, a
	// dissolved Società della Salute); empty when nothing.
	Note string
	// ComuniCount is how many comuni the zone has.
	ComuniCount int
	// Society is the Società della Salute running the zone today, or nil.
	Society *HealthSociety
}

// HealthSociety is a Società della Salute: the consortium of a zone's comuni
// and its Azienda USL. Its validity is dated; an empty ValidFrom or ValidTo
// means the date is not known (or, for ValidTo, that it is still in force).
type HealthSociety struct {
	ID        int64
	ZoneID    string
	Name      string
	ValidFrom string // ISO date YYYY-MM-DD, or ""
	ValidTo   string // ISO date YYYY-MM-DD, or ""
	// Reliability grades the source of the record: "alta" (confirmed by a
	// dated source), "media" (inferred), "bassa" (not confirmed).
	Reliability string
}

// CurrentOn reports whether the society is in force on day (YYYY-MM-DD).
func (s HealthSociety) CurrentOn(day string) bool {
	return (s.ValidFrom == "" || s.ValidFrom <= day) && (s.ValidTo == "" || s.ValidTo >= day)
}

// Comune is a municipality, with the ISTAT fields.
type Comune struct {
	ISTATCode      string // six digits, e.g. "045001"
	Name           string
	ProvinceCode   string // three digits, e.g. "045"
	Province       string // "Massa-Carrara"
	ProvinceAbbr   string // car plate, "MS"
	CadastralCode  string // Belfiore code, "A496"
	Population2011 int    // legal population, 2011 census
	IsCapital      bool   // capoluogo di provincia
	ZoneID         string
}

// CommitteeKind tells the two committees of a zone apart.
type CommitteeKind string

// The two committees every zone has.
const (
	// Participation is the Comitato di Partecipazione.
	Participation CommitteeKind = "participation"
	// ThirdSector is the Consulta del Terzo Settore.
	ThirdSector CommitteeKind = "third_sector"
)

// Committee is one of the two committees of a zone.
type Committee struct {
	ID     int64
	ZoneID string
	Kind   CommitteeKind
	Name   string
}

// ZoneDetail is a zone with everything that belongs to it.
type ZoneDetail struct {
	ZoneSummary
	Comuni []Comune // sorted by name
	// Societies lists every Società della Salute the zone has had, current
	// or not, oldest first; ZoneSummary.Society is the current one.
	Societies  []HealthSociety
	Committees []Committee // participation first
}

// CommitteeName is the name of the committee of kind for the zone named
// zoneName, as LoadReference writes it.
func CommitteeName(kind CommitteeKind, zoneName string) string {
	if kind == ThirdSector {
		return "Consulta del Terzo Settore – " + zoneName
	}
	return "Comitato di Partecipazione – " + zoneName
}

// sortKey folds a name for sorting the way an Italian reader expects:
// case, accents and punctuation ignored ("Alta Val d'Elsa" next to "Alta
// Val di Cecina", "Castel San Niccolò" among the other Castel…). Both engines
// then give the same order, which ORDER BY under different collations would
// not.
func sortKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteRune(' ')
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(fold(unicode.ToLower(r)))
		}
	}
	return b.String()
}

func fold(r rune) rune {
	switch r {
	case 'à', 'á', 'â', 'ä':
		return 'a'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'ò', 'ó', 'ô', 'ö':
		return 'o'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	}
	return r
}

// lessByName orders two names by sortKey, then byte-wise for a stable tie.
func lessByName(a, b string) int {
	if c := strings.Compare(sortKey(a), sortKey(b)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}
