package glossary

// seedTerm is a term loaded at start; key never changes, so a term the
// editors changed or renamed is not loaded again.
type seedTerm struct {
	key string
	Content
}

var (
	srcRegione  = Source{Title: "Regione Toscana", URL: "https://www.regione.toscana.it/"}
	srcMinistry = Source{Title: "Ministero della Salute", URL: "https://www.salute.gov.it/"}
)

// seedTerms are the first terms of the glossary, written for it in plain
// Italian (each definition reaches the Gulpease target; a test checks it),
// with English versions.
var seedTerms = []seedTerm{
	{key: "casa-di-comunita", Content: Content{
		TermIT:       "Casa di Comunità",
		TermEN:       "Community House (Casa di Comunità)",
		DefinitionIT: "La Casa di Comunità è un luogo vicino a dove vivi. Qui trovi il medico di famiglia, l'infermiere e altri servizi per la salute. Puoi anche fare attività insieme ad altre persone.",
		DefinitionEN: "The Community House is a place close to where you live. There you find your family doctor, nurses and other health services. You can also take part in activities with other people.",
		ExplanationIT: "Nella Casa di Comunità lavorano insieme medici, infermieri, assistenti sociali e altri operatori. Così una persona trova in un solo posto molte risposte ai suoi bisogni.\n\n" +
			"La Casa di Comunità è aperta anche ai cittadini e alle associazioni. Qui si possono organizzare incontri, corsi e gruppi di aiuto. Per questo si dice che è un luogo di **partecipazione**.\n\n" +
			"Le Case di Comunità sono previste dal Piano nazionale di ripresa e resilienza (PNRR) e dal decreto ministeriale 77 del 2022.",
		ExplanationEN: "In the Community House doctors, nurses, social workers and other staff work together. So a person finds many answers to their needs in one place.\n\n" +
			"The Community House is also open to citizens and associations. Meetings, courses and self-help groups can be held there. This is why it is called a place of **participation**.\n\n" +
			"Community Houses are part of Italy's national recovery and resilience plan (PNRR) and of ministerial decree 77 of 2022.",
		ExamplesIT: "Vado alla Casa di Comunità per un prelievo del sangue.\nIl gruppo di cammino parte ogni martedì dalla Casa di Comunità.",
		ExamplesEN: "I go to the Community House for a blood test.\nThe walking group leaves from the Community House every Tuesday.",
		Related:    []string{"medico-di-medicina-generale", "punto-unico-di-accesso", "presa-in-carico"},
		Sources:    []Source{srcMinistry, srcRegione},
	}},
	{key: "societa-della-salute", Content: Content{
		TermIT:       "Società della Salute",
		TermEN:       "Health Society (Società della Salute)",
		DefinitionIT: "La Società della Salute unisce i Comuni di una zona e l'Azienda sanitaria. Insieme decidono come dare i servizi sociali e sanitari alle persone del territorio.",
		DefinitionEN: "The Health Society brings together the municipalities of a district and the local health authority. Together they decide how to provide health and social services to the people of the area.",
		ExplanationIT: "La Società della Salute, detta anche SdS, è un consorzio pubblico. Ne fanno parte i sindaci dei Comuni della zona-distretto e l'Azienda USL.\n\n" +
			"Il suo compito è tenere insieme la salute e il sociale. Per esempio organizza i servizi per gli anziani, per le persone con disabilità e per le famiglie in difficoltà.\n\n" +
			"Ogni Società della Salute ha un Comitato di Partecipazione e una Consulta del Terzo Settore. Così anche i cittadini possono dire la loro.",
		ExplanationEN: "The Health Society, also called SdS, is a public consortium. Its members are the mayors of the municipalities of the district and the local health authority (Azienda USL).\n\n" +
			"Its task is to keep health and social care together. For example, it organises services for older people, for people with disabilities and for families in difficulty.\n\n" +
			"Every Health Society has a Participation Committee and a Third Sector Council. So citizens can have their say too.",
		ExamplesIT: "La Società della Salute ha aperto un nuovo centro diurno per anziani.",
		ExamplesEN: "The Health Society has opened a new day centre for older people.",
		Related:    []string{"zona-distretto", "comitato-di-partecipazione", "terzo-settore"},
		Sources:    []Source{srcRegione},
	}},
	{key: "zona-distretto", Content: Content{
		TermIT:       "Zona-distretto",
		TermEN:       "Health district (zona-distretto)",
		DefinitionIT: "La zona-distretto è un territorio fatto da più Comuni vicini. In Toscana le zone sono 26. In ogni zona i servizi per la salute e il sociale sono pensati insieme.",
		DefinitionEN: "The health district is an area made of several nearby municipalities. Tuscany has 26 of them. In each district, health and social services are planned together.",
		ExplanationIT: "La zona-distretto è la base dell'organizzazione dei servizi sul territorio. Ogni zona fa parte di una delle tre Aziende USL della Toscana.\n\n" +
			"In molte zone i servizi sono gestiti da una Società della Salute. In ogni zona c'è un Comitato di Partecipazione.",
		ExplanationEN: "The health district is the basis of how services are organised locally. Each district belongs to one of the three local health authorities of Tuscany.\n\n" +
			"In many districts the services are run by a Health Society. Every district has a Participation Committee.",
		ExamplesIT: "La Lunigiana è una zona-distretto della provincia di Massa-Carrara.",
		ExamplesEN: "Lunigiana is a health district in the province of Massa-Carrara.",
		Related:    []string{"societa-della-salute", "comitato-di-partecipazione"},
		Sources:    []Source{srcRegione},
	}},
	{key: "comitato-di-partecipazione", Content: Content{
		TermIT:       "Comitato di Partecipazione",
		TermEN:       "Participation Committee (Comitato di Partecipazione)",
		DefinitionIT: "Il Comitato di Partecipazione è un gruppo di persone scelte dalle associazioni di cittadini. Dà pareri e fa proposte sui servizi per la salute della sua zona.",
		DefinitionEN: "The Participation Committee is a group of people chosen by citizens' associations. It gives opinions and makes proposals on the health services of its district.",
		ExplanationIT: "In Toscana c'è un Comitato di Partecipazione in ogni zona-distretto. Lo prevede la legge regionale 75 del 2017.\n\n" +
			"Del Comitato fanno parte le associazioni che rappresentano chi usa i servizi, per esempio i pazienti e le loro famiglie. Il Comitato ascolta i cittadini e porta le loro idee a chi decide.",
		ExplanationEN: "In Tuscany there is a Participation Committee in every health district. Regional law 75 of 2017 provides for it.\n\n" +
			"Its members are the associations that represent the people who use the services, for example patients and their families. The Committee listens to citizens and brings their ideas to those who decide.",
		ExamplesIT: "Il Comitato di Partecipazione ha chiesto orari più lunghi per il centro prelievi.",
		ExamplesEN: "The Participation Committee asked for longer opening hours at the blood-test centre.",
		Related:    []string{"zona-distretto", "societa-della-salute", "terzo-settore"},
		Sources:    []Source{srcRegione},
	}},
	{key: "medico-di-medicina-generale", Content: Content{
		TermIT:       "Medico di medicina generale",
		TermEN:       "General practitioner (medico di medicina generale)",
		DefinitionIT: "È il medico di famiglia. Lo scegli tu tra i medici della tua zona. Ti visita, ti prescrive esami e medicine e ti manda da altri servizi quando serve.",
		DefinitionEN: "This is your family doctor. You choose them among the doctors of your area. They examine you, prescribe tests and medicines and send you to other services when needed.",
		ExplanationIT: "Il medico di medicina generale è il primo punto di riferimento per la salute. La visita nel suo studio è gratuita.\n\n" +
			"Lo puoi scegliere e cambiare presso gli uffici dell'Azienda USL o online. Per i bambini c'è il pediatra di libera scelta.",
		ExplanationEN: "The general practitioner is the first point of contact for your health. A visit at their surgery is free.\n\n" +
			"You can choose and change them at the offices of the local health authority or online. Children have a family paediatrician.",
		ExamplesIT: "Il mio medico di famiglia riceve il lunedì e il giovedì.",
		ExamplesEN: "My family doctor sees patients on Mondays and Thursdays.",
		Related:    []string{"casa-di-comunita", "assistenza-domiciliare"},
		Sources:    []Source{srcMinistry},
	}},
	{key: "assistenza-domiciliare", Content: Content{
		TermIT:       "Assistenza domiciliare",
		TermEN:       "Home care (assistenza domiciliare)",
		DefinitionIT: "L'assistenza domiciliare porta le cure a casa della persona. Medici, infermieri e altri operatori vanno da chi non può uscire di casa con facilità.",
		DefinitionEN: "Home care brings care to a person's home. Doctors, nurses and other staff visit people who cannot easily leave their home.",
		ExplanationIT: "L'assistenza domiciliare aiuta le persone anziane, malate o con disabilità a restare a casa loro. Può comprendere cure mediche, aiuto per lavarsi e vestirsi, e sostegno alla famiglia.\n\n" +
			"Per chiederla puoi parlare con il tuo medico di famiglia o andare al Punto Unico di Accesso.",
		ExplanationEN: "Home care helps older, ill or disabled people to stay in their own home. It can include medical care, help with washing and dressing, and support for the family.\n\n" +
			"To ask for it, you can talk to your family doctor or go to the Single Access Point.",
		ExamplesIT: "Dopo l'operazione, l'infermiere dell'assistenza domiciliare veniva a casa due volte a settimana.",
		ExamplesEN: "After the operation, the home-care nurse came to the house twice a week.",
		Related:    []string{"medico-di-medicina-generale", "punto-unico-di-accesso", "presa-in-carico"},
		Sources:    []Source{srcMinistry},
	}},
	{key: "prevenzione", Content: Content{
		TermIT:       "Prevenzione",
		TermEN:       "Prevention",
		DefinitionIT: "La prevenzione è quello che si fa per evitare una malattia o per scoprirla presto. Per esempio i vaccini, i controlli gratuiti e uno stile di vita sano.",
		DefinitionEN: "Prevention is what is done to avoid an illness or to find it early. For example vaccines, free check-ups and a healthy lifestyle.",
		ExplanationIT: "Ci sono diversi modi di fare prevenzione. Il vaccino protegge da una malattia prima che arrivi. Lo screening è un controllo gratuito che cerca una malattia quando ancora non dà disturbi.\n\n" +
			"Anche le scelte di ogni giorno contano: muoversi, mangiare bene e non fumare.",
		ExplanationEN: "There are several ways to prevent illness. A vaccine protects against a disease before it comes. Screening is a free check that looks for a disease before it causes any trouble.\n\n" +
			"Everyday choices count too: moving, eating well and not smoking.",
		ExamplesIT: "La lettera dell'Azienda USL mi invita a uno screening di prevenzione.\nCamminare mezz'ora al giorno è una forma di prevenzione.",
		ExamplesEN: "The letter from the health authority invites me to a screening test.\nWalking half an hour a day is a form of prevention.",
		Related:    []string{"casa-di-comunita", "medico-di-medicina-generale"},
		Sources:    []Source{srcMinistry},
	}},
	{key: "presa-in-carico", Content: Content{
		TermIT:       "Presa in carico",
		TermEN:       "Taking charge (presa in carico)",
		DefinitionIT: "La presa in carico è quando un servizio si occupa di una persona nel tempo. Ascolta i suoi bisogni, prepara con lei un piano di cura e la segue passo dopo passo.",
		DefinitionEN: "Taking charge means that a service looks after a person over time. It listens to their needs, prepares a care plan with them and follows them step by step.",
		ExplanationIT: "Con la presa in carico la persona non deve cercare da sola i servizi di cui ha bisogno. Un gruppo di operatori li mette insieme per lei.\n\n" +
			"Il piano di cura dice chi fa cosa e quando. Viene controllato e cambiato se i bisogni cambiano.",
		ExplanationEN: "When a service takes charge of a person, they do not have to look for the services they need on their own. A team of staff brings them together for them.\n\n" +
			"The care plan says who does what and when. It is checked and changed if the needs change.",
		ExamplesIT: "Dopo la visita, i servizi sociali hanno fatto la presa in carico di mia madre.",
		ExamplesEN: "After the assessment, social services took charge of my mother's care.",
		Related:    []string{"punto-unico-di-accesso", "assistenza-domiciliare"},
		Sources:    []Source{srcRegione},
	}},
	{key: "punto-unico-di-accesso", Content: Content{
		TermIT:       "Punto Unico di Accesso",
		TermEN:       "Single Access Point (Punto Unico di Accesso)",
		DefinitionIT: "Il Punto Unico di Accesso, detto PUA, è uno sportello. Qui puoi chiedere aiuto per bisogni sociali e sanitari. Ti ascoltano e ti dicono a quale servizio andare.",
		DefinitionEN: "The Single Access Point, called PUA, is a help desk. There you can ask for help with social and health needs. Staff listen to you and tell you which service to go to.",
		ExplanationIT: "Il Punto Unico di Accesso serve a non far girare le persone da un ufficio all'altro. Spesso si trova nella Casa di Comunità.\n\n" +
			"Se il bisogno è complesso, il PUA avvia la valutazione e la presa in carico.",
		ExplanationEN: "The Single Access Point saves people from going from one office to another. It is often in the Community House.\n\n" +
			"If the need is complex, the PUA starts the assessment and the taking charge.",
		ExamplesIT: "Al Punto Unico di Accesso mi hanno spiegato come chiedere l'assistenza domiciliare.",
		ExamplesEN: "At the Single Access Point they explained how to ask for home care.",
		Related:    []string{"casa-di-comunita", "presa-in-carico", "assistenza-domiciliare"},
		Sources:    []Source{srcRegione},
	}},
	{key: "terzo-settore", Content: Content{
		TermIT:       "Terzo Settore",
		TermEN:       "Third sector (Terzo Settore)",
		DefinitionIT: "Il Terzo Settore è fatto da associazioni e gruppi che lavorano per il bene di tutti, senza guadagno. Per esempio il volontariato e le cooperative sociali.",
		DefinitionEN: "The third sector is made of associations and groups that work for the good of all, not for profit. For example voluntary groups and social cooperatives.",
		ExplanationIT: "Si chiama Terzo Settore perché non è né lo Stato né il mercato. Ne fanno parte le associazioni di volontariato, le associazioni di promozione sociale, le cooperative sociali e altri enti.\n\n" +
			"Le regole sono nel Codice del Terzo Settore del 2017. In ogni Società della Salute c'è una Consulta del Terzo Settore.",
		ExplanationEN: "It is called the third sector because it is neither the State nor the market. It includes voluntary associations, social promotion associations, social cooperatives and other bodies.\n\n" +
			"The rules are in the Third Sector Code of 2017. Every Health Society has a Third Sector Council.",
		ExamplesIT: "Un'associazione del Terzo Settore accompagna gli anziani alle visite.",
		ExamplesEN: "A third-sector association takes older people to their medical appointments.",
		Related:    []string{"societa-della-salute", "comitato-di-partecipazione"},
		Sources: []Source{{Title: "Codice del Terzo Settore (decreto legislativo 3 luglio 2017, n. 117)",
			URL: "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2017-07-03;117"}},
	}},
}
