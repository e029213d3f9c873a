package calls

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/files"
	"github.com/cantieri/cantieri/internal/platform/jobs"
)

// KindPurge is the job that, once a call's retention period after its
// final outcome has passed, deletes its applications' attachments and
// pseudonymises their personal data.
const KindPurge = "calls.purge"

type purgePayload struct {
	Call int64 `json:"call"`
}

// purgeDue is when call c's personal data go: its retention period in
// months after the final outcome.
func purgeDue(final time.Time, months int) time.Time { return final.AddDate(0, months, 0) }

// schedulePurge queues the purge of c at its due time, in tx.
func schedulePurge(ctx context.Context, tx *db.Tx, c *Call, final time.Time) error {
	_, err := jobs.Enqueue(ctx, tx, KindPurge, purgePayload{Call: c.ID}, jobs.RunAt(purgeDue(final, c.RetentionMonths)),
		jobs.UniqueKey(fmt.Sprintf("%s:%d", KindPurge, c.ID)))
	return err
}

// Purge is the job's handler (see KindPurge). Run early (a clock moved
// back, a job retried by hand), it does nothing.
func (s *Service) Purge(ctx context.Context, j jobs.Job) error {
	var p purgePayload
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return jobs.Permanent(fmt.Errorf("calls: purge payload: %w", err))
	}
	_, err := s.PurgeCall(ctx, p.Call)
	return err
}

// PurgeCall pseudonymises call id's applications if its retention period
// has passed, and reports whether it did. Each applicant becomes
// "Candidato <protocol>"; codes, addresses, answers and the receipts'
// serialised content are erased (their SHA-256 stays, still proving what
// was submitted); attachments are deleted from the store.
func (s *Service) PurgeCall(ctx context.Context, id int64) (bool, error) {
	var fileIDs []int64
	done := false
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		c, err := s.lockCall(ctx, tx, id)
		if err != nil {
			return err
		}
		var final, purged sql.NullTime
		if err := tx.QueryRow(ctx, `SELECT final_at, purged_at FROM calls WHERE id = ?`, id).Scan(&final, &purged); err != nil {
			return err
		}
		now := s.now()
		if !final.Valid || purged.Valid || now.Before(purgeDue(final.Time, c.RetentionMonths)) {
			return nil
		}
		rows, err := tx.Query(ctx, `SELECT file_id FROM application_values v JOIN applications a ON a.id = v.application_id WHERE a.call_id = ? AND v.file_id IS NOT NULL
			UNION SELECT file_id FROM application_integrations i JOIN applications a ON a.id = i.application_id WHERE a.call_id = ? AND i.file_id IS NOT NULL`, id, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f int64
			if err := rows.Scan(&f); err != nil {
				rows.Close()
				return err
			}
			fileIDs = append(fileIDs, f)
		}
		if err := closeRows(rows); err != nil {
			return err
		}
		stmts := []string{
			`UPDATE application_values SET value = '', file_id = NULL WHERE application_id IN (SELECT id FROM applications WHERE call_id = ?)`,
			`UPDATE application_integrations SET answer = '', request = '', file_id = NULL WHERE application_id IN (SELECT id FROM applications WHERE call_id = ?)`,
			`UPDATE application_receipts SET content = '' WHERE call_id = ?`,
			`UPDATE application_reviews SET reason = '' WHERE application_id IN (SELECT id FROM applications WHERE call_id = ?)`,
			`UPDATE application_scores SET reason = '' WHERE application_id IN (SELECT id FROM applications WHERE call_id = ?)`,
			`DELETE FROM applications WHERE call_id = ? AND receipt_id IS NULL`,
		}
		for _, q := range stmts {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return fmt.Errorf("calls: purge %d: %w", id, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE applications SET name = 'Candidato ' || (SELECT CAST(r.protocol AS TEXT) FROM application_receipts r WHERE r.id = applications.receipt_id),
			tax_code = '', email = '', phone = '', org_tax_code = '', org_vat = '', org_runts = '', user_id = NULL, pseudonymised_at = ?
			WHERE call_id = ?`, now, id); err != nil {
			return fmt.Errorf("calls: purge %d: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE calls SET purged_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("calls: purge %d: %w", id, err)
		}
		done = true
		return record(ctx, tx, Actor{Label: "system"}, "call.purge", "call", id, c.ZoneID, nil, map[string]any{"files": len(fileIDs)})
	})
	if err != nil || !done {
		return false, err
	}
	for _, f := range fileIDs {
		if err := files.Remove(ctx, s.DB, s.Files, f); err != nil && !isNotFound(err) {
			return true, fmt.Errorf("calls: purge %d: remove file %d: %w", id, f, err)
		}
	}
	return true, nil
}

func isNotFound(err error) bool {
	return errors.Is(err, db.ErrNotFound) || errors.Is(err, files.ErrNotFound)
}
