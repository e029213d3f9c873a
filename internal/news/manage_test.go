package news_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/web"
)

func editURL(zone string, id int64) string {
	if zone == "" {
		return fmt.Sprintf("/gestione/notizie/%d", id)
	}
	return fmt.Sprintf("/gestione/territori/%s/notizie/%d", zone, id)
}

func TestCoordinatorOfZoneACannotEditNewsOfZoneB(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		inB := e.create(published("Solo Valdichiana", zoneB))
		inAB := e.create(published("Lunigiana e Valdichiana", zoneA, zoneB))
		inA := e.create(published("Solo Lunigiana", zoneA))
		region := e.create(published("Tutta la Toscana"))
		both := e.user("coord-ab@example.org", authz.Grant{Role: authz.Coordinator, ZoneID: zoneA}, authz.Grant{Role: authz.Coordinator, ZoneID: zoneB})
		cases := []struct {
			who    *authz.Principal
			target string
			want   int
		}{
			{e.coord, editURL(zoneB, inB.ID), http.StatusForbidden},
			{e.coord, editURL(zoneA, inB.ID), http.StatusNotFound}, // not an item of A
			{e.coord, editURL(zoneA, inAB.ID), http.StatusForbidden},
			{e.coord, editURL(zoneA, inAB.ID) + "/anteprima", http.StatusForbidden},
			{e.coord, editURL(zoneA, inAB.ID) + "/copertina", http.StatusForbidden},
			{e.coord, editURL(zoneA, inA.ID), http.StatusOK},
			{e.coord, editURL("", region.ID), http.StatusForbidden},
			{both, editURL(zoneA, inAB.ID), http.StatusOK},
			{both, editURL(zoneB, inAB.ID), http.StatusOK},
			{both, editURL("", region.ID), http.StatusForbidden},
			{e.admin, editURL("", region.ID), http.StatusOK},
			{e.admin, editURL(zoneB, inB.ID), http.StatusOK},
			{e.admin, editURL("", inB.ID), http.StatusNotFound}, // an item of territories is not region-wide
		}
		for _, c := range cases {
			if w := e.get(c.who, c.target); w.Code != c.want {
				t.Errorf("GET %s as %s: %d, want %d", c.target, c.who.Email, w.Code, c.want)
			}
		}
		// Writing is refused the same way, and changes nothing.
		for _, target := range []string{editURL(zoneB, inB.ID) + "/stato", editURL(zoneA, inAB.ID) + "/stato"} {
			w := e.post(e.coord, target, url.Values{"action": {"unpublish"}})
			expectStatus(t, w, http.StatusForbidden)
		}
		w := e.upload(e.coord, editURL(zoneA, inAB.ID), url.Values{"title_it": {"Preso!"}, "zones": {zoneA}}, "", nil)
		expectStatus(t, w, http.StatusForbidden)
		if it, _ := news.BySlug(context.Background(), d, inAB.Slug); it == nil || it.TitleIT != "Lunigiana e Valdichiana" {
			t.Error("the item of A and B was changed by a coordinator of A only")
		}
		// A coordinator cannot create news for another zone, nor region-wide.
		w = e.upload(e.coord, "/gestione/territori/"+zoneA+"/notizie/nuova", url.Values{"title_it": {"Furbata"}, "zones": {zoneB}}, "", nil)
		expectStatus(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), "Puoi scegliere solo territori che coordini.") {
			t.Error("no message for a zone that is not theirs")
		}
		w = e.upload(e.coord, "/gestione/territori/"+zoneA+"/notizie/nuova", url.Values{"title_it": {"Furbata"}}, "", nil)
		expectStatus(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), "solo gli amministratori regionali") {
			t.Error("no message for region-wide news by a coordinator")
		}
		expectStatus(t, e.get(e.coord, "/gestione/territori/"+zoneB+"/notizie/nuova"), http.StatusForbidden)
		// The editors' list shows only what they may edit.
		list := e.get(e.coord, "/gestione/notizie").Body.String()
		if !strings.Contains(list, "Solo Lunigiana") || strings.Contains(list, "Solo Valdichiana") || strings.Contains(list, "Lunigiana e Valdichiana") || strings.Contains(list, "Tutta la Toscana") {
			t.Errorf("the coordinator's list shows the wrong items")
		}
	})
}

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 16, 9))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func countFiles(t *testing.T, d *db.DB) int {
	var n int
	if err := d.QueryRow(context.Background(), `SELECT COUNT(*) FROM files`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBadCoverUploadsAreRefusedWithAMessageAndTheTextIsKept(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		bigJPEG := append([]byte{0xff, 0xd8, 0xff, 0xe0}, make([]byte, news.MaxCover)...)
		cases := []struct {
			name, file string
			content    []byte
			message    string
		}{
			{"too large", "grande.jpg", bigJPEG, "supera i 5 MB"},
			{"wrong type", "bando.pdf", []byte("%PDF-1.7\n1 0 obj\n"), "non è un'immagine JPEG, PNG o WebP"},
			{"disguised", "foto.jpg", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), "il contenuto non lo è"},
			{"svg disguised as png", "logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "il contenuto non lo è"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				fields := url.Values{"title_it": {"Il Camper della Salute"}, "body_it": {"Il camper **arriva** a Grosseto.\nSeconda riga."},
					"summary_en": {"The camper"}, "cover_alt_it": {"Il camper in piazza"}, "zones": {zoneA}}
				w := e.upload(e.coord, "/gestione/territori/"+zoneA+"/notizie/nuova", fields, c.file, c.content)
				expectStatus(t, w, http.StatusUnprocessableEntity)
				body := html.UnescapeString(w.Body.String())
				if !strings.Contains(body, c.message) {
					t.Errorf("no message %q", c.message)
				}
				for _, kept := range []string{`value="Il Camper della Salute"`, "Il camper **arriva** a Grosseto.\nSeconda riga.", "The camper", `value="Il camper in piazza"`} {
					if !strings.Contains(body, kept) {
						t.Errorf("the text %q was lost", kept)
					}
				}
				if !strings.Contains(body, `id="f-zone-`+zoneA+`" name="zones" value="`+zoneA+`" checked`) {
					t.Error("the chosen territory was lost")
				}
				if n := countFiles(t, d); n != 0 {
					t.Errorf("%d files stored", n)
				}
			})
		}
	})
}

func TestACoverNeedsItsAlternativeText(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.upload(e.coord, "/gestione/territori/"+zoneA+"/notizie/nuova", url.Values{"title_it": {"Con foto"}, "zones": {zoneA}}, "foto.png", pngBytes(t))
		expectStatus(t, w, http.StatusUnprocessableEntity)
		body := html.UnescapeString(w.Body.String())
		if !strings.Contains(body, "Scrivi la descrizione dell'immagine") || !strings.Contains(body, "scegli di nuovo l'immagine") {
			t.Error("no message asking for the alternative text and to choose the file again")
		}
	})
}

func TestAnEditorWritesPreviewsAndPublishesNewsWithACover(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		fields := url.Values{"title_it": {"Il Camper della Salute a Follonica"}, "summary_it": {"Le uscite di maggio"},
			"body_it": {"Il camper sarà in piazza. <script>alert(1)</script>"}, "cover_alt_it": {"Il camper bianco in piazza"}, "zones": {zoneA}}
		w := e.upload(e.coord, "/gestione/territori/"+zoneA+"/notizie/nuova", fields, "camper.png", pngBytes(t))
		expectStatus(t, w, http.StatusSeeOther)
		preview := w.Header().Get("Location")
		if !strings.HasPrefix(preview, "/gestione/territori/"+zoneA+"/notizie/") || !strings.HasSuffix(preview, "/anteprima") {
			t.Fatalf("redirect to %q", preview)
		}
		base := strings.TrimSuffix(preview, "/anteprima")
		w = e.get(e.coord, preview)
		expectStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `src="`+base+`/copertina"`) || !strings.Contains(w.Body.String(), `alt="Il camper bianco in piazza"`) {
			t.Error("the preview does not show the cover through the editors' route")
		}
		w = e.get(e.coord, base+"/copertina")
		expectStatus(t, w, http.StatusOK)
		if w.Header().Get("Content-Type") != "image/png" || strings.Contains(w.Header().Get("Cache-Control"), "public") {
			t.Errorf("private cover headers: %v", w.Header())
		}
		var hash string
		if err := d.QueryRow(ctx, `SELECT hash FROM files`).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		expectStatus(t, e.get(nil, "/file/"+hash), http.StatusNotFound) // a draft's cover is private

		// Scheduling in the past is refused; publishing now works.
		past := time.Now().Add(-time.Hour).In(web.Rome()).Format("2006-01-02T15:04")
		w = e.post(e.coord, base+"/stato", url.Values{"action": {"schedule"}, "publish_at": {past}})
		expectStatus(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), "deve essere nel futuro") {
			t.Error("no message for a past schedule")
		}
		expectStatus(t, e.post(e.coord, base+"/stato", url.Values{"action": {"publish"}}), http.StatusSeeOther)
		w = e.get(nil, "/notizie/il-camper-della-salute-a-follonica")
		expectStatus(t, w, http.StatusOK)
		page := w.Body.String()
		if !strings.Contains(page, `src="/file/`+hash+`"`) || !strings.Contains(page, `<meta property="og:image" content="`+baseURL+`/file/`+hash+`">`) || strings.Contains(page, "<script>alert") {
			t.Error("the public page lacks the public cover or its og:image, or shows the script")
		}
		w = e.get(nil, "/file/"+hash)
		expectStatus(t, w, http.StatusOK)
		if w.Header().Get("Content-Type") != "image/png" || w.Header().Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(w.Header().Get("Cache-Control"), "immutable") || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "inline") {
			t.Errorf("public cover headers: %v", w.Header())
		}

		// Schedule, then withdraw: each change is in the audit log.
		future := time.Now().Add(48 * time.Hour).In(web.Rome()).Format("2006-01-02T15:04")
		expectStatus(t, e.post(e.coord, base+"/stato", url.Values{"action": {"schedule"}, "publish_at": {future}}), http.StatusSeeOther)
		expectStatus(t, e.get(nil, "/notizie/il-camper-della-salute-a-follonica"), http.StatusNotFound)
		expectStatus(t, e.post(e.coord, base+"/stato", url.Values{"action": {"unpublish"}}), http.StatusSeeOther)
		expectStatus(t, e.get(nil, "/file/"+hash), http.StatusNotFound)
		entries, _, err := audit.List(ctx, d, audit.Filter{Entity: "news"})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for i := len(entries) - 1; i >= 0; i-- {
			en := entries[i]
			actions = append(actions, en.Action)
			if en.ActorID != e.coord.UserID || en.ZoneID != zoneA {
				t.Errorf("%s: actor %d zone %q", en.Action, en.ActorID, en.ZoneID)
			}
		}
		if got := strings.Join(actions, ","); got != "news.create,news.publish,news.schedule,news.unpublish" {
			t.Errorf("audit log: %s", got)
		}
		last := entries[0]
		if !strings.Contains(last.Before, `"status":"scheduled"`) || !strings.Contains(last.After, `"status":"draft"`) {
			t.Errorf("unpublish before/after: %s → %s", last.Before, last.After)
		}
	})
}

func TestEditingKeepsTheCoverAndChangesTheText(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		it := e.create(published("Titolo vecchio", zoneA))
		w := e.get(e.coord, editURL(zoneA, it.ID))
		expectStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `value="Titolo vecchio"`) {
			t.Error("the form is not filled in")
		}
		w = e.upload(e.coord, editURL(zoneA, it.ID), url.Values{"title_it": {"Titolo nuovo"}, "zones": {zoneA}}, "", nil)
		expectStatus(t, w, http.StatusSeeOther)
		got, err := news.BySlug(context.Background(), d, it.Slug)
		if err != nil || got.TitleIT != "Titolo nuovo" || got.Slug != "titolo-vecchio" {
			t.Fatalf("after the edit: %+v %v", got, err)
		}
	})
}
