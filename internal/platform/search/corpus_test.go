package search

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// The conformance corpus: a few documents of every kind, written so that
// each case of conformance_test.go has one right answer.
var (
	day      = func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	asOf     = day("2025-01-15")
	corpusIT = []Document{
		{Kind: KindGlossary, Ref: "vaccinazione", Title: "Vaccinazione", URL: "/glossario/vaccinazione",
			Body: "La vaccinazione protegge dalle malattie infettive stimolando le difese del corpo. Si fa nei servizi vaccinali della propria zona."},
		{Kind: KindNews, Ref: "campagna-antinfluenzale", ZoneIDs: []string{"lunigiana"}, Date: day("2024-10-01"), URL: "/notizie/campagna-antinfluenzale",
			Title: "Al via la campagna di vaccinazioni antinfluenzali",
			Body:  "Da ottobre gli ambulatori della Lunigiana offrono il vaccino antinfluenzale a chi ha più di 65 anni e alle persone fragili."},
		{Kind: KindNews, Ref: "vaccini-anziani", ZoneIDs: []string{"apuane"}, Date: day("2024-11-05"), URL: "/notizie/vaccini-anziani",
			Title: "Vaccini gratuiti per gli anziani",
			Body:  "Le vaccinazioni sono gratuite per gli over 65: basta prenotare in farmacia o dal medico di famiglia."},
		{Kind: KindGlossary, Ref: "prevenzione", Title: "Prevenzione", URL: "/glossario/prevenzione",
			Body: "L'insieme delle azioni che evitano una malattia prima che compaia: stili di vita sani, screening, vaccinazione."},
		{Kind: KindTerritory, Ref: "firenze", ZoneIDs: []string{"firenze"}, Title: "Firenze", URL: "/territori/firenze",
			Body: "Zona-distretto dell'Azienda USL Toscana Centro. Comuni: Firenze. Società della Salute di Firenze."},
		{Kind: KindTerritory, Ref: "lunigiana", ZoneIDs: []string{"lunigiana"}, Title: "Lunigiana", URL: "/territori/lunigiana",
			Body: "Zona-distretto dell'Azienda USL Toscana Nord Ovest. Comuni: Aulla, Bagnone, Casola in Lunigiana, Comano, Filattiera, Fivizzano, Fosdinovo, Licciana Nardi, Mulazzo, Podenzana, Pontremoli, Tresana, Villafranca in Lunigiana, Zeri."},
		{Kind: KindPage, Ref: "societa-della-salute", Title: "Che cosa sono le Società della Salute", URL: "/pagine/societa-della-salute",
			Body: "Le Società della Salute sono consorzi pubblici tra i comuni di una zona e la sua azienda sanitaria."},
		{Kind: KindPath, Ref: "casa-comunita-aulla", ZoneIDs: []string{"lunigiana"}, Date: day("2024-03-04"), URL: "/percorsi/casa-comunita-aulla",
			Title: "Casa della Comunità di Aulla",
			Body:  "Un percorso di partecipazione per progettare con gli abitanti i servizi della nuova casa della comunità."},
		{Kind: KindNews, Ref: "citta-sane", ZoneIDs: []string{"firenze", "lunigiana"}, Date: day("2024-06-10"), URL: "/notizie/citta-sane",
			Title: "Città sane e attive",
			Body:  "Le città della rete promuovono il movimento: camminate di gruppo, parchi aperti, piste ciclabili."},
		{Kind: KindActivity, Ref: "incontro-aulla", ZoneIDs: []string{"lunigiana"}, Date: day("2025-02-20"), URL: "/attivita/incontro-aulla",
			Title: "Incontro pubblico ad Aulla sulla casa della comunità",
			Body:  "Cittadini e operatori discutono i servizi della casa della comunità. Ingresso libero."},
		{Kind: KindNews, Ref: "programmata", Date: day("2025-03-01"), VisibleFrom: day("2025-03-01"), URL: "/notizie/programmata",
			Title: "Nuove vaccinazioni in primavera",
			Body:  "Questa notizia è programmata e non deve comparire prima della sua data."},
		longBody,
		{Kind: KindNews, Ref: "caratteri", Date: day("2023-05-02"), URL: "/notizie/caratteri",
			Title: "Simboli <b>nel</b> testo & altro",
			Body:  `Un testo con <script>alert("x")</script> e «virgolette» che parla di salute mentale.`},
	}
	corpusEN = []Document{
		{Kind: KindGlossary, Ref: "vaccinazione", Lang: "en", Title: "Vaccination", URL: "/glossario/vaccinazione?lang=en",
			Body: "Vaccination protects against infectious diseases."},
	}
)

// loadCorpus indexes the corpus the two ways features do: Italian
// documents through Reindex, the English one with Index in a transaction.
func loadCorpus(t testing.TB, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	byKind := map[string][]Document{}
	for _, doc := range corpusIT {
		byKind[doc.Kind] = append(byKind[doc.Kind], doc)
	}
	for _, kind := range Kinds {
		if _, err := Reindex(ctx, d, kind, byKind[kind]); err != nil {
			t.Fatal(err)
		}
	}
	err := d.Tx(ctx, func(tx *db.Tx) error {
		for _, doc := range corpusEN {
			if err := Index(ctx, tx, doc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// longBody is a page whose only rare word sits deep in the body, to test
// that the snippet shows the passage around it.
var longBody = Document{Kind: KindPage, Ref: "pagina-lunga", Title: "Una pagina lunga", URL: "/pagine/lunga",
	Body: strings.Repeat("Parole di riempimento senza interesse. ", 40) + "Qui si parla di zafferano, finalmente. " +
		strings.Repeat("Altre frasi di chiusura. ", 20)}
