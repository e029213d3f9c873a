package pages

import (
	"math"
	"slices"
)

// The home page's map of Tuscany is a tile map: one square per zone on a
// grid, each zone in the cell nearest to where it lies. No tiles or shapes
// come from anywhere else; the layout is computed once from the table
// below.

// zonePlace is where a zone lies, roughly: the centre of its area in
// degrees (WGS84), and the short label its tile shows.
type zonePlace struct {
	Lat, Lon float64
	Abbr     string
}

// zonePlaces are approximate centres of the 28 zone-distretto, read off a
// map of the main towns of each (good to a few kilometres, which is all a
// tile map needs).
var zonePlaces = map[string]zonePlace{
	"lunigiana":                   {44.30, 9.97, "LUN"},
	"apuane":                      {44.05, 10.13, "APU"},
	"valle-del-serchio":           {44.12, 10.40, "SER"},
	"versilia":                    {43.90, 10.27, "VER"},
	"piana-di-lucca":              {43.85, 10.52, "LU"},
	"val-di-nievole":              {43.87, 10.75, "VDN"},
	"pistoiese":                   {43.95, 10.90, "PT"},
	"pratese":                     {43.92, 11.08, "PO"},
	"mugello":                     {44.00, 11.40, "MUG"},
	"fiorentina-nord-ovest":       {43.83, 11.15, "FNO"},
	"fiorentina":                  {43.77, 11.25, "FI"},
	"fiorentina-sud-est":          {43.68, 11.40, "FSE"},
	"empolese-valdarno-inferiore": {43.68, 10.90, "EMP"},
	"pisana":                      {43.68, 10.45, "PI"},
	"livornese":                   {43.52, 10.35, "LI"},
	"alta-val-di-cecina-valdera":  {43.45, 10.75, "AVC"},
	"alta-val-d-elsa":             {43.43, 11.08, "AVE"},
	"senese":                      {43.28, 11.35, "SI"},
	"valdarno":                    {43.55, 11.55, "VDA"},
	"casentino":                   {43.75, 11.80, "CAS"},
	"aretina":                     {43.45, 11.85, "AR"},
	"valtiberina":                 {43.58, 12.10, "VTB"},
	"valdichiana-aretina":         {43.28, 11.95, "VCA"},
	"amiata-senese-val-d-orcia-valdichiana-senese": {43.05, 11.70, "ASV"},
	"valli-etrusche": {43.15, 10.60, "VET"},
	"amiata-grossetana-colline-metallifere-grossetana": {42.88, 11.10, "GR"},
	"colline-dell-albegna":                             {42.55, 11.35, "ALB"},
	"elba":                                             {42.78, 10.25, "ELB"},
}

// cellDegrees is the side of a grid cell in degrees of latitude; chosen so
// that Tuscany is about 7 cells wide and 8 high, with no zone far from its
// place.
const cellDegrees = 0.24

// cell is a grid position: column from the west, row from the north.
type cell struct{ Col, Row int }

// tileGrid is the computed layout: each zone's cell, and the grid's size.
type tileGrid struct {
	Cells      map[string]cell
	Cols, Rows int
}

var grid = layoutTiles(zonePlaces, cellDegrees)

// layoutTiles places every zone in its own cell so that the sum of the
// squared distances between zones and their cells is the least possible
// (an optimal assignment, found with the Hungarian method): crowded areas
// such as Florence's spread out evenly instead of pushing one zone far away.
// Longitudes are scaled by the cosine of the latitude, so cells are square
// on the ground.
func layoutTiles(places map[string]zonePlace, size float64) tileGrid {
	ids := make([]string, 0, len(places))
	for id := range places {
		ids = append(ids, id)
	}
	slices.Sort(ids) // a deterministic order makes a deterministic layout
	north, west := math.Inf(-1), math.Inf(1)
	for _, p := range places {
		north, west = math.Max(north, p.Lat), math.Min(west, p.Lon)
	}
	k := math.Cos(43.5 * math.Pi / 180) // Tuscany's mid latitude
	xs, ys := make([]float64, len(ids)), make([]float64, len(ids))
	maxX, maxY := 0.0, 0.0
	for i, id := range ids {
		p := places[id]
		xs[i], ys[i] = (p.Lon-west)*k/size, (north-p.Lat)/size
		maxX, maxY = math.Max(maxX, xs[i]), math.Max(maxY, ys[i])
	}
	cols, rows := int(math.Round(maxX))+1, int(math.Round(maxY))+1
	cost := make([][]float64, len(ids))
	for i := range ids {
		cost[i] = make([]float64, cols*rows)
		for c := range cost[i] {
			dx, dy := float64(c%cols)-xs[i], float64(c/cols)-ys[i]
			cost[i][c] = dx*dx + dy*dy
		}
	}
	g := tileGrid{Cells: map[string]cell{}, Cols: cols, Rows: rows}
	for i, c := range assign(cost) {
		g.Cells[ids[i]] = cell{Col: c % cols, Row: c / cols}
	}
	return g
}

// assign solves the assignment problem for an n×m cost matrix (n ≤ m): it
// returns, for each row, a distinct column so that the total cost is
// least. This is the Hungarian method with potentials, O(n²m).
func assign(cost [][]float64) []int {
	n, m := len(cost), len(cost[0])
	u, v := make([]float64, n+1), make([]float64, m+1)
	match, way := make([]int, m+1), make([]int, m+1) // match[j]: row (1-based) holding column j
	for i := 1; i <= n; i++ {
		match[0] = i
		j0 := 0
		minv, used := make([]float64, m+1), make([]bool, m+1)
		for j := range minv {
			minv[j] = math.Inf(1)
		}
		for match[j0] != 0 {
			used[j0] = true
			i0, delta, j1 := match[j0], math.Inf(1), 0
			for j := 1; j <= m; j++ {
				if used[j] {
					continue
				}
				if cur := cost[i0-1][j-1] - u[i0] - v[j]; cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= m; j++ {
				if used[j] {
					u[match[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
		}
		for j0 != 0 {
			j1 := way[j0]
			match[j0] = match[j1]
			j0 = j1
		}
	}
	out := make([]int, n)
	for j := 1; j <= m; j++ {
		if match[j] != 0 {
			out[match[j]-1] = j - 1
		}
	}
	return out
}
