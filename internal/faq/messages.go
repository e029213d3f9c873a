package faq

import "github.com/cantieri/cantieri/internal/platform/i18n"

func init() {
	i18n.Register(i18n.M{
		"faq.title":              {"Domande frequenti", "Frequently asked questions"},
		"faq.intro":              {"Apri una domanda per leggere la risposta.", "Open a question to read its answer."},
		"faq.none":               {"Non ci sono ancora domande.", "There are no questions yet."},
		"faq.manage.title":       {"Gestione domande frequenti", "Manage frequently asked questions"},
		"faq.manage.intro":       {"Le domande appaiono nell'ordine di questa pagina. Le modifiche sono pubblicate subito.", "Questions appear in the order of this page. Changes are published at once."},
		"faq.manage.new":         {"Nuova domanda", "New question"},
		"faq.manage.public":      {"Vedi la pagina pubblica", "See the public page"},
		"faq.manage.up":          {"Sposta su", "Move up"},
		"faq.manage.down":        {"Sposta giù", "Move down"},
		"faq.new.title":          {"Nuova domanda", "New question"},
		"faq.edit.title":         {"Modifica domanda", "Edit question"},
		"faq.edit.save":          {"Salva e pubblica", "Save and publish"},
		"faq.field.topic_legend": {"Argomento", "Topic"},
		"faq.field.topic":        {"Argomento esistente", "Existing topic"},
		"faq.field.topic_choose": {"Scegli un argomento", "Choose a topic"},
		"faq.field.topic_new_it": {"Oppure un nuovo argomento", "Or a new topic"},
		"faq.field.topic_new_en": {"Nuovo argomento in inglese", "New topic in English"},
		"faq.field.question_it":  {"Domanda", "Question"},
		"faq.field.answer_it":    {"Risposta", "Answer"},
		"faq.field.answer_help":  {"Puoi usare Markdown: **grassetto**, _corsivo_, [testo del link](https://…). L'HTML non è ammesso.", "You can use Markdown: **bold**, _italic_, [link text](https://…). HTML is not allowed."},
		"faq.field.question_en":  {"Domanda in inglese (facoltativa)", "Question in English (optional)"},
		"faq.field.answer_en":    {"Risposta in inglese (facoltativa)", "Answer in English (optional)"},
		"faq.topic_required":     {"Scegli un argomento o scrivine uno nuovo.", "Choose a topic or write a new one."},
		"faq.move_invalid":       {"Spostamento non valido.", "Invalid move."},
		"flash.faq.saved":        {"Domanda salvata e pubblicata.", "Question saved and published."},
		"flash.faq.moved":        {"Ordine delle domande aggiornato.", "Order of the questions updated."},
	})
}
