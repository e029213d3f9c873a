package pages

import "github.com/cantieri/cantieri/internal/platform/i18n"

func init() {
	i18n.Register(i18n.M{
		"home.title":     {"Home", "Home"},
		"home.lead":      {"Cantieri della Salute è il programma della Regione Toscana in cui cittadini, associazioni di pazienti, enti del Terzo Settore e operatori dei servizi progettano e sperimentano insieme i servizi sanitari e sociali del proprio territorio.", "Cantieri della Salute is Regione Toscana's programme in which citizens, patients' associations, third-sector bodies and service staff design and test together the health and social services of their territory."},
		"home.how_title": {"Come partecipare", "How to take part"},
		"home.how_text":  {"Crea un profilo per iscriverti agli incontri e ai laboratori, candidarti agli avvisi e seguire i percorsi del tuo territorio. Puoi anche partecipare agli eventi pubblici senza registrarti.", "Create an account to sign up for meetings and labs, apply to calls and follow the paths of your territory. You can also join public events without an account."},
		"home.signup":    {"Crea il tuo profilo", "Create your account"},

		"privacy.intro":          {"Questa informativa descrive come Cantieri della Salute tratta i dati personali di chi usa il sito, ai sensi del Regolamento (UE) 2016/679.", "This notice describes how Cantieri della Salute processes the personal data of people who use the site, under Regulation (EU) 2016/679."},
		"privacy.cookies_title":  {"Cookie", "Cookies"},
		"privacy.cookies_text":   {"Il sito usa solo cookie tecnici, necessari al funzionamento, e nessun cookie di profilazione o di terze parti. Nessuna pagina carica risorse da altri siti.", "The site uses only technical cookies needed for it to work, and no profiling or third-party cookies. No page loads anything from other sites."},
		"privacy.cookie_session": {"mantiene l'accesso dopo il login; scade alla disconnessione o dopo 30 giorni di inattività.", "keeps you logged in; it ends when you log out or after 30 days of inactivity."},
		"privacy.cookie_lang":    {"ricorda la lingua scelta per un anno.", "remembers the chosen language for a year."},
		"privacy.cookie_flash":   {"mostra una conferma dopo un'operazione; dura un minuto.", "shows a confirmation after an action; it lasts one minute."},
		"privacy.rights_title":   {"I tuoi diritti", "Your rights"},
		"privacy.rights_text":    {"Puoi chiedere in ogni momento l'accesso, la rettifica o la cancellazione dei tuoi dati scrivendo al titolare del trattamento indicato nelle note legali.", "You may at any time ask for access to, correction or erasure of your data by writing to the controller named in the legal notes."},

		"legal.text":       {"I contenuti del sito sono pubblicati dalla Regione Toscana nell'ambito del programma Cantieri della Salute. Salvo diversa indicazione sono riutilizzabili citando la fonte.", "The site's content is published by Regione Toscana within the Cantieri della Salute programme. Unless stated otherwise it may be reused with attribution."},
		"legal.data_title": {"Dati di riferimento", "Reference data"},
		"legal.data_text":  {"Elenco dei comuni: Fonte ISTAT, codici delle unità territoriali al 1° gennaio 2020 (CC BY). Zone-distretto: compilazione da fonti normative pubbliche (LR 40/2005 e successive modifiche).", "List of comuni: source ISTAT, codes of territorial units at 1 January 2020 (CC BY). Zone-distretto: compiled from public legal sources (regional law 40/2005 as amended)."},

		"a11y.intro":          {"La Regione Toscana si impegna a rendere il sito accessibile in conformità alla Legge 4/2004 e alle Linee guida AgID, secondo il livello AA delle WCAG 2.1.", "Regione Toscana is committed to making this site accessible under Law 4/2004 and the AgID guidelines, at level AA of WCAG 2.1."},
		"a11y.how_title":      {"Come verifichiamo", "How we check"},
		"a11y.how_text":       {"Ogni tipo di pagina è controllato automaticamente con axe-core in un browser reale a ogni modifica del software; le pagine funzionano senza JavaScript e su schermi piccoli.", "Every page type is checked automatically with axe-core in a real browser on every change to the software; pages work without JavaScript and on small screens."},
		"a11y.feedback_title": {"Segnalazioni", "Feedback"},
		"a11y.feedback_text":  {"Se trovi un contenuto non accessibile puoi segnalarlo al responsabile per la transizione digitale della Regione Toscana; se la risposta non è soddisfacente puoi rivolgerti al Difensore civico per il digitale presso AgID.", "If you find content that is not accessible you can report it to Regione Toscana's digital transition officer; if the answer is unsatisfactory you can turn to the digital ombudsman at AgID."},
	})
}
