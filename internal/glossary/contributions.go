package glossary

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// Kinds of proposal.
const (
	KindNew  = "new"
	KindEdit = "edit"
)

// States of a proposal.
const (
	Pending  = "pending"
	Accepted = "accepted"
	Declined = "declined"
)

// Rate limit of proposals: at most MaxProposalsPerHour in the last hour
// from one network address, and as many for one e-mail address.
const MaxProposalsPerHour = 5

// ErrTooMany is Propose's error past the rate limit.
var ErrTooMany = errors.New("glossary: too many proposals")

// Proposal is what a reader sends: a new term, or a change of an existing
// one (TermSlug set). Only the Italian texts and the sources of Content are
// read; the editor adds the rest.
type Proposal struct {
	TermSlug string
	// BaseRevision is the revision of the term the reader saw.
	BaseRevision int
	Name, Email  string
	Lang         i18n.Lang
	UserID       int64
	Content
	Note string
	// Consent to keep the data for the answer; required.
	Consent bool
	// Credit: the proposer agrees to be named in the term's history.
	Credit bool
	// IP is the sender's address, for the rate limit (only a hash is kept).
	IP string
}

// Contribution is a stored proposal.
type Contribution struct {
	ID           int64
	Kind         string
	TermID       int64
	TermSlug     string // "" for a new term, or when the term is gone
	BaseRevision int
	Name, Email  string
	Lang         i18n.Lang
	UserID       int64
	// Content holds the proposed Italian texts and sources.
	Content
	Note          string
	Credit        bool
	Status        string
	DecidedBy     int64
	DecidedAt     time.Time
	DeclineReason string
	CreatedAt     time.Time
}

// check normalises p and returns every problem, with the form's fields.
func (p *Proposal) check() error {
	p.Name = oneLine(p.Name)
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	p.Note = cleanText(p.Note)
	p.Content = Content{TermIT: p.TermIT, DefinitionIT: p.DefinitionIT, ExplanationIT: p.ExplanationIT,
		ExamplesIT: p.ExamplesIT, Sources: p.Sources}
	p.normalize()
	probs := Problems{}
	switch {
	case p.Name == "":
		probs.add("name", "form.required")
	case utf8.RuneCountInString(p.Name) > MaxName:
		probs.add("name", "glossary.error.name_too_long")
	}
	switch {
	case p.Email == "":
		probs.add("email", "form.required")
	case !validEmail(p.Email):
		probs.add("email", "form.email_invalid")
	}
	p.validate(probs)
	if utf8.RuneCountInString(p.Note) > MaxNote {
		probs.add("note", "glossary.error.note_too_long")
	}
	if !p.Consent {
		probs.add("consent", "glossary.error.consent")
	}
	return probs.orNil()
}

// validEmail accepts one bare address with a dot in the domain.
func validEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"(),;:\\[]") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	_, domain, _ := strings.Cut(s, "@")
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// ipHash pseudonymises a network address for the rate limit.
func ipHash(ip string) string {
	sum := sha256.Sum256([]byte("cantieri glossary proposals\x00" + ip))
	return hex.EncodeToString(sum[:16])
}

// Propose stores a proposal in the moderation queue and returns its id.
// Invalid input is a Problems error; past the rate limit, ErrTooMany. A
// change that would change nothing is a problem too.
func Propose(ctx context.Context, d *db.DB, p Proposal) (int64, error) {
	if err := p.check(); err != nil {
		return 0, err
	}
	if _, ok := i18n.Parse(string(p.Lang)); !ok {
		p.Lang = i18n.Default
	}
	var id int64
	err := d.Tx(ctx, func(tx *db.Tx) error {
		kind, base := KindNew, 0
		var termID any
		if p.TermSlug != "" {
			t, err := termBySlug(ctx, tx, p.TermSlug)
			if err != nil {
				return err
			}
			if t.TermIT == p.TermIT && t.DefinitionIT == p.DefinitionIT && t.ExplanationIT == p.ExplanationIT &&
				t.ExamplesIT == p.ExamplesIT && FormatSources(t.Sources) == FormatSources(p.Sources) {
				return Problems{"": {"glossary.error.proposal_unchanged"}}
			}
			kind, base, termID = KindEdit, p.BaseRevision, t.ID
		}
		hash := ipHash(p.IP)
		since := db.Now().Add(-time.Hour)
		var byIP, byEmail int
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM glossary_contributions WHERE ip_hash = ? AND created_at > ?),
			(SELECT COUNT(*) FROM glossary_contributions WHERE email = ? AND created_at > ?)`,
			hash, since, p.Email, since).Scan(&byIP, &byEmail); err != nil {
			return fmt.Errorf("glossary: count recent proposals: %w", err)
		}
		if byIP >= MaxProposalsPerHour || byEmail >= MaxProposalsPerHour {
			return ErrTooMany
		}
		var user any
		if p.UserID != 0 {
			user = p.UserID
		}
		now := db.Now()
		var err error
		id, err = tx.InsertID(ctx, `INSERT INTO glossary_contributions (kind, term_id, base_revision, name, email, lang, user_id,
			term, definition, explanation, examples, sources, note, credit, consent_at, ip_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			kind, termID, base, p.Name, p.Email, string(p.Lang), user, p.TermIT, p.DefinitionIT, p.ExplanationIT,
			p.ExamplesIT, encodeJSON(p.Sources), p.Note, p.Credit, now, hash, now)
		if err != nil {
			return fmt.Errorf("glossary: insert proposal: %w", err)
		}
		return nil
	})
	return id, err
}

const contributionColumns = `c.id, c.kind, COALESCE(c.term_id, 0), COALESCE(t.slug, ''), c.base_revision, c.name, c.email, c.lang,
	COALESCE(c.user_id, 0), c.term, c.definition, c.explanation, c.examples, c.sources, c.note, c.credit, c.status,
	COALESCE(c.decided_by, 0), c.decided_at, c.decline_reason, c.created_at
	FROM glossary_contributions c LEFT JOIN glossary_terms t ON t.id = c.term_id`

func scanContribution(s scanner) (*Contribution, error) {
	var c Contribution
	var sources string
	var decided sql.NullTime
	if err := s.Scan(&c.ID, &c.Kind, &c.TermID, &c.TermSlug, &c.BaseRevision, &c.Name, &c.Email, &c.Lang,
		&c.UserID, &c.TermIT, &c.DefinitionIT, &c.ExplanationIT, &c.ExamplesIT, &sources, &c.Note, &c.Credit,
		&c.Status, &c.DecidedBy, &decided, &c.DeclineReason, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.DecidedAt = decided.Time
	var err error
	if c.Sources, err = decodeSources(sources); err != nil {
		return nil, err
	}
	return &c, nil
}

// PendingProposals returns the proposals waiting for a decision, oldest
// first.
func PendingProposals(ctx context.Context, d *db.DB) ([]Contribution, error) {
	rows, err := d.Query(ctx, `SELECT `+contributionColumns+` WHERE c.status = ? ORDER BY c.created_at, c.id`, Pending)
	if err != nil {
		return nil, fmt.Errorf("glossary: pending proposals: %w", err)
	}
	defer rows.Close()
	var out []Contribution
	for rows.Next() {
		c, err := scanContribution(rows)
		if err != nil {
			return nil, fmt.Errorf("glossary: scan proposal: %w", err)
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// ContributionByID returns one proposal, decided or not, or ErrNotFound.
func ContributionByID(ctx context.Context, d *db.DB, id int64) (*Contribution, error) {
	return contributionByID(ctx, d, id)
}

func contributionByID(ctx context.Context, q db.Execer, id int64) (*Contribution, error) {
	c, err := scanContribution(q.QueryRow(ctx, `SELECT `+contributionColumns+` WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("glossary: proposal %d: %w", id, err)
	}
	return c, nil
}

// Accept publishes what the editor made of proposal id (e: the
// proposal's texts as the editor left them) as a new term or a new
// revision authored by the editor and crediting the proposer, marks the
// proposal accepted and e-mails the proposer, in one transaction. siteURL
// is the site's address, for the link in the e-mail. A proposal decided
// in the meantime is ErrConflict.
func Accept(ctx context.Context, d *db.DB, a Actor, id int64, e Edit, siteURL string) (*Term, error) {
	if err := e.check(); err != nil {
		return nil, err
	}
	var t *Term
	err := d.Tx(ctx, func(tx *db.Tx) error {
		c, err := contributionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Status != Pending {
			return ErrConflict
		}
		m := revisionMeta{Summary: e.Summary, ContributionID: c.ID}
		if c.Credit {
			m.CreditName = c.Name
		}
		if c.Kind == KindEdit {
			if c.TermID == 0 {
				return ErrNotFound
			}
			cur, cerr := termByID(ctx, tx, c.TermID)
			if cerr != nil {
				return cerr
			}
			t, err = updateTx(ctx, tx, a, cur, 0, e, m)
		} else {
			t, err = createTx(ctx, tx, a, e, m, "")
		}
		if err != nil {
			return err
		}
		if err := decide(ctx, tx, a, c, Accepted, ""); err != nil {
			return err
		}
		m2 := mailAccepted
		if t.Status != Published {
			m2 = mailAcceptedDraft
		}
		return sendDecision(ctx, tx, c, m2, t.Name(c.Lang), strings.TrimRight(siteURL, "/")+t.URL())
	})
	return t, err
}

// Decline closes proposal id with a reason, which is e-mailed to the
// proposer in the language they wrote in.
func Decline(ctx context.Context, d *db.DB, a Actor, id int64, reason string) error {
	reason = cleanText(reason)
	switch {
	case reason == "":
		return Problems{"reason": {"form.required"}}
	case utf8.RuneCountInString(reason) > MaxReason:
		return Problems{"reason": {"glossary.error.reason_too_long"}}
	}
	return d.Tx(ctx, func(tx *db.Tx) error {
		c, err := contributionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.Status != Pending {
			return ErrConflict
		}
		if err := decide(ctx, tx, a, c, Declined, reason); err != nil {
			return err
		}
		return sendDecision(ctx, tx, c, mailDeclined, c.TermIT, reason)
	})
}

// decide marks c accepted or declined, once, and records it.
func decide(ctx context.Context, tx *db.Tx, a Actor, c *Contribution, status, reason string) error {
	var by any
	if a.UserID != 0 {
		by = a.UserID
	}
	res, err := tx.Exec(ctx, `UPDATE glossary_contributions SET status = ?, decided_by = ?, decided_at = ?, decline_reason = ?
		WHERE id = ? AND status = ?`, status, by, db.Now(), reason, c.ID, Pending)
	if err != nil {
		return fmt.Errorf("glossary: decide proposal %d: %w", c.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(ErrConflict, err)
	}
	action := "glossary.proposal.accept"
	if status == Declined {
		action = "glossary.proposal.decline"
	}
	return audit.Record(ctx, tx, audit.Entry{ActorID: a.UserID, ActorLabel: a.Label, Action: action,
		Entity: "glossary_contribution", EntityID: fmt.Sprint(c.ID), IP: a.IP, RequestID: a.RequestID,
		Before: audit.JSON(map[string]any{"status": Pending}),
		After:  audit.JSON(map[string]any{"status": status, "term_id": c.TermID, "kind": c.Kind})})
}

// CountPending is the length of the moderation queue.
func CountPending(ctx context.Context, d *db.DB) (int, error) {
	var n int
	if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM glossary_contributions WHERE status = ?`, Pending).Scan(&n); err != nil {
		return 0, fmt.Errorf("glossary: count pending: %w", err)
	}
	return n, nil
}
