package paths

// The editions and path templates every installation has. They are data
// written as code so that a review sees them, and LoadSeeds brings the
// database up to date with them at start. Sources: the programme's
// presentation (seed 000: a 10-month path, 4 months of capacity building
// and 6 of participatory design), its public site (seed 001: the six
// phases and their activities), the Casa di Comunità start-up path of
// Fiorentina Sud-Est (seed 003) and a co-design experience (seed 004).

// Slugs of the built-in editions, for callers such as the demo loader.
const (
	EditionFirst  = "prima-edizione"
	EditionSecond = "seconda-edizione"
)

// Slugs of the built-in templates.
const (
	TemplateCantiere        = "cantiere-della-salute"
	TemplateCasaDiComunita  = "avvio-casa-di-comunita"
	TemplateCoprogettazione = "coprogettazione"
)

// seedEditions are the editions of the programme. The first ran from 2020
// to 2022; the dates are the years' bounds, as the sources give no day.
var seedEditions = []Edition{
	{Slug: EditionFirst, Name: Text{"Prima edizione (2020-2022)", "First edition (2020-2022)"},
		Start: MustDate("2020-01-01"), End: MustDate("2022-12-31")},
	{Slug: EditionSecond, Name: Text{"Seconda edizione (dal 2023)", "Second edition (from 2023)"},
		Start: MustDate("2023-01-01")},
}

func act(kind string, count int, it, en string) PlannedActivity {
	return PlannedActivity{Kind: kind, Count: count, Label: Text{it, en}}
}

// seedTemplates are the built-in path templates, in the order forms list
// them.
var seedTemplates = []Template{cantiere, casaDiComunita, coprogettazione}

// cantiere is the path of the pilot territories: 43 weeks, about 10 months.
// Phases 1-3 are the capacity building (weeks 0-17, about 4 months), 4-6
// the participatory design, test and modelling (weeks 17-43, about 6).
var cantiere = Template{
	Slug: TemplateCantiere,
	Name: Text{"Cantiere della Salute", "Cantiere della Salute (health participation path)"},
	Description: Text{
		"Il percorso delle sperimentazioni, di circa 10 mesi: 4 mesi di capacitazione del Comitato di Partecipazione, degli operatori dei servizi e degli attivatori di comunità, poi 6 mesi di progettazione partecipata, test e messa a sistema di un servizio.",
		"The path of the pilot territories, about 10 months long: 4 months of capacity building for the Participation Committee, service staff and community activators, then 6 months of participatory design, testing and consolidation of a service.",
	},
	DurationMonths: 10,
	Phases: []PhaseTemplate{
		{
			Name: Text{"Analisi del contesto", "Context analysis"},
			Description: Text{
				"Condivisione del contesto e dei bisogni del territorio con la direzione della zona o della Società della Salute e con il Comitato di Partecipazione.",
				"Sharing the context and the needs of the territory with the management of the zone or Società della Salute and with the Participation Committee.",
			},
			OffsetWeeks: 0, DurationWeeks: 6,
			Activities: []PlannedActivity{
				act("meeting", 1, "1 incontro conoscitivo", "1 introductory meeting"),
				act("lab", 1, "1 laboratorio di esplorazione apprezzativa", "1 appreciative inquiry lab"),
				act("lab", 1, "1 laboratorio di problem setting", "1 problem-setting lab"),
			},
		},
		{
			Name: Text{"Capacitazione dei comitati", "Capacity building for the committees"},
			Description: Text{
				"Formazione dei Comitati di Partecipazione e degli operatori dei servizi, per migliorare la qualità del lavoro collaborativo.",
				"Training for the Participation Committees and service staff, to improve the quality of collaborative work.",
			},
			OffsetWeeks: 4, DurationWeeks: 13,
			Activities: []PlannedActivity{
				act("meeting", 3, "3 incontri generali", "3 general meetings"),
				act("meeting", 3, "3 incontri tematici", "3 thematic meetings"),
			},
		},
		{
			Name: Text{"Formazione degli attivatori di comunità", "Training of community activators"},
			Description: Text{
				"Reclutamento con una manifestazione d'interesse e formazione dei cittadini volontari che faranno da ponte tra il Comitato e la comunità.",
				"Recruitment through a call for expressions of interest, and training of the volunteer citizens who will bridge the Committee and the community.",
			},
			OffsetWeeks: 6, DurationWeeks: 11,
			Activities: []PlannedActivity{
				act("call", 1, "Pubblicazione di una manifestazione d'interesse", "Publication of a call for expressions of interest"),
				act("selection", 1, "Selezione delle candidature", "Selection of the applications"),
				act("workshop", 3, "3 workshop di formazione per i selezionati", "3 training workshops for those selected"),
			},
		},
		{
			Name: Text{"Progettazione di un servizio", "Designing a service"},
			Description: Text{
				"Esplorazione dei bisogni e progettazione partecipata di un servizio con la Società della Salute, il Comitato, gli attivatori e i soggetti del territorio selezionati.",
				"Exploring needs and designing a service together with the Società della Salute, the Committee, the activators and the local organisations selected.",
			},
			OffsetWeeks: 17, DurationWeeks: 10,
			Activities: []PlannedActivity{
				act("call", 1, "Pubblicazione di una manifestazione d'interesse per i partner", "Publication of a call for partners"),
				act("selection", 1, "Selezione delle candidature", "Selection of the applications"),
				act("lab", 4, "4 laboratori di progettazione partecipata", "4 participatory design labs"),
			},
		},
		{
			Name: Text{"Test del servizio", "Testing the service"},
			Description: Text{
				"Il servizio progettato è attuato in via sperimentale, con il supporto della Società della Salute e degli attivatori di comunità e con le risorse messe a disposizione.",
				"The service designed is run as a pilot, with the support of the Società della Salute and the community activators and with the resources made available.",
			},
			OffsetWeeks: 27, DurationWeeks: 12,
			Activities: []PlannedActivity{
				act("delivery", 0, "Erogazione del servizio", "Delivering the service"),
				act("feedback", 0, "Sessioni di raccolta feedback", "Feedback sessions"),
				act("redesign", 0, "Riprogettazione del servizio", "Redesigning the service"),
			},
		},
		{
			Name: Text{"Messa a sistema delle esperienze", "Consolidating the experience"},
			Description: Text{
				"Modellizzazione: i risultati sono condivisi e raccolti in linee guida e materiali che altri territori possono riusare.",
				"Modelling: the results are shared and gathered into guidelines and materials that other territories can reuse.",
			},
			OffsetWeeks: 37, DurationWeeks: 6,
			Activities: []PlannedActivity{
				act("event", 1, "1 evento di presentazione e condivisione dei risultati", "1 event presenting and sharing the results"),
				act("document", 0, "Produzione di linee guida e materiale informativo", "Guidelines and information material"),
			},
		},
	},
}

// casaDiComunita is the start-up path of a Casa di Comunità: from the
// staff to the third sector to the citizens, 30 weeks (about 7 months).
var casaDiComunita = Template{
	Slug: TemplateCasaDiComunita,
	Name: Text{"Avvio Casa di Comunità", "Starting a Casa di Comunità (community health centre)"},
	Description: Text{
		"Il percorso di avvio di una Casa di Comunità secondo le Linee guida «Case di Comunità: luoghi di partecipazione e co-produzione dei servizi»: dagli operatori dei servizi, al dialogo con il Terzo settore, fino all'attivazione della cittadinanza.",
		"The start-up path of a Casa di Comunità following the guidelines \"Case di Comunità: places of participation and co-production of services\": from the service staff, to dialogue with the third sector, to involving the citizens.",
	},
	DurationMonths: 7,
	Phases: []PhaseTemplate{
		{
			Name: Text{"Formazione ed empowerment degli operatori", "Training and empowerment of the staff"},
			Description: Text{
				"Incontri con gli operatori e le operatrici della futura Casa di Comunità, medici di medicina generale compresi, su cosa significhi lavorarci: relazione, ascolto attivo, collaborazione tra servizi.",
				"Meetings with the staff of the future Casa di Comunità, general practitioners included, on what working there means: relationships, active listening, collaboration between services.",
			},
			OffsetWeeks: 0, DurationWeeks: 8,
			Activities: []PlannedActivity{
				act("meeting", 3, "3 incontri di formazione ed empowerment", "3 training and empowerment meetings"),
			},
		},
		{
			Name: Text{"Dialogo con il Terzo settore", "Dialogue with the third sector"},
			Description: Text{
				"Incontri tra gli operatori dei servizi e le realtà del territorio per costruire un linguaggio comune e avviare collaborazioni concrete.",
				"Meetings between service staff and local organisations to build a common language and start concrete collaborations.",
			},
			OffsetWeeks: 8, DurationWeeks: 8,
			Activities: []PlannedActivity{
				act("meeting", 2, "2 incontri tra operatori e realtà del territorio", "2 meetings between staff and local organisations"),
			},
		},
		{
			Name: Text{"Attivazione della cittadinanza", "Involving the citizens"},
			Description: Text{
				"La cittadinanza è coinvolta direttamente nella vita della Casa di Comunità, come spazio aperto al territorio.",
				"Citizens are involved directly in the life of the Casa di Comunità, as a place open to the community.",
			},
			OffsetWeeks: 16, DurationWeeks: 8,
			Activities: []PlannedActivity{
				act("meeting", 0, "Incontri aperti alla cittadinanza", "Meetings open to the public"),
			},
		},
		{
			Name: Text{"Evento pubblico co-progettato", "Co-designed public event"},
			Description: Text{
				"Operatori e realtà del territorio progettano insieme un evento pubblico che avvicini la cittadinanza alla Casa di Comunità.",
				"Staff and local organisations design together a public event that brings citizens closer to the Casa di Comunità.",
			},
			OffsetWeeks: 20, DurationWeeks: 10,
			Activities: []PlannedActivity{
				act("lab", 2, "2 laboratori di co-progettazione dell'evento", "2 labs to co-design the event"),
				act("event", 1, "1 evento pubblico", "1 public event"),
			},
		},
	},
}

// coprogettazione is a co-design procedure between a Società della Salute
// and third-sector bodies: 52 weeks, a year.
var coprogettazione = Template{
	Slug: TemplateCoprogettazione,
	Name: Text{"Coprogettazione", "Co-design with the third sector"},
	Description: Text{
		"La co-progettazione di un servizio tra la Società della Salute e gli enti del Terzo settore: un avviso con requisiti e cofinanziamento, la selezione delle proposte, un progetto esecutivo scritto insieme, l'accordo di partenariato e la gestione condivisa.",
		"Co-designing a service between the Società della Salute and third-sector bodies: a call with requirements and co-financing, the selection of proposals, an executive project written together, the partnership agreement and shared management.",
	},
	DurationMonths: 12,
	Phases: []PhaseTemplate{
		{
			Name: Text{"Avviso di coprogettazione", "Call for co-design"},
			Description: Text{
				"Pubblicazione dell'avviso: obiettivi, requisiti generali, professionali e tecnici, cofinanziamento, criteri e punteggio minimo di ammissione.",
				"Publication of the call: aims, general, professional and technical requirements, co-financing, criteria and minimum admission score.",
			},
			OffsetWeeks: 0, DurationWeeks: 6,
			Activities: []PlannedActivity{
				act("call", 1, "Pubblicazione dell'avviso", "Publication of the call"),
			},
		},
		{
			Name: Text{"Selezione delle proposte", "Selection of proposals"},
			Description: Text{
				"La commissione valuta le proposte progettuali; possono essere ammesse più proposte, per una rete di partner qualificati presenti sul territorio.",
				"The commission scores the proposals; several may be admitted, to build a network of qualified partners present in the territory.",
			},
			OffsetWeeks: 6, DurationWeeks: 4,
			Activities: []PlannedActivity{
				act("selection", 1, "Valutazione delle proposte", "Scoring of the proposals"),
			},
		},
		{
			Name: Text{"Tavoli di coprogettazione", "Co-design tables"},
			Description: Text{
				"I partner ammessi scrivono insieme il progetto esecutivo, valorizzando le esperienze, le culture organizzative e le reti di ciascuno.",
				"The admitted partners write the executive project together, building on each one's experience, organisational culture and networks.",
			},
			OffsetWeeks: 10, DurationWeeks: 12,
			Activities: []PlannedActivity{
				act("workshop", 1, "1 incontro di formazione per gli operatori della pubblica amministrazione", "1 training meeting for public administration staff"),
				act("lab", 4, "4 tavoli di coprogettazione", "4 co-design tables"),
			},
		},
		{
			Name: Text{"Accordo di partenariato", "Partnership agreement"},
			Description: Text{
				"Ruoli, responsabilità e cofinanziamento dei partner sono fissati nell'accordo che avvia la gestione condivisa.",
				"The partners' roles, responsibilities and co-financing are set in the agreement that starts shared management.",
			},
			OffsetWeeks: 22, DurationWeeks: 4,
			Activities: []PlannedActivity{
				act("document", 1, "Sottoscrizione dell'accordo di partenariato", "Signing the partnership agreement"),
			},
		},
		{
			Name: Text{"Gestione condivisa e verifica", "Shared management and review"},
			Description: Text{
				"Il servizio è gestito insieme dai partner; incontri periodici ne verificano l'andamento rispetto agli obiettivi.",
				"The partners run the service together; regular meetings review how it is going against its aims.",
			},
			OffsetWeeks: 26, DurationWeeks: 26,
			Activities: []PlannedActivity{
				act("meeting", 0, "Incontri periodici di verifica tra i partner", "Regular review meetings between the partners"),
			},
		},
	},
}
