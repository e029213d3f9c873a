package newsletter

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// campaignRow is a campaign in the dashboard's list.
type campaignRow struct {
	Campaign
	Link     string
	ZoneName string
}

type newLink struct {
	URL  string
	Zone string
}

type dashboardPage struct {
	Regional  bool // the user may manage the whole list (admin)
	Counts    map[string]int
	Bounced   int
	New       []newLink
	Campaigns []campaignRow
}

// editableZones lists the zones whose campaigns p manages, and whether
// that is every zone.
func editableZones(p *authz.Principal, names map[string]string) ([]string, bool) {
	if authz.Can(p, authz.EditRegion, "") {
		return nil, true
	}
	zones, all := p.Zones(authz.Coordinator)
	if all {
		return nil, true
	}
	slices.Sort(zones)
	return zones, false
}

// dashboard lists the campaigns the user manages and what they can do.
func (h *Handlers) dashboard(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	names, err := zoneNames(r.Context(), h.DB)
	if err != nil {
		return err
	}
	data := dashboardPage{Regional: authz.Can(p, authz.EditRegion, "")}
	zones, all := editableZones(p, names)
	filter := CampaignFilter{Limit: 200}
	if data.Regional {
		if data.Counts, data.Bounced, err = Counts(r.Context(), h.DB); err != nil {
			return err
		}
		data.New = append(data.New, newLink{URL: regionBase + "/nuova"})
	} else {
		if all {
			for id := range names {
				zones = append(zones, id)
			}
			slices.Sort(zones)
		}
		filter.HomeZones = zones
		for _, z := range zones {
			data.New = append(data.New, newLink{URL: "/gestione/territori/" + z + "/newsletter/campagne/nuova", Zone: names[z]})
		}
	}
	list, _, err := ListCampaigns(r.Context(), h.DB, filter)
	if err != nil {
		return err
	}
	for _, c := range list {
		row := campaignRow{Campaign: c, ZoneName: names[c.HomeZone]}
		if data.Regional {
			row.Link = regionBase + "/" + strconv.FormatInt(c.ID, 10)
		} else {
			row.Link = "/gestione/territori/" + c.HomeZone + "/newsletter/campagne/" + strconv.FormatInt(c.ID, 10)
		}
		data.Campaigns = append(data.Campaigns, row)
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/manage", data)
}

const subscribersPerPage = 50

type subscribersPage struct {
	Status, Query string
	Statuses      []string
	Counts        map[string]int
	Bounced       int
	Subscribers   []Subscriber
	Page, Last    int
	Total         int
	PrevURL       string
	NextURL       string
}

// subscriberList lists the subscribers, newest first, filtered by status
// and by part of the address.
func (h *Handlers) subscriberList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	status := q.Get("stato")
	if status != "" && !slices.Contains(Statuses, status) {
		return web.BadRequest("newsletter.choice_invalid")
	}
	query := strings.TrimSpace(q.Get("q"))
	if len(query) > 254 {
		query = query[:254]
	}
	page := 1
	if n, err := strconv.Atoi(q.Get("pagina")); err == nil && n > 0 && n < 1_000_000 {
		page = n
	}
	counts, bounced, err := Counts(r.Context(), h.DB)
	if err != nil {
		return err
	}
	list, total, err := List(r.Context(), h.DB, ListFilter{Status: status, Query: query, Limit: subscribersPerPage, Offset: (page - 1) * subscribersPerPage})
	if err != nil {
		return err
	}
	data := subscribersPage{Status: status, Query: query, Statuses: Statuses, Counts: counts, Bounced: bounced, Subscribers: list,
		Page: page, Total: total, Last: max(1, (total+subscribersPerPage-1)/subscribersPerPage)}
	link := func(n int) string {
		v := r.URL.Query()
		v.Set("pagina", strconv.Itoa(n))
		return "/gestione/newsletter/iscritti?" + v.Encode()
	}
	if page > 1 {
		data.PrevURL = link(page - 1)
	}
	if page < data.Last {
		data.NextURL = link(page + 1)
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/subscribers", data)
}

// maxUpload bounds an uploaded list (about 300,000 lines of a CSV with
// names and preferences).
const maxUpload = 32 << 20

type importPage struct {
	Report   *ImportReport
	Bounces  *BounceReport
	Problem  string // why the file could not be read at all
	Langs    []i18n.Lang
	MaxBytes int
}

// RowErrors are the rejected lines of the report shown.
func (p importPage) RowErrors() []RowError {
	switch {
	case p.Report != nil:
		return p.Report.Errors
	case p.Bounces != nil:
		return p.Bounces.Errors
	}
	return nil
}

func (h *Handlers) importForm(w http.ResponseWriter, r *http.Request) error {
	return h.Render.Render(w, r, http.StatusOK, "newsletter/import", importPage{Langs: i18n.Langs, MaxBytes: maxUpload >> 20})
}

// upload streams a multipart form: the text fields before the file are
// collected, then fn reads the file part without storing it.
func upload(w http.ResponseWriter, r *http.Request, fn func(fields map[string]string, file io.Reader) error) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return errNoFile
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return web.BadRequest("error.400.form")
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return fn(fields, nil)
		}
		if err != nil {
			if err = uploadError(err); errors.Is(err, errTooLarge) {
				return err
			}
			return web.BadRequest("error.400.form") // a malformed part, such as control characters in its header
		}
		if part.FileName() != "" || part.FormName() == "file" {
			file, err := textOnly(part)
			if err == nil {
				err = fn(fields, file)
			}
			part.Close()
			return uploadError(err)
		}
		b, err := io.ReadAll(io.LimitReader(part, 4096))
		part.Close()
		if err != nil {
			return uploadError(err)
		}
		fields[part.FormName()] = strings.ToValidUTF8(string(b), "")
	}
}

var (
	errNoFile   = errors.New("newsletter: no file uploaded")
	errTooLarge = errors.New("newsletter: upload too large")
	errNotText  = errors.New("newsletter: the upload is not a text file")
)

// textOnly returns a reader of the whole file after checking that its
// first bytes are plain text (what a CSV file or a list of addresses is):
// an executable, an archive, an image or an HTML page named .csv is
// refused before anything is read into the database.
func textOnly(file io.Reader) (io.Reader, error) {
	head := make([]byte, 512)
	n, err := io.ReadFull(file, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, err
	}
	head = head[:n]
	if n > 0 && !strings.HasPrefix(http.DetectContentType(head), "text/plain") {
		return nil, errNotText
	}
	return io.MultiReader(bytes.NewReader(head), file), nil
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return err
}

// importFile imports the uploaded CSV and shows the report.
func (h *Handlers) importFile(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	var rep *ImportReport
	err := upload(w, r, func(fields map[string]string, file io.Reader) error {
		if file == nil {
			return errNoFile
		}
		lang, _ := i18n.Parse(fields["lang"])
		var err error
		rep, err = h.service().Import(r.Context(), file, ImportOptions{Lang: lang, ConsentRef: fields["consent_ref"],
			ActorID: a.ID, ActorLabel: a.Label, IP: a.IP, RequestID: a.RequestID})
		return err
	})
	page := importPage{Report: rep, Langs: i18n.Langs, MaxBytes: maxUpload >> 20}
	if page.Problem = uploadProblem(err); page.Problem != "" {
		return h.Render.Render(w, r, http.StatusUnprocessableEntity, "newsletter/import", page)
	}
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/import", page)
}

// uploadProblem is the message key for a file that could not be used at
// all, or "" for other errors.
func uploadProblem(err error) string {
	switch {
	case errors.Is(err, errNoFile):
		return "newsletter.import.no_file"
	case errors.Is(err, errTooLarge):
		return "newsletter.import.too_large"
	case errors.Is(err, errNotText):
		return "newsletter.import.not_text"
	case errors.Is(err, bufio.ErrTooLong):
		return "newsletter.import.line_too_long"
	case errors.Is(err, ErrNoEmailColumn):
		return "newsletter.import.no_email_column"
	case errors.Is(err, ErrTooManyRows):
		return "newsletter.import.too_many"
	case err != nil && strings.Contains(err.Error(), "newsletter: import: header"):
		return "newsletter.import.bad_header"
	}
	return ""
}

func (h *Handlers) bouncesForm(w http.ResponseWriter, r *http.Request) error {
	return h.Render.Render(w, r, http.StatusOK, "newsletter/bounces", importPage{MaxBytes: maxUpload >> 20})
}

// bouncesUpload marks the addresses of an uploaded list, or of the text
// area, as bouncing.
func (h *Handlers) bouncesUpload(w http.ResponseWriter, r *http.Request) error {
	a := actor(r)
	opt := ImportOptions{ActorID: a.ID, ActorLabel: a.Label, IP: a.IP, RequestID: a.RequestID}
	var rep *BounceReport
	var err error
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		err = upload(w, r, func(fields map[string]string, file io.Reader) error {
			if file == nil {
				return errNoFile
			}
			var err error
			rep, err = h.service().MarkBounces(r.Context(), file, fields["note"], opt)
			return err
		})
	} else {
		f, perr := web.ParseForm(w, r)
		if perr != nil {
			return perr
		}
		if strings.TrimSpace(f.Raw("addresses")) == "" {
			err = errNoFile
		} else {
			rep, err = h.service().MarkBounces(r.Context(), strings.NewReader(f.Raw("addresses")), f.Get("note"), opt)
		}
	}
	page := importPage{Bounces: rep, MaxBytes: maxUpload >> 20}
	if page.Problem = uploadProblem(err); page.Problem != "" {
		return h.Render.Render(w, r, http.StatusUnprocessableEntity, "newsletter/bounces", page)
	}
	if err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "newsletter/bounces", page)
}
