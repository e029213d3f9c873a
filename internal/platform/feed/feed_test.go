package feed_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/feed"
)

func sample() feed.Feed {
	pub := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	return feed.Feed{
		Title: "Notizie & aggiornamenti", Description: "Le notizie <di> Cantieri", Lang: "it", Author: "Cantieri della Salute",
		Link: "https://cantieri.example/notizie", Self: "https://cantieri.example/notizie/feed.rss",
		ID: "tag:cantieri.example,2024-01-01:notizie",
		Items: []feed.Item{{
			Title: "Aperta la manifestazione d'interesse \x01 <per> Attivatori", Link: "https://cantieri.example/notizie/aperta",
			ID: feed.TagURI("cantieri.example", "2024-03-01", "notizie/1"), Summary: "Riassunto & altro",
			ContentHTML: `<p>Testo <a href="https://cantieri.example/faq">FAQ</a></p>`, Published: pub,
			Updated: pub.Add(time.Hour), Author: "Redazione", Categories: []string{"Lunigiana"},
		}},
	}
}

type rssDoc struct {
	Version string `xml:"version,attr"`
	Channel struct {
		Title string `xml:"title"`
		// Self comes first: a field without a namespace matches any.
		Self struct {
			Href string `xml:"href,attr"`
			Rel  string `xml:"rel,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Link  string `xml:"link"`
		Items []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			GUID    string `xml:"guid"`
			PubDate string `xml:"pubDate"`
			Desc    string `xml:"description"`
		} `xml:"item"`
	} `xml:"channel"`
}

func TestRSSIsWellFormedWithAbsoluteLinksAndRFC822Dates(t *testing.T) {
	var buf bytes.Buffer
	if err := feed.WriteRSS(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var doc rssDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, buf.String())
	}
	c := doc.Channel
	if doc.Version != "2.0" || c.Link != "https://cantieri.example/notizie" || c.Title != "Notizie & aggiornamenti" || c.Self.Href != "https://cantieri.example/notizie/feed.rss" || c.Self.Rel != "self" {
		t.Fatalf("channel: %+v\n%s", doc, buf.String())
	}
	it := c.Items[0]
	if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
		t.Errorf("pubDate %q: %v", it.PubDate, err)
	}
	if it.GUID != "tag:cantieri.example,2024-03-01:notizie/1" || !strings.HasPrefix(it.Link, "https://") {
		t.Errorf("item: %+v", it)
	}
	if !strings.Contains(it.Desc, `<a href="https://cantieri.example/faq">`) || strings.Contains(buf.String(), "<p>Testo") {
		t.Errorf("HTML description must be escaped text: %q", it.Desc)
	}
	if !strings.Contains(it.Title, "\uFFFD") {
		t.Errorf("a control character must be replaced, got %q", it.Title)
	}
}

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		ID        string `xml:"id"`
		Updated   string `xml:"updated"`
		Published string `xml:"published"`
		Link      struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func TestAtomIsWellFormedWithAbsoluteLinksAndRFC3339Dates(t *testing.T) {
	var buf bytes.Buffer
	if err := feed.WriteAtom(&buf, sample()); err != nil {
		t.Fatal(err)
	}
	var doc atomDoc
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, buf.String())
	}
	if doc.ID != "tag:cantieri.example,2024-01-01:notizie" || doc.Author != "Cantieri della Salute" || len(doc.Links) != 2 {
		t.Fatalf("feed: %+v", doc)
	}
	for _, l := range doc.Links {
		if !strings.HasPrefix(l.Href, "https://") {
			t.Errorf("relative link %q", l.Href)
		}
	}
	e := doc.Entries[0]
	if e.Updated != "2024-03-01T10:30:00Z" || e.Published != "2024-03-01T09:30:00Z" || doc.Updated != e.Updated {
		t.Errorf("dates: feed %s, entry %s / %s", doc.Updated, e.Updated, e.Published)
	}
	if e.Content.Type != "html" || !strings.HasPrefix(e.Content.Value, "<p>") || !strings.HasPrefix(e.Link.Href, "https://") {
		t.Errorf("entry: %+v", e)
	}
}

func TestRelativeLinksAreRefused(t *testing.T) {
	f := sample()
	f.Items[0].Link = "/notizie/aperta"
	if err := feed.WriteRSS(&bytes.Buffer{}, f); err == nil {
		t.Error("RSS accepted a relative item link")
	}
	f = sample()
	f.Self = "/notizie/feed.atom"
	if err := feed.WriteAtom(&bytes.Buffer{}, f); err == nil {
		t.Error("Atom accepted a relative self link")
	}
}

func TestEmptyFeedIsValid(t *testing.T) {
	f := sample()
	f.Items = nil
	for name, write := range map[string]func(*bytes.Buffer) error{
		"rss":  func(b *bytes.Buffer) error { return feed.WriteRSS(b, f) },
		"atom": func(b *bytes.Buffer) error { return feed.WriteAtom(b, f) },
	} {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var v struct{}
		if err := xml.Unmarshal(buf.Bytes(), &v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
