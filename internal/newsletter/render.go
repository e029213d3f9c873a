package newsletter

import (
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// recipient is one row of the send log with its subscriber.
type recipient struct {
	ID        int64
	Email     string
	Name      string
	Lang      string
	MessageID string // with the angle brackets
}

// outgoing is one message, ready for a transport.
type outgoing struct {
	SubscriberID int64
	To           string
	Name         string
	Subject      string
	Text         string
	HTML         string
	MessageID    string
	// Headers are extra fields, in order (List-Unsubscribe and friends).
	Headers [][2]string
}

// compiled is a campaign prepared for sending: its texts cut at their
// placeholders, the footer of each language, and what the headers need.
type compiled struct {
	campaignID int64
	subject    textTemplate
	text       textTemplate
	html       textTemplate
	footText   map[string]textTemplate
	footHTML   map[string]textTemplate
	baseURL    string
	archiveURL string
	listID     string
	mailto     string // the address for mailto: unsubscription requests
	sign       func(id int64, email string) string
	zone       string // the campaign's home zone
}

// compile prepares c. from is the sender's address (also the target of
// the mailto: unsubscription); sign makes personal link tokens.
func compile(c *Campaign, baseURL, from string, sign func(int64, string) string) *compiled {
	host := baseURL
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cc := &compiled{
		campaignID: c.ID,
		subject:    compileText(c.Subject),
		text:       compileText(c.Body),
		html:       compileMarkdown(c.Body),
		footText:   map[string]textTemplate{},
		footHTML:   map[string]textTemplate{},
		baseURL:    baseURL,
		archiveURL: baseURL + "/newsletter/archivio/" + strconv.FormatInt(c.ID, 10),
		listID:     "Cantieri della Salute <newsletter." + host + ">",
		mailto:     from,
		sign:       sign,
		zone:       c.HomeZone,
	}
	for _, l := range i18n.Langs {
		cc.footText[string(l)] = compileText(i18n.T(l, "newsletter.footer.text"))
		cc.footHTML[string(l)] = compileText(i18n.T(l, "newsletter.footer.html"))
	}
	return cc
}

// values returns a recipient's placeholder values; token is their
// personal link token.
func (cc *compiled) values(r recipient, token string) *values {
	t := url.QueryEscape(token)
	return &values{
		phName:        r.Name,
		phEmail:       r.Email,
		phUnsubscribe: cc.baseURL + "/newsletter/disiscriviti?t=" + t,
		phPreferences: cc.baseURL + "/newsletter/preferenze?t=" + t,
		phArchive:     cc.archiveURL,
	}
}

// message composes the message of one recipient: the body with its
// values, the footer with the preferences and unsubscription links in the
// recipient's language, and the RFC 8058 one-click unsubscription headers.
func (cc *compiled) message(r recipient) *outgoing {
	token := cc.sign(r.ID, r.Email)
	v := cc.values(r, token)
	lang := r.Lang
	if _, ok := cc.footText[lang]; !ok {
		lang = string(i18n.Default)
	}
	subject := cc.subject.String(v, false)

	var text strings.Builder
	text.Grow(len(cc.text[0].lit) + 512)
	cc.text.expand(&text, v, false)
	text.WriteString("\n\n-- \n")
	cc.footText[lang].expand(&text, v, false)
	text.WriteString("\n")

	var h strings.Builder
	h.Grow(2048)
	h.WriteString(`<!DOCTYPE html><html lang="`)
	h.WriteString(lang)
	h.WriteString(`"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>`)
	h.WriteString(html.EscapeString(subject))
	h.WriteString(`</title></head><body style="margin:0;padding:0;background:#f2f2f2">` +
		`<div style="max-width:640px;margin:0 auto;padding:24px;background:#ffffff;color:#1a1a1a;font-family:'Titillium Web',Arial,sans-serif;font-size:16px;line-height:1.5">`)
	cc.html.expand(&h, v, true)
	h.WriteString(`<hr style="border:0;border-top:1px solid #cccccc;margin:32px 0 16px"><p style="font-size:13px;color:#4d4d4d">`)
	cc.footHTML[lang].expand(&h, v, true)
	h.WriteString(`</p></div></body></html>`)

	return &outgoing{
		SubscriberID: r.ID,
		To:           r.Email,
		Name:         r.Name,
		Subject:      subject,
		Text:         text.String(),
		HTML:         h.String(),
		MessageID:    r.MessageID,
		Headers: [][2]string{
			{"List-Unsubscribe", "<" + v[phUnsubscribe] + ">, <mailto:" + cc.mailto + "?subject=" + url.PathEscape("unsubscribe "+token) + ">"},
			{"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
			{"List-Id", cc.listID},
			{"X-Cantieri-Campaign", strconv.FormatInt(cc.campaignID, 10)},
		},
	}
}

// archiveHTML is the body of a sent campaign for the public archive: the
// personal placeholders are empty and the personal links lead to the
// subscription page.
func (cc *compiled) archiveHTML() string {
	v := &values{phUnsubscribe: cc.baseURL + "/newsletter", phPreferences: cc.baseURL + "/newsletter", phArchive: cc.archiveURL}
	return cc.html.String(v, true)
}

// archiveSubject is the subject with the personal placeholders empty.
func (cc *compiled) archiveSubject() string {
	return strings.Join(strings.Fields(cc.subject.String(&values{}, false)), " ")
}

// preview returns what one recipient gets: the subject, the HTML body
// with its footer (without the e-mail's page wrapper, to show inside a
// page) and the text.
func (cc *compiled) preview(r recipient) (string, string, string) {
	m := cc.message(r)
	v := cc.values(r, cc.sign(r.ID, r.Email))
	lang := r.Lang
	if _, ok := cc.footHTML[lang]; !ok {
		lang = string(i18n.Default)
	}
	var b strings.Builder
	cc.html.expand(&b, v, true)
	b.WriteString(`<hr><p class="small">`)
	cc.footHTML[lang].expand(&b, v, true)
	b.WriteString(`</p>`)
	return m.Subject, b.String(), m.Text
}
