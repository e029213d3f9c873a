package glossary

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// historyRow is one revision in the history, with what it changed.
type historyRow struct {
	Revision
	// Changed lists the keys of the fields changed since the previous
	// revision (none for the first).
	Changed []string
	Current bool
}

type historyData struct {
	Term   *Term
	Rows   []historyRow
	Editor bool
}

// history lists a term's revisions, newest first, with a form to compare
// two of them and, for editors, a button to restore each older one.
func (h *Handlers) history(w http.ResponseWriter, r *http.Request, slug string) error {
	t, err := h.visibleTerm(r, slug)
	if err != nil {
		return err
	}
	revs, err := Revisions(r.Context(), h.DB, t.ID)
	if err != nil {
		return err
	}
	rows := make([]historyRow, len(revs))
	for i, v := range revs {
		rows[i] = historyRow{Revision: v, Current: v.Number == t.Revision}
		if i+1 < len(revs) {
			rows[i].Changed = v.ChangedFields(&revs[i+1].Content)
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/history", historyData{Term: t, Rows: rows, Editor: isEditor(r)})
}

type compareData struct {
	Term     *Term
	From, To *Revision
	Fields   []fieldDiff
	// Unchanged lists the keys of the fields that are the same.
	Unchanged []string
	Editor    bool
}

// compare shows the differences between revisions da and a of a term
// (by default the latest and the one before).
func (h *Handlers) compare(w http.ResponseWriter, r *http.Request, slug string) error {
	t, err := h.visibleTerm(r, slug)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from, to := max(t.Revision-1, 1), t.Revision
	if v := q.Get("da"); v != "" {
		if from, err = strconv.Atoi(v); err != nil {
			return web.NotFound()
		}
	}
	if v := q.Get("a"); v != "" {
		if to, err = strconv.Atoi(v); err != nil {
			return web.NotFound()
		}
	}
	if from > to {
		from, to = to, from
	}
	a, err := RevisionOf(r.Context(), h.DB, t.ID, from)
	if err != nil {
		return notFound(err)
	}
	b, err := RevisionOf(r.Context(), h.DB, t.ID, to)
	if err != nil {
		return notFound(err)
	}
	data := compareData{Term: t, From: a, To: b, Editor: isEditor(r)}
	for _, f := range diffContents(web.Lang(r), &a.Content, &b.Content) {
		if f.Changed {
			data.Fields = append(data.Fields, f)
		} else if f.Key != "" {
			data.Unchanged = append(data.Unchanged, f.Key)
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "glossary/compare", data)
}

// restore makes an older revision the term's text again, as a new
// revision.
func (h *Handlers) restore(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	f, err := web.ParseForm(w, r)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(f.Get("revision"))
	if err != nil || n <= 0 {
		return web.NotFound()
	}
	_, err = Restore(r.Context(), h.DB, actorOf(r), slug, n)
	switch {
	case errors.Is(err, ErrNoChange):
		web.SetFlash(w, "flash.glossary.restore_same")
	case errors.Is(err, ErrConflict), errors.Is(err, ErrInvalid):
		web.SetFlash(w, "flash.glossary.restore_failed")
	case err != nil:
		return notFound(err)
	default:
		web.SetFlash(w, "flash.glossary.restored")
	}
	return web.Redirect(w, r, fmt.Sprintf("/glossario/%s/storia", slug))
}
