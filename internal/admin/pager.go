package admin

import (
	"net/http"
	"net/url"
	"strconv"
)

// pager is one page of a long list: which page, how many in all, and the
// links to the neighbours that keep the list's filters.
type pager struct {
	Page  int // from 1
	Size  int
	Total int
	path  string
	query url.Values
}

// newPager reads ?page= from r: anything but a positive number means the
// first page. The page may still be past the end; see outOfRange.
func newPager(r *http.Request, size int) pager {
	p := pager{Page: 1, Size: size, path: r.URL.Path, query: url.Values{}}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 0 && n < 1_000_000 {
		p.Page = n
	}
	return p
}

// keep makes the page links carry the filter key=value.
func (p *pager) keep(key, value string) {
	if value != "" {
		p.query.Set(key, value)
	}
}

// Offset is the number of rows before the page.
func (p pager) Offset() int { return (p.Page - 1) * p.Size }

// Pages is the number of pages, at least 1.
func (p pager) Pages() int { return max(1, (p.Total+p.Size-1)/p.Size) }

// outOfRange reports whether the page is past the last one.
func (p pager) outOfRange() bool { return p.Page > p.Pages() }

// URL is the address of page n of the same list.
func (p pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.path
	}
	return p.path + "?" + q.Encode()
}

// Last is the address of the last page, where a page out of range goes.
func (p pager) Last() string { return p.URL(p.Pages()) }

// HasPrev reports whether there is a page before.
func (p pager) HasPrev() bool { return p.Page > 1 }

// HasNext reports whether there is a page after.
func (p pager) HasNext() bool { return p.Page < p.Pages() }

// Prev is the address of the page before.
func (p pager) Prev() string { return p.URL(p.Page - 1) }

// Next is the address of the page after.
func (p pager) Next() string { return p.URL(p.Page + 1) }
