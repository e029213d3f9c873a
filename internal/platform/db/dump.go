package db

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Dump writes every table of the database as text: tables by name, each
// with its columns and then its rows in the order of all their columns,
// one line per row, values in one canonical form. Two databases of the
// same engine holding the same data write the same bytes, so comparing
// dumps (or their SHA-256) proves that a backup restored to the data it
// was taken from. It reads in one transaction, a consistent snapshot.
func (d *DB) Dump(ctx context.Context, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	// One snapshot: SQLite's deferred transaction on a reader keeps the
	// snapshot of its first read; PostgreSQL needs REPEATABLE READ for that.
	var opts *sql.TxOptions
	if d.Engine == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := d.R.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("db: dump: %w", err)
	}
	defer tx.Rollback()
	tables, err := d.tables(ctx, tx)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if err := dumpTable(ctx, tx, bw, t); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// tables lists the tables with data: the schema's own tables, FTS5's
// shadow tables included on SQLite (they hold the search index).
func (d *DB) tables(ctx context.Context, tx *sql.Tx) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if d.Engine == Postgres {
		q = `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("db: dump: list tables: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

func dumpTable(ctx context.Context, tx *sql.Tx, w *bufio.Writer, table string) error {
	quoted := `"` + strings.ReplaceAll(table, `"`, `""`) + `"`
	head, err := tx.QueryContext(ctx, `SELECT * FROM `+quoted+` LIMIT 0`) // #nosec G202 -- the name comes from the engine's own catalogue, quoted as an identifier
	if err != nil {
		return fmt.Errorf("db: dump %s: %w", table, err)
	}
	cols, err := head.Columns()
	head.Close()
	if err != nil {
		return err
	}
	order := make([]string, len(cols))
	for i := range cols {
		order[i] = strconv.Itoa(i + 1)
	}
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+quoted+` ORDER BY `+strings.Join(order, ", ")) // #nosec G202 -- as above; the ORDER BY lists column positions
	if err != nil {
		return fmt.Errorf("db: dump %s: %w", table, err)
	}
	defer rows.Close()
	fmt.Fprintf(w, "## %s (%s)\n", table, strings.Join(cols, ", "))
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("db: dump %s: %w", table, err)
		}
		for i, v := range vals {
			if i > 0 {
				w.WriteByte('\t')
			}
			w.WriteString(canonical(v))
		}
		w.WriteByte('\n')
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("db: dump %s: %w", table, err)
	}
	fmt.Fprintf(w, "## %s: %d rows\n", table, n)
	return nil
}

// canonical writes a value in one form whatever the driver returned.
func canonical(v any) string {
	switch v := v.(type) {
	case nil:
		return `\N`
	case []byte:
		return "x'" + hex.EncodeToString(v) + "'"
	case string:
		return strconv.Quote(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	default:
		return fmt.Sprintf("%T:%v", v, v)
	}
}
