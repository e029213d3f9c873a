package demo

import (
	"time"

	"github.com/cantieri/cantieri/internal/paths"
)

// Slugs of the demo paths, for tests and the benchmark.
const (
	PathLunigiana           = "cantiere-della-salute-lunigiana"
	PathValdichianaAretina  = "cantiere-della-salute-valdichiana-aretina"
	PathFiorentinaNordOvest = "cantiere-della-salute-fiorentina-nord-ovest"
	PathAltaValDiCecina     = "cantiere-della-salute-alta-val-di-cecina-valdera"
	PathAmiataSenese        = "cantiere-della-salute-amiata-senese-val-d-orcia-valdichiana-senese"
	PathAmiataGrossetana    = "cantiere-della-salute-amiata-grossetana-2020-2022"
	PathCasaDiComunita      = "casa-di-comunita-pontassieve-pelago-rufina"
)

// PilotPaths are the paths of the five pilot territories, from the one
// just started to the one closest to its end.
var PilotPaths = []string{PathLunigiana, PathValdichianaAretina, PathFiorentinaNordOvest, PathAltaValDiCecina, PathAmiataSenese}

// Slugs of the two solutions tested in Amiata Grossetana – Colline
// Metallifere – Grossetana (seed 002).
const (
	SolutionCamper    = "camper-della-salute"
	SolutionMediatori = "mediatori-neuro-culturali"
)

// titleCantiere starts the title of a pilot path, in both languages.
const titleCantiere = "Cantiere della Salute – "

// nextPhaseIn is how many days after the first load the next phase of
// the Casa di Comunità path is planned to start, at the earliest.
const nextPhaseIn = 14

// demoPaths are the paths of the demo. The pilot paths of the second
// edition started some weeks before the first load, each long enough ago
// to stand at a different phase of the "Cantiere della Salute" template
// (phases: 1 context analysis, weeks 0-6; 2 committees' capacity building,
// 4-17; 3 activators' training, 6-17; 4 designing a service, 17-27; 5
// testing it, 27-39; 6 consolidating, 37-43). Finished phases have actual
// dates a few days off their plan, mostly late, so the schedule shows
// planned against actual.
func demoPaths() []pathSpec {
	return []pathSpec{
		{
			Slug: PathLunigiana, Zone: ZoneLunigiana, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
			Title: paths.Text{IT: titleCantiere + "Lunigiana", EN: titleCantiere + "Lunigiana"},
			Summary: paths.Text{
				IT: "Tra le Alpi Apuane e il confine con Liguria ed Emilia, la Società della Salute della Lunigiana e il suo Comitato di Partecipazione hanno appena avviato il percorso. I primi incontri servono a leggere insieme bisogni e risorse dei 14 comuni della zona, a partire dalle distanze che separano molti paesi dai servizi.",
				EN: "Between the Apuan Alps and the borders with Liguria and Emilia, the Società della Salute of Lunigiana and its Participation Committee have just started the path. The first meetings look together at the needs and resources of the zone's 14 comuni, starting from the distances that separate many villages from services.",
			},
			Start: daysAgo(18),
			Runs:  []phaseRun{running(3)},
		},
		{
			Slug: PathValdichianaAretina, Zone: ZoneValdichianaAretina, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
			Title: paths.Text{IT: titleCantiere + "Valdichiana Aretina", EN: titleCantiere + "Valdichiana Aretina"},
			Summary: paths.Text{
				IT: "Nel «granaio dell'Etruria» i cinque comuni della zona e l'Azienda USL Toscana Sud-Est lavorano con il Comitato di Partecipazione. Chiusa l'analisi del contesto, il percorso è nella capacitazione: incontri di formazione per il Comitato e per gli operatori dei servizi, e la selezione dei primi attivatori di comunità.",
				EN: "In the \"granary of Etruria\" the zone's five comuni and the Azienda USL Toscana Sud-Est work with the Participation Committee. With the context analysis done, the path is in its capacity-building phase: training meetings for the Committee and the service staff, and the selection of the first community activators.",
			},
			Start: daysAgo(75),
			Runs:  []phaseRun{done(0, 6), running(7), running(2)},
		},
		{
			Slug: PathFiorentinaNordOvest, Zone: ZoneFiorentinaNordOvest, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
			Title: paths.Text{IT: titleCantiere + "Fiorentina Nord-Ovest", EN: titleCantiere + "Fiorentina Nord-Ovest"},
			Summary: paths.Text{
				IT: "Nella Città Metropolitana di Firenze, la Società della Salute dei 7 comuni della zona, il Comitato di Partecipazione e gli attivatori di comunità formati nei mesi scorsi progettano un servizio insieme alle realtà del territorio scelte con la manifestazione d'interesse per i partner.",
				EN: "In the Metropolitan City of Florence, the Società della Salute of the zone's 7 comuni, the Participation Committee and the community activators trained in the past months are designing a service with the local organisations chosen through the call for partners.",
			},
			Start: daysAgo(140),
			Runs:  []phaseRun{done(2, 4), done(0, 10), done(3, 0), running(10)},
		},
		{
			Slug: PathAltaValDiCecina, Zone: ZoneAltaValDiCecina, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
			Title: paths.Text{IT: titleCantiere + "Alta Val di Cecina - Valdera", EN: titleCantiere + "Alta Val di Cecina - Valdera"},
			Summary: paths.Text{
				IT: "Una delle zone-distretto più vaste dell'Azienda USL Toscana Nord-Ovest, nata nel 2018 dalla fusione di due zone. Il servizio progettato nei laboratori è ora in prova: le sessioni di raccolta feedback con chi lo usa orientano le modifiche prima della messa a sistema.",
				EN: "One of the largest zones of the Azienda USL Toscana Nord-Ovest, formed in 2018 by merging two zones. The service designed in the labs is now being tested: feedback sessions with the people who use it guide the changes before it is consolidated.",
			},
			Start: daysAgo(215),
			Runs:  []phaseRun{done(0, -2), done(3, 7), done(0, 0), done(5, 12), running(13)},
		},
		{
			Slug: PathAmiataSenese, Zone: ZoneAmiataSenese, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
			Title: paths.Text{IT: titleCantiere + "Amiata Senese e Val d'Orcia - Valdichiana Senese", EN: titleCantiere + "Amiata Senese and Val d'Orcia - Valdichiana Senese"},
			Summary: paths.Text{
				IT: "Tra le colline di Montepulciano, la zona nata nel 2018 dall'unione di Amiata Senese, Val d'Orcia e Valdichiana Senese è all'ultima fase del percorso: dopo la prova del servizio, i risultati sono raccolti in linee guida e materiali da presentare in un evento pubblico.",
				EN: "Among the hills of Montepulciano, the zone formed in 2018 by joining Amiata Senese, Val d'Orcia and Valdichiana Senese is in the last phase of the path: after the service test, the results are being gathered into guidelines and materials to be presented at a public event.",
			},
			Start: daysAgo(290),
			Runs:  []phaseRun{done(1, 3), done(0, 5), done(2, -3), done(4, 9), done(10, 6), running(20)},
		},
		{
			// The first edition (seed 002): started in March 2021 and closed
			// in 2022, the service test stretched over the winter.
			Slug: PathAmiataGrossetana, Zone: ZoneAmiataGrossetana, Template: paths.TemplateCantiere, Edition: paths.EditionFirst,
			Title: paths.Text{
				IT: titleCantiere + "Amiata Grossetana, Colline Metallifere, Grossetana",
				EN: titleCantiere + "Amiata Grossetana, Colline Metallifere, Grossetana",
			},
			Summary: paths.Text{
				IT: "Nella prima edizione il Comitato di Partecipazione e la Consulta del Terzo settore hanno lavorato con COeSO – Società della Salute su un tema: la parità nell'accesso ai servizi socio-sanitari per chi vive lontano dai centri o ha esigenze specifiche. Ne sono nate due soluzioni, provate sul territorio: il Camper della Salute e la formazione di mediatori neuro-culturali.",
				EN: "In the first edition the Participation Committee and the Third Sector Council worked with COeSO – Società della Salute on one theme: equal access to health and social services for people who live far from the towns or have specific needs. Two solutions came out of it and were tested in the territory: the Camper della Salute and the training of neuro-cultural mediators.",
			},
			Start: on("2021-03-01"),
			Runs:  []phaseRun{done(3, 10), done(7, 21), done(10, 28), done(21, 45), done(49, 120), done(140, 160)},
		},
		{
			// Seed 003: the staff's training was held in May; the next phases
			// were planned again after the summer.
			Slug: PathCasaDiComunita, Zone: ZoneFiorentinaSudEst, Template: paths.TemplateCasaDiComunita, Edition: paths.EditionSecond,
			Title: paths.Text{
				IT: "Avvio della Casa di Comunità di Pontassieve, Pelago e Rufina",
				EN: "Starting the Casa di Comunità of Pontassieve, Pelago and Rufina",
			},
			Summary: paths.Text{
				IT: "Dopo la sperimentazione di San Leonardo, il metodo di Cantieri della Salute accompagna l'avvio della Casa di Comunità dei comuni di Pontassieve, Pelago e Rufina, con la Società della Salute Fiorentina Sud-Est. A maggio gli operatori e le operatrici, con molti medici di medicina generale, hanno seguito gli incontri di formazione ed empowerment; seguiranno il dialogo con il Terzo settore, l'attivazione della cittadinanza e un evento pubblico progettato insieme.",
				EN: "After the pilot in San Leonardo, the Cantieri della Salute method supports the start of the Casa di Comunità of the comuni of Pontassieve, Pelago and Rufina, with the Società della Salute Fiorentina Sud-Est. In May the staff, many general practitioners among them, took part in training and empowerment meetings; dialogue with the third sector, involving the citizens and a public event designed together will follow.",
			},
			Start:  lastMay,
			Runs:   []phaseRun{done(1, -2)},
			Replan: afterSummer,
		},
	}
}

// lastMay is the 5th of May of this year, or of last year before June:
// the training of seed 003 was held in May, and has ended by the load.
func lastMay(today paths.Date) paths.Date {
	y := today.Year()
	if today.Month() < int(time.June) {
		y--
	}
	return paths.MustDate(time.Date(y, time.May, 5, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
}

// afterSummer is the plan of the Casa di Comunità path as its coordinators
// made it: the staff's training within May, then the phases after it moved
// so that the next one starts no earlier than two weeks after today,
// keeping their lengths and gaps.
func afterSummer(plan []paths.Phase, today paths.Date) []paths.Phase {
	if len(plan) < 2 {
		return plan
	}
	out := append([]paths.Phase(nil), plan...)
	out[0].PlannedEnd = out[0].PlannedStart.AddDays(26)
	shift := plan[1].PlannedStart.DaysUntil(today.AddDays(nextPhaseIn))
	if shift <= 0 {
		return out
	}
	for i := 1; i < len(out); i++ {
		out[i].PlannedStart = out[i].PlannedStart.AddDays(shift)
		out[i].PlannedEnd = out[i].PlannedEnd.AddDays(shift)
	}
	return out
}

// demoSolutions are the two solutions designed and tested in Amiata
// Grossetana – Colline Metallifere – Grossetana (seed 002), written for
// the product.
func demoSolutions() []paths.SolutionInput {
	return []paths.SolutionInput{
		{
			Slug: SolutionCamper, Zone: ZoneAmiataGrossetana, Path: PathAmiataGrossetana,
			Title: paths.Text{IT: "Il Camper della Salute", EN: "The Camper della Salute (health camper)"},
			Summary: paths.Text{
				IT: "Un calendario di uscite che porta l'operatore socio-sanitario di comunità nei paesi e nelle frazioni dei 20 comuni della zona, per avvicinare i servizi a chi vive lontano dai centri.",
				EN: "A calendar of outings that takes the community health and social-care worker to the villages and hamlets of the zone's 20 comuni, bringing services closer to people who live far from the towns.",
			},
			Body: paths.Text{
				IT: `Il contesto. La zona Amiata Grossetana – Colline Metallifere – Grossetana è la più ampia della Toscana. Non tutti vi raggiungono i servizi socio-sanitari con la stessa facilità: per chi abita in un paese di montagna, non guida o ha una salute fragile, anche una pratica semplice può costare una giornata.

La soluzione. Il gruppo di progettazione – la Società della Salute, il Comitato di Partecipazione, le associazioni e gli attivatori di comunità – ha rovesciato il punto di vista: è il servizio che va dalle persone. Un camper porta l'operatore socio-sanitario di comunità nelle piazze, nei circoli e nei mercati, secondo un calendario pubblicato in anticipo e fatto conoscere da comuni, parrocchie e associazioni.

A ogni uscita l'operatore ascolta, informa, orienta verso il servizio giusto e aiuta con prenotazioni e pratiche. Le richieste raccolte tornano alla Società della Salute come segnali sui bisogni dei territori più isolati.

La prova. Durante la sperimentazione le persone incontrate e le associazioni hanno detto la loro su tappe, orari e informazioni ricevute, e il calendario è stato rivisto di conseguenza.`,
				EN: `The context. Amiata Grossetana – Colline Metallifere – Grossetana is the largest zone in Tuscany. Not everyone there reaches health and social services with the same ease: for people who live in a mountain village, do not drive or are in frail health, even a simple errand can take a whole day.

The solution. The design group – the Società della Salute, the Participation Committee, local associations and community activators – turned the point of view around: the service goes to the people. A camper takes the community health and social-care worker to squares, clubs and markets, following a calendar published in advance and spread by the comuni, parishes and associations.

At every outing the worker listens, informs, points people to the right service and helps with bookings and paperwork. The requests gathered go back to the Società della Salute as signals of the needs of the most isolated places.

The test. During the pilot the people met and the associations gave their views on stops, times and the information received, and the calendar was revised accordingly.`,
			},
		},
		{
			Slug: SolutionMediatori, Zone: ZoneAmiataGrossetana, Path: PathAmiataGrossetana,
			Title: paths.Text{IT: "Mediatori neuro-culturali", EN: "Neuro-cultural mediators"},
			Summary: paths.Text{
				IT: "Una formazione per mediatori neuro-culturali: figure che aiutano tutte le persone, qualunque sia la loro esigenza, a usare pienamente i servizi socio-sanitari.",
				EN: "Training for neuro-cultural mediators: people who help everyone, whatever their needs, to make full use of health and social services.",
			},
			Body: paths.Text{
				IT: `Il contesto. L'accesso ai servizi non è uguale per tutti: contano una patologia o una disabilità, un modo diverso di comunicare e di percepire, l'identità di genere, la lingua e la cultura di provenienza. Spesso l'ostacolo non è il servizio in sé, ma l'incontro tra chi lo offre e chi ne ha bisogno.

La soluzione. Il mediatore neuro-culturale sta in mezzo: conosce i servizi e sa accompagnare le persone, e aiuta gli operatori a riconoscere esigenze diverse dalle proprie e ad adattare linguaggio, spazi e tempi.

La prova. La Società della Salute e le associazioni del territorio hanno progettato e avviato un percorso di formazione per i primi mediatori, con moduli sulla neurodiversità, sulla comunicazione accessibile e sui servizi della zona. Le osservazioni di chi lo ha frequentato sono servite a rivedere il programma.`,
				EN: `The context. Access to services is not the same for everyone: an illness or a disability, a different way of communicating and perceiving, gender identity, language and culture of origin all play a part. Often the obstacle is not the service itself but the meeting between those who offer it and those who need it.

The solution. The neuro-cultural mediator stands in between: they know the services and can accompany people, and they help staff recognise needs different from their own and adapt language, spaces and timing.

The test. The Società della Salute and local associations designed and started a training course for the first mediators, with modules on neurodiversity, accessible communication and the zone's services. The remarks of those who attended were used to revise the programme.`,
			},
		},
	}
}
