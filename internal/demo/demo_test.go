package demo_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/cantieri/cantieri/internal/demo"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestDemoLoadsTwiceWithoutDuplicatesAndNewPasswords(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		var first, second bytes.Buffer
		if err := demo.Load(ctx, d, "http://localhost:8080", log, &first); err != nil {
			t.Fatal(err)
		}
		if err := demo.Load(ctx, d, "http://localhost:8080", log, &second); err != nil {
			t.Fatal(err)
		}
		var users, grants int
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRow(ctx, `SELECT COUNT(*) FROM role_grants`).Scan(&grants); err != nil {
			t.Fatal(err)
		}
		if users != len(demo.People) {
			t.Errorf("%d users after two loads, want %d", users, len(demo.People))
		}
		want := 0
		for _, p := range demo.People {
			want += len(p.Grants)
		}
		if grants != want {
			t.Errorf("%d grants, want %d", grants, want)
		}
		if first.String() == second.String() || !strings.Contains(second.String(), "admin@demo.cantieri.test") {
			t.Errorf("the second load should print the accounts with new passwords:\n%s", second.String())
		}
	})
}
