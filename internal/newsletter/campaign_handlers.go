package newsletter

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// campaignPage is what the campaign pages show: the form of a draft, or
// the state and progress of a campaign on its way.
type campaignPage struct {
	C        *Campaign
	Base     string // the family's address: regional or of a territory
	Self     string // the campaign's address
	Regional bool   // the regional form, with the sending settings

	Groups    []zoneGroup
	Topics    []Topic
	Roles     []authz.Role
	Zones     map[string]bool
	Chosen    map[string]bool
	RoleSet   map[string]bool
	ZoneNames map[string]string

	Recipients   int
	Progress     Progress
	Failures     []Failure
	Unknown      []string // unknown placeholders of the submitted text
	Problem      string   // why an action was refused
	Placeholders []string
	TestEmail    string
	SendAt       string // the scheduling field
	Defaults     [2]int // connections, rate
}

func (h *Handlers) campaignData(r *http.Request, c *Campaign, in CampaignInput) (*campaignPage, error) {
	names, err := zoneNames(r.Context(), h.DB)
	if err != nil {
		return nil, err
	}
	regional := r.PathValue("zone") == ""
	p := web.Principal(r)
	groups, err := h.zoneGroups(r.Context(), func(z string) bool { return regional || authz.Can(p, authz.EditTerritory, z) })
	if err != nil {
		return nil, err
	}
	page := &campaignPage{C: c, Base: campaignBase(r), Regional: regional, Groups: groups, Topics: Topics, Roles: authz.GrantableRoles,
		Zones: set(in.Zones), Chosen: set(in.Topics), RoleSet: set(in.Roles), ZoneNames: names, Placeholders: PlaceholderNames,
		Defaults: [2]int{DefaultConnections, 0}}
	if p != nil {
		page.TestEmail = p.Email
	}
	if c != nil {
		page.Self = page.Base + "/" + strconv.FormatInt(c.ID, 10)
	}
	return page, nil
}

func inputForm(in CampaignInput) *web.Form {
	f := web.NewForm()
	f.Values.Set("subject", in.Subject)
	f.Values.Set("body", in.Body)
	f.Values.Set("connections", strconv.Itoa(in.Connections))
	f.Values.Set("rate", strconv.Itoa(in.Rate))
	if in.Archive {
		f.Values.Set("archive", "1")
	}
	return f
}

func (h *Handlers) campaignNew(w http.ResponseWriter, r *http.Request) error {
	in := CampaignInput{Archive: true, Connections: DefaultConnections}
	if z := r.PathValue("zone"); z != "" {
		in.Zones = []string{z}
	}
	page, err := h.campaignData(r, nil, in)
	if err != nil {
		return err
	}
	return h.Render.RenderForm(w, r, http.StatusOK, "newsletter/campaign_form", inputForm(in), page)
}

// readCampaign checks the campaign form; old is the draft being edited
// (nil for a new one), whose sending settings a territory's form keeps.
func (h *Handlers) readCampaign(r *http.Request, f *web.Form, old *Campaign) (CampaignInput, []string, error) {
	in := CampaignInput{Subject: f.Get("subject"), Body: strings.TrimSpace(strings.ReplaceAll(f.Raw("body"), "\r\n", "\n")),
		Archive: f.Checked("archive"), Connections: DefaultConnections}
	f.Required("subject", "body")
	switch {
	case utf8.RuneCountInString(in.Subject) > maxSubjectLen:
		f.AddError("subject", "form.too_long")
	case strings.ContainsAny(in.Subject, "\r\n"):
		f.AddError("subject", "newsletter.campaign.subject_line")
	}
	if len(in.Body) > maxBodyLen {
		f.AddError("body", "form.too_long")
	}
	unknown := UnknownPlaceholders(in.Subject, in.Body)
	if len(unknown) > 0 {
		f.AddError("body", "newsletter.campaign.placeholders")
	}
	names, err := zoneNames(r.Context(), h.DB)
	if err != nil {
		return in, nil, err
	}
	regional := r.PathValue("zone") == ""
	p := web.Principal(r)
	in.Zones = choices(f, "zone", func(z string) bool {
		_, ok := names[z]
		return ok && (regional || authz.Can(p, authz.EditTerritory, z))
	})
	if !regional && len(in.Zones) == 0 && len(f.Errors["zone"]) == 0 {
		f.AddError("zone", "newsletter.campaign.zone_required")
	}
	in.Topics = choices(f, "topic", ValidTopic)
	in.Roles = choices(f, "role", func(s string) bool { _, ok := authz.ParseRole(s); return ok })
	if regional {
		in.Connections = intField(f, "connections", 1, MaxConnections)
		in.Rate = intField(f, "rate", 0, MaxRate)
	} else if old != nil {
		in.Connections, in.Rate = old.Connections, old.Rate
	}
	return in, unknown, nil
}

// intField reads a whole number between lo and hi.
func intField(f *web.Form, name string, lo, hi int) int {
	n, err := strconv.Atoi(f.Get(name))
	if err != nil || n < lo || n > hi {
		if len(f.Errors[name]) == 0 {
			f.AddError(name, "newsletter.campaign.number_"+name)
		}
		return lo
	}
	return n
}

func (h *Handlers) campaignCreate(w http.ResponseWriter, r *http.Request) error {
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	in, unknown, err := h.readCampaign(r, f, nil)
	if err != nil {
		return err
	}
	if !f.Valid() {
		page, err := h.campaignData(r, nil, in)
		if err != nil {
			return err
		}
		page.Unknown = unknown
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "newsletter/campaign_form", f, page)
	}
	id, err := CreateCampaign(r.Context(), h.DB, in, r.PathValue("zone"), actor(r))
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.newsletter.campaign_saved")
	return web.Redirect(w, r, campaignBase(r)+"/"+strconv.FormatInt(id, 10))
}

// campaignShow is a draft's form, or the state and progress of a
// campaign on its way.
func (h *Handlers) campaignShow(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	return h.showCampaign(w, r, http.StatusOK, c, nil, "")
}

func (h *Handlers) showCampaign(w http.ResponseWriter, r *http.Request, status int, c *Campaign, f *web.Form, problem string) error {
	page, err := h.campaignData(r, c, c.input())
	if err != nil {
		return err
	}
	page.Problem = problem
	if page.Recipients, err = CountRecipients(r.Context(), h.DB, c); err != nil {
		return err
	}
	if f == nil {
		f = inputForm(c.input())
	}
	if c.State == CampaignDraft {
		page.SendAt = f.Get("send_at")
		return h.Render.RenderForm(w, r, status, "newsletter/campaign_form", f, page)
	}
	if page.Progress, err = GetProgress(r.Context(), h.DB, c.ID); err != nil {
		return err
	}
	if page.Failures, err = Failures(r.Context(), h.DB, c.ID, 100); err != nil {
		return err
	}
	return h.Render.RenderForm(w, r, status, "newsletter/campaign", f, page)
}

func (h *Handlers) campaignSave(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if c.State != CampaignDraft {
		return h.showCampaign(w, r, http.StatusConflict, c, nil, "newsletter.campaign.not_draft")
	}
	in, unknown, err := h.readCampaign(r, f, c)
	if err != nil {
		return err
	}
	if !f.Valid() {
		page, err := h.campaignData(r, c, in)
		if err != nil {
			return err
		}
		page.Unknown = unknown
		if page.Recipients, err = CountRecipients(r.Context(), h.DB, c); err != nil {
			return err
		}
		return h.Render.RenderForm(w, r, http.StatusUnprocessableEntity, "newsletter/campaign_form", f, page)
	}
	err = UpdateCampaign(r.Context(), h.DB, c.ID, in, actor(r))
	if errors.Is(err, ErrNotEditable) {
		return h.showCampaign(w, r, http.StatusConflict, c, nil, "newsletter.campaign.not_draft")
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "flash.newsletter.campaign_saved")
	return web.Redirect(w, r, campaignBase(r)+"/"+strconv.FormatInt(c.ID, 10))
}

type previewPage struct {
	Self    string
	Subject string
	HTML    template.HTML
	Text    string
}

// sample is the recipient of previews and test sends: the user.
func sample(r *http.Request, to string) recipient {
	rc := recipient{Email: to, Name: "Maria Rossi"}
	if p := web.Principal(r); p != nil && p.Name != "" {
		rc.Name = p.Name
	}
	return rc
}

func (h *Handlers) compileFor(ctx context.Context, c *Campaign) (*compiled, error) {
	sign, err := h.service().Keys.Signer(ctx)
	if err != nil {
		return nil, err
	}
	from := h.MailFrom
	if a, err := netmail.ParseAddress(from); err == nil {
		from = a.Address
	}
	return compile(c, h.BaseURL, from, sign), nil
}

// campaignPreview shows the message as a recipient (the user) will get
// it: subject, HTML body with the footer, and the text version.
func (h *Handlers) campaignPreview(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	cc, err := h.compileFor(r.Context(), c)
	if err != nil {
		return err
	}
	to := "maria.rossi@example.org"
	if p := web.Principal(r); p != nil {
		to = p.Email
	}
	subject, fragment, text := cc.preview(sample(r, to))
	return h.Render.Render(w, r, http.StatusOK, "newsletter/campaign_preview", previewPage{
		Self: campaignBase(r) + "/" + strconv.FormatInt(c.ID, 10), Subject: subject,
		HTML: template.HTML(fragment), // #nosec: sanitised Markdown with HTML-escaped values
		Text: text,
	})
}

// campaignTest sends the message to one address, through the mail queue,
// with "[Prova]" before the subject; its personal links lead nowhere.
func (h *Handlers) campaignTest(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	to := strings.ToLower(f.Get("test_email"))
	if !web.ValidEmail(to) {
		return h.showCampaign(w, r, http.StatusUnprocessableEntity, c, nil, "newsletter.campaign.test_email")
	}
	if bad := UnknownPlaceholders(c.Subject, c.Body); len(bad) > 0 {
		return h.showCampaign(w, r, http.StatusUnprocessableEntity, c, nil, "newsletter.campaign.placeholders")
	}
	cc, err := h.compileFor(r.Context(), c)
	if err != nil {
		return err
	}
	m := cc.message(sample(r, to))
	headers := map[string]string{}
	for _, hd := range m.Headers {
		headers[hd[0]] = hd[1]
	}
	if err := mail.Enqueue(r.Context(), h.DB, mail.Message{To: to, Subject: "[Prova] " + m.Subject, Text: m.Text, HTML: m.HTML, Headers: headers}); err != nil {
		return err
	}
	if h.Queue != nil {
		h.Queue.Notify()
	}
	web.SetFlash(w, "flash.newsletter.test_sent")
	return web.Redirect(w, r, campaignBase(r)+"/"+strconv.FormatInt(c.ID, 10))
}

// campaignSchedule starts a draft now, or at the time given (Europe/Rome).
func (h *Handlers) campaignSchedule(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	at := time.Now()
	if v := f.Get("send_at"); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, web.Rome())
		if err != nil || t.Before(time.Now().Add(-time.Minute)) || t.After(time.Now().AddDate(1, 0, 0)) {
			return h.showCampaign(w, r, http.StatusUnprocessableEntity, c, f, "newsletter.campaign.send_at_invalid")
		}
		at = t
	}
	if bad := UnknownPlaceholders(c.Subject, c.Body); len(bad) > 0 {
		return h.showCampaign(w, r, http.StatusUnprocessableEntity, c, f, "newsletter.campaign.placeholders")
	}
	return h.lifecycle(w, r, c, Schedule(r.Context(), h.DB, c.ID, at, actor(r)), "flash.newsletter.scheduled")
}

func (h *Handlers) campaignUnschedule(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	return h.lifecycle(w, r, c, Unschedule(r.Context(), h.DB, c.ID, actor(r)), "flash.newsletter.unscheduled")
}

func (h *Handlers) campaignPause(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	return h.lifecycle(w, r, c, Pause(r.Context(), h.DB, c.ID, actor(r)), "flash.newsletter.paused")
}

func (h *Handlers) campaignResume(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	return h.lifecycle(w, r, c, Resume(r.Context(), h.DB, c.ID, actor(r)), "flash.newsletter.resumed")
}

// lifecycle answers a state change: back to the campaign with a notice,
// or the campaign page saying why not.
func (h *Handlers) lifecycle(w http.ResponseWriter, r *http.Request, c *Campaign, err error, flash string) error {
	if errors.Is(err, ErrWrongState) || errors.Is(err, db.ErrNotFound) {
		fresh, gerr := GetCampaign(r.Context(), h.DB, c.ID)
		if gerr != nil {
			return gerr
		}
		return h.showCampaign(w, r, http.StatusConflict, fresh, nil, "newsletter.campaign.wrong_state")
	}
	if err != nil {
		return err
	}
	if h.Queue != nil {
		h.Queue.Notify()
	}
	web.SetFlash(w, flash)
	return web.Redirect(w, r, campaignBase(r)+"/"+strconv.FormatInt(c.ID, 10))
}
