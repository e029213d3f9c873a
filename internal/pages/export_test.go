package pages

// GridCells returns the tile map's layout, zone → (column, row), for the
// tests of its shape.
func GridCells() map[string][2]int {
	out := make(map[string][2]int, len(grid.Cells))
	for id, c := range grid.Cells {
		out[id] = [2]int{c.Col, c.Row}
	}
	return out
}
