package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/roles"
)

// systemActor is who the command line acts as in the audit log.
var systemActor = roles.Actor{Label: "cantieri user (command line)"}

// CreateAdmin makes email a regional admin: it creates a verified account
// without any password (or takes the existing one), grants admin, and
// e-mails a link to set the password, valid seven days, which it also
// returns so the operator can pass it on. created reports whether the
// account is new.
func (s *Service) CreateAdmin(ctx context.Context, email string) (link string, created bool, err error) {
	e, ok := NormalizeEmail(email)
	if !ok {
		return "", false, fmt.Errorf("accounts: %q is not a valid e-mail address", email)
	}
	var id int64
	err = s.DB.Tx(ctx, func(tx *db.Tx) error {
		u, err := userByEmail(ctx, tx, e)
		switch {
		case err == nil:
			id = u.ID
			return nil
		case !errors.Is(err, db.ErrNotFound):
			return err
		}
		if id, err = insertUser(ctx, tx, e, "", "", string(i18n.Default), true); err != nil {
			return err
		}
		created = true
		return audit.Record(ctx, tx, audit.Entry{ActorLabel: systemActor.Label, Action: "account.create", Entity: "user",
			EntityID: fmt.Sprint(id), After: audit.JSON(map[string]string{"email": e})})
	})
	if err != nil {
		return "", false, err
	}
	if err := roles.Grant(ctx, s.DB, systemActor, id, authz.Admin, ""); err != nil && !errors.Is(err, roles.ErrAlreadyGranted) {
		return "", created, err
	}
	link, err = s.passwordSetLink(ctx, id, mailAdminSetup)
	return link, created, err
}

// PasswordSetLink e-mails the user with that address a link to choose a new
// password, valid seven days, and returns it; for `cantieri user
// reset-password`, when the owner cannot use the reset form.
func (s *Service) PasswordSetLink(ctx context.Context, email string) (string, error) {
	u, err := s.UserByEmail(ctx, email)
	if errors.Is(err, db.ErrNotFound) {
		return "", fmt.Errorf("accounts: no account with e-mail %q", email)
	}
	if err != nil {
		return "", err
	}
	return s.passwordSetLink(ctx, u.ID, mailPasswordLink)
}

func (s *Service) passwordSetLink(ctx context.Context, userID int64, e email) (string, error) {
	var link string
	err := s.DB.Tx(ctx, func(tx *db.Tx) error {
		u, err := userByID(ctx, tx, userID)
		if err != nil {
			return err
		}
		secret, err := issueToken(ctx, tx, u.ID, purposeReset, "", AdminSetupTokenTTL)
		if err != nil {
			return err
		}
		link = s.link("/reimposta-password", secret)
		if err := send(ctx, tx, u.Email, u.Locale, u.Name, e, link); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorLabel: systemActor.Label, Action: "account.password_link", Entity: "user",
			EntityID: fmt.Sprint(u.ID)})
	})
	return link, err
}
