package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
)

// Backup writes a consistent copy of a SQLite database to path with
// VACUUM INTO, which reads one snapshot while writers carry on (WAL mode).
// The copy is a complete database file that `cantieri serve --database`
// can open directly.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Engine != SQLite {
		return fmt.Errorf("db: backup of %s: use pg_dump", d.Engine)
	}
	// A connection of its own: the readers are query-only and the writer
	// must stay free for the server's writes while the copy is taken.
	c, err := sql.Open("sqlite", sqliteDSN(d.Location, false))
	if err != nil {
		return fmt.Errorf("db: backup: %w", err)
	}
	defer c.Close()
	q := "VACUUM INTO '" + strings.ReplaceAll(path, "'", "''") + "'" // #nosec G202 -- VACUUM INTO takes no bind parameter; the operator's path is quoted as an SQL string literal
	if _, err := c.ExecContext(ctx, q); err != nil {
		_ = os.Remove(path) // never leave a partial copy that looks like a backup
		return fmt.Errorf("db: backup to %s: %w", path, err)
	}
	return nil
}
