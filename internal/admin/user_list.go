package admin

import (
	"net/http"
	"strings"
	"unicode/utf8"
)

const usersPerPage = 25

// maxSearch bounds what the search box takes; longer text is cut.
const maxSearch = 100

type userListPage struct {
	Query string
	Users []user
	Pager pager
}

// userList lists the users, newest first, filtered by ?q= on e-mail or name.
func (h *Handlers) userList(w http.ResponseWriter, r *http.Request) error {
	q := searchText(r.URL.Query().Get("q"))
	p := newPager(r, usersPerPage)
	p.keep("q", q)
	users, total, err := listUsers(r.Context(), h.DB, q, p.Size, p.Offset())
	if err != nil {
		return err
	}
	p.Total = total
	if p.outOfRange() {
		http.Redirect(w, r, p.Last(), http.StatusSeeOther) // #nosec G710 -- p.Last() builds a local path from the page's own route
		return nil
	}
	return h.Render.Render(w, r, http.StatusOK, "admin/users", userListPage{Query: q, Users: users, Pager: p})
}

// searchText cleans a search or filter box: valid UTF-8, trimmed, at most
// maxSearch characters.
func searchText(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, ""))
	if utf8.RuneCountInString(s) > maxSearch {
		s = string([]rune(s)[:maxSearch])
	}
	return s
}
