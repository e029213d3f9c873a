package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
	webfiles "github.com/cantieri/cantieri/web"
)

// renderAt renders a test page at path for p in lang.
func renderAt(t *testing.T, rr *web.Renderer, path string, p *authz.Principal, lang i18n.Lang) string {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	r = web.WithLang(r, lang)
	if p != nil {
		r = web.WithPrincipal(r, p)
	}
	rec := httptest.NewRecorder()
	if err := rr.Render(rec, r, http.StatusOK, "test/page", nil); err != nil {
		t.Fatal(err)
	}
	return rec.Body.String()
}

// TestLayoutPartsShowOnlyWhatTheirKeyHolds checks the layout's parts kept
// by the Renderer (web.Chrome): the navigation marks the section of every
// path as the template did with the path itself, each person sees the
// links of their own access (never those of whoever was served before),
// the language follows the request, and the parts are rendered once per
// combination.
func TestLayoutPartsShowOnlyWhatTheirKeyHolds(t *testing.T) {
	rr, err := web.NewRenderer(web.MustSub(webfiles.Layout, "templates"), nil, "http://example.test")
	if err != nil {
		t.Fatal(err)
	}
	page := fstest.MapFS{"page.html": {Data: []byte(`{{define "title"}}T{{end}}{{define "content"}}<p>c</p>{{end}}`)}}
	if err := rr.AddPages("test", page); err != nil {
		t.Fatal(err)
	}

	current := func(html string) string {
		var out []string
		for _, s := range strings.Split(html, `<a class="nav-link`)[1:] {
			tag := s[:strings.Index(s, ">")]
			href := tag[strings.Index(tag, `href="`)+6:]
			href = href[:strings.Index(href, `"`)]
			switch {
			case strings.Contains(tag, ` active"`) && strings.Contains(tag, `aria-current="page"`):
				out = append(out, href+"=page")
			case strings.Contains(tag, ` active"`) && strings.Contains(tag, `aria-current="true"`):
				out = append(out, href+"=under")
			case strings.Contains(tag, ` active"`) || strings.Contains(tag, "aria-current"):
				out = append(out, href+"=?")
			}
		}
		return strings.Join(out, ",")
	}
	coordinator := &authz.Principal{UserID: 2, Grants: []authz.Grant{{Role: authz.Coordinator, ZoneID: "lunigiana"}}}
	for path, want := range map[string]string{
		"/": "/=page", "/x": "",
		"/territori": "/territori=page", "/territori/": "", "/territori/lunigiana": "/territori=under", "/territorix": "",
		"/percorsi": "/percorsi=page", "/percorsi/p/cronoprogramma": "/percorsi=under",
		"/notizie": "/notizie=page", "/notizie/n": "/notizie=under",
		"/faq": "/faq=page", "/faq/x": "",
		"/glossario": "/glossario=page", "/glossario/t": "/glossario=under",
		"/gestione": "/gestione=page", "/gestione/notizie": "/gestione=under",
	} {
		if got := current(renderAt(t, rr, path, coordinator, i18n.IT)); got != want {
			t.Errorf("%s: current %q, want %q", path, got, want)
		}
	}

	admin := &authz.Principal{UserID: 1, Grants: []authz.Grant{{Role: authz.Admin}}}
	citizen := &authz.Principal{UserID: 3}
	for range 3 { // in turns, so a part kept for one is asked for by the next
		for _, c := range []struct {
			who                        string
			p                          *authz.Principal
			account, manage, adminLink bool
		}{
			{"visitor", nil, false, false, false},
			{"citizen", citizen, true, false, false},
			{"coordinator", coordinator, true, true, false},
			{"admin", admin, true, authz.Can(admin, authz.EditRegion, ""), true},
		} {
			html := renderAt(t, rr, "/notizie", c.p, i18n.IT)
			if got := strings.Contains(html, `href="/account"`); got != c.account {
				t.Errorf("%s: link to the account %v", c.who, got)
			}
			if got := strings.Contains(html, `href="/accedi"`); got == c.account {
				t.Errorf("%s: link to sign in %v", c.who, got)
			}
			if got := strings.Contains(html, `href="/gestione"`); got != c.manage {
				t.Errorf("%s: link to the management %v", c.who, got)
			}
			if got := strings.Contains(html, `href="/admin"`); got != c.adminLink {
				t.Errorf("%s: link to the administration %v", c.who, got)
			}
		}
	}
	n := web.ChromeParts(rr)
	for range 20 {
		renderAt(t, rr, "/notizie/altra", citizen, i18n.IT)
	}
	if got := web.ChromeParts(rr); got > n+4 {
		t.Errorf("%d parts after rendering the same kind of page 20 times, from %d", got, n)
	}

	en := renderAt(t, rr, "/notizie", citizen, i18n.EN)
	it := renderAt(t, rr, "/notizie", citizen, i18n.IT)
	if en == it || !strings.Contains(en, i18n.T(i18n.EN, "footer.privacy")) || !strings.Contains(it, i18n.T(i18n.IT, "footer.privacy")) {
		t.Error("the layout's parts do not follow the language")
	}
}
