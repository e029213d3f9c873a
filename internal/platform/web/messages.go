package web

import "github.com/cantieri/cantieri/internal/platform/i18n"

func init() {
	i18n.Register(i18n.M{
		"site.name":        {"Cantieri della Salute", "Cantieri della Salute"},
		"site.tagline":     {"Partecipazione dei cittadini alla salute in Toscana", "Citizen participation in health in Tuscany"},
		"site.description": {"Il programma regionale toscano in cui cittadini, associazioni, Terzo Settore e operatori progettano e sperimentano insieme i servizi sociosanitari.", "The Tuscan regional programme in which citizens, associations, the third sector and staff design and test health and social services together."},

		"layout.skip_main":   {"Vai al contenuto principale", "Skip to main content"},
		"layout.skip_footer": {"Vai al piè di pagina", "Skip to footer"},
		"layout.region":      {"Regione Toscana", "Regione Toscana"},
		"layout.language":    {"Lingua", "Language"},
		"layout.login":       {"Accedi", "Log in"},
		"layout.my_account":  {"Il mio profilo", "My account"},
		"layout.main_nav":    {"Menu principale", "Main menu"},
		"nav.home":           {"Home", "Home"},
		"nav.admin":          {"Amministrazione", "Administration"},

		"footer.about":         {"Un programma della Regione Toscana con Federsanità ANCI Toscana (LR 75/2017).", "A programme of Regione Toscana with Federsanità ANCI Toscana (regional law 75/2017)."},
		"footer.links":         {"Collegamenti di servizio", "Service links"},
		"footer.privacy":       {"Informativa privacy", "Privacy notice"},
		"footer.newsletter":    {"Newsletter", "Newsletter"},
		"footer.legal":         {"Note legali", "Legal notes"},
		"footer.accessibility": {"Dichiarazione di accessibilità", "Accessibility statement"},

		"error.400.title":        {"Richiesta non valida", "Bad request"},
		"error.400.form":         {"Il modulo inviato non è leggibile. Ricarica la pagina e riprova.", "The form sent could not be read. Reload the page and try again."},
		"error.403.title":        {"Accesso non consentito", "Access denied"},
		"error.403.text":         {"Non hai i permessi per questa pagina o azione. Se pensi sia un errore, contatta chi coordina il tuo territorio.", "You do not have permission for this page or action. If you think this is a mistake, contact your territory's coordinator."},
		"error.403.cross_origin": {"La richiesta proviene da un altro sito ed è stata bloccata per sicurezza. Torna alla pagina e riprova.", "The request came from another site and was blocked for safety. Go back to the page and try again."},
		"error.404.title":        {"Pagina non trovata", "Page not found"},
		"error.404.text":         {"La pagina cercata non esiste o è stata spostata. Controlla l'indirizzo oppure riparti dalla home.", "The page you are looking for does not exist or has moved. Check the address or start again from the home page."},
		"error.405.title":        {"Metodo non consentito", "Method not allowed"},
		"error.413.title":        {"Invio troppo grande", "Submission too large"},
		"error.413.text":         {"Quello che hai inviato supera la dimensione consentita.", "What you sent is larger than allowed."},
		"error.429.title":        {"Troppi tentativi", "Too many attempts"},
		"error.500.title":        {"Errore del sistema", "System error"},
		"error.500.text":         {"Si è verificato un errore imprevisto. Quello che avevi già salvato non è andato perso. Riprova tra poco; se il problema continua, comunica il codice qui sotto.", "An unexpected error occurred. Nothing you had already saved was lost. Try again shortly; if the problem persists, quote the code below."},
		"error.request_id":       {"Codice della richiesta:", "Request code:"},
		"error.go_home":          {"Torna alla home", "Back to the home page"},

		"form.summary_title": {"Controlla i dati inseriti:", "Please check what you entered:"},
		"form.required":      {"Questo campo è obbligatorio.", "This field is required."},
		"form.too_long":      {"Il testo è troppo lungo.", "The text is too long."},
		"form.email_invalid": {"Inserisci un indirizzo e-mail valido, per esempio nome@esempio.it.", "Enter a valid e-mail address, for example name@example.org."},
		"form.invalid_utf8":  {"Il testo contiene caratteri non validi.", "The text contains invalid characters."},

		"flash.login_required": {"Accedi per continuare.", "Log in to continue."},
	})
}
