package activities

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// email is one kind of message to a person signed up: a subject and a
// lead paragraph of the catalogue (both formatted with the title), and
// whether the calendar file goes with it (to people with a place).
type email struct {
	subject, lead string
	ics           bool
}

var (
	mailConfirmed         = email{"activities.mail.confirmed.subject", "activities.mail.confirmed.lead", true}
	mailWaiting           = email{"activities.mail.waiting.subject", "activities.mail.waiting.lead", false}
	mailPromoted          = email{"activities.mail.promoted.subject", "activities.mail.promoted.lead", true}
	mailRegCancelled      = email{"activities.mail.reg_cancelled.subject", "activities.mail.reg_cancelled.lead", false}
	mailChanged           = email{"activities.mail.changed.subject", "activities.mail.changed.lead", true}
	mailActivityCancelled = email{"activities.mail.cancelled.subject", "activities.mail.cancelled.lead", true}
	mailReminder48h       = email{"activities.mail.reminder_48h.subject", "activities.mail.reminder_48h.lead", true}
	mailReminder2h        = email{"activities.mail.reminder_2h.subject", "activities.mail.reminder_2h.lead", false}
)

// When writes the activity's date and times in Italy for lang: "25
// ottobre 2026, 01:30–03:30".
func (a *Activity) When(lang i18n.Lang) string {
	rome := web.Rome()
	s, e := a.Start.In(rome), a.End.In(rome)
	day := paths.DateOf(s).Format(lang)
	if paths.DateOf(s) == paths.DateOf(e) {
		return i18n.T(lang, "activities.when_same_day", day, s.Format("15:04"), e.Format("15:04"))
	}
	return i18n.T(lang, "activities.when_days", day, s.Format("15:04"), paths.DateOf(e).Format(lang), e.Format("15:04"))
}

// mailRegistration queues message e about activity a to the person of r,
// in r's language, inside the transaction that causes it. token, when
// set, is the secret of the personal cancellation link (known only when
// the sign-up is made).
func (s *Service) mailRegistration(ctx context.Context, tx *db.Tx, a *Activity, r Registration, e email, token string) error {
	lang, ok := i18n.Parse(r.Lang)
	if !ok {
		lang = i18n.Default
	}
	title := a.Title.In(lang)
	confirmed := r.Status == RegConfirmed
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", i18n.T(lang, "activities.mail.greeting", r.Name))
	lead := i18n.T(lang, e.lead, title)
	if r.Status == RegWaiting && e == mailWaiting {
		lead += " " + i18n.T(lang, "activities.mail.position", r.Position)
	}
	fmt.Fprintf(&b, "%s\n\n", lead)
	fmt.Fprintf(&b, "%s: %s\n", i18n.T(lang, "activities.mail.what"), title)
	fmt.Fprintf(&b, "%s: %s %s\n", i18n.T(lang, "activities.mail.when"), a.When(lang), i18n.T(lang, "activities.italian_time"))
	if a.Mode.HasVenue() {
		fmt.Fprintf(&b, "%s: %s\n", i18n.T(lang, "activities.mail.where"), a.Where())
	}
	if a.Mode.HasLink() {
		if confirmed && a.Status != Cancelled && a.OnlineURL != "" {
			fmt.Fprintf(&b, "%s: %s\n", i18n.T(lang, "activities.mail.online"), a.OnlineURL)
		} else if a.Status != Cancelled {
			fmt.Fprintf(&b, "%s: %s\n", i18n.T(lang, "activities.mail.online"), i18n.T(lang, "activities.mail.online_later"))
		}
	}
	if acc := accessibilityLines(a, lang); len(acc) > 0 {
		fmt.Fprintf(&b, "%s: %s\n", i18n.T(lang, "activities.accessibility.title"), strings.Join(acc, "; "))
	}
	ticket := confirmed && a.Status != Cancelled && r.Code != ""
	if ticket {
		fmt.Fprintf(&b, "\n%s: %s\n%s\n%s\n", i18n.T(lang, "activities.mail.code"), r.GroupedCode(),
			i18n.T(lang, "activities.mail.ticket"), s.TicketURL(a.ID, r.Code))
	}
	fmt.Fprintf(&b, "\n%s\n%s\n", i18n.T(lang, "activities.mail.page"), s.url(activityPath(a.ID)))
	switch {
	case a.Status == Cancelled || r.Status == RegCancelled:
	case token != "":
		fmt.Fprintf(&b, "\n%s\n%s\n", i18n.T(lang, "activities.mail.cancel_link"), s.CancelURL(a.ID, token))
	default:
		fmt.Fprintf(&b, "\n%s\n", i18n.T(lang, "activities.mail.cancel_first_mail"))
	}
	fmt.Fprintf(&b, "\n%s\n", i18n.T(lang, "activities.mail.signature"))
	m := mail.Message{To: r.Email, Subject: i18n.T(lang, e.subject, title), Text: b.String(),
		Headers: map[string]string{"Auto-Submitted": "auto-generated"}}
	if e.ics && (confirmed || a.Status == Cancelled) && r.Status != RegCancelled {
		data, err := s.Calendar(a, lang, confirmed)
		if err != nil {
			return err
		}
		m.Attachments = []mail.Attachment{{Name: "evento.ics", ContentType: "text/calendar; charset=utf-8", Data: data}}
		if ticket {
			png, err := QRPNG(s.CheckinURL(a.ID, r.Code))
			if err != nil {
				return err
			}
			m.Attachments = append(m.Attachments, mail.Attachment{Name: "codice-" + r.Code + ".png", ContentType: "image/png", Data: png})
		}
	}
	if err := mail.Enqueue(ctx, tx, m); err != nil {
		return fmt.Errorf("activities: queue %s: %w", e.subject, err)
	}
	return nil
}

// CancelURL is the personal cancellation link.
func (s *Service) CancelURL(activity int64, token string) string {
	return s.url(activityPath(activity) + "/iscrizione/annulla?t=" + url.QueryEscape(token))
}

// reminderTimes are the reminders sent before an activity starts, and the
// message of each.
var reminderTimes = []struct {
	name   string
	before time.Duration
	mail   email
	column string
}{
	{"48h", 48 * time.Hour, mailReminder48h, "reminded_48h_at"},
	{"2h", 2 * time.Hour, mailReminder2h, "reminded_2h_at"},
}
