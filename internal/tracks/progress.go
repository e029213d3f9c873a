package tracks

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Item is one activity of a track, as progress and certificates show it.
type Item struct {
	ID      int64
	Title   Text
	Start   time.Time
	End     time.Time
	Kind    activities.Kind
	Status  activities.Status
	Minutes int
	// Public is false for a draft (shown to coordinators only).
	Public bool
}

// Progress is one person's progress in a track.
type Progress struct {
	// Key identifies the person in the track: "u<id>" for an account,
	// "e<address>" for an e-mail address, "r<row>" for an attendance row
	// that names neither (a walk-in without an address, who cannot get a
	// certificate).
	Key      string
	Person   Person
	Enrolled bool
	Source   Source
	// Attended are the activities of the track the person attended, in
	// order of time; Minutes their total length.
	Attended []Item
	Minutes  int
	Complete bool
	// Certificate is the code of the certificate issued, if any.
	Certificate string
}

// HoursIn is Minutes in hours as lang writes them ("4,5").
func (p Progress) HoursIn(lang i18n.Lang) string { return FormatHours(p.Minutes, lang) }

// HoursIn is the length of the activity in hours as lang writes them.
func (it Item) HoursIn(lang i18n.Lang) string { return FormatHours(it.Minutes, lang) }

// HasCertificateKey reports whether a certificate can be issued to the
// person: they have an account or an e-mail address.
func (p Progress) HasCertificateKey() bool { return !strings.HasPrefix(p.Key, "r") }

// Items loads the activities of t, in order of time. Cancelled
// activities are left out: nobody attended them and the rule does not
// count them.
func Items(ctx context.Context, ex db.Execer, t *Track) ([]Item, error) {
	var out []Item
	for _, id := range t.ActivityIDs {
		a, err := activities.Get(ctx, ex, id)
		if err != nil {
			return nil, fmt.Errorf("tracks: items of %d: %w", t.ID, err)
		}
		if a.Status == activities.Cancelled {
			continue
		}
		out = append(out, Item{ID: a.ID, Title: a.Title, Start: a.Start, End: a.End, Kind: a.Kind, Status: a.Status,
			Minutes: int(a.End.Sub(a.Start) / time.Minute), Public: a.Public()})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

// Complete applies the track's rule to what a person attended.
func (t *Track) Complete(items []Item, attended, minutes int) bool {
	if attended == 0 {
		return false
	}
	switch t.Rule {
	case Count:
		return attended >= max(t.Min, 1)
	case Hours:
		return minutes >= max(t.Min, 1)*60
	}
	return len(items) > 0 && attended >= len(items)
}

// attendanceRow is a row of the activities feature's attendance table,
// read only here: who was present at which activity of the track.
type attendanceRow struct {
	id, activityID, userID int64
	name, email, emailNorm string
}

// ProgressOf computes the progress of everyone enrolled in the track or
// present at one of its activities. A person is matched across
// activities by account, else by normalised e-mail address: an attendance
// row without account whose address is that of an account seen in the
// track (in another row or in an enrolment) counts for that account.
// The list is sorted by name.
func ProgressOf(ctx context.Context, ex db.Execer, t *Track) ([]Item, []*Progress, error) {
	items, err := Items(ctx, ex, t)
	if err != nil {
		return nil, nil, err
	}
	enrolled, err := Enrolments(ctx, ex, t.ID)
	if err != nil {
		return nil, nil, err
	}
	rows, err := attendance(ctx, ex, items)
	if err != nil {
		return nil, nil, fmt.Errorf("tracks: progress of %d: %w", t.ID, err)
	}
	userOfEmail := map[string]int64{}
	for _, e := range enrolled {
		if e.Person.UserID != 0 && e.Person.Email != "" {
			userOfEmail[normEmail(e.Person.Email)] = e.Person.UserID
		}
	}
	for _, r := range rows {
		if r.userID != 0 && r.emailNorm != "" {
			userOfEmail[r.emailNorm] = r.userID
		}
	}
	keyOf := func(userID int64, email string, row int64) string {
		switch {
		case userID != 0:
			return fmt.Sprintf("u%d", userID)
		case userOfEmail[email] != 0:
			return fmt.Sprintf("u%d", userOfEmail[email])
		case email != "":
			return "e" + email
		}
		return fmt.Sprintf("r%d", row)
	}
	people := map[string]*Progress{}
	get := func(key string) *Progress {
		p := people[key]
		if p == nil {
			p = &Progress{Key: key}
			people[key] = p
		}
		return p
	}
	for _, e := range enrolled {
		p := get(keyOf(e.Person.UserID, normEmail(e.Person.Email), 0))
		p.Enrolled, p.Source, p.Person = true, e.Source, e.Person
	}
	byID := map[int64]Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	seen := map[string]bool{}
	for _, r := range rows {
		key := keyOf(r.userID, r.emailNorm, r.id)
		p := get(key)
		if p.Person.Name == "" {
			p.Person = Person{UserID: r.userID, Name: r.name, Email: r.email}
		}
		if p.Person.UserID == 0 && strings.HasPrefix(key, "u") {
			fmt.Sscanf(key, "u%d", &p.Person.UserID)
		}
		if mark := fmt.Sprint(key, "/", r.activityID); !seen[mark] {
			seen[mark] = true
			p.Attended = append(p.Attended, byID[r.activityID])
			p.Minutes += byID[r.activityID].Minutes
		}
	}
	certs, err := certificateCodes(ctx, ex, t.ID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*Progress, 0, len(people))
	for key, p := range people {
		sort.SliceStable(p.Attended, func(i, j int) bool { return p.Attended[i].Start.Before(p.Attended[j].Start) })
		p.Complete = t.Complete(items, len(p.Attended), p.Minutes)
		p.Certificate = certs[key]
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Person.Name), strings.ToLower(out[j].Person.Name)
		if a != b {
			return a < b
		}
		return out[i].Key < out[j].Key
	})
	return items, out, nil
}

// attendance reads who was present at the items.
func attendance(ctx context.Context, ex db.Execer, items []Item) ([]attendanceRow, error) {
	if len(items) == 0 {
		return nil, nil
	}
	ids := make([]any, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	rows, err := ex.Query(ctx, `SELECT id, activity_id, COALESCE(user_id, 0), name, email, COALESCE(email_norm, '')
		FROM activity_attendance WHERE activity_id IN (`+placeholders(len(ids))+`) ORDER BY checked_in_at, id`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []attendanceRow
	for rows.Next() {
		var r attendanceRow
		if err := rows.Scan(&r.id, &r.activityID, &r.userID, &r.name, &r.email, &r.emailNorm); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ProgressOfUser is the progress of the account userID (whose address is
// email) in t, or nil when the person neither is enrolled nor attended.
func ProgressOfUser(ctx context.Context, ex db.Execer, t *Track, userID int64, email string) ([]Item, *Progress, error) {
	items, all, err := ProgressOf(ctx, ex, t)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range all {
		if p.Key == fmt.Sprintf("u%d", userID) || (email != "" && p.Key == "e"+normEmail(email)) {
			return items, p, nil
		}
	}
	return items, nil, nil
}

// ForUser lists the tracks the account userID (address email) is
// enrolled in or attended an activity of.
func ForUser(ctx context.Context, ex db.Execer, userID int64, email string) ([]*Track, error) {
	em := nullStr(normEmail(email))
	list, err := queryTracks(ctx, ex, `t.id IN (
		SELECT track_id FROM training_enrolments WHERE user_id = ? OR email_norm = ?
		UNION SELECT ta.track_id FROM training_track_activities ta JOIN activity_attendance aa ON aa.activity_id = ta.activity_id
		WHERE aa.user_id = ? OR (aa.user_id IS NULL AND aa.email_norm = ?))`, userID, em, userID, em)
	if err != nil {
		return nil, fmt.Errorf("tracks: for user %d: %w", userID, err)
	}
	return list, nil
}
