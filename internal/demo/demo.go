// Package demo loads the demo data set: the programme's content — a path
// in each of the five pilot territories, each at a different stage, the
// first edition's path in Amiata Grossetana – Colline Metallifere –
// Grossetana with its two tested solutions, the Casa di Comunità path of
// Fiorentina Sud-Est, news —, and the accounts of people in each role.
// Loading twice leaves one copy of everything (content is recognised by
// its slug); the accounts get new one-time passwords, printed for the
// person running the demo. There are no fixed passwords.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/cantieri/cantieri/internal/accounts"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/roles"
	"github.com/cantieri/cantieri/internal/territory"
)

// Person is a demo account and the roles it holds.
type Person struct {
	Email  string
	Name   string
	Grants []authz.Grant
	// What this person can try, shown on the terminal.
	Try string
}

// People are the demo accounts, one per kind of user of PRODUCT.md.
var People = []Person{
	{"admin@demo.cantieri.test", "Giulia Bianchi", []authz.Grant{{Role: authz.Admin}},
		"regional admin: /admin (users and roles, audit log, outbox, jobs)"},
	{"coordinatrice.lunigiana@demo.cantieri.test", "Marta Lombardi", []authz.Grant{{Role: authz.Coordinator, ZoneID: "lunigiana"}},
		"coordinator of Lunigiana"},
	{"coordinatore.amiata@demo.cantieri.test", "Paolo Ricci",
		[]authz.Grant{{Role: authz.Coordinator, ZoneID: "amiata-grossetana-colline-metallifere-grossetana"}},
		"coordinator of Amiata Grossetana – Colline Metallifere – Grossetana"},
	{"comitato.valdera@demo.cantieri.test", "Anna Conti",
		[]authz.Grant{{Role: authz.CommitteeMember, ZoneID: "alta-val-di-cecina-valdera"}},
		"member of the Comitato di Partecipazione of Alta Val di Cecina – Valdera"},
	{"attivatore.valdichiana@demo.cantieri.test", "Luca Moretti",
		[]authz.Grant{{Role: authz.Activator, ZoneID: "valdichiana-aretina"}},
		"community activator in Valdichiana Aretina"},
	{"valutatrice@demo.cantieri.test", "Sara Galli", []authz.Grant{{Role: authz.Evaluator, ZoneID: "fiorentina-nord-ovest"}},
		"member of a selection commission in Fiorentina Nord-Ovest"},
	{"monitoraggio@demo.cantieri.test", "Elena Fontana", []authz.Grant{{Role: authz.Monitor}},
		"external monitoring and evaluation team, every territory"},
	{"cittadino@demo.cantieri.test", "Marco Esposito", nil,
		"participant: a registered citizen without roles"},
}

// Load writes the demo data set into d and prints a summary of the
// content and the accounts with their new passwords to out.
func Load(ctx context.Context, d *db.DB, baseURL string, log *slog.Logger, out io.Writer) error {
	if err := territory.LoadReference(ctx, d); err != nil {
		return fmt.Errorf("demo: territories: %w", err)
	}
	sum, err := loadContent(ctx, d)
	if err != nil {
		return err
	}
	sum.print(out, baseURL)
	added, err := loadActivities(ctx, d, baseURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Activities: %d demo activities added, with sign-ups and, for past ones, attendance\n", added)
	addedTracks, err := loadTracks(ctx, d, baseURL)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Training tracks: %d added in Lunigiana (the demo citizen has completed the activators' one: /account/percorsi-formativi)\n", addedTracks)
	acc := accounts.NewService(d, baseURL, log)
	actor := roles.Actor{Label: "cantieri demo"}
	fmt.Fprintln(out, "Demo accounts (passwords are new at every `cantieri demo`):")
	for _, p := range People {
		pw := password()
		id, err := acc.EnsureUser(ctx, accounts.NewUser{Email: p.Email, Name: p.Name, Password: pw, Verified: true})
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		for _, g := range p.Grants {
			if err := roles.Grant(ctx, d, actor, id, g.Role, g.ZoneID); err != nil && !errors.Is(err, roles.ErrAlreadyGranted) {
				return fmt.Errorf("demo: grant %s to %s: %w", g.Role, p.Email, err)
			}
		}
		fmt.Fprintf(out, "  %-46s %s  %s\n", p.Email, pw, p.Try)
	}
	addedCalls, err := loadCalls(ctx, d, baseURL, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Calls: %d added (one open in Lunigiana, one being scored and one with its outcome in Fiorentina Nord-Ovest: /bandi; the evaluator's commission: /commissione)\n", addedCalls)
	fmt.Fprintf(out, "Log in at %s/accedi\n", baseURL)
	return nil
}

// password returns a random password that is easy to type from a
// terminal: 16 characters without look-alikes.
func password() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
