package news_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func TestEveryNewsPageRendersInBothLanguages(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		it := e.create(published("Conoscersi, confrontarsi, collaborare", zoneA))
		for _, lang := range i18n.Langs {
			for _, c := range []struct {
				who  string
				path string
			}{
				{"visitor", "/notizie"}, {"visitor", "/notizie/" + it.Slug}, {"coord", "/gestione/notizie"},
				{"coord", "/gestione/territori/" + zoneA + "/notizie/nuova"}, {"admin", "/gestione/notizie/nuova"},
				{"coord", fmt.Sprintf("/gestione/territori/%s/notizie/%d", zoneA, it.ID)},
				{"coord", fmt.Sprintf("/gestione/territori/%s/notizie/%d/anteprima", zoneA, it.ID)},
			} {
				p := e.coord
				switch c.who {
				case "visitor":
					p = nil
				case "admin":
					p = e.admin
				}
				w := e.get(p, c.path, lang)
				expectStatus(t, w, http.StatusOK)
				if !strings.Contains(w.Body.String(), fmt.Sprintf(`<html lang="%s">`, lang)) || strings.Contains(w.Body.String(), "⟦") {
					t.Errorf("%s in %s: wrong language or a missing message", c.path, lang)
				}
			}
		}
		rendered := e.a.Render.Rendered()
		for _, name := range e.a.Render.Pages() {
			if strings.HasPrefix(name, "news/") && !rendered[name] {
				t.Errorf("page %s is never rendered by this test", name)
			}
		}
	})
}
