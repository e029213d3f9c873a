package search

import "github.com/cantieri/cantieri/internal/platform/i18n"

func init() {
	i18n.Register(i18n.M{
		// The search box in the header of every page (web/templates/layout.html).
		"search.box_label":  {"Cerca nel sito", "Search the site"},
		"search.box_button": {"Cerca", "Search"},

		"search.title":        {"Cerca", "Search"},
		"search.title_for":    {"Ricerca: %s", "Search: %s"},
		"search.page_n":       {"pagina %d", "page %d"},
		"search.intro":        {"Cerca tra notizie, parole del glossario, attività, percorsi, territori, domande frequenti e pagine del sito. Puoi scrivere le parole con o senza accenti, al singolare o al plurale.", "Search news, glossary terms, activities, paths, territories, frequently asked questions and pages of the site. You can type words with or without accents, singular or plural. Most content is in Italian."},
		"search.q_label":      {"Parole da cercare", "Words to search for"},
		"search.kind_label":   {"Tipo di contenuto", "Type of content"},
		"search.kind_all":     {"Tutti i tipi", "All types"},
		"search.zone_label":   {"Territorio", "Territory"},
		"search.zone_all":     {"Tutta la Toscana", "All of Tuscany"},
		"search.submit":       {"Cerca", "Search"},
		"search.truncated":    {"La ricerca era troppo lunga: sono stati usati solo i primi %d caratteri o le prime 10 parole.", "The search was too long: only the first %d characters or the first 10 words were used."},
		"search.no_terms":     {"Scrivi almeno una parola significativa: parole molto comuni come «il», «di» o «della» e i segni di punteggiatura non vengono cercati.", "Type at least one meaningful word: very common words such as “the” or “of”, and punctuation, are not searched for."},
		"search.none":         {"Nessun risultato per «%s».", "No results for “%s”."},
		"search.one":          {"1 risultato per «%s».", "1 result for “%s”."},
		"search.count":        {"%d risultati per «%s».", "%d results for “%s”."},
		"search.showing":      {"Risultati da %d a %d.", "Results %d to %d."},
		"search.count_more":   {"Più di %d risultati per «%s».", "More than %d results for “%s”."},
		"search.more_note":    {"Le pagine mostrano i %d risultati più pertinenti: aggiungi parole o scegli un tipo o un territorio per restringere la ricerca.", "The pages show the %d most relevant results: add words, or choose a type or a territory, to narrow the search."},
		"search.suggestions":  {"Suggerimenti", "Suggestions"},
		"search.unfiltered":   {"Togli i filtri: %d risultati in tutti i tipi e territori", "Remove the filters: %d results across all types and territories"},
		"search.tip_spelling": {"Controlla come sono scritte le parole.", "Check the spelling of the words."},
		"search.tip_fewer":    {"Usa meno parole o parole più generali: vengono mostrati solo i contenuti che le contengono tutte.", "Use fewer or more general words: only content containing all of them is shown."},
		"search.tip_italian":  {"Prova con parole in italiano: quasi tutti i contenuti sono in italiano.", "Try Italian words: almost all content is in Italian."},
		"search.tip_browse":   {"Oppure sfoglia:", "Or browse:"},
		"search.pagination":   {"Pagine dei risultati", "Result pages"},
		"search.prev":         {"Precedente", "Previous"},
		"search.next":         {"Successiva", "Next"},
		"search.page_of":      {"Pagina %d di %d", "Page %d of %d"},

		"search.kind.news":      {"Notizie", "News"},
		"search.kind.glossary":  {"Glossario", "Glossary"},
		"search.kind.activity":  {"Attività", "Activities"},
		"search.kind.path":      {"Percorsi", "Paths"},
		"search.kind.territory": {"Territori", "Territories"},
		"search.kind.page":      {"Pagine", "Pages"},
		"search.kind.faq":       {"Domande frequenti", "FAQ"},
	})
}
