// Package migrations holds Cantieri's numbered schema migrations. Once a
// migration has landed on main it is never edited: add a new one instead.
package migrations

import "embed"

// FS holds every migration file.
//
//go:embed *.sql
var FS embed.FS
