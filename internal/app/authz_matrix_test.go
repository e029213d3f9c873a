package app_test

// The authorisation matrix: the specification of who may do what, where.
//
//  1. routeTable lists every route of the application with the action it
//     requires. A route registered without a row, or a row whose route is
//     gone, fails TestEveryRouteHasARowInTheMatrix.
//  2. canTable says, for every action, which kind of user may perform it in
//     zone A, in zone B and outside any zone. TestPolicyMatchesTheMatrix
//     checks authz.Can against it, cell by cell.
//  3. TestRoutesEnforceTheMatrix requests every route as every kind of user
//     through the real router and checks the answer: a visitor who may not
//     is sent to the login page, a signed-in user who may not gets the 403
//     page, and whoever may is let through. So that every action is tried
//     in zone A, zone B and outside any zone even before a feature has a
//     route for it, the test also adds two fixture routes per action to its
//     router: /_matrice/<action>/{zone} and /_matrice/<action>.
//
// Adding a route: add its row. Adding an action: add its line to canTable.
// Adding a role: add its column.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/activities"
	"github.com/cantieri/cantieri/internal/app"
	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/tracks"
)

// The two zones of the matrix: roles are granted in zone A.
const (
	zoneA = "lunigiana"
	zoneB = "valdichiana-aretina"
)

// routeRow is one route: its pattern exactly as registered, the action it
// requires, whether the zone comes from the request, and a concrete URL to
// request (for a territorial route, {zone} is replaced by the zone under
// test). Probes name records that do not exist where they can, so that
// allowed POSTs change nothing and answer 404 or a validation error.
type routeRow struct {
	pattern     string
	action      authz.Action
	territorial bool
	probe       string
}

var routeTable = []routeRow{
	// Platform.
	{"/", authz.ViewPublic, false, "/pagina-che-non-esiste"},
	{"GET /static/", authz.ViewPublic, false, "/static/nessun-file.css"},
	{"GET /healthz", authz.ViewPublic, false, "/healthz"},
	{"GET /readyz", authz.ViewPublic, false, "/readyz"},
	{"GET /metrics", authz.ViewPublic, false, "/metrics"},

	// Fixed pages.
	{"GET /{$}", authz.ViewPublic, false, "/"},
	{"GET /privacy", authz.ViewPublic, false, "/privacy"},
	{"GET /note-legali", authz.ViewPublic, false, "/note-legali"},
	{"GET /accessibilita", authz.ViewPublic, false, "/accessibilita"},
	{"GET /lingua/{lang}", authz.ViewPublic, false, "/lingua/en"},
	{"GET /sitemap.xml", authz.ViewPublic, false, "/sitemap.xml"},
	{"GET /robots.txt", authz.ViewPublic, false, "/robots.txt"},
	{"GET /gestione", authz.UseAccount, false, "/gestione"},
	{"GET /gestione/testi", authz.EditRegion, false, "/gestione/testi"},
	{"GET /gestione/testi/{key}", authz.EditRegion, false, "/gestione/testi/testo-che-non-esiste"},
	{"POST /gestione/testi/{key}", authz.EditRegion, false, "/gestione/testi/testo-che-non-esiste"},
	{"GET /cerca", authz.ViewPublic, false, "/cerca?q=salute"},

	// Accounts: public forms.
	{"GET /registrati", authz.ViewPublic, false, "/registrati"},
	{"POST /registrati", authz.ViewPublic, false, "/registrati"},
	{"GET /registrati/controlla-email", authz.ViewPublic, false, "/registrati/controlla-email"},
	{"GET /verifica-email", authz.ViewPublic, false, "/verifica-email"},
	{"POST /verifica-email", authz.ViewPublic, false, "/verifica-email"},
	{"GET /accedi", authz.ViewPublic, false, "/accedi"},
	{"POST /accedi", authz.ViewPublic, false, "/accedi"},
	{"POST /esci", authz.ViewPublic, false, "/esci"},
	{"GET /password-dimenticata", authz.ViewPublic, false, "/password-dimenticata"},
	{"POST /password-dimenticata", authz.ViewPublic, false, "/password-dimenticata"},
	{"GET /reimposta-password", authz.ViewPublic, false, "/reimposta-password"},
	{"POST /reimposta-password", authz.ViewPublic, false, "/reimposta-password"},

	// Accounts: one's own account.
	{"GET /account", authz.UseAccount, false, "/account"},
	{"GET /account/nome", authz.UseAccount, false, "/account/nome"},
	{"POST /account/nome", authz.UseAccount, false, "/account/nome"},
	{"GET /account/password", authz.UseAccount, false, "/account/password"},
	{"POST /account/password", authz.UseAccount, false, "/account/password"},
	{"GET /account/email", authz.UseAccount, false, "/account/email"},
	{"POST /account/email", authz.UseAccount, false, "/account/email"},
	{"GET /account/email/conferma", authz.UseAccount, false, "/account/email/conferma"},
	{"POST /account/email/conferma", authz.UseAccount, false, "/account/email/conferma"},

	// Administration.
	{"GET /admin", authz.ManageUsers, false, "/admin"},
	{"GET /admin/utenti", authz.ManageUsers, false, "/admin/utenti"},
	{"GET /admin/utenti/{id}", authz.ManageUsers, false, "/admin/utenti/999999"},
	{"POST /admin/utenti/{id}/ruoli", authz.ManageUsers, false, "/admin/utenti/999999/ruoli"},
	{"POST /admin/utenti/{id}/ruoli/{grant}/revoca", authz.ManageUsers, false, "/admin/utenti/999999/ruoli/999999/revoca"},
	{"GET /admin/audit", authz.ViewAudit, false, "/admin/audit"},
	{"GET /admin/outbox", authz.OperatePlatform, false, "/admin/outbox"},
	{"GET /admin/outbox/{id}", authz.OperatePlatform, false, "/admin/outbox/999999"},
	{"GET /admin/jobs", authz.OperatePlatform, false, "/admin/jobs"},
	{"POST /admin/jobs/{id}/riprova", authz.OperatePlatform, false, "/admin/jobs/999999/riprova"},

	// News (coordinators in their territories, admins everywhere) and the
	// FAQ (admins). Item probes name an item that does not exist.
	{"GET /notizie", authz.ViewPublic, false, "/notizie?page=99999"},
	{"GET /notizie/feed.rss", authz.ViewPublic, false, "/notizie/feed.rss"},
	{"GET /notizie/feed.atom", authz.ViewPublic, false, "/notizie/feed.atom"},
	{"GET /notizie/{slug}", authz.ViewPublic, false, "/notizie/notizia-che-non-esiste"},
	{"GET /territori/{zona}/feed.rss", authz.ViewPublic, false, "/territori/lunigiana/feed.rss"},
	{"GET /territori/{zona}/feed.atom", authz.ViewPublic, false, "/territori/lunigiana/feed.atom"},
	{"GET /file/{hash}", authz.ViewPublic, false, "/file/0000000000000000000000000000000000000000000000000000000000000000"},
	{"GET /gestione/notizie", authz.EditTerritory, false, "/gestione/notizie"},
	{"GET /gestione/notizie/nuova", authz.EditRegion, false, "/gestione/notizie/nuova"},
	{"POST /gestione/notizie/nuova", authz.EditRegion, false, "/gestione/notizie/nuova"},
	{"GET /gestione/notizie/{id}", authz.EditRegion, false, "/gestione/notizie/999999"},
	{"POST /gestione/notizie/{id}", authz.EditRegion, false, "/gestione/notizie/999999"},
	{"GET /gestione/notizie/{id}/anteprima", authz.EditRegion, false, "/gestione/notizie/999999/anteprima"},
	{"POST /gestione/notizie/{id}/stato", authz.EditRegion, false, "/gestione/notizie/999999/stato"},
	{"GET /gestione/notizie/{id}/copertina", authz.EditRegion, false, "/gestione/notizie/999999/copertina"},
	{"GET /gestione/territori/{zone}/notizie/nuova", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/nuova"},
	{"POST /gestione/territori/{zone}/notizie/nuova", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/nuova"},
	{"GET /gestione/territori/{zone}/notizie/{id}", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/999999"},
	{"POST /gestione/territori/{zone}/notizie/{id}", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/999999"},
	{"GET /gestione/territori/{zone}/notizie/{id}/anteprima", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/999999/anteprima"},
	{"POST /gestione/territori/{zone}/notizie/{id}/stato", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/999999/stato"},
	{"GET /gestione/territori/{zone}/notizie/{id}/copertina", authz.EditTerritory, true, "/gestione/territori/{zone}/notizie/999999/copertina"},
	{"GET /faq", authz.ViewPublic, false, "/faq"},
	{"GET /gestione/faq", authz.EditRegion, false, "/gestione/faq"},
	{"GET /gestione/faq/nuova", authz.EditRegion, false, "/gestione/faq/nuova"},
	{"POST /gestione/faq/nuova", authz.EditRegion, false, "/gestione/faq/nuova"},
	{"GET /gestione/faq/{id}", authz.EditRegion, false, "/gestione/faq/999999"},
	{"POST /gestione/faq/{id}", authz.EditRegion, false, "/gestione/faq/999999"},
	{"POST /gestione/faq/{id}/sposta", authz.EditRegion, false, "/gestione/faq/999999/sposta"},
	// Newsletter (internal/newsletter): subscribing, the personal links
	// and the archive are public; subscribers, imports and bounces are
	// regional (admins); campaigns are regional, or a coordinator's in a
	// territory. Probes name a campaign or token that does not exist.
	{"GET /newsletter", authz.ViewPublic, false, "/newsletter"},
	{"POST /newsletter", authz.ViewPublic, false, "/newsletter"},
	{"GET /newsletter/controlla-email", authz.ViewPublic, false, "/newsletter/controlla-email"},
	{"GET /newsletter/conferma", authz.ViewPublic, false, "/newsletter/conferma?t=nessuno"},
	{"POST /newsletter/conferma", authz.ViewPublic, false, "/newsletter/conferma"},
	{"POST /newsletter/conferma/nuovo-link", authz.ViewPublic, false, "/newsletter/conferma/nuovo-link"},
	{"GET /newsletter/preferenze", authz.ViewPublic, false, "/newsletter/preferenze?t=nessuno"},
	{"POST /newsletter/preferenze", authz.ViewPublic, false, "/newsletter/preferenze"},
	{"GET /newsletter/disiscriviti", authz.ViewPublic, false, "/newsletter/disiscriviti?t=nessuno"},
	{"POST /newsletter/disiscriviti", authz.ViewPublic, false, "/newsletter/disiscriviti?t=nessuno"},
	{"GET /newsletter/archivio", authz.ViewPublic, false, "/newsletter/archivio"},
	{"GET /newsletter/archivio/{id}", authz.ViewPublic, false, "/newsletter/archivio/999999"},
	{"GET /gestione/newsletter", authz.EditTerritory, false, "/gestione/newsletter"},
	{"GET /gestione/newsletter/iscritti", authz.EditRegion, false, "/gestione/newsletter/iscritti"},
	{"GET /gestione/newsletter/importa", authz.EditRegion, false, "/gestione/newsletter/importa"},
	{"POST /gestione/newsletter/importa", authz.EditRegion, false, "/gestione/newsletter/importa"},
	{"GET /gestione/newsletter/rimbalzi", authz.EditRegion, false, "/gestione/newsletter/rimbalzi"},
	{"POST /gestione/newsletter/rimbalzi", authz.EditRegion, false, "/gestione/newsletter/rimbalzi"},
	{"GET /gestione/newsletter/campagne/nuova", authz.EditRegion, false, "/gestione/newsletter/campagne/nuova"},
	{"POST /gestione/newsletter/campagne/nuova", authz.EditRegion, false, "/gestione/newsletter/campagne/nuova"},
	{"GET /gestione/newsletter/campagne/{id}", authz.EditRegion, false, "/gestione/newsletter/campagne/999999"},
	{"POST /gestione/newsletter/campagne/{id}", authz.EditRegion, false, "/gestione/newsletter/campagne/999999"},
	{"GET /gestione/newsletter/campagne/{id}/anteprima", authz.EditRegion, false, "/gestione/newsletter/campagne/999999/anteprima"},
	{"POST /gestione/newsletter/campagne/{id}/prova", authz.EditRegion, false, "/gestione/newsletter/campagne/999999/prova"},
	{"POST /gestione/newsletter/campagne/{id}/programma", authz.EditRegion, false, "/gestione/newsletter/campagne/999999/programma"},
	{"POST /gestione/newsletter/campagne/{id}/annulla", authz.EditRegion, false, "/gestione/newsletter/campagne/999999/annulla"},
	{"POST /gestione/newsletter/campagne/{id}/pausa", authz.EditRegion, false, "/gestione/newsletter/campagne/999999/pausa"},
	{"POST /gestione/newsletter/campagne/{id}/riprendi", authz.EditRegion, false, "/gestione/newsletter/campagne/999999/riprendi"},
	{"GET /gestione/territori/{zone}/newsletter/campagne/nuova", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/nuova"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/nuova", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/nuova"},
	{"GET /gestione/territori/{zone}/newsletter/campagne/{id}", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/{id}", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999"},
	{"GET /gestione/territori/{zone}/newsletter/campagne/{id}/anteprima", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999/anteprima"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/{id}/prova", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999/prova"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/{id}/programma", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999/programma"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/{id}/annulla", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999/annulla"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/{id}/pausa", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999/pausa"},
	{"POST /gestione/territori/{zone}/newsletter/campagne/{id}/riprendi", authz.EditTerritory, true, "/gestione/territori/{zone}/newsletter/campagne/999999/riprendi"},

	// Territories, paths and tested solutions (internal/paths). Editing
	// routes find the zone from the record named in the URL: their probes
	// name the records matrixRecords creates in each zone.
	{"GET /territori", authz.ViewPublic, false, "/territori"},
	{"GET /territori/{zona}", authz.ViewPublic, false, "/territori/lunigiana"},
	{"GET /percorsi", authz.ViewPublic, false, "/percorsi?page=99999"},
	{"GET /percorsi/{slug}", authz.ViewPublic, false, "/percorsi/percorso-che-non-esiste"},
	{"GET /percorsi/{slug}/cronoprogramma", authz.ViewPublic, false, "/percorsi/percorso-che-non-esiste/cronoprogramma"},
	{"GET /gestione/percorsi", authz.EditTerritory, false, "/gestione/percorsi"},
	{"GET /gestione/percorsi/nuovo", authz.EditTerritory, false, "/gestione/percorsi/nuovo"},
	{"POST /gestione/percorsi/nuovo", authz.EditTerritory, false, "/gestione/percorsi/nuovo"},
	{"GET /gestione/percorsi/{slug}", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}"},
	{"POST /gestione/percorsi/{slug}", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}"},
	{"POST /gestione/percorsi/{slug}/pubblica", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/pubblica"},
	{"POST /gestione/percorsi/{slug}/ritira", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/ritira"},
	{"GET /gestione/percorsi/{slug}/fasi/{fase}", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/fasi/1"},
	{"POST /gestione/percorsi/{slug}/fasi/{fase}", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/fasi/1"},
	{"GET /gestione/soluzioni", authz.EditTerritory, false, "/gestione/soluzioni"},
	{"GET /gestione/soluzioni/nuova", authz.EditTerritory, false, "/gestione/soluzioni/nuova"},
	{"POST /gestione/soluzioni/nuova", authz.EditTerritory, false, "/gestione/soluzioni/nuova"},
	{"GET /gestione/soluzioni/{slug}", authz.EditTerritory, true, "/gestione/soluzioni/matrice-{zone}"},
	{"POST /gestione/soluzioni/{slug}", authz.EditTerritory, true, "/gestione/soluzioni/matrice-{zone}"},
	{"POST /gestione/soluzioni/{slug}/elimina", authz.EditTerritory, true, "/gestione/soluzioni/matrice-{zone}/elimina"},

	// The glossary (internal/glossary): anyone reads and proposes; glossary
	// editors (region-wide) and admins edit and moderate. GET
	// /glossario/{first}/{second} serves the letter pages and the history,
	// compare and propose-a-change pages of a term.
	{"GET /glossario", authz.ViewPublic, false, "/glossario"},
	{"GET /glossario/proponi", authz.ViewPublic, false, "/glossario/proponi"},
	{"POST /glossario/proponi", authz.ViewPublic, false, "/glossario/proponi"},
	{"GET /glossario/proposta-inviata", authz.ViewPublic, false, "/glossario/proposta-inviata"},
	{"GET /glossario/{slug}", authz.ViewPublic, false, "/glossario/voce-che-non-esiste"},
	{"GET /glossario/{first}/{second}", authz.ViewPublic, false, "/glossario/lettera/a"},
	{"POST /glossario/{slug}/proponi-modifica", authz.ViewPublic, false, "/glossario/voce-che-non-esiste/proponi-modifica"},
	{"GET /gestione/glossario", authz.EditGlossary, false, "/gestione/glossario"},
	{"GET /gestione/glossario/nuova", authz.EditGlossary, false, "/gestione/glossario/nuova"},
	{"POST /gestione/glossario/nuova", authz.EditGlossary, false, "/gestione/glossario/nuova"},
	{"GET /gestione/glossario/voci/{slug}", authz.EditGlossary, false, "/gestione/glossario/voci/voce-che-non-esiste"},
	{"POST /gestione/glossario/voci/{slug}", authz.EditGlossary, false, "/gestione/glossario/voci/voce-che-non-esiste"},
	{"POST /gestione/glossario/voci/{slug}/ripristina", authz.EditGlossary, false, "/gestione/glossario/voci/voce-che-non-esiste/ripristina"},
	{"GET /gestione/glossario/proposte", authz.EditGlossary, false, "/gestione/glossario/proposte"},
	{"GET /gestione/glossario/proposte/{id}", authz.EditGlossary, false, "/gestione/glossario/proposte/999999"},
	{"POST /gestione/glossario/proposte/{id}/accetta", authz.EditGlossary, false, "/gestione/glossario/proposte/999999/accetta"},
	{"POST /gestione/glossario/proposte/{id}/rifiuta", authz.EditGlossary, false, "/gestione/glossario/proposte/999999/rifiuta"},

	// Activities, the calendar and sign-ups (internal/activities). Anyone
	// reads, signs up and cancels with a personal link; coordinators edit
	// in the zone of the path or activity (probes: the path and the
	// activity matrixRecords creates in each zone).
	{"GET /calendario", authz.ViewPublic, false, "/calendario"},
	{"GET /calendario.ics", authz.ViewPublic, false, "/calendario.ics"},
	{"GET /territori/{zona}/calendario.ics", authz.ViewPublic, false, "/territori/lunigiana/calendario.ics"},
	{"GET /percorsi/{slug}/calendario.ics", authz.ViewPublic, false, "/percorsi/percorso-che-non-esiste/calendario.ics"},
	{"GET /attivita/{id}", authz.ViewPublic, false, "/attivita/999999"},
	{"GET /attivita/{id}/evento.ics", authz.ViewPublic, false, "/attivita/999999/evento.ics"},
	{"POST /attivita/{id}/iscrizione", authz.ViewPublic, false, "/attivita/999999/iscrizione"},
	{"GET /attivita/{id}/iscrizione/annulla", authz.ViewPublic, false, "/attivita/999999/iscrizione/annulla?t=x"},
	{"POST /attivita/{id}/iscrizione/annulla", authz.ViewPublic, false, "/attivita/999999/iscrizione/annulla"},
	{"GET /gestione/attivita", authz.EditTerritory, false, "/gestione/attivita"},
	{"GET /gestione/percorsi/{slug}/attivita/nuova", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/attivita/nuova"},
	{"POST /gestione/percorsi/{slug}/attivita/nuova", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/attivita/nuova"},
	{"GET /gestione/attivita/{id}", authz.EditTerritory, true, "/gestione/attivita/{activity}"},
	{"POST /gestione/attivita/{id}", authz.EditTerritory, true, "/gestione/attivita/{activity}"},
	{"POST /gestione/attivita/{id}/pubblica", authz.EditTerritory, true, "/gestione/attivita/{activity}/pubblica"},
	{"POST /gestione/attivita/{id}/annulla", authz.EditTerritory, true, "/gestione/attivita/{activity}/annulla"},
	{"GET /gestione/attivita/{id}/iscrizioni", authz.EditTerritory, true, "/gestione/attivita/{activity}/iscrizioni"},
	{"POST /gestione/attivita/{id}/iscrizioni", authz.EditTerritory, true, "/gestione/attivita/{activity}/iscrizioni"},
	// Attendance, the register and the exports: the same coordinators; a
	// participant's ticket is opened by its secret code.
	{"GET /attivita/{id}/biglietto/{code}", authz.ViewPublic, false, "/attivita/999999/biglietto/ZZZZZZZZZZ"},
	{"GET /gestione/attivita/{id}/presenze", authz.EditTerritory, true, "/gestione/attivita/{activity}/presenze"},
	{"GET /gestione/attivita/{id}/presenze/codice/{code}", authz.EditTerritory, true, "/gestione/attivita/{activity}/presenze/codice/ZZZZZZZZZZ"},
	{"POST /gestione/attivita/{id}/presenze/codice", authz.EditTerritory, true, "/gestione/attivita/{activity}/presenze/codice"},
	{"POST /gestione/attivita/{id}/presenze/spunta", authz.EditTerritory, true, "/gestione/attivita/{activity}/presenze/spunta"},
	{"POST /gestione/attivita/{id}/presenze/senza-iscrizione", authz.EditTerritory, true, "/gestione/attivita/{activity}/presenze/senza-iscrizione"},
	{"POST /gestione/attivita/{id}/presenze/annulla", authz.EditTerritory, true, "/gestione/attivita/{activity}/presenze/annulla"},
	{"GET /gestione/attivita/{id}/registro", authz.EditTerritory, true, "/gestione/attivita/{activity}/registro"},
	{"GET /gestione/attivita/{id}/esporta.csv", authz.EditTerritory, true, "/gestione/attivita/{activity}/esporta.csv"},
	{"GET /gestione/attivita/{id}/esporta.xlsx", authz.EditTerritory, true, "/gestione/attivita/{activity}/esporta.xlsx"},
	{"GET /gestione/attivita/esportazione", authz.EditTerritory, true, "/gestione/attivita/esportazione?territorio={zone}&formato=csv"},

	// Training tracks (internal/tracks): coordinators of the track's zone
	// (probes: the track matrixRecords creates in each zone); the
	// participant's own tracks; anyone verifies a certificate.
	{"GET /gestione/percorsi-formativi", authz.EditTerritory, false, "/gestione/percorsi-formativi"},
	{"GET /gestione/percorsi-formativi/nuovo", authz.EditTerritory, false, "/gestione/percorsi-formativi/nuovo"},
	{"POST /gestione/percorsi-formativi/nuovo", authz.EditTerritory, false, "/gestione/percorsi-formativi/nuovo"},
	{"GET /gestione/percorsi-formativi/{id}", authz.EditTerritory, true, "/gestione/percorsi-formativi/{track}"},
	{"GET /gestione/percorsi-formativi/{id}/modifica", authz.EditTerritory, true, "/gestione/percorsi-formativi/{track}/modifica"},
	{"POST /gestione/percorsi-formativi/{id}/modifica", authz.EditTerritory, true, "/gestione/percorsi-formativi/{track}/modifica"},
	{"POST /gestione/percorsi-formativi/{id}/iscritti", authz.EditTerritory, true, "/gestione/percorsi-formativi/{track}/iscritti"},
	{"POST /gestione/percorsi-formativi/{id}/attestati", authz.EditTerritory, true, "/gestione/percorsi-formativi/{track}/attestati"},
	{"GET /gestione/percorsi-formativi/{id}/attestati/{code}", authz.EditTerritory, true, "/gestione/percorsi-formativi/{track}/attestati/2222-3333-4444"},
	{"GET /account/percorsi-formativi", authz.UseAccount, false, "/account/percorsi-formativi"},
	{"GET /account/percorsi-formativi/{id}/attestato", authz.UseAccount, false, "/account/percorsi-formativi/999999/attestato"},
	{"GET /attestati", authz.ViewPublic, false, "/attestati?codice=2222-3333-4444"},
	{"GET /attestati/{code}", authz.ViewPublic, false, "/attestati/2222-3333-4444"},

	// Minutes and materials of activities (internal/materials): the bytes
	// behind their own check; coordinators of the activity's zone upload
	// and change them.
	{"GET /attivita/{id}/materiali/{mid}", authz.ViewPublic, false, "/attivita/999999/materiali/1"},
	{"GET /gestione/attivita/{id}/materiali", authz.EditTerritory, true, "/gestione/attivita/{activity}/materiali"},
	{"POST /gestione/attivita/{id}/materiali", authz.EditTerritory, true, "/gestione/attivita/{activity}/materiali"},
	{"POST /gestione/attivita/{id}/materiali/{mid}", authz.EditTerritory, true, "/gestione/attivita/{activity}/materiali/999999"},

	// Calls for expressions of interest (internal/calls). Applicants act on
	// their own application, coordinators in the call's zone; calls.AccessTo
	// adds the object-level checks (internal/calls/handlers_test.go).
	{"GET /bandi", authz.ViewPublic, false, "/bandi"},
	{"GET /bandi/{id}", authz.ViewPublic, false, "/bandi/999999"},
	{"GET /bandi/{id}/domanda", authz.UseAccount, false, "/bandi/999999/domanda"},
	{"POST /bandi/{id}/domanda", authz.UseAccount, false, "/bandi/999999/domanda"},
	{"POST /bandi/{id}/domanda/invia", authz.UseAccount, false, "/bandi/999999/domanda/invia"},
	{"POST /bandi/{id}/domanda/ritira", authz.UseAccount, false, "/bandi/999999/domanda/ritira"},
	{"GET /domande", authz.UseAccount, false, "/domande"},
	{"GET /domande/{id}", authz.UseAccount, false, "/domande/999999"},
	{"GET /domande/{id}/allegati/{field}", authz.UseAccount, false, "/domande/999999/allegati/1"},
	{"GET /gestione/bandi", authz.EditTerritory, false, "/gestione/bandi"},
	{"GET /gestione/bandi/nuovo", authz.EditRegion, false, "/gestione/bandi/nuovo"},
	{"POST /gestione/bandi/nuovo", authz.EditRegion, false, "/gestione/bandi/nuovo"},
	{"GET /gestione/percorsi/{slug}/bandi/nuovo", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/bandi/nuovo"},
	{"POST /gestione/percorsi/{slug}/bandi/nuovo", authz.EditTerritory, true, "/gestione/percorsi/matrice-{zone}/bandi/nuovo"},
	{"GET /gestione/bandi/{id}", authz.EditTerritory, true, "/gestione/bandi/{call}"},
	{"POST /gestione/bandi/{id}", authz.EditTerritory, true, "/gestione/bandi/{call}"},
	{"POST /gestione/bandi/{id}/pubblica", authz.EditTerritory, true, "/gestione/bandi/{call}/pubblica"},
	{"POST /gestione/bandi/{id}/documenti", authz.EditTerritory, true, "/gestione/bandi/{call}/documenti"},
	{"GET /gestione/bandi/{id}/domande", authz.EditTerritory, true, "/gestione/bandi/{call}/domande"},
	{"POST /gestione/domande/{id}/ammissibilita", authz.EditTerritory, true, "/gestione/domande/{application}/ammissibilita"},
	{"POST /gestione/domande/{id}/integrazione", authz.EditTerritory, true, "/gestione/domande/{application}/integrazione"},
	{"POST /domande/{id}/integrazione", authz.UseAccount, false, "/domande/999999/integrazione"},
	{"POST /gestione/bandi/{id}/graduatoria", authz.EditTerritory, true, "/gestione/bandi/{call}/graduatoria"},
	{"POST /gestione/bandi/{id}/esito", authz.EditTerritory, true, "/gestione/bandi/{call}/esito"},
	{"GET /commissione", authz.EvaluateCall, false, "/commissione"},
	{"GET /commissione/bandi/{id}", authz.EvaluateCall, true, "/commissione/bandi/{call}"},
	{"GET /commissione/domande/{id}", authz.EvaluateCall, true, "/commissione/domande/{application}"},
	{"POST /commissione/domande/{id}", authz.EvaluateCall, true, "/commissione/domande/{application}"},
	{"POST /commissione/domande/{id}/dichiarazione", authz.EvaluateCall, true, "/commissione/domande/{application}/dichiarazione"},
	{"GET /bandi/{id}/esito", authz.ViewPublic, false, "/bandi/999999/esito"},
	{"GET /domande/{id}/ricevuta.pdf", authz.UseAccount, false, "/domande/999999/ricevuta.pdf"},
	{"GET /gestione/bandi/{id}/punteggi.csv", authz.EditTerritory, true, "/gestione/bandi/{call}/punteggi.csv"},
	{"GET /gestione/bandi/{id}/punteggi.xlsx", authz.EditTerritory, true, "/gestione/bandi/{call}/punteggi.xlsx"},
	{"GET /gestione/bandi/{id}/punteggi.pdf", authz.EditTerritory, true, "/gestione/bandi/{call}/punteggi.pdf"},
}

// canTable: one line per action, one column per kind of user. Each cell
// reads zone A, zone B, no zone: Y allowed, - denied. Role holders hold
// their role in zone A only; admin holds it everywhere. Outside any zone
// (a page not tied to a territory) holding the role somewhere suffices.
const canTable = `
action              visitor participant coordinator committee_member activator evaluator monitor glossary_editor admin
view_public         YYY     YYY         YYY         YYY              YYY       YYY       YYY     YYY             YYY
use_account         ---     YYY         YYY         YYY              YYY       YYY       YYY     YYY             YYY
manage_users        ---     ---         ---         ---              ---       ---       ---     ---             YYY
view_audit          ---     ---         ---         ---              ---       ---       ---     ---             YYY
operate_platform    ---     ---         ---         ---              ---       ---       ---     ---             YYY
edit_territory      ---     ---         Y-Y         ---              ---       ---       ---     ---             YYY
monitor_territory   ---     ---         Y-Y         ---              ---       ---       Y-Y     ---             YYY
use_committee_space ---     ---         Y-Y         Y-Y              ---       ---       ---     ---             YYY
edit_glossary       ---     ---         ---         ---              ---       ---       ---     Y-Y             YYY
edit_region         ---     ---         ---         ---              ---       ---       ---     ---             YYY
evaluate_call       ---     ---         ---         ---              ---       Y-Y       ---     ---             YYY
`

// zoneColumns names the three positions of a cell.
var zoneColumns = []string{zoneA, zoneB, ""}

// expectations parses canTable: action -> kind -> three answers.
func expectations(t *testing.T) (kinds []string, want map[authz.Action]map[string][3]bool) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(canTable), "\n")
	header := strings.Fields(lines[0])
	kinds = header[1:]
	want = map[authz.Action]map[string][3]bool{}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		if len(f) != len(header) {
			t.Fatalf("canTable line %q has %d cells, the header %d", line, len(f), len(header))
		}
		a := authz.Action(f[0])
		want[a] = map[string][3]bool{}
		for i, cell := range f[1:] {
			if len(cell) != 3 || strings.Trim(cell, "Y-") != "" {
				t.Fatalf("canTable: cell %q of %s/%s must be three of Y or -", cell, a, kinds[i])
			}
			want[a][kinds[i]] = [3]bool{cell[0] == 'Y', cell[1] == 'Y', cell[2] == 'Y'}
		}
	}
	return kinds, want
}

func TestMatrixCoversEveryActionAndRole(t *testing.T) {
	kinds, want := expectations(t)
	for _, a := range authz.Actions() {
		if _, ok := want[a]; !ok {
			t.Errorf("action %s has no line in canTable: add one saying who may do it", a)
		}
	}
	for a := range want {
		if !slices.Contains(authz.Actions(), a) {
			t.Errorf("canTable has a line for %s, which the policy does not know", a)
		}
	}
	wantKinds := []string{"visitor", "participant"}
	for _, r := range authz.GrantableRoles {
		wantKinds = append(wantKinds, string(r))
	}
	for _, k := range wantKinds {
		if !slices.Contains(kinds, k) {
			t.Errorf("canTable has no column for %s: add one", k)
		}
	}
	for _, k := range kinds {
		if !slices.Contains(wantKinds, k) {
			t.Errorf("canTable has a column for %s, which is neither a visitor, a participant nor a grantable role", k)
		}
	}
}

// principal is the kind of user named by a canTable column; userID is its
// account (0 for the visitor).
func principal(kind string, userID int64) *authz.Principal {
	switch kind {
	case "visitor":
		return nil
	case "participant":
		return &authz.Principal{UserID: userID, Email: kind + "@example.org"}
	case string(authz.Admin):
		return &authz.Principal{UserID: userID, Email: kind + "@example.org", Grants: []authz.Grant{{Role: authz.Admin}}}
	}
	return &authz.Principal{UserID: userID, Email: kind + "@example.org", Grants: []authz.Grant{{Role: authz.Role(kind), ZoneID: zoneA}}}
}

func TestPolicyMatchesTheMatrix(t *testing.T) {
	kinds, want := expectations(t)
	for a, byKind := range want {
		for _, k := range kinds {
			p := principal(k, 1)
			for i, zone := range zoneColumns {
				if got := authz.Can(p, a, zone); got != byKind[k][i] {
					t.Errorf("authz.Can(%s, %s, zone %q) = %v, the matrix says %v", k, a, zone, got, byKind[k][i])
				}
			}
		}
	}
}

func TestEveryRouteHasARowInTheMatrix(t *testing.T) {
	a := newApp(t, dbtest.SQLite(t))
	rows := map[string]routeRow{}
	for _, row := range routeTable {
		if _, dup := rows[row.pattern]; dup {
			t.Errorf("routeTable lists %q twice", row.pattern)
		}
		rows[row.pattern] = row
	}
	registered := map[string]bool{}
	for _, rt := range a.Router.Routes() {
		registered[rt.Pattern] = true
		row, ok := rows[rt.Pattern]
		if !ok {
			t.Errorf("route %q (action %s, territorial %v) has no row in routeTable; add\n\t{%q, authz.%s, %v, %q},",
				rt.Pattern, rt.Action, rt.Territorial, rt.Pattern, constName(rt.Action), rt.Territorial, examplePath(rt.Pattern))
			continue
		}
		if row.action != rt.Action {
			t.Errorf("route %q requires %s, its row says %s", rt.Pattern, rt.Action, row.action)
		}
		if row.territorial != rt.Territorial {
			t.Errorf("route %q is territorial=%v, its row says %v", rt.Pattern, rt.Territorial, row.territorial)
		}
	}
	for _, row := range routeTable {
		if !registered[row.pattern] {
			t.Errorf("routeTable row %q has no registered route: remove the row or register the route", row.pattern)
		}
	}
}

// constName is the Go name of an action's constant: edit_territory is
// EditTerritory.
func constName(a authz.Action) string {
	var b strings.Builder
	for _, part := range strings.Split(string(a), "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// examplePath suggests a probe for a new route's row.
func examplePath(pattern string) string {
	_, path, found := strings.Cut(pattern, " ")
	if !found {
		path = pattern
	}
	return strings.NewReplacer("{$}", "", "{id}", "999999", "{zone}", "{zone}").Replace(path)
}

// matrixUsers creates one account per kind of user, with the kind's grants
// stored, and returns the principals.
func matrixUsers(t *testing.T, d *db.DB, kinds []string) map[string]*authz.Principal {
	t.Helper()
	ctx := context.Background()
	out := map[string]*authz.Principal{}
	for _, k := range kinds {
		if k == "visitor" {
			out[k] = nil
			continue
		}
		now := db.Now()
		id, err := d.InsertID(ctx, `INSERT INTO users (email, name, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			k+"@example.org", "Utente "+k, now, now, now)
		if err != nil {
			t.Fatal(err)
		}
		p := principal(k, id)
		for _, g := range p.Grants {
			var zone any
			if g.ZoneID != "" {
				zone = g.ZoneID
			}
			if _, err := d.Exec(ctx, `INSERT INTO role_grants (user_id, role, zone_id, created_at) VALUES (?, ?, ?, ?)`,
				id, string(g.Role), zone, now); err != nil {
				t.Fatal(err)
			}
		}
		out[k] = p
	}
	return out
}

// matrixActivity is the activity matrixRecords creates in each zone, for
// the probes that name {activity}.
var matrixActivity = map[string]int64{}

// matrixTrack is the training track matrixRecords creates in each zone,
// for the probes that name {track}.
var matrixTrack = map[string]int64{}

// matrixCall is the draft call matrixRecords creates in each zone, for the
// probes that name {call}.
var matrixCall = map[string]int64{}

// matrixApplication is a draft application to matrixCall, for the probes
// that name {application}.
var matrixApplication = map[string]int64{}

// matrixRecords creates in zone A and in zone B the records whose slug the
// probes of territorial routes name: a path and a tested solution, each
// "matrice-<zone>", and an activity in that path (matrixActivity). Probes
// with an empty form change nothing but the path's publication (the
// deletion of a solution needs a ticked box).
func matrixRecords(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	for _, z := range []string{zoneA, zoneB} {
		if _, err := paths.CreateFromTemplate(ctx, d, paths.Actor{Label: "matrix"}, paths.NewPath{Zone: z, Template: paths.TemplateCantiere,
			Edition: paths.EditionSecond, Title: paths.Text{IT: "Percorso di prova"}, Start: paths.MustDate("2024-03-04"), Slug: "matrice-" + z}); err != nil {
			t.Fatal(err)
		}
		if _, err := paths.CreateSolution(ctx, d, paths.Actor{Label: "matrix"}, paths.SolutionInput{Zone: z,
			Title: paths.Text{IT: "Soluzione di prova"}, Summary: paths.Text{IT: "Prova"}, Slug: "matrice-" + z}); err != nil {
			t.Fatal(err)
		}
		p, err := paths.PathBySlug(ctx, d, "matrice-"+z)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2030, 5, 6, 15, 0, 0, 0, time.UTC)
		id, err := activities.NewService(d, "http://matrice.test").Create(ctx, activities.Actor{Label: "matrix"}, p, activities.Input{
			PhaseID: p.Phases[0].ID, Kind: activities.Meeting, Title: paths.Text{IT: "Attività di prova"}, Start: start, End: start.Add(time.Hour),
			Mode: activities.Online, OnlineURL: "https://meet.example.org/prova", Audiences: []activities.Audience{activities.Citizens}})
		if err != nil {
			t.Fatal(err)
		}
		matrixActivity[z] = id
		callID, err := calls.NewService(d, nil, "http://matrice.test").Create(ctx, calls.Actor{Label: "matrix"},
			calls.Place{ZoneID: z, PathID: p.ID}, calls.Input{Kind: calls.Activators, Title: paths.Text{IT: "Avviso di prova"},
				Body: paths.Text{IT: "Prova"}, Opens: start, Closes: start.Add(time.Hour), Applicants: calls.People,
				TieBreak: calls.BySubmission, Aggregation: calls.Mean, RetentionMonths: 12,
				Criteria: []calls.Criterion{{Label: paths.Text{IT: "Qualità"}, MaxPoints: 10, Weight: 1}}})
		if err != nil {
			t.Fatal(err)
		}
		matrixCall[z] = callID
		appID, err := d.InsertID(ctx, `INSERT INTO applications (call_id, applicant_kind, name, created_at, updated_at) VALUES (?, 'person', 'Prova', ?, ?)`,
			callID, start, start)
		if err != nil {
			t.Fatal(err)
		}
		matrixApplication[z] = appID
		tid, err := tracks.Create(ctx, d, tracks.Actor{Label: "matrix"}, tracks.Input{ZoneID: z, Kind: tracks.Activators,
			Title: paths.Text{IT: "Percorso formativo di prova"}, Rule: tracks.All, ActivityIDs: []int64{id}})
		if err != nil {
			t.Fatal(err)
		}
		matrixTrack[z] = tid
	}
}

func TestRoutesEnforceTheMatrix(t *testing.T) {
	kinds, want := expectations(t)
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		a := newApp(t, d)
		users := matrixUsers(t, d, kinds)
		matrixRecords(t, d)
		rows := slices.Clone(routeTable)
		for action := range want {
			ok := func(w http.ResponseWriter, r *http.Request) error { return nil }
			zoned, plain := "GET /_matrice/"+string(action)+"/{zone}", "GET /_matrice/"+string(action)
			a.Router.HandleZone(zoned, action, web.ZoneParam("zone"), ok)
			a.Router.Handle(plain, action, ok)
			rows = append(rows, routeRow{zoned, action, true, "/_matrice/" + string(action) + "/{zone}"},
				routeRow{plain, action, false, "/_matrice/" + string(action)})
		}
		for _, row := range rows {
			zones := []int{2} // the "no zone" column
			if row.territorial {
				zones = []int{0, 1}
			}
			for _, k := range kinds {
				for _, zi := range zones {
					allowed := want[row.action][k][zi]
					checkRoute(t, a, row, zoneColumns[zi], k, users[k], allowed)
				}
			}
		}
	})
}

func checkRoute(t *testing.T, a *app.App, row routeRow, zone, kind string, p *authz.Principal, allowed bool) {
	t.Helper()
	method, _, found := strings.Cut(row.pattern, " ")
	if !found {
		method = http.MethodGet
	}
	target := strings.ReplaceAll(row.probe, "{zone}", zone)
	target = strings.ReplaceAll(target, "{activity}", fmt.Sprint(matrixActivity[zone]))
	target = strings.ReplaceAll(target, "{call}", fmt.Sprint(matrixCall[zone]))
	target = strings.ReplaceAll(target, "{application}", fmt.Sprint(matrixApplication[zone]))
	target = strings.ReplaceAll(target, "{track}", fmt.Sprint(matrixTrack[zone]))
	var r *http.Request
	if method == http.MethodPost {
		r = httptest.NewRequest(method, target, strings.NewReader(""))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		r = httptest.NewRequest(method, target, nil)
	}
	w := httptest.NewRecorder()
	a.Router.ServeHTTP(w, web.WithPrincipal(r, p))

	where := fmt.Sprintf("%s %s as %s", method, target, kind)
	if zone != "" {
		where += " (zone " + zone + ")"
	}
	loc := w.Header().Get("Location")
	toLogin := w.Code == http.StatusSeeOther && strings.HasPrefix(loc, app.LoginURL+"?next=")
	switch {
	case allowed:
		if w.Code == http.StatusForbidden || toLogin || w.Code >= 500 {
			t.Errorf("%s: allowed by the matrix, got %d %s", where, w.Code, loc)
		}
	case p == nil:
		wantLoc := app.LoginURL + "?next=" + url.QueryEscape(target)
		if method != http.MethodGet {
			wantLoc = app.LoginURL + "?next=" + url.QueryEscape("/") // no Referer: back home after login
		}
		if w.Code != http.StatusSeeOther || loc != wantLoc {
			t.Errorf("%s: a visitor must be sent to %s, got %d %q", where, wantLoc, w.Code, loc)
		}
	default:
		if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "Accesso non consentito") {
			t.Errorf("%s: denied by the matrix, want the 403 page, got %d %q", where, w.Code, loc)
		}
	}
}
