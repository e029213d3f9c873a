// Package search is the site search page, /cerca, and the indexing of the
// territories. The index itself, and the calls features make to keep
// their content in it, are internal/platform/search.
package search

import (
	"context"
	"embed"
	"fmt"
	"strings"

	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	psearch "github.com/cantieri/cantieri/internal/platform/search"
	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

//go:embed templates/*.html
var templates embed.FS

// Handlers serves the search page.
type Handlers struct {
	DB     *db.DB
	Render *web.Renderer
}

// Register adds the template and the route of the search page.
func (h *Handlers) Register(rt *web.Router) error {
	if err := h.Render.AddPages("search", web.MustSub(templates, "templates")); err != nil {
		return err
	}
	rt.Handle("GET /cerca", authz.ViewPublic, h.page)
	return nil
}

// IndexTerritories keeps the 28 zones in the index, each with its health
// authority, Società della Salute, committees and the names of its
// comuni, so that searching a comune finds its zone. It runs at every
// start, after territory.LoadReference; when nothing changed it only
// reads. It returns how many documents it wrote or removed.
func IndexTerritories(ctx context.Context, d *db.DB) (int, error) {
	zones, err := territory.Zones(ctx, d)
	if err != nil {
		return 0, err
	}
	docs := make([]psearch.Document, 0, len(zones))
	for _, z := range zones {
		detail, err := territory.Zone(ctx, d, z.ID)
		if err != nil {
			return 0, err
		}
		docs = append(docs, territoryDocument(detail))
	}
	n, err := psearch.Reindex(ctx, d, psearch.KindTerritory, docs)
	if err != nil {
		return n, fmt.Errorf("search: territories: %w", err)
	}
	return n, nil
}

func territoryDocument(z territory.ZoneDetail) psearch.Document {
	var b strings.Builder
	fmt.Fprintf(&b, "Zona-distretto %s, %s.", z.Name, z.HealthAuthorityName)
	if z.Society != nil {
		fmt.Fprintf(&b, " %s.", z.Society.Name)
	}
	for _, c := range z.Committees {
		fmt.Fprintf(&b, " %s.", c.Name)
	}
	names := make([]string, len(z.Comuni))
	for i, c := range z.Comuni {
		names[i] = c.Name
	}
	fmt.Fprintf(&b, " Comuni: %s.", strings.Join(names, ", "))
	return psearch.Document{
		Kind:    psearch.KindTerritory,
		Ref:     z.ID,
		ZoneIDs: []string{z.ID},
		Lang:    "it",
		Title:   z.Name,
		Body:    b.String(),
		URL:     "/territori/" + z.ID,
	}
}
