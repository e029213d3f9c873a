package faq

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/markdown"
	"github.com/cantieri/cantieri/internal/platform/search"
)

// indexForSearch brings the search documents of question id up to date,
// inside the transaction that created or changed it. Every question is
// public; the FAQ speaks for the whole region (no territory).
func indexForSearch(ctx context.Context, tx *db.Tx, id int64) error {
	it, err := Get(ctx, tx, id)
	if err != nil {
		return err
	}
	var topicIT, topicEN string
	if err := tx.QueryRow(ctx, `SELECT title_it, title_en FROM faq_topics WHERE id = ?`, it.TopicID).Scan(&topicIT, &topicEN); err != nil {
		return fmt.Errorf("faq: topic of %d: %w", id, err)
	}
	return search.Replace(ctx, tx, search.KindFAQ, strconv.FormatInt(id, 10), searchDocuments(it, topicIT, topicEN))
}

// searchDocuments are the search documents of a question: in Italian, and
// in English when it has an English question. The link opens the FAQ
// page at the question.
func searchDocuments(it Item, topicIT, topicEN string) []search.Document {
	ref := strconv.FormatInt(it.ID, 10)
	doc := func(lang, question, answer, topic, url string) search.Document {
		return search.Document{Kind: search.KindFAQ, Ref: ref, Lang: lang, Title: question,
			Body: strings.TrimSpace(markdown.Plain(answer) + "\n\n" + topic), URL: url, Date: it.UpdatedAt}
	}
	out := []search.Document{doc("it", it.QuestionIT, it.AnswerIT, topicIT, "/faq#faq-"+ref)}
	if strings.TrimSpace(it.QuestionEN) != "" {
		answer, topic := it.AnswerEN, topicEN
		if strings.TrimSpace(answer) == "" {
			answer = it.AnswerIT
		}
		if topic == "" {
			topic = topicIT
		}
		out = append(out, doc("en", it.QuestionEN, answer, topic, "/faq?lang=en#faq-"+ref))
	}
	return out
}

// ReindexSearch brings the search index up to date with every question,
// at start (after LoadSeed); unchanged questions cost a hash comparison.
func ReindexSearch(ctx context.Context, d *db.DB) error {
	topics, err := All(ctx, d)
	if err != nil {
		return fmt.Errorf("faq: reindex search: %w", err)
	}
	var docs []search.Document
	for _, t := range topics {
		for _, it := range t.Items {
			docs = append(docs, searchDocuments(it, t.TitleIT, t.TitleEN)...)
		}
	}
	if _, err := search.Reindex(ctx, d, search.KindFAQ, docs); err != nil {
		return fmt.Errorf("faq: reindex search: %w", err)
	}
	return nil
}
