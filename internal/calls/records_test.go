package calls_test

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/calls"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/pdf/pdftest"
)

func TestScoreSheetAndReceiptDownloads(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		s, clk, p := setup(t, d)
		ev := user(t, d, "ev@example.org")
		c := publishedCall(t, s, p, activatorsInput("ev@example.org"))
		mario := user(t, d, "mario@example.org")
		v, _ := s.SaveDraft(ctx, actor, c.ID, mario, completeDraft(c, 0))
		rc, err := s.Submit(ctx, actor, c.ID, mario, v)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := calls.ApplicationOf(ctx, d, c.ID, mario)
		clk.t = deadline.Add(time.Hour)
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(s.Decide(ctx, actor, a.ID, calls.Admissible, ""))
		must(s.DeclareConflict(ctx, actor, a.ID, ev, true))
		must(s.SaveScores(ctx, actor, a.ID, ev, false, map[int64]calls.ScoreInput{
			c.Criteria[0].ID: {Points: "8", Reason: "=SOMMA(A1) motivazione convincente"}, c.Criteria[1].ID: {Points: "5", Reason: "Esperienza breve"}}))
		if _, err := s.Rank(ctx, actor, c.ID, false); err != nil {
			t.Fatal(err)
		}
		coord := &authz.Principal{UserID: user(t, d, "coord@example.org"), Email: "coord@example.org", Grants: []authz.Grant{{Role: authz.Coordinator, ZoneID: zoneA}}}
		base := "/gestione/bandi/" + itoa(c.ID) + "/punteggi"
		w := e.get(coord, base+".csv")
		body := w.Body.String()
		if w.Code != http.StatusOK || !strings.HasPrefix(body, "\uFEFF") || !strings.Contains(body, rc.Number()) ||
			!strings.Contains(body, "'=SOMMA(A1)") || !strings.Contains(body, "21,00") {
			t.Errorf("CSV: %d %q", w.Code, body)
		}
		if w := e.get(coord, base+".xlsx"); w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") {
			t.Errorf("XLSX: %d", w.Code)
		}
		w = e.get(coord, base+".pdf")
		pdftest.Check(t, w.Body.Bytes())
		// The PDF is a table: pdftotext -layout keeps each row on a line,
		// its cells apart.
		layout := pdftest.Text(t, w.Body.Bytes())
		cells := func(contains ...string) []string {
			for _, l := range strings.Split(layout, "\n") {
				found := true
				for _, c := range contains {
					found = found && strings.Contains(l, c)
				}
				if found {
					return regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(l), -1)
				}
			}
			return nil
		}
		for _, tc := range []struct{ contains, want []string }{
			{[]string{"Protocollo", "Candidato"}, []string{"Protocollo", "Candidato", "Motivazione (0–10, × 2)", "Esperienza (0–10, × 1)", "Punteggio", "Esito"}},
			{[]string{rc.Number(), "21,00"}, []string{rc.Number(), "Mario Rossi", "8", "5", "21,00", "Ammessa"}},
			{[]string{rc.Number(), "Esperienza breve"}, []string{rc.Number(), "Utente ev@example.org", "Esperienza", "5", "Esperienza breve"}},
		} {
			if got := cells(tc.contains...); !slices.Equal(got, tc.want) {
				t.Errorf("PDF row with %q: %q, want %q\n%s", tc.contains, got, tc.want, layout)
			}
		}
		coordB := &authz.Principal{UserID: user(t, d, "coord-b@example.org"), Grants: []authz.Grant{{Role: authz.Coordinator, ZoneID: zoneB}}}
		for _, f := range []string{".csv", ".xlsx", ".pdf"} {
			if w := e.get(coordB, base+f); w.Code != http.StatusForbidden {
				t.Errorf("coordinator of zone B %s: %d", f, w.Code)
			}
		}
		// The receipt PDF: the applicant's, no one else's.
		applicant := &authz.Principal{UserID: mario, Email: "mario@example.org"}
		w = e.get(applicant, "/domande/"+itoa(a.ID)+"/ricevuta.pdf")
		pdftest.Check(t, w.Body.Bytes())
		if text := strings.Join(strings.Fields(pdftest.Text(t, w.Body.Bytes())), " "); !strings.Contains(text, rc.SHA256) || !strings.Contains(text, rc.Number()) {
			t.Errorf("receipt PDF: %s", text)
		}
		if w := e.get(&authz.Principal{UserID: ev + 1000}, "/domande/"+itoa(a.ID)+"/ricevuta.pdf"); w.Code != http.StatusNotFound {
			t.Errorf("someone else's receipt: %d", w.Code)
		}
	})
}
