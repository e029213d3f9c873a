package paths

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/platform/web"
)

func webLang(r *http.Request) i18n.Lang { return web.Lang(r) }

const publicPageSize = 20

// pathList lists the published paths, newest edition first, optionally of
// one edition (?edizione=slug; an unknown edition is a 404).
func (h *Handlers) pathList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg, err := newPager(r, publicPageSize)
	if err != nil {
		return err
	}
	editions, err := Editions(ctx, h.DB)
	if err != nil {
		return err
	}
	var edition *Edition
	if slug := r.URL.Query().Get("edizione"); slug != "" {
		for i := range editions {
			if editions[i].Slug == slug {
				edition = &editions[i]
			}
		}
		if edition == nil {
			return web.NotFound()
		}
		pg.keep("edizione", slug)
	}
	var editionID int64
	if edition != nil {
		editionID = edition.ID
	}
	list, total, err := ListPublished(ctx, h.DB, editionID, pg.Size, pg.Offset())
	if err != nil {
		return err
	}
	pg.Total = total
	if err := pg.check(); err != nil {
		return err
	}
	return h.Render.Render(w, r, http.StatusOK, "paths/paths", map[string]any{
		"Paths": list, "Editions": editions, "Edition": edition, "Pager": pg,
	})
}
