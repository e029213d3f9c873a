package activities

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// Method is how a presence was recorded (activity_attendance.method).
type Method string

// The methods of check-in.
const (
	ByCode     Method = "qr"       // the sign-up's code, scanned or typed
	ByList     Method = "list"     // ticked on the list, on the day
	ByWalkIn   Method = "walk_in"  // someone who came without signing up
	ByRegister Method = "register" // ticked after the end, from the paper register
)

// Key is the message key of the method's name.
func (m Method) Key() string { return "activities.method." + string(m) }

// The check-in window: from checkinBefore the start until checkinAfter
// the end. Two hours before lets the desk open while people arrive; two
// weeks after lets a coordinator copy the paper register in.
const (
	checkinBefore = 2 * time.Hour
	checkinAfter  = 14 * 24 * time.Hour
)

// Attendance is one person present at an activity.
type Attendance struct {
	ID         int64
	ActivityID int64
	// RegistrationID is the sign-up; 0 for a walk-in.
	RegistrationID int64
	UserID         int64
	Name           string
	Email          string
	Method         Method
	CheckedInAt    time.Time
	CheckedInBy    int64
}

// WalkIn reports whether the person came without signing up.
func (a Attendance) WalkIn() bool { return a.RegistrationID == 0 }

// CheckinError is a check-in refused for a reason the coordinator must be
// told: Key is the message; Reg, when set, is the sign-up concerned and
// At the time of the earlier check-in for a second one.
type CheckinError struct {
	Key string
	Reg *Registration
	At  time.Time
}

func (e *CheckinError) Error() string { return "activities: check-in refused: " + e.Key }

// CheckinOpenAt tells whether presences may be recorded at now: the
// activity is published, and now is in the check-in window. It returns ""
// or the key of the reason why not.
func (a *Activity) CheckinOpenAt(now time.Time) string {
	switch {
	case a.Status == Cancelled:
		return "activities.err.checkin_cancelled"
	case a.Status != Published:
		return "activities.err.checkin_draft"
	case now.Before(a.Start.Add(-checkinBefore)):
		return "activities.err.checkin_not_yet"
	case now.After(a.End.Add(checkinAfter)):
		return "activities.err.checkin_closed"
	}
	return ""
}

// CheckinOpens is when the desk may start checking people in.
func (a *Activity) CheckinOpens() time.Time { return a.Start.Add(-checkinBefore) }

// CheckinCloses is when presences can no longer be recorded.
func (a *Activity) CheckinCloses() time.Time { return a.End.Add(checkinAfter) }

const attendanceColumns = `id, activity_id, COALESCE(registration_id, 0), COALESCE(user_id, 0), name, email, method, checked_in_at,
	COALESCE(checked_in_by, 0)`

func scanAttendance(sc interface{ Scan(...any) error }) (Attendance, error) {
	var a Attendance
	var method string
	err := sc.Scan(&a.ID, &a.ActivityID, &a.RegistrationID, &a.UserID, &a.Name, &a.Email, &method, &a.CheckedInAt, &a.CheckedInBy)
	a.Method, a.CheckedInAt = Method(method), a.CheckedInAt.UTC()
	return a, err
}

// AttendanceOf lists the people present at activity, in order of
// arrival.
func AttendanceOf(ctx context.Context, q db.Execer, activity int64) ([]Attendance, error) {
	rows, err := q.Query(ctx, `SELECT `+attendanceColumns+` FROM activity_attendance WHERE activity_id = ? ORDER BY checked_in_at, id`, activity)
	if err != nil {
		return nil, fmt.Errorf("activities: attendance of %d: %w", activity, err)
	}
	defer rows.Close()
	var out []Attendance
	for rows.Next() {
		a, err := scanAttendance(rows)
		if err != nil {
			return nil, fmt.Errorf("activities: attendance of %d: %w", activity, err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// attendanceOfReg returns the presence recorded for sign-up reg, if any.
func attendanceOfReg(ctx context.Context, q db.Execer, activity, reg int64) (*Attendance, error) {
	a, err := scanAttendance(q.QueryRow(ctx, `SELECT `+attendanceColumns+` FROM activity_attendance WHERE activity_id = ? AND registration_id = ?`, activity, reg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// GetAttendance returns presence id of activity (db.ErrNotFound otherwise).
func GetAttendance(ctx context.Context, q db.Execer, activity, id int64) (Attendance, error) {
	a, err := scanAttendance(q.QueryRow(ctx, `SELECT `+attendanceColumns+` FROM activity_attendance WHERE activity_id = ? AND id = ?`, activity, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, db.ErrNotFound
	}
	return a, err
}

// methodAt is how a tick on the list is recorded: on the day, or copied
// from the paper register once the activity is over.
func (a *Activity) methodAt(now time.Time) Method {
	if now.After(a.End) {
		return ByRegister
	}
	return ByList
}

// CheckInCode records the presence of the person whose check-in code is
// code at activity id. A code of another activity, an unknown code, a
// cancelled sign-up and a second check-in are *CheckinError, and change
// nothing.
func (s *Service) CheckInCode(ctx context.Context, actor Actor, id int64, code string) (Attendance, error) {
	reg, err := RegistrationByCode(ctx, s.DB, code)
	switch {
	case errors.Is(err, db.ErrNotFound):
		return Attendance{}, &CheckinError{Key: "activities.err.code_unknown"}
	case err != nil:
		return Attendance{}, err
	case reg.ActivityID != id:
		return Attendance{}, &CheckinError{Key: "activities.err.code_other_activity"}
	}
	return s.checkIn(ctx, actor, id, reg.ID, ByCode)
}

// CheckIn records the presence of sign-up reg at activity id, ticked on
// the list (or, after the end, copied from the paper register).
func (s *Service) CheckIn(ctx context.Context, actor Actor, id, reg int64) (Attendance, error) {
	return s.checkIn(ctx, actor, id, reg, "")
}

func (s *Service) checkIn(ctx context.Context, actor Actor, id, regID int64, method Method) (Attendance, error) {
	var out Attendance
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id) // one check-in at a time per activity: no double rows
		if err != nil {
			return err
		}
		now := s.now()
		if key := a.CheckinOpenAt(now); key != "" {
			return &CheckinError{Key: key}
		}
		reg, err := registration(ctx, tx, regID)
		if errors.Is(err, db.ErrNotFound) || (err == nil && reg.ActivityID != id) {
			return &CheckinError{Key: "activities.err.code_unknown"}
		}
		if err != nil {
			return err
		}
		if reg.Status == RegCancelled {
			return &CheckinError{Key: "activities.err.checkin_reg_cancelled", Reg: reg}
		}
		if prev, err := attendanceOfReg(ctx, tx, id, regID); err != nil {
			return err
		} else if prev != nil {
			return &CheckinError{Key: "activities.err.already_present", Reg: reg, At: prev.CheckedInAt}
		}
		if method == "" {
			method = a.methodAt(now)
		}
		var email, user any
		if e := normEmail(reg.Email); e != "" {
			email = e
		}
		if reg.UserID != 0 {
			user = reg.UserID
		}
		out = Attendance{ActivityID: id, RegistrationID: regID, UserID: reg.UserID, Name: reg.Name, Email: reg.Email, Method: method,
			CheckedInAt: now, CheckedInBy: actor.ID}
		out.ID, err = tx.InsertID(ctx, `INSERT INTO activity_attendance (activity_id, registration_id, user_id, name, email, email_norm, method,
	checked_in_at, checked_in_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, regID, user, reg.Name, reg.Email, email, string(method), now, nullID(actor.ID), now)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return record(ctx, tx, actor, "activity.attendance.check_in", "activity_attendance", out.ID, a.ZoneID, nil,
			map[string]any{"Activity": id, "Registration": regID, "Method": method})
	})
	if err != nil {
		return Attendance{}, fmt.Errorf("activities: check in sign-up %d at %d: %w", regID, id, err)
	}
	return out, nil
}

// Visitor is someone who came without signing up.
type Visitor struct {
	Name  string
	Email string // optional
}

// Validate checks the walk-in's fields and returns every problem at once.
func (v Visitor) Validate() error {
	var pr problems
	switch {
	case strings.TrimSpace(v.Name) == "":
		pr.add("name", "form.required")
	case tooLong(v.Name, maxName):
		pr.add("name", "form.too_long")
	}
	if v.Email != "" && !web.ValidEmail(normEmail(v.Email)) {
		pr.add("email", "form.email_invalid")
	}
	return pr.err()
}

// WalkIn records the presence of someone who came without signing up. If
// the e-mail is that of a sign-up of the activity, that sign-up is checked
// in instead (the person was on the list after all); if it is that of a
// walk-in already recorded, it is a second check-in and changes nothing.
func (s *Service) WalkIn(ctx context.Context, actor Actor, id int64, v Visitor) (Attendance, error) {
	v.Name, v.Email = strings.TrimSpace(v.Name), strings.TrimSpace(v.Email)
	if err := v.Validate(); err != nil {
		return Attendance{}, err
	}
	email := normEmail(v.Email)
	if email != "" {
		existing, err := findByEmail(ctx, s.DB, id, email)
		if err != nil {
			return Attendance{}, err
		}
		if existing != nil && existing.Status != RegCancelled {
			return s.checkIn(ctx, actor, id, existing.ID, "")
		}
	}
	var out Attendance
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		now := s.now()
		if key := a.CheckinOpenAt(now); key != "" {
			return &CheckinError{Key: key}
		}
		if email != "" {
			var at time.Time
			err := tx.QueryRow(ctx, `SELECT checked_in_at FROM activity_attendance WHERE activity_id = ? AND email_norm = ? ORDER BY id LIMIT 1`,
				id, email).Scan(&at)
			if err == nil {
				return &CheckinError{Key: "activities.err.already_present", Reg: &Registration{Name: v.Name}, At: at.UTC()}
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		out = Attendance{ActivityID: id, Name: v.Name, Email: v.Email, Method: ByWalkIn, CheckedInAt: now, CheckedInBy: actor.ID}
		out.ID, err = tx.InsertID(ctx, `INSERT INTO activity_attendance (activity_id, name, email, email_norm, method, checked_in_at,
	checked_in_by, created_at) VALUES (?, ?, ?, ?, 'walk_in', ?, ?, ?)`, id, v.Name, v.Email, nullString(email), now, nullID(actor.ID), now)
		if err != nil {
			return fmt.Errorf("insert: %w", err)
		}
		return record(ctx, tx, actor, "activity.attendance.walk_in", "activity_attendance", out.ID, a.ZoneID, nil,
			map[string]any{"Activity": id, "Method": ByWalkIn})
	})
	if err != nil {
		return Attendance{}, fmt.Errorf("activities: walk-in at %d: %w", id, err)
	}
	return out, nil
}

// UndoCheckIn removes presence attID of activity id, recorded by mistake.
// A walk-in's name goes with it; a sign-up stays as it was.
func (s *Service) UndoCheckIn(ctx context.Context, actor Actor, id, attID int64) (Attendance, error) {
	var out Attendance
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		a, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if key := a.CheckinOpenAt(s.now()); key != "" {
			return &CheckinError{Key: key}
		}
		out, err = GetAttendance(ctx, tx, id, attID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM activity_attendance WHERE id = ?`, attID); err != nil {
			return err
		}
		return record(ctx, tx, actor, "activity.attendance.undo", "activity_attendance", attID, a.ZoneID,
			map[string]any{"Activity": id, "Registration": out.RegistrationID, "Method": out.Method}, nil)
	})
	if err != nil {
		return Attendance{}, fmt.Errorf("activities: undo check-in %d at %d: %w", attID, id, err)
	}
	return out, nil
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
