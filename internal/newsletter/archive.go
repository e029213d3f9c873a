package newsletter

import (
	"html/template"
	"net/http"
	"strconv"
	"time"
)

const archivePerPage = 20

type archiveItem struct {
	ID      int64
	Subject string
	Sent    time.Time
}

type archivePage struct {
	Items      []archiveItem
	Page, Last int
}

// archive lists the campaigns sent and published, newest first.
func (h *Handlers) archive(w http.ResponseWriter, r *http.Request) error {
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("pagina")); err == nil && n > 0 && n < 100_000 {
		page = n
	}
	list, total, err := ListCampaigns(r.Context(), h.DB, CampaignFilter{Archived: true, Limit: archivePerPage, Offset: (page - 1) * archivePerPage})
	if err != nil {
		return err
	}
	data := archivePage{Page: page, Last: max(1, (total+archivePerPage-1)/archivePerPage)}
	for _, c := range list {
		cc := compile(&c, h.BaseURL, "", nil)
		data.Items = append(data.Items, archiveItem{ID: c.ID, Subject: cc.archiveSubject(), Sent: c.FinishedAt})
	}
	status := http.StatusOK
	if page > data.Last {
		status = http.StatusNotFound
	}
	return h.Render.Render(w, r, status, "newsletter/archive", data)
}

type archiveShowPage struct {
	Subject string
	Sent    time.Time
	Body    template.HTML
}

// archiveShow is the web version of a sent campaign; the personal parts
// of the message (name, address, links) are left out.
func (h *Handlers) archiveShow(w http.ResponseWriter, r *http.Request) error {
	c, err := h.campaignOf(r)
	if err != nil {
		return err
	}
	if c.State != CampaignSent || !c.Archive {
		return errNotPublic
	}
	cc := compile(c, h.BaseURL, "", nil)
	return h.Render.Render(w, r, http.StatusOK, "newsletter/archive_show", archiveShowPage{
		Subject: cc.archiveSubject(), Sent: c.FinishedAt,
		Body: template.HTML(cc.archiveHTML()), // #nosec: sanitised Markdown with HTML-escaped values
	})
}
