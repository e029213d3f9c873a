package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

func init() {
	i18n.Register(i18n.M{
		"test.translate.tricky": {`Dì "ciao" <b>&</b> 'x' %s`, `Say "hi" <b>&</b> 'x' %s`},
	})
}

// TestTranslatedTemplatesGiveTheSameBytes renders templates that translate
// constant keys in every context html/template escapes differently (text,
// attribute, URL, script, a nested pipeline, inside with and range, in a
// template called by another, with an argument), with their constant
// translations done and without, in both languages: the bytes must be the
// same, and the translated copy must call T only where the key is not a
// lone constant.
func TestTranslatedTemplatesGiveTheSameBytes(t *testing.T) {
	src := `{{define "inner"}}<i>{{.T "test.translate.tricky"}}</i>{{end}}` +
		`{{define "page"}}<p title="{{.T "test.translate.tricky"}}">{{.T "test.translate.tricky"}}</p>` +
		`<a href="/x?q={{.T "test.translate.tricky"}}">{{with .Data}}{{$.T "test.translate.tricky"}}{{end}}</a>` +
		`{{range .Data}}{{$.T "test.translate.tricky"}}{{.}}{{end}}` +
		`{{printf "%s!" (.T "test.translate.tricky")}}{{.T "test.translate.tricky" | len}}` +
		`<script>var s = {{.T "test.translate.tricky"}};</script>` +
		`{{template "inner" .}}{{.T "test.translate.tricky" 3}}{{if eq (.T "site.name") "x"}}no{{end}}{{end}}`
	base := template.Must(template.New("").Funcs(Funcs).Parse(src))
	for _, lang := range i18n.Langs {
		var calls int
		p := &Page{Lang: lang, Data: []string{"a", "b"}}
		plain, err := base.Clone()
		if err != nil {
			t.Fatal(err)
		}
		tr, err := translated(base, lang)
		if err != nil {
			t.Fatal(err)
		}
		var want, got bytes.Buffer
		if err := plain.ExecuteTemplate(&want, "page", p); err != nil {
			t.Fatal(err)
		}
		if err := tr.ExecuteTemplate(&got, "page", p); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", lang, got.String(), want.String())
		}
		if !strings.Contains(want.String(), "&#34;") {
			t.Errorf("%s: the test does not exercise escaping: %s", lang, want.String())
		}
		for _, tt := range tr.Templates() {
			if tt.Tree != nil {
				calls += strings.Count(tt.Tree.Root.String(), ".T ")
			}
		}
		if calls != 1 { // `.T "…" 3` has an argument: left to run
			t.Errorf("%s: %d calls of T left in the translated copy, want 1", lang, calls)
		}
	}
}
