package demo

// The vocabulary of the scale data set (scale.go): Italian first names and
// surnames among the most common in Tuscany, and the themes, kinds of
// meeting and headlines the programme's paths, activities and news are
// about, so that generated pages read like the real ones.

var scaleFirstNames = []string{
	"Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Elena", "Alessandra", "Silvia", "Federica",
	"Laura", "Paola", "Anna", "Maria", "Giovanna", "Lucia", "Roberta", "Simona", "Barbara", "Claudia",
	"Elisa", "Irene", "Beatrice", "Caterina", "Marta", "Ilaria", "Serena", "Cristina", "Monica", "Rita",
	"Marco", "Alessandro", "Andrea", "Luca", "Francesco", "Matteo", "Lorenzo", "Davide", "Simone", "Federico",
	"Giovanni", "Stefano", "Paolo", "Roberto", "Massimo", "Fabio", "Riccardo", "Tommaso", "Leonardo", "Niccolò",
	"Jacopo", "Filippo", "Gabriele", "Emanuele", "Pietro", "Michele", "Daniele", "Claudio", "Sergio", "Giorgio",
}

var scaleSurnames = []string{
	"Rossi", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti",
	"Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani",
	"Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale",
	"Innocenti", "Bartolini", "Nencini", "Bini", "Fantoni", "Giannini", "Cecchi", "Baldi", "Lazzeri", "Pieri",
	"Bellini", "Guidi", "Tognetti", "Cappelli", "Niccolai", "Bartoli", "Vannucci", "Pacini", "Landi", "Franchi",
	"Mazzoni", "Paoli", "Nesti", "Bandini", "Checcucci", "Bagnoli", "Fanfani", "Parenti", "Taddei", "Signorini",
}

// scaleThemes are what paths and activities work on, in both languages.
var scaleThemes = [][2]string{
	{"l'accesso ai servizi per chi vive lontano dai centri", "access to services for people living far from the towns"},
	{"la salute mentale dei giovani", "young people's mental health"},
	{"gli anziani che vivono soli", "older people living alone"},
	{"la Casa di Comunità", "the Casa di Comunità"},
	{"il sostegno a chi assiste un familiare", "support for family carers"},
	{"la prevenzione e gli stili di vita sani", "prevention and healthy lifestyles"},
	{"l'orientamento ai servizi sociali", "guidance to social services"},
	{"la salute delle persone straniere", "the health of foreign residents"},
	{"la disabilità e la vita indipendente", "disability and independent living"},
	{"la solitudine e le reti di vicinato", "loneliness and neighbourhood networks"},
	{"i trasporti per le visite e le cure", "transport to appointments and care"},
	{"le dipendenze e la riduzione del danno", "addiction and harm reduction"},
	{"la salute delle donne", "women's health"},
	{"i primi mille giorni di vita", "the first thousand days of life"},
	{"la telemedicina nelle aree interne", "telemedicine in inner areas"},
	{"il contrasto alla povertà sanitaria", "fighting health poverty"},
}

// scaleKinds are the activity kinds of migration 0011 with the words
// their titles start with.
var scaleKinds = []struct{ kind, it, en string }{
	{"meeting", "Incontro del Comitato di Partecipazione su", "Participation Committee meeting on"},
	{"lab", "Laboratorio di co-progettazione su", "Co-design lab on"},
	{"training_workshop", "Formazione per attivatori di comunità:", "Community activator training:"},
	{"agora", "Agorà aperta alla cittadinanza su", "Agora open to citizens on"},
	{"public_event", "Evento pubblico:", "Public event:"},
	{"interview", "Interviste a operatori e cittadini su", "Interviews with staff and citizens on"},
	{"feedback_session", "Raccolta di osservazioni su", "Feedback session on"},
}

// scaleVenues are kinds of place a meeting is held in.
var scaleVenues = []string{
	"Sala consiliare", "Biblioteca comunale", "Casa di Comunità", "Circolo ARCI", "Misericordia",
	"Centro civico", "Teatro comunale", "Sala parrocchiale", "Pubblica Assistenza", "Casa del Popolo",
}

var scaleStreets = []string{
	"piazza della Repubblica", "via Roma", "via Garibaldi", "piazza del Comune", "via Mazzini",
	"via Cavour", "piazza Matteotti", "viale della Libertà", "via Dante Alighieri", "piazza XX Settembre",
}

// scaleHeadlines start news titles; the theme or the comune follows.
var scaleHeadlines = [][2]string{
	{"Al via gli incontri su", "Meetings start on"},
	{"Conclusa la prima fase del lavoro su", "First phase of the work completed on"},
	{"Il Comitato di Partecipazione presenta le proposte su", "The Participation Committee presents its proposals on"},
	{"Aperte le iscrizioni ai laboratori su", "Sign-ups open for the labs on"},
	{"Cittadini e operatori a confronto su", "Citizens and staff compare notes on"},
	{"Nuovi attivatori di comunità per", "New community activators for"},
	{"Un servizio in prova per", "A service being tested for"},
	{"I risultati dell'agorà su", "The results of the agora on"},
}

// scaleParagraphs make the bodies of news items and the descriptions of
// activities.
var scaleParagraphs = [][2]string{
	{"Il percorso coinvolge la Società della Salute, il Comitato di Partecipazione, le associazioni del territorio e chi usa ogni giorno i servizi.",
		"The path involves the Società della Salute, the Participation Committee, local associations and the people who use the services every day."},
	{"Gli incontri sono aperti a tutte e a tutti: non serve una preparazione particolare, conta l'esperienza di ciascuno.",
		"The meetings are open to everyone: no particular preparation is needed, everyone's experience counts."},
	{"Le proposte raccolte saranno discusse con gli operatori e tradotte in un piano di lavoro condiviso.",
		"The proposals gathered will be discussed with the staff and turned into a shared work plan."},
	{"Chi non può partecipare di persona può seguire gli incontri online e inviare le proprie osservazioni.",
		"Those who cannot attend in person can follow the meetings online and send their remarks."},
	{"Il calendario delle attività è pubblicato sul sito e aggiornato dopo ogni incontro.",
		"The calendar of activities is published on the site and updated after every meeting."},
	{"Gli attivatori di comunità accompagnano le persone più lontane dai servizi e raccolgono i loro bisogni.",
		"Community activators accompany the people furthest from services and gather their needs."},
}
