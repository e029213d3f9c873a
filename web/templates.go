package web

import "embed"

// Layout holds the layout and the partials every page is parsed with
// (templates/*.html).
//
//go:embed templates/*.html
var Layout embed.FS

// Pages holds the platform's own pages (pages/*.html): error pages, home,
// privacy notice, legal notes and accessibility statement.
//
//go:embed pages/*.html
var Pages embed.FS
