// Package feed writes news feeds in RSS 2.0 and Atom 1.0 (RFC 4287) from
// one description, with encoding/xml: dates in the format each standard
// requires, absolute links, and identifiers the caller keeps stable.
package feed

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Feed is a channel of items. Every URL must be absolute.
type Feed struct {
	Title       string
	Description string
	// Link is the page the feed follows (the news list).
	Link string
	// Self is the URL of the feed itself.
	Self string
	// ID identifies the feed forever (Atom's id); a tag: URI or Self.
	ID string
	// Lang is the language of the text, e.g. "it".
	Lang string
	// Author names who publishes the feed (Atom requires one).
	Author string
	// Updated is when the feed last changed; zero means the newest item's
	// date, or the zero time when there are no items.
	Updated time.Time
	Items   []Item
}

// Item is one entry of a feed.
type Item struct {
	Title string
	// Link is the absolute URL of the item's page.
	Link string
	// ID identifies the item forever, even if its link changes: RSS's guid
	// (isPermaLink="false") and Atom's id. A tag: URI is a good choice.
	ID string
	// Summary is plain text.
	Summary string
	// ContentHTML is the item's full text as HTML (escaped in the XML).
	ContentHTML string
	Published   time.Time
	Updated     time.Time
	Author      string
	Categories  []string
}

// Content types of the two formats.
const (
	RSSType  = "application/rss+xml; charset=utf-8"
	AtomType = "application/atom+xml; charset=utf-8"
)

func (f *Feed) updated() time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var t time.Time
	for _, it := range f.Items {
		if u := it.updated(); u.After(t) {
			t = u
		}
	}
	return t
}

func (it *Item) updated() time.Time {
	if it.Updated.After(it.Published) {
		return it.Updated
	}
	return it.Published
}

func (f *Feed) check() error {
	for _, u := range []string{f.Link, f.Self} {
		if !absolute(u) {
			return fmt.Errorf("feed: %q is not an absolute URL", u)
		}
	}
	for _, it := range f.Items {
		if !absolute(it.Link) {
			return fmt.Errorf("feed: item link %q is not an absolute URL", it.Link)
		}
		if it.ID == "" {
			return fmt.Errorf("feed: item %q has no id", it.Title)
		}
	}
	return nil
}

func absolute(u string) bool {
	return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
}

// --- RSS 2.0 ---

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          rssSelf   `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate,omitempty"`
	Description string   `xml:"description,omitempty"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// rssDate is RFC 822 with a four-digit year and a numeric zone, as RSS 2.0
// asks.
func rssDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC1123Z)
}

// WriteRSS writes f as RSS 2.0. The item's description carries its HTML
// content when there is one (escaped, as RSS readers expect), or else its
// summary.
func WriteRSS(w io.Writer, f Feed) error {
	if err := f.check(); err != nil {
		return err
	}
	out := rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: rssChannel{
		Title: f.Title, Link: f.Link, Description: f.Description, Language: f.Lang,
		LastBuildDate: rssDate(f.updated()),
		Self:          rssSelf{Href: f.Self, Rel: "self", Type: "application/rss+xml"},
	}}
	for _, it := range f.Items {
		desc := it.ContentHTML
		if desc == "" {
			desc = it.Summary
		}
		out.Channel.Items = append(out.Channel.Items, rssItem{
			Title: it.Title, Link: it.Link, GUID: rssGUID{IsPermaLink: "false", Value: it.ID},
			PubDate: rssDate(it.Published), Description: desc, Categories: it.Categories,
		})
	}
	return encode(w, out)
}

// --- Atom 1.0 ---

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   atomText    `xml:"title"`
	Sub     *atomText   `xml:"subtitle,omitempty"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
	Categories []atomCategory `xml:"category"`
}

func atomDate(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteAtom writes f as Atom 1.0.
func WriteAtom(w io.Writer, f Feed) error {
	if err := f.check(); err != nil {
		return err
	}
	id := f.ID
	if id == "" {
		id = f.Self
	}
	out := atomFeed{
		Lang: f.Lang, ID: id, Title: atomText{Type: "text", Value: f.Title},
		Updated: atomDate(f.updated()),
		Links: []atomLink{
			{Href: f.Self, Rel: "self", Type: "application/atom+xml"},
			{Href: f.Link, Rel: "alternate", Type: "text/html"},
		},
		Author: atomPerson{Name: f.Author},
	}
	if f.Description != "" {
		out.Sub = &atomText{Type: "text", Value: f.Description}
	}
	for _, it := range f.Items {
		e := atomEntry{
			ID: it.ID, Title: atomText{Type: "text", Value: it.Title},
			Updated: atomDate(it.updated()), Links: []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}},
		}
		if !it.Published.IsZero() {
			e.Published = atomDate(it.Published)
		}
		if it.Author != "" {
			e.Author = &atomPerson{Name: it.Author}
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Value: it.Summary}
		}
		if it.ContentHTML != "" {
			e.Content = &atomText{Type: "html", Value: it.ContentHTML}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		out.Entries = append(out.Entries, e)
	}
	return encode(w, out)
}

func encode(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("feed: encode: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// TagURI returns a tag: URI (RFC 4151) for host, the date the name was
// minted (YYYY-MM-DD) and a specific part, e.g.
// tag:example.org,2024-03-01:notizie/42. Such ids survive a change of slug.
func TagURI(host, date, specific string) string {
	return "tag:" + host + "," + date + ":" + specific
}
