package paths

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// pager is one page of a list. A page that does not exist (page=0, -1,
// abc, or past the last page) is a 404, like any address that names
// nothing: only page 1 of an empty list exists.
type pager struct {
	Page  int // from 1
	Size  int
	Total int
	path  string
	query url.Values
}

// newPager reads ?page= from r.
func newPager(r *http.Request, size int) (pager, error) {
	p := pager{Page: 1, Size: size, path: r.URL.Path, query: url.Values{}}
	if v, ok := r.URL.Query()["page"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n < 1 || n > 1_000_000 || len(v) > 1 {
			return p, web.NotFound()
		}
		p.Page = n
	}
	return p, nil
}

// check fails with a 404 when the page is past the last one, once Total
// is known.
func (p pager) check() error {
	if p.Page > p.Pages() {
		return web.NotFound()
	}
	return nil
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

// HasPrev reports whether there is a page before.
func (p pager) HasPrev() bool { return p.Page > 1 }

// HasNext reports whether there is a page after.
func (p pager) HasNext() bool { return p.Page < p.Pages() }

// Prev is the address of the page before.
func (p pager) Prev() string { return p.url(p.Page - 1) }

// Next is the address of the page after.
func (p pager) Next() string { return p.url(p.Page + 1) }

func (p pager) url(n int) string {
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
