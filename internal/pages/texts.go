package pages

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/markdown"
)

// TextKey names an editable text of the site. It is also the last part of
// the text's editing address, /gestione/testi/{key}.
type TextKey string

// The editable texts.
const (
	TextAbout         TextKey = "programma"        // home: what Cantieri della Salute is
	TextParticipate   TextKey = "come-partecipare" // home: how to take part
	TextPrivacy       TextKey = "privacy"
	TextLegal         TextKey = "note-legali"
	TextAccessibility TextKey = "accessibilita"
)

// MaxTextBody bounds each language's body, in characters.
const MaxTextBody = 20_000

// textDef describes an editable text: the message naming it, the page
// that shows it, and its default, built from the message catalogue.
type textDef struct {
	Key     TextKey
	NameKey string
	PageURL string
	Default func(l i18n.Lang) string
}

// textDefs lists the editable texts in the order the editing list shows.
var textDefs = []textDef{
	{TextAbout, "texts.name.about", "/", func(l i18n.Lang) string { return i18n.T(l, "home.lead") }},
	{TextParticipate, "texts.name.participate", "/", func(l i18n.Lang) string { return i18n.T(l, "home.how_text") }},
	{TextPrivacy, "footer.privacy", "/privacy", defaultPrivacy},
	{TextLegal, "footer.legal", "/note-legali", func(l i18n.Lang) string {
		return sections(l, "legal.text", "legal.data_title", "legal.data_text")
	}},
	{TextAccessibility, "footer.accessibility", "/accessibilita", func(l i18n.Lang) string {
		return sections(l, "a11y.intro", "a11y.how_title", "a11y.how_text", "a11y.feedback_title", "a11y.feedback_text")
	}},
}

func findText(key string) (textDef, bool) {
	for _, d := range textDefs {
		if string(d.Key) == key {
			return d, true
		}
	}
	return textDef{}, false
}

// sections writes Markdown from catalogue messages: an opening paragraph,
// then pairs of heading and paragraph. "#" is a second-level heading on
// the page, under the page's own title (see markdown.Render).
func sections(l i18n.Lang, intro string, pairs ...string) string {
	var b strings.Builder
	b.WriteString(i18n.T(l, intro))
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, "\n\n# %s\n\n%s", i18n.T(l, pairs[i]), i18n.T(l, pairs[i+1]))
	}
	return b.String()
}

func defaultPrivacy(l i18n.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n# %s\n\n%s\n\n", i18n.T(l, "privacy.intro"), i18n.T(l, "privacy.cookies_title"), i18n.T(l, "privacy.cookies_text"))
	for _, c := range []struct{ name, key string }{{"session", "privacy.cookie_session"}, {"lang", "privacy.cookie_lang"}, {"flash", "privacy.cookie_flash"}} {
		fmt.Fprintf(&b, "- `%s`: %s\n", c.name, i18n.T(l, c.key))
	}
	fmt.Fprintf(&b, "\n# %s\n\n%s", i18n.T(l, "privacy.rights_title"), i18n.T(l, "privacy.rights_text"))
	return b.String()
}

// Text is an editable text in both languages: what is stored, or the
// default where nothing is.
type Text struct {
	Key TextKey
	// IT and EN are the Markdown bodies. An empty EN that was saved means
	// "show the Italian text".
	IT, EN string
	// ITSaved and ENSaved tell a stored body from a default.
	ITSaved, ENSaved bool
	// UpdatedAt is the last save, zero when never saved.
	UpdatedAt time.Time
}

// Edited reports whether the text was ever saved.
func (t Text) Edited() bool { return t.ITSaved || t.ENSaved }

// In returns the Markdown to show in lang and the language it is in: an
// English text saved empty falls back to the Italian one.
func (t Text) In(l i18n.Lang) (string, i18n.Lang) {
	if l == i18n.EN && (strings.TrimSpace(t.EN) != "" || !t.ENSaved) {
		return t.EN, i18n.EN
	}
	return t.IT, i18n.IT
}

// Version identifies the saved state, so a save can tell that someone else
// saved in between.
func (t Text) Version() string {
	if t.UpdatedAt.IsZero() {
		return "0"
	}
	return t.UpdatedAt.UTC().Format(time.RFC3339Nano)
}

// HTML is sanitised HTML of a text with its language, set only when it
// differs from the page's, for a lang attribute.
type HTML struct {
	H    template.HTML
	Lang string
}

// Render returns the text in lang as sanitised HTML.
func (t Text) Render(l i18n.Lang) HTML {
	md, served := t.In(l)
	h := HTML{H: markdown.Render(md)}
	if served != l {
		h.Lang = string(served)
	}
	return h
}

// LoadTexts returns the texts named by keys, each from its rows or, for a
// language without a row, from its default. One query.
func LoadTexts(ctx context.Context, d db.Execer, keys ...TextKey) (map[TextKey]Text, error) {
	out := make(map[TextKey]Text, len(keys))
	args := make([]any, len(keys))
	for i, k := range keys {
		def, ok := findText(string(k))
		if !ok {
			return nil, fmt.Errorf("pages: unknown text %q", k)
		}
		out[k] = Text{Key: k, IT: def.Default(i18n.IT), EN: def.Default(i18n.EN)}
		args[i] = string(k)
	}
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := d.Query(ctx, `SELECT key, lang, body, updated_at FROM site_texts WHERE key IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(keys)), ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("pages: load texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, lang, body string
		var at time.Time
		if err := rows.Scan(&key, &lang, &body, &at); err != nil {
			return nil, fmt.Errorf("pages: load texts: %w", err)
		}
		t, ok := out[TextKey(key)]
		if !ok {
			continue
		}
		switch i18n.Lang(lang) {
		case i18n.IT:
			t.IT, t.ITSaved = body, true
		case i18n.EN:
			t.EN, t.ENSaved = body, true
		}
		if at.After(t.UpdatedAt) {
			t.UpdatedAt = at
		}
		out[TextKey(key)] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pages: load texts: %w", err)
	}
	return out, nil
}

// LoadText returns one text. One query.
func LoadText(ctx context.Context, d db.Execer, key TextKey) (Text, error) {
	m, err := LoadTexts(ctx, d, key)
	if err != nil {
		return Text{}, err
	}
	return m[key], nil
}

// Actor is who saves a text, as the audit log records it.
type Actor struct {
	ID        int64
	Label     string
	IP        string
	RequestID string
}

// ErrConflict is returned by SaveText when the text was saved by someone
// else since the editor loaded it.
var ErrConflict = errors.New("pages: the text was changed meanwhile")

// SaveText stores both languages of text key, if they differ from what is
// shown now, and records the change with the texts before and after in the
// audit log, in one transaction. version is Text.Version as the editor
// loaded it ("" skips the check). It reports whether anything changed.
func SaveText(ctx context.Context, d *db.DB, a Actor, key TextKey, version, it, en string) (changed bool, err error) {
	if _, ok := findText(string(key)); !ok {
		return false, fmt.Errorf("pages: unknown text %q", key)
	}
	err = d.Tx(ctx, func(tx *db.Tx) error {
		before, err := LoadText(ctx, tx, key)
		if err != nil {
			return err
		}
		if version != "" && version != before.Version() {
			return ErrConflict
		}
		if before.IT == it && before.EN == en {
			return nil
		}
		now := db.Now()
		var by any
		if a.ID != 0 {
			by = a.ID
		}
		for _, row := range []struct {
			lang i18n.Lang
			body string
		}{{i18n.IT, it}, {i18n.EN, en}} {
			if _, err := tx.Exec(ctx, `INSERT INTO site_texts (key, lang, body, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (key, lang) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
				string(key), string(row.lang), row.body, by, now); err != nil {
				return fmt.Errorf("pages: save text %s: %w", key, err)
			}
		}
		changed = true
		if err := indexTextForSearch(ctx, tx, key); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: a.ID, ActorLabel: a.Label, Action: "site_text.update",
			Entity: "site_text", EntityID: string(key), IP: a.IP, RequestID: a.RequestID,
			Before: audit.JSON(auditText(before.IT, before.EN, before.Edited())), After: audit.JSON(auditText(it, en, true))})
	})
	return changed, err
}

// auditText is what the audit log keeps of a text: both bodies in full
// (they are short, and the legal texts' history matters) and whether they
// were the catalogue's defaults.
func auditText(it, en string, saved bool) map[string]any {
	return map[string]any{"it": it, "en": en, "default": !saved}
}
