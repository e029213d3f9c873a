package activities

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Input is what a coordinator enters for an activity.
type Input struct {
	PhaseID       int64
	Kind          Kind
	Title         Text
	Description   Text
	Start         time.Time
	End           time.Time
	Mode          Mode
	VenueName     string
	VenueAddress  string
	Comune        string // ISTAT code
	OnlineURL     string
	Capacity      int // 0: no limit
	SignupOpens   time.Time
	SignupCloses  time.Time
	StepFree      bool
	HearingLoop   bool
	Interpreter   bool
	Accessibility Text
	Audiences     []Audience
}

// Limits of the texts, in characters.
const (
	maxTitle       = 200
	maxDescription = 5000
	maxShort       = 300
	maxNotes       = 2000
	maxCapacity    = 100000
)

// InvalidError lists every problem of an input (paths.InvalidError: the
// same type, so paths.AddTo copies it onto a form).
type InvalidError = paths.InvalidError

type problems struct{ list []web.FieldError }

func (p *problems) add(field, key string) {
	p.list = append(p.list, web.FieldError{Field: field, Key: key})
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return &InvalidError{Problems: p.list}
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks in against the path it belongs to and the reference
// data, and returns every problem at once as an *InvalidError.
func (in Input) Validate(ctx context.Context, d *db.DB, p paths.Path) error {
	var pr problems
	if !slices.ContainsFunc(p.Phases, func(ph paths.Phase) bool { return ph.ID == in.PhaseID }) {
		pr.add("phase", "activities.err.phase")
	}
	if !in.Kind.Valid() {
		pr.add("kind", "activities.err.kind")
	}
	switch {
	case strings.TrimSpace(in.Title.IT) == "":
		pr.add("title_it", "form.required")
	case tooLong(in.Title.IT, maxTitle):
		pr.add("title_it", "form.too_long")
	}
	if tooLong(in.Title.EN, maxTitle) {
		pr.add("title_en", "form.too_long")
	}
	if tooLong(in.Description.IT, maxDescription) {
		pr.add("description_it", "form.too_long")
	}
	if tooLong(in.Description.EN, maxDescription) {
		pr.add("description_en", "form.too_long")
	}
	switch {
	case in.Start.IsZero():
		pr.add("start_time", "form.required")
	case in.End.IsZero():
		pr.add("end_time", "form.required")
	case !in.End.After(in.Start):
		pr.add("end_time", "activities.err.end_before_start")
	}
	if !in.Mode.Valid() {
		pr.add("mode", "activities.err.mode")
	}
	if in.Mode.HasVenue() {
		if strings.TrimSpace(in.VenueAddress) == "" {
			pr.add("venue_address", "activities.err.venue_required")
		}
		if in.Comune == "" {
			pr.add("comune", "activities.err.comune_required")
		} else if ok, err := comuneExists(ctx, d, in.Comune); err != nil {
			return err
		} else if !ok {
			pr.add("comune", "activities.err.comune_unknown")
		}
	}
	if tooLong(in.VenueName, maxShort) {
		pr.add("venue_name", "form.too_long")
	}
	if tooLong(in.VenueAddress, maxShort) {
		pr.add("venue_address", "form.too_long")
	}
	if in.Mode.HasLink() {
		if in.OnlineURL == "" {
			pr.add("online_url", "activities.err.link_required")
		} else if !validLink(in.OnlineURL) {
			pr.add("online_url", "activities.err.link_invalid")
		}
	} else if in.OnlineURL != "" && !validLink(in.OnlineURL) {
		pr.add("online_url", "activities.err.link_invalid")
	}
	if in.Capacity < 0 || in.Capacity > maxCapacity {
		pr.add("capacity", "activities.err.capacity")
	}
	if !in.SignupOpens.IsZero() && !in.SignupCloses.IsZero() && !in.SignupCloses.After(in.SignupOpens) {
		pr.add("signup_closes", "activities.err.window_order")
	}
	if !in.SignupCloses.IsZero() && !in.End.IsZero() && in.SignupCloses.After(in.End) {
		pr.add("signup_closes", "activities.err.window_after_end")
	}
	if !in.SignupOpens.IsZero() && !in.Start.IsZero() && !in.SignupOpens.Before(in.Start) {
		pr.add("signup_opens", "activities.err.window_opens_late")
	}
	if tooLong(in.Accessibility.IT, maxNotes) {
		pr.add("accessibility_it", "form.too_long")
	}
	if tooLong(in.Accessibility.EN, maxNotes) {
		pr.add("accessibility_en", "form.too_long")
	}
	if len(in.Audiences) == 0 {
		pr.add("audience", "activities.err.audience_required")
	}
	for _, a := range in.Audiences {
		if !a.Valid() {
			pr.add("audience", "activities.err.audience")
			break
		}
	}
	return pr.err()
}

// validLink accepts an absolute http or https URL with a host.
func validLink(s string) bool {
	if len(s) > 1000 || strings.ContainsAny(s, " \t\r\n\"<>") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

func comuneExists(ctx context.Context, d *db.DB, code string) (bool, error) {
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM comuni WHERE istat_code = ?`, code).Scan(&n); err != nil {
		return false, fmt.Errorf("activities: comune %q: %w", code, err)
	}
	return n > 0, nil
}

// stored is the form in which an input is written, and the audit's
// before/after.
type stored struct {
	Phase        int64
	Kind         Kind
	Title        Text
	Description  Text
	Start, End   time.Time
	Mode         Mode
	Venue        string
	Address      string
	Comune       string
	OnlineLink   bool // whether there is one: the link itself stays out of the log
	Capacity     int
	Opens        time.Time `json:",omitzero"`
	Closes       time.Time `json:",omitzero"`
	Access       [3]bool
	AccessNotes  Text
	Audiences    []Audience
	Status       Status `json:",omitempty"`
	Sequence     int
	onlineURLRaw string
}

func (in Input) stored() stored {
	s := stored{Phase: in.PhaseID, Kind: in.Kind, Title: in.Title, Description: in.Description, Start: db.Time(in.Start), End: db.Time(in.End),
		Mode: in.Mode, Capacity: in.Capacity, Access: [3]bool{in.StepFree, in.HearingLoop, in.Interpreter}, AccessNotes: in.Accessibility,
		Audiences: in.Audiences, Opens: in.SignupOpens, Closes: in.SignupCloses}
	if in.Mode.HasVenue() {
		s.Venue, s.Address, s.Comune = in.VenueName, in.VenueAddress, in.Comune
	}
	if in.Mode.HasLink() || in.OnlineURL != "" {
		s.OnlineLink, s.onlineURLRaw = in.OnlineURL != "", in.OnlineURL
	}
	if !s.Opens.IsZero() {
		s.Opens = db.Time(s.Opens)
	}
	if !s.Closes.IsZero() {
		s.Closes = db.Time(s.Closes)
	}
	return s
}

// InputOf is the input that would store a as it is, for editing forms.
func InputOf(a *Activity) Input {
	return Input{PhaseID: a.PhaseID, Kind: a.Kind, Title: a.Title, Description: a.Description, Start: a.Start, End: a.End,
		Mode: a.Mode, VenueName: a.VenueName, VenueAddress: a.VenueAddress, Comune: a.ComuneCode, OnlineURL: a.OnlineURL,
		Capacity: a.Capacity, SignupOpens: a.SignupOpens, SignupCloses: a.SignupCloses, StepFree: a.StepFree,
		HearingLoop: a.HearingLoop, Interpreter: a.Interpreter, Accessibility: a.Accessibility, Audiences: a.Audiences}
}

func nullCapacity(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Create adds a draft activity to path p and returns its id.
func (s *Service) Create(ctx context.Context, actor Actor, p paths.Path, in Input) (int64, error) {
	if err := in.Validate(ctx, s.DB, p); err != nil {
		return 0, err
	}
	st := in.stored()
	now := s.now()
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var creator any
		if actor.ID != 0 {
			creator = actor.ID
		}
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO activities (path_id, phase_id, zone_id, kind, title_it, title_en, description_it, description_en,
	starts_at, ends_at, mode, venue_name, venue_address, venue_comune, online_url, capacity, signup_opens_at, signup_closes_at,
	step_free, hearing_loop, interpreter_on_request, accessibility_it, accessibility_en, status, sequence, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', 0, ?, ?, ?)`,
			p.ID, st.Phase, p.ZoneID, string(st.Kind), st.Title.IT, st.Title.EN, st.Description.IT, st.Description.EN,
			st.Start, st.End, string(st.Mode), st.Venue, st.Address, nullString(st.Comune), st.onlineURLRaw, nullCapacity(st.Capacity),
			nullable(st.Opens), nullable(st.Closes), st.Access[0], st.Access[1], st.Access[2], st.AccessNotes.IT, st.AccessNotes.EN,
			creator, now, now)
		if err != nil {
			return err
		}
		if err := writeAudiences(ctx, tx, id, st.Audiences); err != nil {
			return err
		}
		st.Status = Draft
		return record(ctx, tx, actor, "activity.create", "activity", id, p.ZoneID, nil, st)
	})
	if err != nil {
		return 0, fmt.Errorf("activities: create in path %d: %w", p.ID, err)
	}
	return id, nil
}

func writeAudiences(ctx context.Context, tx *db.Tx, id int64, list []Audience) error {
	if _, err := tx.Exec(ctx, `DELETE FROM activity_audiences WHERE activity_id = ?`, id); err != nil {
		return err
	}
	for _, a := range Audiences { // in canonical order, each once
		if slices.Contains(list, a) {
			if _, err := tx.Exec(ctx, `INSERT INTO activity_audiences (activity_id, audience) VALUES (?, ?)`, id, string(a)); err != nil {
				return err
			}
		}
	}
	return nil
}

// lock reads activity id inside tx and, on PostgreSQL, locks its row until
// the transaction ends: every decision about its places is taken under
// this lock (on SQLite the IMMEDIATE transaction already serialises).
func (s *Service) lock(ctx context.Context, tx *db.Tx, id int64) (*Activity, error) {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM activities WHERE id = ?`+s.DB.ForUpdate(), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("lock activity %d: %w", id, err)
	}
	return Get(ctx, tx, id)
}

// ErrCancelled is returned when changing an activity that was cancelled.
var ErrCancelled = errors.New("activities: the activity is cancelled")

// Update saves new details of activity id. On a published activity, a
// change of time or place raises its SEQUENCE and e-mails everyone signed
// up; a change of time moves the reminders; more places promote people
// from the waiting list.
func (s *Service) Update(ctx context.Context, actor Actor, id int64, in Input) error {
	cur, err := Get(ctx, s.DB, id)
	if err != nil {
		return err
	}
	if cur.Status == Cancelled {
		return ErrCancelled
	}
	p, err := paths.PathBySlug(ctx, s.DB, cur.PathSlug)
	if err != nil {
		return fmt.Errorf("activities: path of %d: %w", id, err)
	}
	if err := in.Validate(ctx, s.DB, p); err != nil {
		return err
	}
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.Status == Cancelled {
			return ErrCancelled
		}
		before, after := InputOf(a).stored(), in.stored()
		before.Status, after.Status, before.Sequence = a.Status, a.Status, a.Sequence
		timeMoved := !before.Start.Equal(after.Start) || !before.End.Equal(after.End)
		placeMoved := before.Mode != after.Mode || before.Venue != after.Venue || before.Address != after.Address ||
			before.Comune != after.Comune || before.onlineURLRaw != after.onlineURLRaw
		notify := a.Status == Published && (timeMoved || placeMoved)
		after.Sequence = a.Sequence
		if notify {
			after.Sequence++
		}
		if sameStored(before, after) {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE activities SET phase_id = ?, kind = ?, title_it = ?, title_en = ?, description_it = ?, description_en = ?,
	starts_at = ?, ends_at = ?, mode = ?, venue_name = ?, venue_address = ?, venue_comune = ?, online_url = ?, capacity = ?,
	signup_opens_at = ?, signup_closes_at = ?, step_free = ?, hearing_loop = ?, interpreter_on_request = ?,
	accessibility_it = ?, accessibility_en = ?, sequence = ?, updated_at = ? WHERE id = ?`,
			after.Phase, string(after.Kind), after.Title.IT, after.Title.EN, after.Description.IT, after.Description.EN,
			after.Start, after.End, string(after.Mode), after.Venue, after.Address, nullString(after.Comune), after.onlineURLRaw,
			nullCapacity(after.Capacity), nullable(after.Opens), nullable(after.Closes), after.Access[0], after.Access[1], after.Access[2],
			after.AccessNotes.IT, after.AccessNotes.EN, after.Sequence, s.now(), id)
		if err != nil {
			return err
		}
		if err := writeAudiences(ctx, tx, id, after.Audiences); err != nil {
			return err
		}
		if err := record(ctx, tx, actor, "activity.update", "activity", id, a.ZoneID, before, after); err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		if a, err = Get(ctx, tx, id); err != nil {
			return err
		}
		if a.Status != Published {
			return nil
		}
		if timeMoved {
			if _, err := tx.Exec(ctx, `UPDATE activity_registrations SET reminded_48h_at = NULL, reminded_2h_at = NULL WHERE activity_id = ?`, id); err != nil {
				return err
			}
			if err := s.scheduleReminders(ctx, tx, a); err != nil {
				return err
			}
		}
		if notify {
			if err := s.notifyAll(ctx, tx, a, mailChanged); err != nil {
				return err
			}
		}
		_, err = s.promote(ctx, tx, actor, a)
		return err
	})
	if err != nil {
		return fmt.Errorf("activities: update %d: %w", id, err)
	}
	return nil
}

func sameStored(a, b stored) bool {
	return audit.JSON(a) == audit.JSON(b) && a.onlineURLRaw == b.onlineURLRaw
}

// Publish makes a draft public (once its path is) and schedules its
// reminders.
func (s *Service) Publish(ctx context.Context, actor Actor, id int64) error {
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.Status != Draft {
			return nil // published already, or cancelled: nothing to do
		}
		now := s.now()
		if _, err := tx.Exec(ctx, `UPDATE activities SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?`, now, now, id); err != nil {
			return err
		}
		if err := record(ctx, tx, actor, "activity.publish", "activity", id, a.ZoneID,
			map[string]any{"Status": Draft}, map[string]any{"Status": Published}); err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		a.Status = Published
		return s.scheduleReminders(ctx, tx, a)
	})
	if err != nil {
		return fmt.Errorf("activities: publish %d: %w", id, err)
	}
	return nil
}

// Cancel cancels the activity: it stays public, marked as cancelled, its
// calendar entries become STATUS:CANCELLED, sign-ups close, and everyone
// signed up (confirmed or waiting) is told by e-mail. It cannot be undone.
func (s *Service) Cancel(ctx context.Context, actor Actor, id int64) error {
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if a.Status == Cancelled {
			return nil
		}
		now := s.now()
		seq := a.Sequence
		if a.Status == Published {
			seq++
		}
		if _, err := tx.Exec(ctx, `UPDATE activities SET status = 'cancelled', cancelled_at = ?, sequence = ?, updated_at = ? WHERE id = ?`,
			now, seq, now, id); err != nil {
			return err
		}
		if err := record(ctx, tx, actor, "activity.cancel", "activity", id, a.ZoneID,
			map[string]any{"Status": a.Status, "Sequence": a.Sequence}, map[string]any{"Status": Cancelled, "Sequence": seq}); err != nil {
			return err
		}
		if err := indexForSearch(ctx, tx, id); err != nil {
			return err
		}
		if a.Status != Published {
			return nil
		}
		a.Status, a.Sequence, a.CancelledAt, a.UpdatedAt = Cancelled, seq, now, now
		return s.notifyAll(ctx, tx, a, mailActivityCancelled)
	})
	if err != nil {
		return fmt.Errorf("activities: cancel %d: %w", id, err)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
