package db_test

import (
	"context"
	"errors"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestVersionChangesWithEveryWrite checks what the page cache relies on:
// every committed write changes Version, reads and writes that change
// nothing do not.
func TestVersionChangesWithEveryWrite(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, `CREATE TABLE version_probe (id BIGINT PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		changes := func(name string, want bool, fn func() error) {
			t.Helper()
			before := d.Version()
			if err := fn(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := d.Version() != before; got != want {
				t.Errorf("%s: version changed %v, want %v", name, got, want)
			}
		}
		changes("insert", true, func() error {
			_, err := d.Exec(ctx, `INSERT INTO version_probe (id, v) VALUES (?, ?)`, 1, "a")
			return err
		})
		changes("update of no row", false, func() error {
			_, err := d.Exec(ctx, `UPDATE version_probe SET v = ? WHERE id = ?`, "b", 99)
			return err
		})
		changes("read", false, func() error {
			var v string
			return d.QueryRow(ctx, `SELECT v FROM version_probe WHERE id = ?`, 1).Scan(&v)
		})
		changes("transaction", true, func() error {
			return d.Tx(ctx, func(tx *db.Tx) error {
				_, err := tx.Exec(ctx, `UPDATE version_probe SET v = ? WHERE id = ?`, "c", 1)
				return err
			})
		})
		changes("unseen write", false, func() error {
			_, err := d.ExecUnseen(ctx, `INSERT INTO version_probe (id, v) VALUES (?, ?)`, 2, "queue")
			return err
		})
		errRollback := errors.New("roll back")
		changes("rolled back transaction", false, func() error {
			err := d.Tx(ctx, func(tx *db.Tx) error {
				if _, err := tx.Exec(ctx, `UPDATE version_probe SET v = ? WHERE id = ?`, "d", 1); err != nil {
					return err
				}
				return errRollback
			})
			if errors.Is(err, errRollback) {
				return nil
			}
			return err
		})
	})
}

// TestQueriesCountsStatements checks the counter the tests of queries per
// page read.
func TestQueriesCountsStatements(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		before := d.Queries()
		var n int
		if err := d.QueryRow(ctx, `SELECT 1`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		err := d.Tx(ctx, func(tx *db.Tx) error {
			return tx.QueryRow(ctx, `SELECT 2`).Scan(&n)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Queries() - before; got != 2 {
			t.Errorf("Queries counted %d statements, want 2", got)
		}
	})
}
