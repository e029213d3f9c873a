package pages

import (
	"slices"

	"github.com/cantieri/cantieri/internal/platform/i18n"
	"github.com/cantieri/cantieri/internal/territory"
)

// Tile geometry in SVG user units: the picture scales with its viewBox.
const (
	tileSize  = 68
	tileGap   = 6
	tilePitch = tileSize + tileGap
)

// authorityColours fill the tiles of each Azienda USL: blue, green and
// orange-brown, told apart by most colour-blind readers, each with a
// contrast ratio above 6.5:1 against the white labels. Colour is never the
// only cue: the list beside the map groups the zones by authority and each
// tile's name says it.
var authorityColours = map[string]string{
	"toscana-centro":     "#004d99",
	"toscana-nord-ovest": "#00664f",
	"toscana-sud-est":    "#a13d00",
}

const otherColour = "#4d4d4d"

func colourOf(authority string) string {
	if c, ok := authorityColours[authority]; ok {
		return c
	}
	return otherColour
}

// TileMap is the SVG map of the zones, ready to print.
type TileMap struct {
	Width, Height int
	Tile          int // side of a tile
	Tiles         []Tile
}

// Tile is one zone on the map.
type Tile struct {
	ZoneID string
	Name   string
	Abbr   string
	// Label is the link's accessible name: zone, health authority and
	// published paths.
	Label string
	Fill  string
	Paths int
	// X and Y are the top left corner; the other fields are derived
	// positions, so the template only prints numbers.
	X, Y             int
	TextX, TextY     int
	MarkerX, MarkerY int
}

// buildTileMap lays out the zones that have a place in the grid; zones
// without one (a zone added to the reference data but not to zonePlaces)
// are left out of the map, not out of the list.
func buildTileMap(zones []territory.ZoneSummary, counts map[string]int, lang i18n.Lang) TileMap {
	m := TileMap{Width: grid.Cols*tilePitch - tileGap, Height: grid.Rows*tilePitch - tileGap, Tile: tileSize}
	for _, z := range zones {
		c, ok := grid.Cells[z.ID]
		if !ok {
			continue
		}
		x, y := c.Col*tilePitch, c.Row*tilePitch
		n := counts[z.ID]
		m.Tiles = append(m.Tiles, Tile{
			ZoneID: z.ID, Name: z.Name, Abbr: zonePlaces[z.ID].Abbr,
			// The name starts with the tile's visible abbreviation (WCAG
			// 2.5.3, label in name; not in brackets, which axe ignores).
			Label: zonePlaces[z.ID].Abbr + " – " + z.Name + ", " + z.HealthAuthorityName + ", " + pathsPhrase(lang, n),
			Fill:  colourOf(z.HealthAuthorityID), Paths: n,
			X: x, Y: y, TextX: x + tileSize/2, TextY: y + tileSize/2 + 7,
			MarkerX: x + tileSize - 13, MarkerY: y + 13,
		})
	}
	// Keyboard and screen reader order follows the map: by row, then
	// column, like reading a page.
	slices.SortFunc(m.Tiles, func(a, b Tile) int {
		if a.Y != b.Y {
			return a.Y - b.Y
		}
		return a.X - b.X
	})
	return m
}

// pathsPhrase says how many published paths a zone has.
func pathsPhrase(lang i18n.Lang, n int) string {
	switch n {
	case 0:
		return i18n.T(lang, "home.paths.none")
	case 1:
		return i18n.T(lang, "home.paths.one")
	}
	return i18n.T(lang, "home.paths.many", n)
}
