package newsletter_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/newsletter"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/territory"
)

// badCSV has a BOM, ; separators, a header in Italian with an unknown
// column, and a line of each problem; line numbers are those a
// spreadsheet shows.
const badCSV = "\ufeffE-mail;Nome;Territori;Argomenti;Consenso;Colore\n" +
	"maria@example.org;Maria;Lunigiana|apuane;Eventi;sì;blu\n" + // 2 ok
	"non-valido;Piero;;;sì;\n" + // 3 bad address
	"postmaster@comune.example.it;;;;sì;\n" + // 4 role address
	"luca@example.org;Luca;Atlantide;;sì;\n" + // 5 unknown territory
	"anna@example.org;Anna;;;forse;\n" + // 6 bad consent
	"gino@example.org;Gin\xff;;;sì;\n" + // 7 not UTF-8
	"MARIA@example.org;;versilia;avvisi;no;\n" + // 8 duplicate of 2, merged
	";;;;;\n" + // 9 blank, skipped
	"\"rossi, mario\"@example.org;\"Rossi; Mario\";;;no;\n" + // 10 quoted fields (a bad address)
	"sara@example.org;\"Sara \"\"la Rossa\"\"\";;percorsi;no;\n" + // 11 ok, pending
	";Senza indirizzo;;;sì;\n" // 12 no address

func TestAnImportReportsBadRowsWithTheirLineAndImportsTheRest(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		rep := importCSV(t, d, badCSV)
		want := map[int]string{3: "email", 4: "role", 5: "zone", 6: "consent", 7: "encoding", 10: "email", 12: "no_email"}
		got := map[int]string{}
		for _, e := range rep.Errors {
			got[e.Line] = strings.TrimPrefix(e.Key, "newsletter.import.err.")
			if !i18n.Has(e.Key) {
				t.Errorf("line %d: key %s has no message", e.Line, e.Key)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || rep.ErrorCount != len(want) {
			t.Errorf("errors by line: %v, want %v", got, want)
		}
		if rep.Rows != 10 || rep.Added != 2 || rep.Duplicates != 1 || rep.Confirmed != 1 || rep.ToConfirm != 1 {
			t.Errorf("report %+v", rep)
		}
		if strings.Join(rep.Ignored, ",") != "Colore" {
			t.Errorf("ignored columns %v", rep.Ignored)
		}
		for _, e := range rep.Errors {
			if e.Line == 5 && e.Arg != "Atlantide" {
				t.Errorf("line 5 does not show the bad value: %+v", e)
			}
		}
		m := subscriber(t, d, "maria@example.org")
		if m.Status != newsletter.StatusConfirmed || m.ConsentSource != "import" || m.ConsentVersion != "import" ||
			strings.Join(m.Zones, ",") != "apuane,lunigiana,versilia" || strings.Join(m.Topics, ",") != "avvisi,eventi" {
			t.Errorf("maria merged as %+v", m)
		}
		s := subscriber(t, d, "sara@example.org")
		if s.Status != newsletter.StatusPending || s.Name != `Sara "la Rossa"` || s.ConsentAt.IsZero() == false {
			t.Errorf("sara %+v", s)
		}
		// Sara, without consent, is sent a confirmation e-mail.
		if n := countWhere(t, d, `SELECT COUNT(*) FROM jobs WHERE kind = 'mail.send' AND payload LIKE ?`, "%sara@example.org%"); n != 1 {
			t.Errorf("%d confirmation e-mails queued for sara", n)
		}
	})
}

func TestAnImportNeverResubscribesAndConfirmsPendingOnlyWithConsent(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		importCSV(t, d, "email;consenso;territori\nuscito@example.org;sì;\nattesa@example.org;no;\nattesa2@example.org;no;\nfedele@example.org;sì;lunigiana\n")
		svc := newsletter.NewService(d, baseURL, testLog(t))
		if err := svc.Unsubscribe(ctx, subscriber(t, d, "uscito@example.org"), "", "test"); err != nil {
			t.Fatal(err)
		}
		rep := importCSV(t, d, "email,consenso,territori\nuscito@example.org,sì,\nattesa@example.org,sì,\nattesa2@example.org,no,\nfedele@example.org,sì,apuane\nnuovo@example.org,yes,\n")
		if rep.Added != 1 || rep.Existing != 3 || rep.Skipped != 1 || rep.Confirmed != 2 {
			t.Errorf("report %+v", rep)
		}
		for email, want := range map[string]string{"uscito@example.org": "unsubscribed", "attesa@example.org": "confirmed",
			"attesa2@example.org": "pending", "fedele@example.org": "confirmed", "nuovo@example.org": "confirmed"} {
			if s := subscriber(t, d, email); s.Status != want {
				t.Errorf("%s is %s, want %s", email, s.Status, want)
			}
		}
		if z := subscriber(t, d, "fedele@example.org").Zones; strings.Join(z, ",") != "lunigiana" {
			t.Errorf("an import changed a subscriber's own choice of territories: %v", z)
		}
	})
}

func TestAFileWithoutAnAddressColumnImportsNothing(t *testing.T) {
	d := dbtest.SQLite(t)
	if err := territory.LoadReference(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	svc := newsletter.NewService(d, baseURL, testLog(t))
	for _, in := range []string{"", "nome;territori\nMaria;lunigiana\n", "\ufeff\n"} {
		if _, err := svc.Import(context.Background(), strings.NewReader(in), newsletter.ImportOptions{}); !errors.Is(err, newsletter.ErrNoEmailColumn) {
			t.Errorf("%q: %v", in, err)
		}
	}
}

// upload posts a file field (and text fields before it) as a browser
// form does.
func upload(t *testing.T, c *apptest.Client, path string, fields map[string]string, content []byte) *apptest.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := w.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := w.CreateFormFile("file", "iscritti.csv")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	req, err := http.NewRequest(http.MethodPost, path, &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

func TestAdminsImportAndMarkBouncesFromTheScreens(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		env := apptest.New(t, d)
		admin := login(t, env, "admin@example.org", authz.Grant{Role: authz.Admin})
		res := upload(t, admin, env.URL+"/gestione/newsletter/importa", map[string]string{"consent_ref": "moduli cartacei 2024", "lang": "en"}, []byte(badCSV))
		if res.Status != http.StatusOK || !res.Contains("Nuovi iscritti: 2") || !res.Contains("Righe scartate: 7") {
			t.Fatalf("import report: %d\n%s", res.Status, res.Text("main"))
		}
		lines := res.Find("main table tbody th")
		if len(lines) != 7 || lines[0].Text() != "3" {
			t.Fatalf("the report lists %d lines", len(lines))
		}
		if m := subscriber(t, d, "maria@example.org"); m.ConsentVersion != "import: moduli cartacei 2024" || m.Lang != "en" {
			t.Fatalf("consent reference or language lost: %+v", m)
		}
		if n := countWhere(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'newsletter.import' AND actor_label = 'admin@example.org'`); n != 1 {
			t.Fatalf("%d audit lines", n)
		}
		res = upload(t, admin, env.URL+"/gestione/newsletter/importa", nil, []byte("nome\nMaria\n"))
		if res.Status != http.StatusUnprocessableEntity || !res.Contains("colonna «email»") {
			t.Fatalf("a file without addresses: %d\n%s", res.Status, res.Text("main"))
		}

		if page := admin.Get("/gestione/newsletter/rimbalzi"); !page.Has("#f-addresses") || !page.Has("#f-file") {
			t.Fatal("the bounces page lacks its forms")
		}
		res = admin.PostForm("/gestione/newsletter/rimbalzi", map[string][]string{"addresses": {"maria@example.org\nsconosciuto@example.org\nnon valido\n"}, "note": {"rapporto di maggio"}})
		if res.Status != http.StatusOK || !res.Contains("Iscritti segnati ora: 1") || !res.Contains("Indirizzi non iscritti: 1") || !res.Contains("Righe scartate: 1") {
			t.Fatalf("bounces: %d\n%s", res.Status, res.Text("main"))
		}
		res = upload(t, admin, env.URL+"/gestione/newsletter/rimbalzi", nil, []byte("email;motivo\nmaria@example.org;550\n"))
		if res.Status != http.StatusOK || !res.Contains("Già segnati: 1") {
			t.Fatalf("bounces file: %d\n%s", res.Status, res.Text("main"))
		}
		if m := subscriber(t, d, "maria@example.org"); !m.Bounced() || m.BounceNote != "rapporto di maggio" {
			t.Fatalf("maria %+v", m)
		}
		list := admin.Get("/gestione/newsletter/iscritti?q=maria")
		if !list.Contains("maria@example.org") || list.Contains("sara@example.org") || !list.Contains("rapporto di maggio") {
			t.Fatalf("subscriber list:\n%s", list.Text("main"))
		}
	})
}
