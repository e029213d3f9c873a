package calls

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
)

const appColumns = `a.id, a.call_id, COALESCE(a.user_id, 0), a.applicant_kind, a.name, a.tax_code, a.email, a.phone, a.org_name,
	a.org_tax_code, a.org_vat, a.org_legal_form, a.org_runts, a.lang, a.status, a.version, a.created_at, a.updated_at,
	r.id, r.protocol, r.submitted_at, r.sha256, r.content, r.withdrawn_at`

const appFrom = ` FROM applications a LEFT JOIN application_receipts r ON r.id = a.receipt_id`

func scanApp(row interface{ Scan(...any) error }) (*Application, error) {
	a := &Application{}
	var rid, proto sql.NullInt64
	var submitted, withdrawn sql.NullTime
	var hash, content sql.NullString
	err := row.Scan(&a.ID, &a.CallID, &a.UserID, &a.Kind, &a.Name, &a.TaxCode, &a.Email, &a.Phone, &a.OrgName,
		&a.OrgTaxCode, &a.OrgVAT, &a.LegalForm, &a.RUNTS, &a.Lang, &a.Status, &a.Version, &a.CreatedAt, &a.UpdatedAt,
		&rid, &proto, &submitted, &hash, &content, &withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if rid.Valid {
		a.Receipt = &Receipt{ID: rid.Int64, CallID: a.CallID, ApplicationID: a.ID, Protocol: int(proto.Int64),
			SubmittedAt: submitted.Time.UTC(), SHA256: hash.String, Content: content.String}
		if withdrawn.Valid {
			a.Receipt.WithdrawnAt = withdrawn.Time.UTC()
		}
	}
	a.Values, a.Declared = map[int64]Value{}, map[int64]int64{}
	return a, nil
}

// GetApplication loads application id with its answers.
func GetApplication(ctx context.Context, ex db.Execer, id int64) (*Application, error) {
	return getApp(ctx, ex, `a.id = ?`, id)
}

// ApplicationOf loads user's application to call.
func ApplicationOf(ctx context.Context, ex db.Execer, call, user int64) (*Application, error) {
	return getApp(ctx, ex, `a.call_id = ? AND a.user_id = ?`, call, user)
}

func getApp(ctx context.Context, ex db.Execer, where string, args ...any) (*Application, error) {
	a, err := scanApp(ex.QueryRow(ctx, `SELECT `+appColumns+appFrom+` WHERE `+where, args...))
	if err != nil {
		return nil, fmt.Errorf("calls: application: %w", err)
	}
	if err := loadAnswers(ctx, ex, a); err != nil {
		return nil, fmt.Errorf("calls: application %d: %w", a.ID, err)
	}
	if err := loadEvaluation(ctx, ex, a); err != nil {
		return nil, fmt.Errorf("calls: application %d: %w", a.ID, err)
	}
	return a, nil
}

func loadAnswers(ctx context.Context, ex db.Execer, a *Application) error {
	rows, err := ex.Query(ctx, `SELECT field_id, value, COALESCE(file_id, 0) FROM application_values WHERE application_id = ?`, a.ID)
	if err != nil {
		return err
	}
	type fv struct {
		field, file int64
		text        string
	}
	var vs []fv
	for rows.Next() {
		var v fv
		if err := rows.Scan(&v.field, &v.text, &v.file); err != nil {
			rows.Close()
			return err
		}
		vs = append(vs, v)
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	for _, v := range vs {
		val := Value{Text: v.text}
		if v.file != 0 {
			f, err := files.Get(ctx, ex, v.file)
			if err != nil {
				return err
			}
			val.File = &f
		}
		a.Values[v.field] = val
	}
	rows, err = ex.Query(ctx, `SELECT declaration_id, COALESCE(amount_cents, 0) FROM application_declarations WHERE application_id = ?`, a.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id, amount int64
		if err := rows.Scan(&id, &amount); err != nil {
			rows.Close()
			return err
		}
		a.Declared[id] = amount
	}
	return closeRows(rows)
}

// ListApplications lists the applications of call that were submitted at
// least once (drafts never submitted are the applicants' own business), in
// protocol order.
func ListApplications(ctx context.Context, ex db.Execer, call int64) ([]*Application, error) {
	rows, err := ex.Query(ctx, `SELECT `+appColumns+appFrom+` WHERE a.call_id = ? AND a.receipt_id IS NOT NULL ORDER BY r.protocol`, call)
	if err != nil {
		return nil, fmt.Errorf("calls: applications of %d: %w", call, err)
	}
	var out []*Application
	for rows.Next() {
		a, err := scanApp(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("calls: applications of %d: %w", call, err)
		}
		out = append(out, a)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	for _, a := range out {
		if err := loadAnswers(ctx, ex, a); err != nil {
			return nil, err
		}
		if err := loadEvaluation(ctx, ex, a); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Mine is one of a user's applications, with its call's title and
// deadline, for "my applications".
type Mine struct {
	App    *Application
	Title  Text
	Closes time.Time
}

// ListMine lists user's applications.
func ListMine(ctx context.Context, ex db.Execer, user int64) ([]Mine, error) {
	rows, err := ex.Query(ctx, `SELECT `+appColumns+`, c.title_it, c.title_en, c.closes_at`+appFrom+` JOIN calls c ON c.id = a.call_id
		WHERE a.user_id = ? ORDER BY c.closes_at DESC, a.id DESC`, user)
	if err != nil {
		return nil, fmt.Errorf("calls: applications of user %d: %w", user, err)
	}
	var out []Mine
	for rows.Next() {
		var m Mine
		var rid, proto sql.NullInt64
		var submitted, withdrawn sql.NullTime
		var hash, content sql.NullString
		a := &Application{}
		if err := rows.Scan(&a.ID, &a.CallID, &a.UserID, &a.Kind, &a.Name, &a.TaxCode, &a.Email, &a.Phone, &a.OrgName,
			&a.OrgTaxCode, &a.OrgVAT, &a.LegalForm, &a.RUNTS, &a.Lang, &a.Status, &a.Version, &a.CreatedAt, &a.UpdatedAt,
			&rid, &proto, &submitted, &hash, &content, &withdrawn, &m.Title.IT, &m.Title.EN, &m.Closes); err != nil {
			rows.Close()
			return nil, err
		}
		if rid.Valid {
			a.Receipt = &Receipt{ID: rid.Int64, CallID: a.CallID, ApplicationID: a.ID, Protocol: int(proto.Int64), SubmittedAt: submitted.Time.UTC(), SHA256: hash.String}
		}
		m.App = a
		out = append(out, m)
	}
	return out, closeRows(rows)
}
