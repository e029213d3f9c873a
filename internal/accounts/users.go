package accounts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

// User is a stored account.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	VerifiedAt   *time.Time
	Locale       string
	Disabled     bool
	CreatedAt    time.Time
}

// Verified reports whether the user has confirmed their e-mail address.
func (u *User) Verified() bool { return u.VerifiedAt != nil }

// HasPassword reports whether the user has set a password.
func (u *User) HasPassword() bool { return u.PasswordHash != "" }

const userColumns = `id, email, name, password_hash, email_verified_at, locale, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var verified sql.NullTime
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &verified, &u.Locale, &u.Disabled, &u.CreatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, db.ErrNotFound
		}
		return nil, err
	}
	if verified.Valid {
		t := verified.Time
		u.VerifiedAt = &t
	}
	return &u, nil
}

// userByEmail returns the user with the normalised address email, or
// db.ErrNotFound.
func userByEmail(ctx context.Context, q db.Execer, email string) (*User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, fmt.Errorf("accounts: user by e-mail: %w", err)
	}
	return u, err
}

// userByID returns the user id, or db.ErrNotFound.
func userByID(ctx context.Context, q db.Execer, id int64) (*User, error) {
	u, err := scanUser(q.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		return nil, fmt.Errorf("accounts: user %d: %w", id, err)
	}
	return u, err
}

// UserByEmail returns the user with that address (any case), or
// db.ErrNotFound; for other features and the command line.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	e, ok := NormalizeEmail(email)
	if !ok {
		return nil, db.ErrNotFound
	}
	return userByEmail(ctx, s.DB, e)
}

// insertUser stores a new user and returns its id. A taken address gives
// errEmailTaken.
func insertUser(ctx context.Context, tx *db.Tx, email, name, hash, locale string, verified bool) (int64, error) {
	now := db.Now()
	var verifiedAt any
	if verified {
		verifiedAt = now
	}
	id, err := tx.InsertID(ctx, `INSERT INTO users (email, name, password_hash, email_verified_at, locale, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)`, email, name, hash, verifiedAt, locale, now, now)
	if db.IsUniqueViolation(err) {
		return 0, errEmailTaken
	}
	if err != nil {
		return 0, fmt.Errorf("accounts: insert user: %w", err)
	}
	return id, nil
}

var errEmailTaken = errors.New("accounts: e-mail already registered")

// NormalizeEmail trims and lower-cases an address and reports whether it is
// a single plain address we accept.
func NormalizeEmail(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || len(s) > MaxEmailLen || !web.ValidEmail(s) {
		return "", false
	}
	return s, true
}

// cleanName trims a display name and reports the message key of its
// problem, if any: required, too long, or with control characters.
func cleanName(s string) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "":
		return "", "form.required"
	case len([]rune(s)) > MaxNameLen:
		return s, "form.too_long"
	case strings.ContainsFunc(s, isControl):
		return s, "accounts.name.invalid"
	}
	return s, ""
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0x2028 || r == 0x2029 }

// NewUser is an account created by trusted code (demo data, tests), not
// by the sign-up form: the password policy is not applied.
type NewUser struct {
	Email    string
	Name     string
	Password string // empty for an account without a password
	Verified bool
	Locale   string // "it" when empty
}

// CreateUser stores a new account and returns its id.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (int64, error) {
	email, ok := NormalizeEmail(in.Email)
	if !ok {
		return 0, fmt.Errorf("accounts: create user: %q is not a valid e-mail address", in.Email)
	}
	hash := ""
	if in.Password != "" {
		var err error
		if hash, err = hashPassword(in.Password); err != nil {
			return 0, err
		}
	}
	if in.Locale == "" {
		in.Locale = "it"
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = insertUser(ctx, tx, email, in.Name, hash, in.Locale, in.Verified)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("accounts: create user %s: %w", email, err)
	}
	return id, nil
}

// EnsureUser makes sure a verified account with this e-mail exists, with
// this password and name, for trusted code (the demo loader): it creates
// the account or resets the password of the existing one, and returns its
// id. The password policy is not applied and no e-mail is sent.
func (s *Service) EnsureUser(ctx context.Context, in NewUser) (int64, error) {
	email, ok := NormalizeEmail(in.Email)
	if !ok {
		return 0, fmt.Errorf("accounts: ensure user: %q is not a valid e-mail address", in.Email)
	}
	hash, err := hashPassword(in.Password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		u, err := userByEmail(ctx, tx, email)
		if errors.Is(err, db.ErrNotFound) {
			id, err = insertUser(ctx, tx, email, in.Name, hash, string(i18n.Default), true)
			return err
		}
		if err != nil {
			return err
		}
		id = u.ID
		_, err = tx.Exec(ctx, `UPDATE users SET password_hash = ?, name = ?, email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?`,
			hash, in.Name, db.Now(), db.Now(), id)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("accounts: ensure user %s: %w", email, err)
	}
	return id, nil
}
