package accounts

import (
	"embed"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/web"
)

//go:embed templates/*.html templates/partials.tmpl
var templates embed.FS

// Register adds the account pages and routes.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("accounts", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	rt.Handle("GET /registrati", authz.ViewPublic, h.signupForm)
	rt.Handle("POST /registrati", authz.ViewPublic, h.signup)
	rt.Handle("GET /registrati/controlla-email", authz.ViewPublic, h.signupSent)
	rt.Handle("GET /verifica-email", authz.ViewPublic, h.verifyForm)
	rt.Handle("POST /verifica-email", authz.ViewPublic, h.verify)
	rt.Handle("GET /accedi", authz.ViewPublic, h.loginForm)
	rt.Handle("POST /accedi", authz.ViewPublic, h.login)
	rt.Handle("POST /esci", authz.ViewPublic, h.logout)
	rt.Handle("GET /password-dimenticata", authz.ViewPublic, h.forgotForm)
	rt.Handle("POST /password-dimenticata", authz.ViewPublic, h.forgot)
	rt.Handle("GET /reimposta-password", authz.ViewPublic, h.resetForm)
	rt.Handle("POST /reimposta-password", authz.ViewPublic, h.reset)

	rt.Handle("GET /account", authz.UseAccount, h.account)
	rt.Handle("GET /account/nome", authz.UseAccount, h.nameForm)
	rt.Handle("POST /account/nome", authz.UseAccount, h.changeName)
	rt.Handle("GET /account/password", authz.UseAccount, h.passwordForm)
	rt.Handle("POST /account/password", authz.UseAccount, h.changePassword)
	rt.Handle("GET /account/email", authz.UseAccount, h.emailForm)
	rt.Handle("POST /account/email", authz.UseAccount, h.changeEmail)
	rt.Handle("GET /account/email/conferma", authz.UseAccount, h.emailConfirmForm)
	rt.Handle("POST /account/email/conferma", authz.UseAccount, h.confirmEmail)
	return nil
}
