// Package faq keeps the frequently asked questions: topics in order, each
// with its questions in order, in Italian and English (answers in
// Markdown). The programme's FAQ is loaded at start by LoadSeed, adding
// only what is missing. Only regional admins edit the FAQ (authz
// EditRegion): it speaks for the whole programme.
package faq

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
)

// Topic is a group of questions.
type Topic struct {
	ID       int64
	TitleIT  string
	TitleEN  string
	Position int
	Items    []Item
}

// Item is one question and its answer.
type Item struct {
	ID         int64
	TopicID    int64
	QuestionIT string
	QuestionEN string
	AnswerIT   string // Markdown
	AnswerEN   string // Markdown
	Position   int
	UpdatedAt  time.Time
}

// Input is what an editor writes.
type Input struct {
	TopicID                int64
	QuestionIT, QuestionEN string
	AnswerIT, AnswerEN     string
}

// Limits, in characters.
const (
	MaxQuestion = 300
	MaxAnswer   = 10_000
	MaxTopic    = 120
)

// ErrInvalid is returned for input the form would refuse.
var ErrInvalid = errors.New("faq: invalid input")

// Actor is who makes a change, as the audit log records it.
type Actor struct {
	ID        int64
	Label     string
	IP        string
	RequestID string
}

func (in *Input) check() error {
	if strings.TrimSpace(in.QuestionIT) == "" || strings.TrimSpace(in.AnswerIT) == "" || in.TopicID == 0 ||
		utf8.RuneCountInString(in.QuestionIT) > MaxQuestion || utf8.RuneCountInString(in.QuestionEN) > MaxQuestion ||
		utf8.RuneCountInString(in.AnswerIT) > MaxAnswer || utf8.RuneCountInString(in.AnswerEN) > MaxAnswer {
		return ErrInvalid
	}
	return nil
}

// All returns every topic with its questions, both in order.
func All(ctx context.Context, d *db.DB) ([]Topic, error) {
	rows, err := d.Query(ctx, `SELECT id, title_it, title_en, position FROM faq_topics ORDER BY position, id`)
	if err != nil {
		return nil, fmt.Errorf("faq: topics: %w", err)
	}
	var topics []Topic
	index := map[int64]int{}
	for rows.Next() {
		var t Topic
		if err := rows.Scan(&t.ID, &t.TitleIT, &t.TitleEN, &t.Position); err != nil {
			rows.Close()
			return nil, fmt.Errorf("faq: topics: %w", err)
		}
		index[t.ID] = len(topics)
		topics = append(topics, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("faq: topics: %w", err)
	}
	rows, err = d.Query(ctx, `SELECT `+itemColumns+` FROM faq_items ORDER BY topic_id, position, id`)
	if err != nil {
		return nil, fmt.Errorf("faq: items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, fmt.Errorf("faq: items: %w", err)
		}
		if i, ok := index[it.TopicID]; ok {
			topics[i].Items = append(topics[i].Items, it)
		}
	}
	return topics, rows.Err()
}

const itemColumns = `id, topic_id, question_it, question_en, answer_it, answer_en, position, updated_at`

func scanItem(row interface{ Scan(...any) error }) (Item, error) {
	var it Item
	err := row.Scan(&it.ID, &it.TopicID, &it.QuestionIT, &it.QuestionEN, &it.AnswerIT, &it.AnswerEN, &it.Position, &it.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, db.ErrNotFound
	}
	return it, err
}

// Get returns item id, or db.ErrNotFound.
func Get(ctx context.Context, ex db.Execer, id int64) (Item, error) {
	it, err := scanItem(ex.QueryRow(ctx, `SELECT `+itemColumns+` FROM faq_items WHERE id = ?`, id))
	if err != nil {
		return Item{}, fmt.Errorf("faq: item %d: %w", id, err)
	}
	return it, nil
}

// CreateTopic adds a topic after the others.
func CreateTopic(ctx context.Context, d *db.DB, titleIT, titleEN string, a Actor) (int64, error) {
	titleIT, titleEN = strings.TrimSpace(titleIT), strings.TrimSpace(titleEN)
	if titleIT == "" || utf8.RuneCountInString(titleIT) > MaxTopic || utf8.RuneCountInString(titleEN) > MaxTopic {
		return 0, ErrInvalid
	}
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO faq_topics (title_it, title_en, position)
VALUES (?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM faq_topics))`, titleIT, titleEN)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(a, "faq.topic_create", "faq_topic", id, "", audit.JSON(map[string]string{"title_it": titleIT, "title_en": titleEN})))
	})
	if err != nil {
		return 0, fmt.Errorf("faq: create topic: %w", err)
	}
	return id, nil
}

// Create adds a question at the end of its topic.
func Create(ctx context.Context, d *db.DB, in Input, a Actor) (int64, error) {
	if err := in.check(); err != nil {
		return 0, err
	}
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO faq_items (topic_id, question_it, question_en, answer_it, answer_en, position, updated_at)
VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM faq_items WHERE topic_id = ?), ?)`,
			in.TopicID, clean(in.QuestionIT), clean(in.QuestionEN), in.AnswerIT, in.AnswerEN, in.TopicID, db.Now())
		if err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		after, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(a, "faq.create", "faq_item", id, "", audit.JSON(after)))
	})
	if err != nil {
		return 0, fmt.Errorf("faq: create: %w", err)
	}
	return id, nil
}

// Update changes a question, its answer or its topic (moving it to the
// end of the new topic).
func Update(ctx context.Context, d *db.DB, id int64, in Input, a Actor) error {
	if err := in.check(); err != nil {
		return err
	}
	return d.Tx(ctx, func(tx *db.Tx) error {
		before, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		pos := before.Position
		if in.TopicID != before.TopicID {
			if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM faq_items WHERE topic_id = ?`, in.TopicID).Scan(&pos); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE faq_items SET topic_id = ?, question_it = ?, question_en = ?, answer_it = ?, answer_en = ?,
position = ?, updated_at = ? WHERE id = ?`, in.TopicID, clean(in.QuestionIT), clean(in.QuestionEN), in.AnswerIT, in.AnswerEN, pos, db.Now(), id); err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		after, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(a, "faq.update", "faq_item", id, audit.JSON(before), audit.JSON(after)))
	})
}

// Move swaps question id with its neighbour in its topic: up when delta
// is negative, down when positive. At either end nothing changes.
func Move(ctx context.Context, d *db.DB, id int64, delta int, a Actor) error {
	if delta == 0 {
		return nil
	}
	return d.Tx(ctx, func(tx *db.Tx) error {
		it, err := Get(ctx, tx, id)
		if err != nil {
			return err
		}
		q := `SELECT id, position FROM faq_items WHERE topic_id = ? AND (position < ? OR (position = ? AND id < ?)) ORDER BY position DESC, id DESC LIMIT 1`
		if delta > 0 {
			q = `SELECT id, position FROM faq_items WHERE topic_id = ? AND (position > ? OR (position = ? AND id > ?)) ORDER BY position, id LIMIT 1`
		}
		var other int64
		var otherPos int
		err = tx.QueryRow(ctx, q, it.TopicID, it.Position, it.Position, it.ID).Scan(&other, &otherPos)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if otherPos == it.Position { // equal positions: make them distinct
			if delta > 0 {
				otherPos++
			} else {
				otherPos--
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE faq_items SET position = ? WHERE id = ?`, otherPos, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE faq_items SET position = ? WHERE id = ?`, it.Position, other); err != nil {
			return err
		}
		return audit.Record(ctx, tx, entry(a, "faq.move", "faq_item", id,
			audit.JSON(map[string]int{"position": it.Position}), audit.JSON(map[string]int{"position": otherPos})))
	})
}

func entry(a Actor, action, entity string, id int64, before, after string) audit.Entry {
	return audit.Entry{ActorID: a.ID, ActorLabel: a.Label, Action: action, Entity: entity, EntityID: strconv.FormatInt(id, 10),
		Before: before, After: after, IP: a.IP, RequestID: a.RequestID}
}

func clean(s string) string { return strings.TrimSpace(s) }
