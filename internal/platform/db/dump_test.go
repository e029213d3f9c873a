package db_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
	"github.com/cantieri/cantieri/migrations"
)

func dump(t *testing.T, d *db.DB) string {
	t.Helper()
	var b bytes.Buffer
	if err := d.Dump(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// insertNews adds news items in the given order of slugs.
func insertNews(t *testing.T, d *db.DB, slugs ...string) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 10, 25, 1, 30, 0, 123456000, time.UTC)
	for _, s := range slugs {
		if _, err := d.Exec(ctx, `INSERT INTO news (slug, title_it, status, created_at, updated_at) VALUES (?, ?, 'published', ?, ?)`,
			s, "Città e «salute» "+s, at, at); err != nil {
			t.Fatal(err)
		}
	}
}

// Two databases prepared a moment apart differ (their reference data
// carries load times), so sameness is checked on one database read twice,
// and on a copy in TestASQLiteBackupDumpsLikeItsSource and ./crash/.
func TestDumpIsStableAndChangesWithTheData(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		insertNews(t, d, "uno", "due")
		first := dump(t, d)
		if dump(t, d) != first {
			t.Fatal("two dumps of the same data differ")
		}
		if !strings.Contains(first, "## news (") || !strings.Contains(first, "## news: 2 rows") {
			t.Fatalf("the dump lacks the news table:\n%.400s", first)
		}
		if !strings.Contains(first, `"Città e «salute» uno"`) || !strings.Contains(first, "2026-10-25T01:30:00.123456Z") {
			t.Fatal("the dump does not hold the values in canonical form")
		}
		if _, err := d.Exec(context.Background(), `UPDATE news SET title_it = 'altro' WHERE slug = 'due'`); err != nil {
			t.Fatal(err)
		}
		if dump(t, d) == first {
			t.Fatal("a changed row left the dump the same")
		}
	})
}

func TestASQLiteBackupDumpsLikeItsSource(t *testing.T) {
	d := dbtest.SQLite(t)
	insertNews(t, d, "uno", "due", "tre")
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "copia.db")
	if err := d.Backup(ctx, path); err != nil {
		t.Fatal(err)
	}
	c, err := db.Open(ctx, path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n, err := c.Migrate(ctx, migrations.FS); err != nil || n != 0 {
		t.Fatalf("the copy needed %d migrations (%v): it is not complete", n, err)
	}
	if dump(t, c) != dump(t, d) {
		t.Fatal("the backup's dump differs from the source's")
	}
}
