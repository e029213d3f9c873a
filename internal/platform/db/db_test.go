package db_test

import (
	"context"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/migrations"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestMigrationsApplyOnceOnBothEngines(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		n, err := d.Migrate(ctx, migrations.FS)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("second Migrate ran %d migrations, want 0", n)
		}
		st, err := d.MigrationStatus(ctx, migrations.FS)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if s.AppliedAt == "" {
				t.Errorf("migration %d %s pending after Migrate", s.Version, s.Name)
			}
		}
	})
}

func TestTimesRoundTripIdentically(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		want := db.Time(time.Date(2026, 3, 29, 0, 59, 59, 123456789, time.UTC))
		id, err := d.InsertID(ctx, `INSERT INTO outbox (message_id, to_addr, subject, text_body, created_at) VALUES (?, ?, ?, ?, ?)`,
			"<m@x>", "a@example.org", "s", "b", want)
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := d.QueryRow(ctx, `SELECT created_at FROM outbox WHERE id = ?`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(want) {
			t.Fatalf("got %v, want %v", got, want)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE created_at > ? AND created_at < ?`,
			want.Add(-time.Microsecond), want.Add(time.Second)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Fatalf("time range comparison found %d rows, want 1", n)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Tx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, `INSERT INTO health_authorities (id, name) VALUES (?, ?)`, "x", "X"); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO health_authorities (id, name) VALUES (?, ?)`, "x", "X again")
			return err
		})
		if !db.IsUniqueViolation(err) {
			t.Fatalf("want a unique violation, got %v", err)
		}
		var n int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM health_authorities`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("rolled back transaction left %d rows", n)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, `INSERT INTO audit_log (at, action) VALUES (?, ?)`, db.Now(), "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE audit_log SET action = 'changed'`); err == nil {
			t.Error("UPDATE on audit_log succeeded")
		}
		if _, err := d.Exec(ctx, `DELETE FROM audit_log`); err == nil {
			t.Error("DELETE on audit_log succeeded")
		}
	})
}

func TestLoadMigrationsRejectsGapsAndDuplicates(t *testing.T) {
	cases := map[string]fstest.MapFS{
		"gap":       {"0001_a.sql": {}, "0003_c.sql": {}},
		"duplicate": {"0001_a.sql": {}, "0001_b.sql": {}},
		"badname":   {"first.sql": {}},
	}
	for name, fsys := range cases {
		if _, err := db.LoadMigrations(fsys, db.SQLite); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	ok := fstest.MapFS{"0001_a.sql": {Data: []byte("{{pk}}")}, "0002_b.sqlite.sql": {}, "0002_b.postgres.sql": {}}
	ms, err := db.LoadMigrations(ok, db.Postgres)
	if err != nil || len(ms) != 2 || ms[0].SQL == "{{pk}}" {
		t.Fatalf("got %v, %v", ms, err)
	}
}

func TestRebindSkipsQuotedQuestionMarks(t *testing.T) {
	d := &db.DB{Engine: db.Postgres}
	got := d.Q(`SELECT '?' , a FROM t WHERE b = ? AND c = ?`)
	want := `SELECT '?' , a FROM t WHERE b = $1 AND c = $2`
	if got != want {
		t.Fatalf("got %q", got)
	}
}
