package activities_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/xlsx/xlsxtest"
)

const coordPassword = "una passphrase abbastanza lunga"

// coordinators creates a coordinator of zone A and one of zone B, signed
// in.
func (s *site) coordinators(t *testing.T) (a, b *apptest.Client) {
	t.Helper()
	s.env.CreateUser(t, "coord@example.org", coordPassword, authz.Grant{Role: authz.Coordinator, ZoneID: zoneA})
	s.env.CreateUser(t, "altro@example.org", coordPassword, authz.Grant{Role: authz.Coordinator, ZoneID: zoneB})
	a, b = s.env.Client(), s.env.Client()
	a.Login(t, "coord@example.org", coordPassword)
	b.Login(t, "altro@example.org", coordPassword)
	return a, b
}

func signUp(t *testing.T, s *activities.Service, id int64, name, email string) activities.Registration {
	t.Helper()
	r, err := s.SignUp(context.Background(), actor, id, person(name, email))
	if err != nil {
		t.Fatal(err)
	}
	if r.Code == "" {
		t.Fatalf("sign-up of %s has no check-in code", name)
	}
	return r
}

func auditActions(t *testing.T, d *db.DB, entity string) string {
	t.Helper()
	rows, err := d.Query(context.Background(), `SELECT action FROM audit_log WHERE entity = ? ORDER BY id`, entity)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		out = append(out, a)
	}
	return strings.Join(out, " ")
}

func TestCoordinatorChecksPeopleInByCodeTickAndWalkIn(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		id := published(t, s.svc, s.path, input(s.path, time.Now().Add(time.Hour), 3))
		other := published(t, s.svc, s.path, input(s.path, time.Now().Add(48*time.Hour), 0))
		anna := signUp(t, s.svc, id, "Anna Neri", "anna@example.org")
		bruno := signUp(t, s.svc, id, "Bruno Ùlivi", "bruno@example.org")
		carla := signUp(t, s.svc, id, "Carla Bianchi", "carla@example.org")
		if _, err := s.svc.CancelRegistrationOf(ctx, actor, id, 0, "carla@example.org"); err != nil {
			t.Fatal(err)
		}
		elsewhere := signUp(t, s.svc, other, "Dario Altrove", "dario@example.org")
		coord, outsider := s.coordinators(t)
		page := "/gestione/attivita/" + itoa(id) + "/presenze"

		screen := coord.Get(page)
		if screen.Status != http.StatusOK || !strings.Contains(screen.Text("main"), activities.GroupCode(anna.Code)) {
			t.Fatalf("attendance screen: %d\n%s", screen.Status, screen.Text("main"))
		}
		if names := screen.Text(".cantieri-att-list"); strings.Index(names, "Anna") > strings.Index(names, "Bruno") || strings.Contains(names, "Carla") {
			t.Errorf("the list is not by name, or shows a cancelled sign-up:\n%s", names)
		}

		// A code typed on a phone: lower case, no dash.
		res := coord.Submit(screen, `form.cantieri-att-codeform`, form("code", strings.ToLower(anna.Code)))
		if res.Status != http.StatusOK || !strings.Contains(res.Text("#ultimo"), "Anna Neri") {
			t.Fatalf("check-in by code: %d %s", res.Status, res.Text("main"))
		}
		// Every refusal says why, with a 409, and changes nothing.
		for _, c := range []struct{ code, want string }{
			{anna.Code, "già presente"},
			{elsewhere.Code, "un'altra attività"},
			{"ZZZZZ-ZZZZZ", "Codice sconosciuto"},
			{"0000000000", "Codice sconosciuto"},
			{carla.Code, "annullata"},
		} {
			res := coord.PostForm(page+"/codice", form("code", c.code))
			if res.Status != http.StatusConflict || !strings.Contains(res.Text("#problema"), c.want) {
				t.Errorf("code %s: %d %q", c.code, res.Status, res.Text("#problema"))
			}
		}
		if res := coord.PostForm(page+"/codice", form("code", " ")); res.Status != http.StatusUnprocessableEntity || !res.Has("#form-errors") {
			t.Errorf("empty code: %d", res.Status)
		}
		// The scanned QR leads to a confirmation, then one tap.
		landing := coord.Get(page + "/codice/" + bruno.Code)
		if landing.Status != http.StatusOK || !strings.Contains(landing.Text(".cantieri-att-confirm"), "Bruno Ùlivi") {
			t.Fatalf("QR landing: %d %s", landing.Status, landing.Text("main"))
		}
		if got, _ := activities.AttendanceOf(ctx, d, id); len(got) != 1 {
			t.Fatalf("opening the QR link recorded a presence: %+v", got)
		}
		res = coord.Submit(landing, `.cantieri-att-confirm form`, nil)
		if !strings.Contains(res.Text("#ultimo"), "Bruno Ùlivi") {
			t.Fatalf("after confirming: %s", res.Text("main"))
		}
		// A walk-in: every problem at once, what was typed kept; then saved.
		res = coord.PostForm(page+"/senza-iscrizione", form("name", "", "email", "non-un-indirizzo"))
		if res.Status != http.StatusUnprocessableEntity || res.Attr("#f-email", "value") != "non-un-indirizzo" || len(res.Find("#form-errors li")) != 2 {
			t.Errorf("bad walk-in: %d %s", res.Status, res.Text("#form-errors"))
		}
		res = coord.PostForm(page+"/senza-iscrizione", form("name", "=Elena Nuova", "email", "elena@example.org"))
		if !strings.Contains(res.Text("#ultimo"), "=Elena Nuova") {
			t.Fatalf("walk-in: %s", res.Text("main"))
		}
		if res := coord.PostForm(page+"/senza-iscrizione", form("name", "Elena", "email", "ELENA@example.org")); res.Status != http.StatusConflict {
			t.Errorf("the same walk-in twice: %d", res.Status)
		}
		counts := coord.Get(page).Text("#conteggi")
		if !strings.Contains(strings.Join(strings.Fields(counts), " "), "Iscritti con posto 2 Presenti 3 Di cui senza iscrizione 1") {
			t.Errorf("counts: %q", counts)
		}
		// Undo a check-in: the person can be ticked again.
		atts, _ := activities.AttendanceOf(ctx, d, id)
		coord.PostForm(page+"/annulla", form("att", itoa(atts[1].ID)))
		res = coord.PostForm(page+"/spunta", form("reg", itoa(bruno.ID)))
		if !strings.Contains(res.Text("#ultimo"), "Bruno") || !strings.Contains(res.Text("#ultimo"), "Spunta") {
			t.Errorf("tick after undo: %s", res.Text("#ultimo"))
		}
		// Nobody from another zone may see or change any of it.
		for _, path := range []string{page, page + "/codice/" + anna.Code, "/gestione/attivita/" + itoa(id) + "/registro",
			"/gestione/attivita/" + itoa(id) + "/esporta.xlsx", "/gestione/attivita/esportazione?territorio=" + zoneA + "&formato=csv"} {
			if r := outsider.Get(path); r.Status != http.StatusForbidden {
				t.Errorf("coordinator of zone B: GET %s → %d", path, r.Status)
			}
		}
		if r := outsider.PostForm(page+"/codice", form("code", anna.Code)); r.Status != http.StatusForbidden {
			t.Errorf("coordinator of zone B checked in: %d", r.Status)
		}
		if got := auditActions(t, d, "activity_attendance"); got != "activity.attendance.check_in activity.attendance.check_in activity.attendance.walk_in activity.attendance.undo activity.attendance.check_in" {
			t.Errorf("audit: %s", got)
		}
	})
}

func TestCheckInOnlyInItsWindowAndNotForCancelledActivities(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		start := rome(t, "2027-03-10 17:00")
		id := published(t, s.svc, s.path, input(s.path, start, 0))
		s.svc.Now = func() time.Time { return start.Add(-72 * time.Hour) }
		r := signUp(t, s.svc, id, "Anna Neri", "anna@example.org")
		for _, c := range []struct {
			now  time.Time
			want string // "" when allowed
		}{
			{start.Add(-2*time.Hour - time.Minute), "activities.err.checkin_not_yet"},
			{start.Add(-2 * time.Hour), ""},
			{start.Add(2*time.Hour + 14*24*time.Hour + time.Minute), "activities.err.checkin_closed"},
		} {
			s.svc.Now = func() time.Time { return c.now }
			_, err := s.svc.CheckInCode(ctx, actor, id, r.Code)
			var ce *activities.CheckinError
			if c.want == "" && err != nil || c.want != "" && (!errors.As(err, &ce) || ce.Key != c.want) {
				t.Errorf("at %s: %v, want %q", c.now, err, c.want)
			}
		}
		// After the end a tick is recorded as copied from the paper register.
		s.svc.Now = func() time.Time { return start.Add(24 * time.Hour) }
		w, err := s.svc.WalkIn(ctx, actor, id, activities.Visitor{Name: "Gino"})
		if err != nil || w.Method != activities.ByWalkIn {
			t.Fatalf("walk-in after the end: %+v %v", w, err)
		}
		b := signUpAt(t, s.svc, id, "Bruno", start.Add(-time.Hour))
		s.svc.Now = func() time.Time { return start.Add(24 * time.Hour) }
		if att, err := s.svc.CheckIn(ctx, actor, id, b.ID); err != nil || att.Method != activities.ByRegister {
			t.Errorf("tick after the end: %+v %v", att, err)
		}
		// A walk-in whose address is a sign-up's is that sign-up.
		c := signUpAt(t, s.svc, id, "Carla", start.Add(-time.Hour))
		s.svc.Now = func() time.Time { return start }
		if att, err := s.svc.WalkIn(ctx, actor, id, activities.Visitor{Name: "Carla B.", Email: "CARLA@example.org"}); err != nil || att.RegistrationID != c.ID {
			t.Errorf("walk-in of a signed-up person: %+v %v", att, err)
		}
		if err := s.svc.Cancel(ctx, actor, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.WalkIn(ctx, actor, id, activities.Visitor{Name: "Dora"}); !isCheckinError(err, "activities.err.checkin_cancelled") {
			t.Errorf("walk-in at a cancelled activity: %v", err)
		}
	})
}

func signUpAt(t *testing.T, s *activities.Service, id int64, name string, at time.Time) activities.Registration {
	t.Helper()
	s.Now = func() time.Time { return at }
	return signUp(t, s, id, name, strings.ToLower(name)+"@example.org")
}

func isCheckinError(err error, key string) bool {
	var ce *activities.CheckinError
	return errors.As(err, &ce) && ce.Key == key
}

func TestExportsReadBackWithTheExpectedRows(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ctx := context.Background()
		id := published(t, s.svc, s.path, input(s.path, time.Now().Add(time.Hour), 0))
		anna := signUp(t, s.svc, id, "Anna Niccolò", "anna@example.org")
		signUp(t, s.svc, id, "+39 Bruno", "bruno@example.org")
		if _, err := s.svc.CheckInCode(ctx, actor, id, anna.Code); err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.WalkIn(ctx, actor, id, activities.Visitor{Name: "=cmd|' /C calc'!A0"}); err != nil {
			t.Fatal(err)
		}
		coord, _ := s.coordinators(t)
		base := "/gestione/attivita/" + itoa(id)

		res := coord.Get(base + "/esporta.xlsx")
		if res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "presenze-attivita-"+itoa(id)+".xlsx") {
			t.Fatalf("xlsx: %d %v", res.Status, res.Header)
		}
		sheets := xlsxtest.Read(t, []byte(res.Body))
		if len(sheets) != 2 || sheets[0].Title != "Persone" || sheets[1].Title != "Attività" {
			t.Fatalf("sheets: %+v", sheets)
		}
		people := sheets[0].Rows
		if len(people) != 4 || people[0][0].Text != "Nome e cognome" {
			t.Fatalf("people: %+v", people)
		}
		// Anna: present by code; the walk-in's formula stays text.
		if row := people[1]; row[0].Text != "Anna Niccolò" || row[3].Text != "Confermata" || row[6] != (xlsxtest.Cell{Type: "b", Text: "True"}) ||
			row[7].Text != "Codice (QR o digitato)" || row[8].Type != "d" || row[5].Type != "d" {
			t.Errorf("Anna's row: %+v", row)
		}
		if row := people[2]; row[0].Text != "+39 Bruno" || row[6].Text != "False" {
			t.Errorf("Bruno's row: %+v", row)
		}
		if row := people[3]; row[0] != (xlsxtest.Cell{Type: "s", Text: "=cmd|' /C calc'!A0"}) || row[3].Text != "Senza iscrizione" {
			t.Errorf("walk-in's row: %+v", row)
		}
		if sum := xlsxtest.Texts(sheets[1].Rows[1]); sum[11] != "2" || sum[13] != "1" || sum[14] != "1" || sum[15] != "2" {
			t.Errorf("summary: %q", sum)
		}

		csv := coord.Get(base + "/esporta.csv")
		if csv.Status != http.StatusOK || !strings.HasPrefix(csv.Body, "\uFEFFNome e cognome;E-mail") || !strings.Contains(csv.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %q", csv.Status, csv.Body[:min(len(csv.Body), 80)])
		}
		for _, want := range []string{"\r\nAnna Niccolò;anna@example.org;", ";sì;Codice (QR o digitato);", "\r\n'+39 Bruno;", "\r\n'=cmd|' /C calc'!A0;"} {
			if !strings.Contains(csv.Body, want) {
				t.Errorf("csv lacks %q:\n%s", want, csv.Body)
			}
		}

		// The territory's export: every activity between the dates.
		day := time.Now().Format(time.DateOnly)
		zone := coord.Get("/gestione/attivita/esportazione?territorio=" + zoneA + "&dal=" + day + "&al=" + day + "&formato=xlsx")
		if zone.Status != http.StatusOK {
			t.Fatalf("territory export: %d %s", zone.Status, zone.Text("main"))
		}
		zs := xlsxtest.Read(t, []byte(zone.Body))
		if len(zs) != 2 || zs[0].Title != "Attività" || len(zs[0].Rows) < 2 || len(zs[1].Rows) != 4 || zs[1].Rows[1][0].Text != itoa(id) {
			t.Errorf("territory sheets: %+v", zs)
		}
		for q, want := range map[string]int{
			"formato=xlsx":                                                      http.StatusBadRequest,
			"territorio=" + zoneA + "&formato=pdf":                              http.StatusBadRequest,
			"territorio=" + zoneA + "&dal=2026-13-01&formato=csv":               http.StatusBadRequest,
			"territorio=" + zoneA + "&dal=2026-05-02&al=2026-05-01&formato=csv": http.StatusBadRequest,
		} {
			if r := coord.Get("/gestione/attivita/esportazione?" + q); r.Status != want {
				t.Errorf("export ?%s: %d, want %d", q, r.Status, want)
			}
		}
	})
}

func TestRegisterAndTicketShowTheCodes(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		id := published(t, s.svc, s.path, input(s.path, time.Now().Add(5*24*time.Hour), 1))
		visitor := s.env.Client()
		visitor.PostForm("/attivita/"+itoa(id)+"/iscrizione", signUpForm("Zeno Ultimo", "zeno@example.org"))
		signUp(t, s.svc, id, "Ada Prima", "ada@example.org") // waiting list
		m := s.env.Mail.WaitFor(t, "zeno@example.org", 1, apptest.MailWait)[0]
		reg, _ := activities.RegistrationOf(context.Background(), d, id, 0, "zeno@example.org")
		grouped := activities.GroupCode(reg.Code)
		ticketURL := s.env.URL + "/attivita/" + itoa(id) + "/biglietto/" + reg.Code
		if !strings.Contains(m.Text, grouped) || !strings.Contains(m.Text, ticketURL) || m.Attachment("image/png") == nil {
			t.Fatalf("confirmation without code, ticket link or QR:\n%s", m.Text)
		}
		checkQR(t, m.Attachment("image/png").Data, s.env.URL+"/gestione/attivita/"+itoa(id)+"/presenze/codice/"+reg.Code)

		ticket := s.env.Client().Get(ticketURL)
		if ticket.Status != http.StatusOK || !ticket.Has("main svg.cantieri-qr[role=img]") || !strings.Contains(ticket.Text("main"), grouped) {
			t.Fatalf("ticket: %d %s", ticket.Status, ticket.Text("main"))
		}
		for _, bad := range []string{"ZZZZZZZZZZ", "x"} {
			if r := s.env.Client().Get("/attivita/" + itoa(id) + "/biglietto/" + bad); r.Status != http.StatusNotFound {
				t.Errorf("ticket %s: %d", bad, r.Status)
			}
		}
		if r := s.env.Client().Get("/attivita/" + itoa(id+1000) + "/biglietto/" + reg.Code); r.Status != http.StatusNotFound {
			t.Errorf("ticket of another activity: %d", r.Status)
		}

		coord, _ := s.coordinators(t)
		register := coord.Get("/gestione/attivita/" + itoa(id) + "/registro")
		rows := register.Find("main tbody tr")
		if register.Status != http.StatusOK || len(rows) != 1+8 || !strings.Contains(register.Text("main tbody"), grouped) ||
			strings.Contains(register.Text("main tbody"), "Ada Prima") {
			t.Errorf("register: %d, %d rows\n%s", register.Status, len(rows), register.Text("main"))
		}
	})
}

// checkQR decodes png with zbarimg (Debian's zbar-tools): the QR code
// must read back as want. Skipped without it, a failure under CI=true.
func checkQR(t *testing.T, png []byte, want string) {
	t.Helper()
	if _, err := exec.LookPath("zbarimg"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg is missing: install Debian's zbar-tools")
		}
		t.Log("zbarimg is missing (apt-get install zbar-tools): the QR code is not decoded")
		return
	}
	file := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(file, png, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("zbarimg", "--quiet", "--raw", file).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("the QR code reads %q, want %q", got, want)
	}
}

func TestCodesAreReadAsTypedPastedOrScanned(t *testing.T) {
	for in, want := range map[string]string{
		"K7M2Q-XW4TR":  "K7M2QXW4TR",
		" k7m2q xw4tr": "K7M2QXW4TR",
		"https://cantieri.example/gestione/attivita/3/presenze/codice/K7M2QXW4TR": "K7M2QXW4TR",
		"K7M2Q-XW4T":            "",
		"K7M2Q-XW4TO":           "", // O is not in the alphabet
		"K7M2Q-XW4T0":           "",
		"":                      "",
		strings.Repeat("A", 50): "",
		"K7M2Q-XW4TÈ":           "",
	} {
		if got := activities.NormCode(in); got != want {
			t.Errorf("NormCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormCode(f *testing.F) {
	f.Add("K7M2Q-XW4TR")
	f.Add("https://x/y/K7M2QXW4TR")
	f.Fuzz(func(t *testing.T, s string) {
		got := activities.NormCode(s)
		if got != "" && (len(got) != 10 || activities.NormCode(got) != got || activities.NormCode(activities.GroupCode(got)) != got) {
			t.Errorf("NormCode(%q) = %q", s, got)
		}
	})
}
