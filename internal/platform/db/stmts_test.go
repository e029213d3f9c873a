package db_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestCachedStatementsGiveTheSameResults checks the reading statements
// kept prepared on SQLite (stmtCache): a statement pushed out of the cache
// while its rows are still being read keeps answering, concurrent calls
// of more statements than the cache holds get their own results, the
// cache stays within its bound, errors are reported as without it, and a
// table dropped and made again is read anew. On PostgreSQL (no cache) the
// same calls must give the same results.
func TestCachedStatementsGiveTheSameResults(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		db.LimitCachedStatements(d, 3)
		if _, err := d.Exec(ctx, `CREATE TABLE stmt_probe (id BIGINT PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 20; i++ {
			if _, err := d.Exec(ctx, `INSERT INTO stmt_probe (id, v) VALUES (?, ?)`, i, fmt.Sprint("v", i)); err != nil {
				t.Fatal(err)
			}
		}
		// Distinct SQL texts, one per n, more than the cache holds.
		byID := func(n int) string {
			return fmt.Sprintf(`SELECT v, %d FROM stmt_probe WHERE id = ?`, n)
		}

		rows, err := d.Query(ctx, `SELECT id, v FROM stmt_probe WHERE id <= ? ORDER BY id`, 5)
		if err != nil {
			t.Fatal(err)
		}
		for n := range 6 { // pushes the open statement out of the cache
			var v string
			var k int
			if err := d.QueryRow(ctx, byID(n), 2).Scan(&v, &k); err != nil || v != "v2" || k != n {
				t.Fatalf("query %d: %q %d %v", n, v, k, err)
			}
		}
		var got []string
		for rows.Next() {
			var id int
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if fmt.Sprint(got) != "[v1 v2 v3 v4 v5]" {
			t.Errorf("rows read after their statement left the cache: %v", got)
		}

		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for g := range 8 {
			wg.Go(func() {
				for i := range 200 {
					n, id := (g+i)%10, 1+(g*7+i)%20
					var v string
					var k int
					if err := d.QueryRow(ctx, byID(n), id).Scan(&v, &k); err != nil || v != fmt.Sprint("v", id) || k != n {
						errs <- fmt.Errorf("goroutine %d, call %d: %q %d, want v%d %d: %v", g, i, v, k, id, n, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if n := db.CachedStatements(d); n > 3 || (d.Engine == db.SQLite && n == 0) {
			t.Errorf("%d statements cached, want 1 to 3 (SQLite) or 0", n)
		}

		if _, err := d.Query(ctx, `SELECT nope FROM stmt_probe`); err == nil {
			t.Error("a bad query ran")
		}
		if err := d.QueryRow(ctx, `SELECT nope FROM stmt_probe WHERE id = ?`, 1).Scan(new(string)); err == nil {
			t.Error("a bad query row ran")
		}

		if _, err := d.Exec(ctx, `DROP TABLE stmt_probe`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `CREATE TABLE stmt_probe (id BIGINT PRIMARY KEY, w TEXT NOT NULL, v TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `INSERT INTO stmt_probe (id, w, v) VALUES (?, ?, ?)`, 2, "w", "new"); err != nil {
			t.Fatal(err)
		}
		var v string
		var k int
		if err := d.QueryRow(ctx, byID(9), 2).Scan(&v, &k); err != nil || v != "new" {
			t.Errorf("after the table was made again: %q %v", v, err)
		}
	})
}
