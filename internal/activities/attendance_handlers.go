package activities

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// attendanceRow is one sign-up on the attendance screen and the register,
// with its presence if recorded.
type attendanceRow struct {
	Reg Registration
	Att *Attendance
}

// attendanceData is the attendance screen.
type attendanceData struct {
	A *Activity
	// Rows are the confirmed and waiting sign-ups, by name.
	Rows    []attendanceRow
	WalkIns []Attendance
	// Counts: sign-ups with a place, people present (signed up or not),
	// walk-ins among them.
	SignedUp, Present, PresentSignedUp, WalkInCount int
	// Closed is the key of why presences cannot be recorded now ("" when
	// they can).
	Closed string
	// Last is the presence just recorded (?ultimo=).
	Last *Attendance
	// Problem is a check-in refused, told above the forms.
	Problem *CheckinError
	// Confirm is the sign-up of a scanned QR code, awaiting one tap.
	Confirm *Registration
	Now     time.Time
}

// attendanceView loads the screen's data for activity a.
func (h *Handlers) attendanceView(r *http.Request, a *Activity) (attendanceData, error) {
	ctx := r.Context()
	d := attendanceData{A: a, Now: h.Service().now()}
	d.Closed = a.CheckinOpenAt(d.Now)
	if err := ensureCodes(ctx, h.DB, a.ID); err != nil {
		return d, err
	}
	regs, err := Registrations(ctx, h.DB, a.ID)
	if err != nil {
		return d, err
	}
	atts, err := AttendanceOf(ctx, h.DB, a.ID)
	if err != nil {
		return d, err
	}
	byReg := map[int64]*Attendance{}
	for i := range atts {
		if atts[i].WalkIn() {
			d.WalkIns = append(d.WalkIns, atts[i])
			continue
		}
		byReg[atts[i].RegistrationID] = &atts[i]
	}
	for _, reg := range regs {
		att := byReg[reg.ID]
		if reg.Status == RegCancelled && att == nil {
			continue
		}
		if reg.Status == RegConfirmed {
			d.SignedUp++
		}
		if att != nil {
			d.PresentSignedUp++
		}
		d.Rows = append(d.Rows, attendanceRow{Reg: reg, Att: att})
	}
	sortByName(d.Rows, web.Lang(r) == "en")
	d.WalkInCount = len(d.WalkIns)
	d.Present = d.PresentSignedUp + d.WalkInCount
	if s := r.URL.Query().Get("ultimo"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			if last, err := GetAttendance(ctx, h.DB, a.ID, n); err == nil {
				d.Last = &last
			}
		}
	}
	return d, nil
}

// sortByName orders the rows as a register is read: by name, with the
// language's collation (accents and case do not split the list).
func sortByName(rows []attendanceRow, english bool) {
	tag := language.Italian
	if english {
		tag = language.English
	}
	c := collate.New(tag, collate.IgnoreCase, collate.IgnoreDiacritics)
	slices.SortStableFunc(rows, func(x, y attendanceRow) int { return c.CompareString(x.Reg.Name, y.Reg.Name) })
}

func (h *Handlers) renderAttendance(w http.ResponseWriter, r *http.Request, status int, f *web.Form, d attendanceData) error {
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the URL of a scanned code is a secret
	// The screen's scanner may use the camera (only here, only our origin).
	w.Header().Set("Permissions-Policy", "camera=(self), microphone=(), geolocation=(), interest-cohort=()")
	return h.Render.RenderForm(w, r, status, "activities/manage_attendance", f, d)
}

// attendance is the coordinator's attendance screen.
func (h *Handlers) attendance(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	d, err := h.attendanceView(r, a)
	if err != nil {
		return err
	}
	return h.renderAttendance(w, r, http.StatusOK, web.NewForm(), d)
}

// codeLanding is where a scanned QR code leads: the person, and one
// button to check them in (a GET never records anything).
func (h *Handlers) codeLanding(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	d, err := h.attendanceView(r, a)
	if err != nil {
		return err
	}
	f := web.NewForm()
	reg, err := RegistrationByCode(r.Context(), h.DB, r.PathValue("code"))
	switch {
	case errors.Is(err, db.ErrNotFound):
		d.Problem = &CheckinError{Key: "activities.err.code_unknown"}
		return h.renderAttendance(w, r, http.StatusNotFound, f, d)
	case err != nil:
		return err
	case reg.ActivityID != a.ID:
		d.Problem = &CheckinError{Key: "activities.err.code_other_activity"}
		return h.renderAttendance(w, r, http.StatusNotFound, f, d)
	}
	for _, row := range d.Rows {
		if row.Reg.ID == reg.ID && row.Att != nil {
			d.Problem = &CheckinError{Key: "activities.err.already_present", Reg: reg, At: row.Att.CheckedInAt}
			return h.renderAttendance(w, r, http.StatusOK, f, d)
		}
	}
	if reg.Status == RegCancelled {
		d.Problem = &CheckinError{Key: "activities.err.checkin_reg_cancelled", Reg: reg}
		return h.renderAttendance(w, r, http.StatusOK, f, d)
	}
	d.Confirm = reg
	f.Values.Set("code", reg.GroupedCode())
	return h.renderAttendance(w, r, http.StatusOK, f, d)
}

// checkInCode records a presence by the code typed, pasted or scanned.
func (h *Handlers) checkInCode(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	if strings.TrimSpace(f.Get("code")) == "" {
		f.AddError("code", "form.required")
		return h.attendanceProblem(w, r, a, f, nil)
	}
	att, err := h.Service().CheckInCode(r.Context(), actorOf(r), a.ID, f.Get("code"))
	return h.checkedIn(w, r, a, f, att, err)
}

// tick records the presence of a sign-up ticked on the list.
func (h *Handlers) tick(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	reg, err := strconv.ParseInt(f.Get("reg"), 10, 64)
	if err != nil || reg <= 0 {
		return web.NotFound()
	}
	att, err := h.Service().CheckIn(r.Context(), actorOf(r), a.ID, reg)
	return h.checkedIn(w, r, a, web.NewForm(), att, err)
}

// walkIn records someone who came without signing up.
func (h *Handlers) walkIn(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	att, err := h.Service().WalkIn(r.Context(), actorOf(r), a.ID, Visitor{Name: f.Get("name"), Email: f.Get("email")})
	return h.checkedIn(w, r, a, f, att, err)
}

// checkedIn answers a check-in: back to the screen naming who was just
// recorded, or the screen again with the problem and the form as typed.
func (h *Handlers) checkedIn(w http.ResponseWriter, r *http.Request, a *Activity, f *web.Form, att Attendance, err error) error {
	if err != nil {
		return h.attendanceProblem(w, r, a, f, err)
	}
	web.SetFlash(w, "flash.activities.checked_in")
	return web.Redirect(w, r, attendancePath(a.ID)+"?ultimo="+itoa(att.ID)+"#ultimo")
}

// attendanceProblem shows the screen with what went wrong.
func (h *Handlers) attendanceProblem(w http.ResponseWriter, r *http.Request, a *Activity, f *web.Form, err error) error {
	var ce *CheckinError
	status := http.StatusUnprocessableEntity
	switch {
	case err == nil:
	case errors.As(err, &ce):
		status = http.StatusConflict
	case AddTo(f, err):
	default:
		return notFound(err)
	}
	d, derr := h.attendanceView(r, a)
	if derr != nil {
		return derr
	}
	d.Problem = ce
	return h.renderAttendance(w, r, status, f, d)
}

// undoCheckIn removes a presence recorded by mistake.
func (h *Handlers) undoCheckIn(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	att, err := strconv.ParseInt(f.Get("att"), 10, 64)
	if err != nil || att <= 0 {
		return web.NotFound()
	}
	_, err = h.Service().UndoCheckIn(r.Context(), actorOf(r), a.ID, att)
	var ce *CheckinError
	switch {
	case errors.As(err, &ce):
		return h.attendanceProblem(w, r, a, web.NewForm(), err)
	case err != nil:
		return notFound(err)
	}
	web.SetFlash(w, "flash.activities.check_in_undone")
	return web.Redirect(w, r, attendancePath(a.ID))
}

func attendancePath(id int64) string { return "/gestione/attivita/" + itoa(id) + "/presenze" }

// registerData is the printable register.
type registerData struct {
	A    *Activity
	Rows []attendanceRow
	// Blank are the empty rows for walk-ins.
	Blank []int
}

// blankRows is how many empty lines the register has for walk-ins: a
// tenth of the sign-ups, at least 8 and at most 30.
func blankRows(n int) int { return min(max(n/10, 8), 30) }

// register is the printable attendance sheet: the confirmed sign-ups by
// name with their codes, a signature column, and blank rows.
func (h *Handlers) register(w http.ResponseWriter, r *http.Request) error {
	a, _, err := h.editData(r)
	if err != nil {
		return err
	}
	v, err := h.attendanceView(r, a)
	if err != nil {
		return err
	}
	d := registerData{A: a}
	for _, row := range v.Rows {
		if row.Reg.Status == RegConfirmed {
			d.Rows = append(d.Rows, row)
		}
	}
	for i := range blankRows(len(d.Rows)) {
		d.Blank = append(d.Blank, len(d.Rows)+i+1)
	}
	w.Header().Set("Cache-Control", "private, no-store")
	return h.Render.Render(w, r, http.StatusOK, "activities/register", d)
}
