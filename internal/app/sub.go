package app

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/platform/authz"
)

// sessions returns the loader of the signed-in user; the accounts feature
// provides it.
func (a *App) sessions() func(http.ResponseWriter, *http.Request) (*authz.Principal, error) {
	return a.accounts().Load
}

// accounts returns the account service. It keeps no state that matters
// between instances, so the routes and the session loader may each have one.
func (a *App) accounts() *accounts.Service {
	return accounts.NewService(a.DB, a.Config.BaseURL, a.Log)
}
