package faq

import (
	"context"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/db"
)

// seedTopic and seedItem are the programme's FAQ as published on its site
// (seed 001): the Italian answers as written there, with questions and
// English translations written for this product.
type seedTopic struct {
	key, it, en string
	items       []seedItem
}

type seedItem struct {
	key, qIT, qEN, aIT, aEN string
}

var seed = []seedTopic{
	{key: "progetto", it: "Il progetto", en: "The project", items: []seedItem{
		{
			key: "territori",
			qIT: "Quali territori sono coinvolti?",
			qEN: "Which territories are involved?",
			aIT: "Il progetto coinvolge i Comitati di Partecipazione e l'associazionismo locale di 5 zone-distretto: Alta Val di Cecina e Valdera, Amiata Val D’Orcia, Fiorentina Nord-Ovest, Lunigiana, Valdichiana Aretina",
			aEN: "The project involves the Participation Committees and the local associations of 5 health districts (zone-distretto): Alta Val di Cecina and Valdera, Amiata Val d’Orcia, Fiorentina Nord-Ovest, Lunigiana, Valdichiana Aretina",
		},
		{
			key: "durata",
			qIT: "Quanto dura il progetto?",
			qEN: "How long does the project last?",
			aIT: "Il progetto è composto da cinque percorsi distinti, uno per ciascuno dei territori coinvolti. La durata di ciascuno di questi può variare. In ogni caso, la durata media prevista per un singolo percorso è di 10 mesi.",
			aEN: "The project is made up of five separate paths, one for each of the territories involved. The length of each may vary. In any case, the average expected length of a single path is 10 months.",
		},
		{
			key: "socio-sanitari",
			qIT: "Il progetto riguarda solo i servizi sanitari?",
			qEN: "Is the project only about health services?",
			aIT: "Non solo! Come la L.R. 75/2017, il progetto Cantieri della Salute è dedicato alla qualifica dei servizi \"socio-sanitari\". Con questo termine si intendono tutti i servizi legati al più ampio tema della salute del cittadino a tutto tondo, come ad esempio: lavoro, reddito, istruzione, ambiente, qualità dell’abitazione, accesso ai servizi pubblici e stili di vita.",
			aEN: "Not only! Like regional law 75/2017, the Cantieri della Salute project is devoted to improving \"health and social\" (socio-sanitari) services. The term covers all the services linked to the wider theme of citizens' health in the round, for example: work, income, education, environment, housing quality, access to public services and lifestyles.",
		},
		{
			key: "modalita",
			qIT: "Le attività si svolgono in presenza o a distanza?",
			qEN: "Do the activities take place in person or remotely?",
			aIT: "Le modalità organizzative delle attività proposte potranno modificarsi in base alle necessità legate alla gestione del fenomeno pandemico. La maggior parte delle attività è comunque pensata per poter essere condotta sia in presenza che in remoto, mediante appositi strumenti di partecipazione digitale.",
			aEN: "The way the proposed activities are organised may change according to the needs of managing the pandemic. Most activities, however, are designed so that they can be run both in person and remotely, using dedicated digital participation tools.",
		},
	}},
	{key: "chi-partecipa", it: "Chi partecipa", en: "Who takes part", items: []seedItem{
		{
			key: "comitato",
			qIT: "Che cos'è il Comitato di Partecipazione Zonale?",
			qEN: "What is the district Participation Committee?",
			aIT: "Il Comitato di Partecipazione Zonale è uno degli istituti di partecipazione previsti dalla L.R. 75/2017. Ha una funzione di consultazione e proposta in merito all'organizzazione ed erogazione dei servizi socio-sanitari della propria zona-distretto o Società della Salute. Ne esiste uno per ciascuna delle 26 zone-distretto della Toscana. È composto da membri designati dalle associazioni rappresentative dell'utenza, nonché dell'associazionismo di tutela, di promozione e di sostegno attivo, operanti nella comunità locale. Per maggiori informazioni: https://www.regione.toscana.it/-/i-comitati-di-partecipazione-aziendale-e-di-zona-distretto",
			aEN: "The district Participation Committee (Comitato di Partecipazione Zonale) is one of the participation bodies established by regional law 75/2017. It is consulted on, and makes proposals about, the organisation and delivery of the health and social services of its health district (zona-distretto) or Società della Salute. There is one for each of the 26 health districts of Tuscany. Its members are designated by the associations representing service users and by the advocacy, promotion and active-support associations working in the local community. For more information: https://www.regione.toscana.it/-/i-comitati-di-partecipazione-aziendale-e-di-zona-distretto",
		},
		{
			key: "attivatori",
			qIT: "Chi sono gli Attivatori di Comunità?",
			qEN: "Who are the Community Activators?",
			aIT: "Gli Attivatori di Comunità (o Community Organizer) sono figure volontarie che supporteranno i Comitati di Partecipazione nelle fasi di progettazione partecipata e di sperimentazione del servizio, e che faranno da ponte tra questi e le comunità territoriali. Gli Attivatori di Comunità verranno cercati tra i cittadini di ciascun territorio, e reclutati attraverso una manifestazione di interesse. Saranno formati su temi come l'ascolto attivo, la facilitazione e il community engagement nell'ambito di un percorso di capacitazione dedicato.",
			aEN: "Community Activators (or Community Organizers) are volunteers who will support the Participation Committees in the phases of participatory design and of testing the service, and who will act as a bridge between the committees and the local communities. Community Activators will be sought among the citizens of each territory and recruited through a call for expressions of interest. They will be trained in subjects such as active listening, facilitation and community engagement within a dedicated capacity-building path.",
		},
	}},
}

// LoadSeed adds the programme's FAQ where it is missing: each topic and
// question is inserted once (marked by its seed key) and never changed
// again, so editors' changes survive every restart. Concurrent starts on
// PostgreSQL are safe: the unique seed keys make the second insert a
// no-op.
func LoadSeed(ctx context.Context, d *db.DB) error {
	err := d.Tx(ctx, func(tx *db.Tx) error {
		for ti, t := range seed {
			if _, err := tx.Exec(ctx, `INSERT INTO faq_topics (title_it, title_en, position, seed_key) VALUES (?, ?, ?, ?)
ON CONFLICT (seed_key) WHERE seed_key IS NOT NULL DO NOTHING`, t.it, t.en, ti+1, "topic:"+t.key); err != nil {
				return err
			}
			var topicID int64
			if err := tx.QueryRow(ctx, `SELECT id FROM faq_topics WHERE seed_key = ?`, "topic:"+t.key).Scan(&topicID); err != nil {
				return err
			}
			for ii, it := range t.items {
				if _, err := tx.Exec(ctx, `INSERT INTO faq_items (topic_id, question_it, question_en, answer_it, answer_en, position, seed_key, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seed_key) WHERE seed_key IS NOT NULL DO NOTHING`,
					topicID, it.qIT, it.qEN, it.aIT, it.aEN, ii+1, "item:"+it.key, db.Now()); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("faq: load seed: %w", err)
	}
	return nil
}
