package paths

import (
	"net/http"

	"github.com/cantieri/cantieri/internal/territory"
)

// authorityZones is one Azienda USL with its zones, for the territory list.
type authorityZones struct {
	territory.HealthAuthority
	Zones []zoneItem
}

type zoneItem struct {
	territory.ZoneSummary
	Paths int // published paths
}

// territoryList shows the 28 zones grouped by health authority, with their
// Società della Salute and how many paths each has. Three queries.
func (h *Handlers) territoryList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	authorities, err := territory.HealthAuthorities(ctx, h.DB)
	if err != nil {
		return err
	}
	zones, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return err
	}
	counts, err := PublishedCounts(ctx, h.DB)
	if err != nil {
		return err
	}
	groups := make([]authorityZones, len(authorities))
	index := map[string]int{}
	for i, a := range authorities {
		groups[i].HealthAuthority = a
		index[a.ID] = i
	}
	for _, z := range zones { // already sorted by name
		if i, ok := index[z.HealthAuthorityID]; ok {
			groups[i].Zones = append(groups[i].Zones, zoneItem{ZoneSummary: z, Paths: counts[z.ID]})
		}
	}
	return h.Render.Render(w, r, http.StatusOK, "paths/territories", map[string]any{
		"Authorities": groups, "Count": len(zones),
	})
}
