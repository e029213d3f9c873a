package demo

import (
	"time"

	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Titles of demo news items whose state the tests check.
const (
	NewsScheduledTitle = "Aperta la seconda manifestazione d'interesse per Attivatori di Comunità"
	NewsDraftTitle     = "La salute si costruisce insieme: il video di Cantieri della Salute"
	NewsCasaTitle      = "Case di Comunità: dopo la sperimentazione a San Leonardo, in Fiorentina Sud-Est il nuovo percorso di Cantieri della Salute"
)

// afterMayTraining is the publication time of the Casa di Comunità
// article: some days after the training of the path, never in the future.
func afterMayTraining(now time.Time) time.Time {
	may := lastMay(paths.DateOf(now.In(web.Rome())))
	t := time.Date(may.Year(), time.June, 9, 10, 0, 0, 0, web.Rome())
	if t.After(now.Add(-time.Hour)) {
		t = now.Add(-time.Hour)
	}
	return t
}

// demoNews are the demo's news items, after the titles of the programme's
// site (seeds 002 and 003), written for the product: seven region-wide or
// per-territory items published over the past months, one scheduled for
// the coming days and one draft.
func demoNews() []newsSpec {
	return []newsSpec{
		{At: dayAt(-200, 11), Input: news.Input{
			Status:    news.Published,
			TitleIT:   "Le Parole della Salute: uscito il nuovo glossario online con contributi dei lettori",
			TitleEN:   "Le Parole della Salute: the new online glossary is out, with readers' contributions",
			SummaryIT: "Presentato all'Accademia della Crusca, il glossario «Le Parole della Salute» spiega con parole semplici i termini della sanità e del sociale. E chi legge può proporre nuove voci.",
			SummaryEN: "Presented at the Accademia della Crusca, the glossary \"Le Parole della Salute\" explains the words of health and social care in plain language. And readers can propose new entries.",
			BodyIT: `Che cos'è una zona-distretto? E una Casa di Comunità? Che differenza c'è tra un Comitato di Partecipazione e una Consulta del Terzo settore? Per rispondere a domande come queste è nato **«Le Parole della Salute»**, il glossario online di Cantieri della Salute, presentato all'Accademia della Crusca.

Ogni voce spiega un termine con frasi brevi e parole di uso comune, con un esempio concreto. Il glossario è pensato per chi partecipa ai percorsi, ma anche per chiunque si trovi davanti a un modulo, a una lettera o a un sito poco chiari.

La novità è che il glossario cresce con chi lo legge: dalla pagina di ogni voce si può proporre una correzione o un termine che manca. Le proposte sono riviste dalla redazione prima della pubblicazione.

Per cominciare, consulta il glossario dal menu del sito.`,
			BodyEN: `What is a zona-distretto? And a Casa di Comunità? What is the difference between a Participation Committee and a Third Sector Council? "Le Parole della Salute", the online glossary of Cantieri della Salute presented at the Accademia della Crusca, was created to answer questions like these.

Each entry explains a term in short sentences and everyday words, with a concrete example. The glossary is meant for people taking part in the paths, but also for anyone facing an unclear form, letter or website.

What is new is that the glossary grows with its readers: from every entry's page you can suggest a correction or a missing term. Suggestions are reviewed by the editorial team before they are published.

To start, open the glossary from the site menu.`,
		}},
		{At: dayAt(-140, 10), Input: news.Input{
			Status:    news.Published,
			TitleIT:   "Case di comunità, uscite le nuove linee guida di Cantieri della Salute",
			TitleEN:   "Case di Comunità: the new Cantieri della Salute guidelines are out",
			SummaryIT: "Alla giornata regionale della partecipazione in sanità sono state presentate le linee guida «Case di Comunità: luoghi di partecipazione e co-produzione dei servizi», nate dall'esperienza dei percorsi nei territori.",
			SummaryEN: "The guidelines \"Case di Comunità: places of participation and co-production of services\", drawn from the experience of the paths in the territories, were presented at the regional day on participation in health.",
			BodyIT: `Le Case di Comunità saranno il punto di riferimento della sanità territoriale: luoghi dove trovare servizi sanitari e sociali, ma anche spazi aperti alla comunità. Come fare perché lo diventino davvero?

Le linee guida **«Case di Comunità: luoghi di partecipazione e co-produzione dei servizi»**, presentate alla giornata regionale della partecipazione in sanità, raccolgono ciò che Cantieri della Salute ha imparato sul campo. Propongono un percorso di avvio per fasi progressive:

- la formazione degli operatori e delle operatrici, su relazione, ascolto e lavoro tra servizi;
- il dialogo con il Terzo settore e l'associazionismo del territorio;
- l'attivazione diretta della cittadinanza, fino a eventi e attività progettati insieme.

Le linee guida sono già alla prova: il primo percorso che le segue è quello della Casa di Comunità di Pontassieve, in Fiorentina Sud-Est.`,
			BodyEN: `Case di Comunità (community health centres) will be the reference point of local health care: places to find health and social services, but also spaces open to the community. How can they really become that?

The guidelines **"Case di Comunità: places of participation and co-production of services"**, presented at the regional day on participation in health, gather what Cantieri della Salute learned in the field. They propose a start-up path in progressive phases:

- training for the staff, on relationships, listening and working across services;
- dialogue with the third sector and local associations;
- involving the citizens directly, up to events and activities designed together.

The guidelines are already being put to work: the first path to follow them is the one of the Casa di Comunità of Pontassieve, in Fiorentina Sud-Est.`,
		}},
		{At: afterMayTraining, Input: news.Input{
			Status:    news.Published,
			Zones:     []string{ZoneFiorentinaSudEst},
			TitleIT:   NewsCasaTitle,
			TitleEN:   "Case di Comunità: after the San Leonardo pilot, a new Cantieri della Salute path in Fiorentina Sud-Est",
			SummaryIT: "È partito a maggio il percorso di avvio della Casa di Comunità dei comuni di Pontassieve, Pelago e Rufina: prima gli operatori, poi il Terzo settore, infine la cittadinanza.",
			SummaryEN: "The start-up path of the Casa di Comunità of the comuni of Pontassieve, Pelago and Rufina began in May: first the staff, then the third sector, then the citizens.",
			BodyIT: `A maggio è partito il percorso di avvio della Casa di Comunità dei comuni di Pontassieve, Pelago e Rufina, promosso da Cantieri della Salute con la Società della Salute Fiorentina Sud-Est. Lo cura Federsanità ANCI Toscana con Sociolab, seguendo le linee guida regionali sulle Case di Comunità come luoghi di partecipazione e co-produzione dei servizi.

Il percorso ha un doppio obiettivo: rafforzare le competenze partecipative e relazionali di chi lavorerà nella Casa di Comunità, e costruire alleanze con la rete del territorio per progettare insieme attività, servizi e spazi.

I primi incontri di formazione ed empowerment, a maggio, hanno messo al centro una domanda: che cosa vuol dire lavorare in una Casa di Comunità? Relazione, ascolto attivo e collaborazione tra servizi sono state le parole chiave. Tra i partecipanti anche molti medici di medicina generale, figure centrali del nuovo modello di sanità territoriale.

Nei prossimi mesi operatori e realtà del territorio si incontreranno per costruire un linguaggio comune, a partire dalla progettazione condivisa di un evento pubblico che faccia conoscere la futura Casa di Comunità. Fasi e date sono nel [cronoprogramma del percorso](/percorsi/casa-di-comunita-pontassieve-pelago-rufina/cronoprogramma).`,
			BodyEN: `In May the start-up path of the Casa di Comunità of the comuni of Pontassieve, Pelago and Rufina began, promoted by Cantieri della Salute with the Società della Salute Fiorentina Sud-Est. It is run by Federsanità ANCI Toscana with Sociolab, following the regional guidelines on Case di Comunità as places of participation and co-production of services.

The path has two aims: to strengthen the participation and relationship skills of the people who will work in the Casa di Comunità, and to build alliances with the local network to design activities, services and spaces together.

The first training and empowerment meetings, in May, focused on one question: what does working in a Casa di Comunità mean? Relationships, active listening and collaboration between services were the key words. Many general practitioners took part, central figures of the new model of local health care.

In the coming months staff and local organisations will meet to build a common language, starting with designing together a public event that introduces the future Casa di Comunità. Phases and dates are in the [path's schedule](/percorsi/casa-di-comunita-pontassieve-pelago-rufina/cronoprogramma).`,
		}},
		{At: dayAt(-60, 9), Input: news.Input{
			Status:    news.Published,
			TitleIT:   "Bussola dei Servizi: continuano i lavori con i referenti dei servizi nelle prime 7 zone-distretto",
			TitleEN:   "Bussola dei Servizi: work goes on with the service contacts in the first 7 zones",
			SummaryIT: "Le Società della Salute delle prime sette zone stanno raccogliendo, con i referenti dei servizi, le informazioni per la mappa dei servizi socio-sanitari organizzata per bisogni.",
			SummaryEN: "With the service contacts, the Società della Salute of the first seven zones are gathering the information for the map of health and social services organised by need.",
			BodyIT: `Continuano i lavori della Bussola dei Servizi, la mappa dei servizi socio-sanitari di ogni territorio pensata a partire dai bisogni delle persone e non dall'organigramma degli enti.

In queste settimane le Società della Salute delle prime sette zone-distretto stanno incontrando i referenti dei servizi: per ciascuno si raccolgono a chi si rivolge, come si accede, dove e quando. Le schede sono scritte in un linguaggio semplice, con l'aiuto del glossario «Le Parole della Salute».

Quando una zona avrà completato il lavoro, la sua Bussola sarà consultabile sul sito; anche le associazioni potranno segnalare le proprie attività perché entrino nella mappa.`,
			BodyEN: `Work continues on the Bussola dei Servizi (service compass), the map of each territory's health and social services built around people's needs rather than around the organisation chart of the bodies involved.

In these weeks the Società della Salute of the first seven zones are meeting the service contacts: for each service they gather who it is for, how to access it, where and when. The descriptions are written in plain language, with the help of the glossary "Le Parole della Salute".

Once a zone has finished, its compass will be available on the site; associations will also be able to report their own activities so that they appear on the map.`,
		}},
		{At: dayAt(-45, 12), Input: news.Input{
			Status:    news.Published,
			TitleIT:   "Conoscersi, confrontarsi, collaborare: ritornano le Agorà di Cantieri della Salute",
			TitleEN:   "Meet, discuss, work together: the Cantieri della Salute Agorà are back",
			SummaryIT: "Ricominciano le Agorà, gli incontri aperti in cui servizi, associazioni e cittadini di un territorio si conoscono e cercano insieme risposte ai bisogni di salute.",
			SummaryEN: "The Agorà are starting again: open meetings where a territory's services, associations and citizens get to know each other and look for answers to health needs together.",
			BodyIT: `Sono ricominciate le Agorà di Cantieri della Salute, il progetto di Regione Toscana per rafforzare la partecipazione in sanità.

Un'Agorà è un pomeriggio di lavoro aperto a tutti: operatori dei servizi, associazioni, membri dei Comitati di Partecipazione e cittadini si siedono agli stessi tavoli. Si parte dalle storie concrete di persone con un bisogno, si ricostruisce il loro percorso tra i servizi e si cerca dove si inceppa.

Le Agorà si tengono in presenza e, dove possibile, anche a distanza. La partecipazione è gratuita; per organizzare al meglio i tavoli è chiesto di iscriversi in anticipo.`,
			BodyEN: `The Agorà of Cantieri della Salute, the Regione Toscana project to strengthen participation in health, have started again.

An Agorà is an afternoon of work open to everyone: service staff, associations, members of the Participation Committees and citizens sit at the same tables. They start from the real stories of people with a need, retrace their path through the services and look for where it gets stuck.

The Agorà are held in person and, where possible, online as well. Taking part is free; to organise the tables, please sign up in advance.`,
		}},
		{At: dayAt(-38, 10), Input: news.Input{
			Status:    news.Published,
			Zones:     []string{ZoneValdichianaAretina, ZoneFiorentinaNordOvest},
			TitleIT:   "Gli incontri di capacitazione di Comitati e Consulte: realizzarsi appieno, per realizzare la L.R. 75",
			TitleEN:   "Capacity building for Committees and Councils: growing fully, to bring Regional Law 75 to life",
			SummaryIT: "Tre incontri generali e tre tematici per i Comitati di Partecipazione e le Consulte del Terzo settore: strumenti per fare della propria esperienza una voce ascoltata nelle scelte di salute della zona.",
			SummaryEN: "Three general and three thematic meetings for the Participation Committees and Third Sector Councils: tools to turn one's experience into a voice that is heard in the zone's health choices.",
			BodyIT: `Chi entra in un Comitato di Partecipazione o in una Consulta del Terzo settore porta con sé un patrimonio di esperienza: anni di volontariato, di ascolto dei pazienti e delle famiglie, di conoscenza dei servizi. La legge regionale 75/2017 affida a questi organismi un ruolo di consultazione e proposta; gli incontri di capacitazione servono a esercitarlo appieno.

Il ciclo prevede **tre incontri generali**, comuni a tutti i territori, e **tre incontri tematici** per ciascuna zona. Si parla di come funziona la programmazione socio-sanitaria, di come si legge un Piano Integrato di Salute, di facilitazione e di lavoro collaborativo.

In Valdichiana Aretina e in Fiorentina Nord-Ovest gli incontri sono parte del percorso del Cantiere della Salute: il calendario è nella pagina di ciascun territorio.`,
			BodyEN: `Whoever joins a Participation Committee or a Third Sector Council brings a wealth of experience: years of volunteering, of listening to patients and families, of knowing the services. Regional Law 75/2017 gives these bodies a role of consultation and proposal; the capacity-building meetings help them exercise it fully.

The cycle has **three general meetings**, shared by all the territories, and **three thematic meetings** in each zone. They cover how health and social care is planned, how to read an Integrated Health Plan, facilitation and collaborative work.

In Valdichiana Aretina and Fiorentina Nord-Ovest the meetings are part of the Cantiere della Salute path: the calendar is on each territory's page.`,
		}},
		{At: dayAt(-31, 9), Input: news.Input{
			Status:    news.Published,
			Zones:     []string{ZoneValdichianaAretina},
			TitleIT:   "Aperta la manifestazione d'interesse per Attivatori di Comunità",
			TitleEN:   "Call for Community Activators now open",
			SummaryIT: "Partecipare alle politiche di salute della propria zona si può, diventando Attivatori di Comunità: in Valdichiana Aretina è aperta la manifestazione d'interesse.",
			SummaryEN: "You can take part in your zone's health policies by becoming a Community Activator: the call is open in Valdichiana Aretina.",
			BodyIT: `Per Regione Toscana è importante che i territori siano animati da comunità attive e collaborative. Per questo Cantieri della Salute cerca in Valdichiana Aretina cittadine e cittadini disposti a diventare **Attivatori di Comunità**.

Gli Attivatori sono volontari che affiancano il Comitato di Partecipazione nella progettazione e nella prova di un nuovo servizio, e fanno da ponte tra il Comitato e la comunità: raccolgono idee e bisogni, portano la voce di chi non partecipa agli incontri, fanno conoscere le attività.

Chi viene selezionato segue tre workshop di formazione su ascolto attivo, facilitazione e coinvolgimento della comunità. Non servono titoli particolari: contano la conoscenza del territorio e la voglia di mettersi in gioco.

La candidatura si presenta online dalla pagina dell'avviso, entro la scadenza indicata; al termine si riceve una ricevuta con il numero di protocollo.`,
			BodyEN: `Regione Toscana wants territories to be driven by active, collaborative communities. That is why Cantieri della Salute is looking for people in Valdichiana Aretina willing to become **Community Activators**.

Activators are volunteers who support the Participation Committee in designing and testing a new service, and who bridge the Committee and the community: they gather ideas and needs, bring in the voice of those who do not come to meetings, and spread the word about the activities.

Those selected attend three training workshops on active listening, facilitation and community engagement. No particular qualifications are needed: what counts is knowing the territory and being willing to get involved.

Applications are made online from the call's page, by the deadline shown; at the end you receive a receipt with its reference number.`,
		}},
		{At: dayAt(-12, 11), Input: news.Input{
			Status:    news.Published,
			Zones:     []string{ZoneLunigiana, ZoneAmiataSenese},
			TitleIT:   "Un gioco serio per raccontare la sanità territoriale: la Bussola dei Servizi arriva nelle nuove zone",
			TitleEN:   "A serious game to tell the story of local health care: the Bussola dei Servizi reaches new zones",
			SummaryIT: "In Lunigiana e in Amiata Senese e Val d'Orcia - Valdichiana Senese sono iniziate le nuove attività: al centro un gioco con le storie di persone che cercano risposte tra i servizi.",
			SummaryEN: "New activities have begun in Lunigiana and in Amiata Senese and Val d'Orcia - Valdichiana Senese: at their heart, a game built on the stories of people looking for answers among the services.",
			BodyIT: `Sono iniziate ufficialmente le nuove attività di Cantieri della Salute in Lunigiana e in Amiata Senese e Val d'Orcia - Valdichiana Senese. Lo strumento scelto per cominciare è un gioco serio, quello della Bussola dei Servizi.

Come funziona? Ogni tavolo riceve la carta di una persona: un'anziana che vive sola in una frazione, un padre con un figlio con disabilità, un lavoratore straniero appena arrivato. I giocatori – operatori, volontari, cittadini – ricostruiscono quali servizi incontrerebbe, in che ordine, e dove il percorso si interrompe.

Le lacune trovate al tavolo diventano materiale di lavoro: entrano nella mappa dei servizi del territorio e nelle proposte del Comitato di Partecipazione.`,
			BodyEN: `The new activities of Cantieri della Salute have officially started in Lunigiana and in Amiata Senese and Val d'Orcia - Valdichiana Senese. The tool chosen to begin with is a serious game: the one of the Bussola dei Servizi (service compass).

How does it work? Each table receives a card describing a person: an elderly woman living alone in a hamlet, a father with a disabled child, a foreign worker who has just arrived. The players – service staff, volunteers, citizens – work out which services that person would meet, in what order, and where the path breaks down.

The gaps found at the table become working material: they go into the territory's map of services and into the Participation Committee's proposals.`,
		}},
		{At: dayAt(10, 9), Input: news.Input{
			Status:    news.Scheduled,
			Zones:     []string{ZoneLunigiana},
			TitleIT:   NewsScheduledTitle,
			TitleEN:   "Second call for Community Activators now open",
			SummaryIT: "Dopo la prima esperienza, in Lunigiana si cercano nuovi Attivatori di Comunità per accompagnare il Cantiere della Salute appena partito.",
			SummaryEN: "After the first round, Lunigiana is looking for new Community Activators to accompany the Cantiere della Salute that has just started.",
			BodyIT: `Si apre in Lunigiana la seconda manifestazione d'interesse per Attivatori di Comunità. Il Cantiere della Salute della zona è appena partito e il Comitato di Partecipazione cerca persone che aiutino a raggiungere anche i paesi più lontani dai centri.

Gli Attivatori selezionati seguiranno tre workshop di formazione e affiancheranno il Comitato nei laboratori di progettazione e nella prova del servizio. La candidatura si presenta online dalla pagina dell'avviso.`,
			BodyEN: `The second call for Community Activators opens in Lunigiana. The zone's Cantiere della Salute has just started, and the Participation Committee is looking for people who can help reach the villages furthest from the towns.

The activators selected will attend three training workshops and support the Committee in the design labs and in testing the service. Applications are made online from the call's page.`,
		}},
		{Input: news.Input{
			Status:    news.Draft,
			TitleIT:   NewsDraftTitle,
			TitleEN:   "Health is built together: the Cantieri della Salute video",
			SummaryIT: "Più di mille persone coinvolte dal 2021 in laboratori, Agorà e incontri di formazione: un video racconta Cantieri della Salute attraverso le voci di chi ha partecipato.",
			SummaryEN: "More than a thousand people involved since 2021 in labs, Agorà and training meetings: a video tells the story of Cantieri della Salute through the voices of those who took part.",
			BodyIT: `Dal 2021 Cantieri della Salute ha coinvolto più di mille persone in laboratori di partecipazione, Agorà e momenti di formazione, in presenza e online.

Il video raccoglie le voci di chi ha partecipato: membri dei Comitati, attivatori di comunità, operatori delle Società della Salute, associazioni. Racconta che cosa vuol dire costruire insieme un servizio, dal primo incontro conoscitivo alla prova sul territorio.

*Bozza: manca il collegamento al video e la trascrizione.*`,
			BodyEN: `Since 2021 Cantieri della Salute has involved more than a thousand people in participation labs, Agorà and training sessions, in person and online.

The video gathers the voices of those who took part: Committee members, community activators, Società della Salute staff, associations. It tells what building a service together means, from the first introductory meeting to the test in the territory.

*Draft: the link to the video and the transcript are missing.*`,
		}},
	}
}
