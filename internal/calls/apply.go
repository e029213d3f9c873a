package calls

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/itid"
)

// Errors of applying.
var (
	// ErrNotOpen: the call does not take applications yet (or is a draft).
	ErrNotOpen = errors.New("calls: the call is not open")
	// ErrClosed: the deadline has passed; nothing is accepted.
	ErrClosed = errors.New("calls: the deadline has passed")
	// ErrSubmitted: the application was submitted and cannot change.
	ErrSubmitted = errors.New("calls: the application was already submitted")
	// ErrStale: the draft was saved elsewhere (another tab) since this
	// form was loaded.
	ErrStale = errors.New("calls: the draft was changed elsewhere")
	// ErrNotSubmitted: there is nothing to withdraw.
	ErrNotSubmitted = errors.New("calls: the application is not submitted")
	// ErrNotAllowed: the call does not take this kind of applicant.
	ErrNotAllowed = errors.New("calls: this kind of applicant may not apply")
)

// NewFile is an attachment stored in the file store, to be recorded with
// the draft.
type NewFile struct {
	Blob files.Blob
	Name string
}

// DraftInput is what an applicant's form sends.
type DraftInput struct {
	// Version is the version of the draft the form was loaded with (0 for
	// a new application).
	Version   int
	Applicant Applicant
	Lang      string
	// Values are the answers to the non-file fields, as typed.
	Values map[int64]string
	// Files are the attachments uploaded with this save, by field.
	Files map[int64]NewFile
	// Declared are the declarations ticked, with their amount in cents.
	Declared map[int64]int64
}

// clip bounds a text kept in a draft.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// SaveDraft saves user's draft application to call: every answer as typed
// (a draft may be incomplete or wrong; Submit checks it). It returns the
// new version.
func (s *Service) SaveDraft(ctx context.Context, actor Actor, callID, user int64, d DraftInput) (int, error) {
	var version int
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := s.lockCall(ctx, tx, callID)
		if err != nil {
			return err
		}
		now := s.now()
		if c.Status != Published || now.Before(c.Opens) {
			return ErrNotOpen
		}
		if c.ClosedAt(now) {
			return ErrClosed
		}
		if d.Applicant.Kind != Person && d.Applicant.Kind != Organisation || !c.Applicants.Allows(d.Applicant.Kind) {
			return ErrNotAllowed
		}
		a, err := ApplicationOf(ctx, tx, callID, user)
		switch {
		case errors.Is(err, db.ErrNotFound):
			a = nil
		case err != nil:
			return err
		}
		if a != nil && a.Status == AppSubmitted {
			return ErrSubmitted
		}
		if a != nil && a.Version != d.Version || a == nil && d.Version != 0 {
			return ErrStale
		}
		ap := d.Applicant
		args := []any{ap.Kind, clip(ap.Name, 200), clip(itid.Normalize(ap.TaxCode), 32), clip(ap.Email, 254), clip(ap.Phone, 40),
			clip(ap.OrgName, 300), clip(itid.Normalize(ap.OrgTaxCode), 32), clip(itid.Normalize(ap.OrgVAT), 32), clip(ap.LegalForm, 40),
			clip(ap.RUNTS, 60), langOr(d.Lang)}
		var id int64
		if a == nil {
			id, err = tx.InsertID(ctx, `INSERT INTO applications (applicant_kind, name, tax_code, email, phone, org_name, org_tax_code, org_vat,
				org_legal_form, org_runts, lang, call_id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				append(args, callID, user, now, now)...)
			version = 1
		} else {
			id, version = a.ID, a.Version+1
			_, err = tx.Exec(ctx, `UPDATE applications SET applicant_kind = ?, name = ?, tax_code = ?, email = ?, phone = ?, org_name = ?,
				org_tax_code = ?, org_vat = ?, org_legal_form = ?, org_runts = ?, lang = ?, status = 'draft', version = ?, updated_at = ? WHERE id = ?`,
				append(args, version, now, id)...)
		}
		if err != nil {
			return fmt.Errorf("calls: save draft: %w", err)
		}
		if err := s.writeAnswers(ctx, tx, c, id, user, d); err != nil {
			return err
		}
		if a == nil {
			return record(ctx, tx, actor, "application.create", "application", id, c.ZoneID, nil, map[string]any{"call": callID})
		}
		return nil
	})
	return version, err
}

func langOr(l string) string {
	if l == "en" {
		return "en"
	}
	return "it"
}

// writeAnswers replaces the answers of application id with those of d; a
// file field without a new upload keeps its file.
func (s *Service) writeAnswers(ctx context.Context, tx *db.Tx, c *Call, id, user int64, d DraftInput) error {
	for _, f := range c.Fields {
		if f.Kind == FileField {
			nf, ok := d.Files[f.ID]
			if !ok {
				continue
			}
			rec, err := files.Record(ctx, tx, nf.Blob, files.File{Name: nf.Name, UploadedBy: user})
			if err != nil {
				return err
			}
			if err := upsertValue(ctx, tx, id, f.ID, "", rec.ID); err != nil {
				return err
			}
			continue
		}
		v := d.Values[f.ID]
		if norm, problem := ParseValue(f, v); problem == "" {
			v = norm
		} else {
			v = clip(v, maxLongAnswer)
		}
		if err := upsertValue(ctx, tx, id, f.ID, v, 0); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM application_declarations WHERE application_id = ?`, id); err != nil {
		return fmt.Errorf("calls: save declarations: %w", err)
	}
	for _, decl := range c.Declarations {
		amount, ok := d.Declared[decl.ID]
		if !ok {
			continue
		}
		var a any
		if decl.WithAmount && amount >= 0 {
			a = amount
		}
		if _, err := tx.Exec(ctx, `INSERT INTO application_declarations (application_id, declaration_id, amount_cents) VALUES (?, ?, ?)`, id, decl.ID, a); err != nil {
			return fmt.Errorf("calls: save declarations: %w", err)
		}
	}
	return nil
}

func upsertValue(ctx context.Context, tx *db.Tx, app, field int64, text string, file int64) error {
	var f any
	if file != 0 {
		f = file
	}
	_, err := tx.Exec(ctx, `INSERT INTO application_values (application_id, field_id, value, file_id) VALUES (?, ?, ?, ?)
		ON CONFLICT (application_id, field_id) DO UPDATE SET value = excluded.value, file_id = excluded.file_id`, app, field, text, f)
	if err != nil {
		return fmt.Errorf("calls: save answer: %w", err)
	}
	return nil
}

// lockCall loads the call and, on PostgreSQL, locks its row until the
// transaction ends: submissions to one call are serialised, so protocol
// numbers have no gaps and the deadline is read after the wait.
func (s *Service) lockCall(ctx context.Context, tx *db.Tx, id int64) (*Call, error) {
	var n int
	if err := tx.QueryRow(ctx, `SELECT next_protocol FROM calls WHERE id = ?`+s.DB.ForUpdate(), id).Scan(&n); err != nil {
		return nil, notFoundErr(err)
	}
	return Get(ctx, tx, id)
}

func notFoundErr(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return db.ErrNotFound
	}
	return err
}

// Complete checks that application a can be submitted to c: who applies,
// every declaration, every required answer and attachment, each answer in
// its format. It returns every problem at once.
func Complete(c *Call, a *Application) error {
	var pr problems
	if !c.Applicants.Allows(a.Kind) {
		pr.add("kind", "calls.err.applicant_kind")
	}
	if a.Name == "" {
		pr.add("name", "form.required")
	}
	switch {
	case a.TaxCode == "":
		pr.add("tax_code", "form.required")
	case !itid.ValidPersonCF(a.TaxCode):
		pr.add("tax_code", "calls.err.tax_code")
	}
	if a.Kind == Organisation {
		if a.OrgName == "" {
			pr.add("org_name", "form.required")
		}
		switch {
		case a.OrgTaxCode == "":
			pr.add("org_tax_code", "form.required")
		case !itid.ValidCF(a.OrgTaxCode):
			pr.add("org_tax_code", "calls.err.tax_code")
		}
		if a.OrgVAT != "" && !itid.ValidPartitaIVA(a.OrgVAT) {
			pr.add("org_vat", "calls.err.vat")
		}
		if !slices.Contains(LegalForms, a.LegalForm) {
			pr.add("legal_form", "calls.err.legal_form")
		}
	}
	for _, d := range c.Declarations {
		amount, ok := a.Declared[d.ID]
		if !ok {
			pr.add(fmt.Sprintf("d%d", d.ID), "calls.err.declaration")
			continue
		}
		if d.WithAmount && amount <= 0 {
			pr.add(fmt.Sprintf("a%d", d.ID), "calls.err.amount")
		}
	}
	for _, f := range c.Fields {
		name := fmt.Sprintf("f%d", f.ID)
		v := a.Values[f.ID]
		if f.Kind == FileField {
			if f.Required && v.File == nil {
				pr.add(name, "calls.err.attachment_required")
			}
			continue
		}
		if _, problem := ParseValue(f, v.Text); problem != "" {
			pr.add(name, problem)
		} else if f.Required && v.Text == "" {
			pr.add(name, "form.required")
		}
	}
	return pr.err()
}

// Submit submits user's draft to call, if the server's clock says the
// call is open, and returns its receipt. The protocol number is taken in
// the same transaction, so numbers have no gaps.
func (s *Service) Submit(ctx context.Context, actor Actor, callID, user int64, version int) (*Receipt, error) {
	var rc *Receipt
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := s.lockCall(ctx, tx, callID)
		if err != nil {
			return err
		}
		now := s.now() // after the lock: the time that decides
		if c.Status != Published || now.Before(c.Opens) {
			return ErrNotOpen
		}
		if c.ClosedAt(now) {
			return ErrClosed
		}
		a, err := ApplicationOf(ctx, tx, callID, user)
		if err != nil {
			return err
		}
		if a.Status == AppSubmitted {
			rc = a.Receipt
			return ErrSubmitted
		}
		if a.Version != version {
			return ErrStale
		}
		if err := Complete(c, a); err != nil {
			return err
		}
		var protocol int
		if err := tx.QueryRow(ctx, `UPDATE calls SET next_protocol = next_protocol + 1 WHERE id = ? RETURNING next_protocol - 1`, callID).Scan(&protocol); err != nil {
			return fmt.Errorf("calls: submit %d: %w", a.ID, err)
		}
		content, err := Canonical(c, a, protocol, now)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(content)
		rc = &Receipt{CallID: callID, ApplicationID: a.ID, Protocol: protocol, SubmittedAt: now, SHA256: hex.EncodeToString(sum[:]), Content: string(content)}
		rc.ID, err = tx.InsertID(ctx, `INSERT INTO application_receipts (call_id, application_id, protocol, submitted_at, sha256, content) VALUES (?, ?, ?, ?, ?, ?)`,
			callID, a.ID, protocol, now, rc.SHA256, rc.Content)
		if err != nil {
			return fmt.Errorf("calls: submit %d: %w", a.ID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET status = 'submitted', receipt_id = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			rc.ID, now, a.ID); err != nil {
			return fmt.Errorf("calls: submit %d: %w", a.ID, err)
		}
		if err := record(ctx, tx, actor, "application.submit", "application", a.ID, c.ZoneID, map[string]any{"status": a.Status},
			map[string]any{"status": AppSubmitted, "protocol": rc.Number(), "sha256": rc.SHA256}); err != nil {
			return err
		}
		return s.mailReceipt(ctx, tx, c, a, rc)
	})
	return rc, err
}

// Withdraw withdraws user's submitted application before the deadline.
func (s *Service) Withdraw(ctx context.Context, actor Actor, callID, user int64) error {
	return s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := s.lockCall(ctx, tx, callID)
		if err != nil {
			return err
		}
		now := s.now()
		if c.ClosedAt(now) || c.Status != Published {
			return ErrClosed
		}
		a, err := ApplicationOf(ctx, tx, callID, user)
		if err != nil {
			return err
		}
		if a.Status != AppSubmitted {
			return ErrNotSubmitted
		}
		if _, err := tx.Exec(ctx, `UPDATE application_receipts SET withdrawn_at = ? WHERE id = ?`, now, a.Receipt.ID); err != nil {
			return fmt.Errorf("calls: withdraw %d: %w", a.ID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET status = 'withdrawn', version = version + 1, updated_at = ? WHERE id = ?`, now, a.ID); err != nil {
			return fmt.Errorf("calls: withdraw %d: %w", a.ID, err)
		}
		return record(ctx, tx, actor, "application.withdraw", "application", a.ID, c.ZoneID,
			map[string]any{"status": a.Status}, map[string]any{"status": AppWithdrawn, "protocol": a.Receipt.Number()})
	})
}

// canonical is what a receipt's hash covers, serialised as JSON with the
// fields in this fixed order and lists in the call's order.
type canonical struct {
	Call         int64             `json:"call"`
	Protocol     string            `json:"protocol"`
	SubmittedAt  string            `json:"submitted_at"`
	Applicant    canonicalPerson   `json:"applicant"`
	Declarations []canonicalDecl   `json:"declarations"`
	Answers      []canonicalAnswer `json:"answers"`
}

type canonicalPerson struct {
	Kind       ApplicantKind `json:"kind"`
	Name       string        `json:"name"`
	TaxCode    string        `json:"tax_code"`
	Email      string        `json:"email"`
	Phone      string        `json:"phone,omitempty"`
	OrgName    string        `json:"org_name,omitempty"`
	OrgTaxCode string        `json:"org_tax_code,omitempty"`
	OrgVAT     string        `json:"org_vat,omitempty"`
	LegalForm  string        `json:"legal_form,omitempty"`
	RUNTS      string        `json:"runts,omitempty"`
}

type canonicalDecl struct {
	Text   string `json:"text"`
	Amount *int64 `json:"amount_cents,omitempty"`
}

type canonicalAnswer struct {
	Label  string `json:"label"`
	Value  string `json:"value,omitempty"`
	File   string `json:"file,omitempty"`
	SHA256 string `json:"sha256,omitempty"`
}

// Canonical is the serialisation of application a as submitted to c with
// protocol at the instant at: what the receipt's SHA-256 is computed on.
func Canonical(c *Call, a *Application, protocol int, at interface{ Format(string) string }) ([]byte, error) {
	v := canonical{Call: c.ID, Protocol: protocolNumber(c.ID, protocol), SubmittedAt: at.Format("2006-01-02T15:04:05.000000Z07:00"),
		Applicant:    canonicalPerson{Kind: a.Kind, Name: a.Name, TaxCode: a.TaxCode, Email: a.Email, Phone: a.Phone},
		Declarations: []canonicalDecl{}, Answers: []canonicalAnswer{}}
	if a.Kind == Organisation {
		v.Applicant.OrgName, v.Applicant.OrgTaxCode, v.Applicant.OrgVAT = a.OrgName, a.OrgTaxCode, a.OrgVAT
		v.Applicant.LegalForm, v.Applicant.RUNTS = a.LegalForm, a.RUNTS
	}
	for _, d := range c.Declarations {
		amount, ok := a.Declared[d.ID]
		if !ok {
			continue
		}
		cd := canonicalDecl{Text: d.Text.IT}
		if d.WithAmount {
			cd.Amount = &amount
		}
		v.Declarations = append(v.Declarations, cd)
	}
	for _, f := range c.Fields {
		val, ok := a.Values[f.ID]
		if !ok || val.Text == "" && val.File == nil {
			continue
		}
		ans := canonicalAnswer{Label: f.Label.IT, Value: val.Text}
		if val.File != nil {
			ans.File, ans.SHA256 = val.File.Name, val.File.Hash
		}
		v.Answers = append(v.Answers, ans)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("calls: canonical: %w", err)
	}
	return b, nil
}
