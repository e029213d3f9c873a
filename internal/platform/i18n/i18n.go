// Package i18n is Cantieri's message catalogue. Every string a user reads
// goes through it; Italian is the default language and English the second.
// Features register their messages at init time with both texts side by
// side, so a missing translation is visible in review and caught by tests.
package i18n

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// Lang is a language code.
type Lang string

// The supported languages; Italian is the default.
const (
	IT Lang = "it"
	EN Lang = "en"
)

// Langs lists the supported languages in display order.
var Langs = []Lang{IT, EN}

// Default is the language used when nothing else is known.
const Default = IT

// M maps a key to its Italian and English texts.
type M map[string][2]string

var (
	mu        sync.RWMutex
	catalogue = map[string][2]string{}
	missing   = map[string]bool{}
)

// Register adds messages to the catalogue. A key registered twice panics at
// start-up, so two features cannot silently fight over one key.
func Register(m M) {
	mu.Lock()
	defer mu.Unlock()
	for k, v := range m {
		if _, dup := catalogue[k]; dup {
			panic("i18n: key registered twice: " + k)
		}
		catalogue[k] = v
	}
}

// Parse returns the language named by s, and whether it is supported.
func Parse(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "it":
		return IT, true
	case "en":
		return EN, true
	}
	return Default, false
}

// FromAcceptLanguage picks the first supported language of the header, or
// the default.
func FromAcceptLanguage(h string) Lang {
	for _, part := range strings.Split(h, ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		base, _, _ := strings.Cut(tag, "-")
		if l, ok := Parse(base); ok {
			return l
		}
	}
	return Default
}

// T returns the text of key in lang, formatted with args when given. An
// unknown key renders as ⟦key⟧ and is remembered, so tests can fail on it.
func T(lang Lang, key string, args ...any) string {
	mu.RLock()
	v, ok := catalogue[key]
	mu.RUnlock()
	if !ok {
		mu.Lock()
		missing[key] = true
		mu.Unlock()
		return "⟦" + key + "⟧"
	}
	s := v[0]
	if lang == EN {
		s = v[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := catalogue[key]
	return ok
}

// Incomplete lists keys with an empty text in some language.
func Incomplete() []string {
	mu.RLock()
	defer mu.RUnlock()
	var out []string
	for k, v := range catalogue {
		if strings.TrimSpace(v[0]) == "" || strings.TrimSpace(v[1]) == "" {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Unknown lists keys that were asked for but are not in the catalogue.
func Unknown() []string {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]string, 0, len(missing))
	for k := range missing {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CookieName is the cookie that remembers a visitor's language choice.
const CookieName = "lang"

// FromRequest decides the language of a request: a `lang` query parameter
// (the language versions' own URLs), the lang cookie, then the
// Accept-Language header.
func FromRequest(r *http.Request) Lang {
	if v := r.URL.Query().Get("lang"); v != "" {
		if l, ok := Parse(v); ok {
			return l
		}
	}
	if c, err := r.Cookie(CookieName); err == nil {
		if l, ok := Parse(c.Value); ok {
			return l
		}
	}
	return FromAcceptLanguage(r.Header.Get("Accept-Language"))
}
