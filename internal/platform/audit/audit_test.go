package audit_test

import (
	"context"
	"testing"

	"github.com/cantieri/cantieri/internal/platform/audit"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestRecordedEntriesAreListedNewestFirstAndFiltered(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, a := range []string{"auth.login", "role.grant", "role.revoke"} {
			if err := audit.Record(ctx, d, audit.Entry{Action: a, Entity: "user", EntityID: "7", ActorID: 1,
				Before: audit.JSON(nil), After: audit.JSON(map[string]string{"role": "coordinator"})}); err != nil {
				t.Fatal(err)
			}
		}
		all, total, err := audit.List(ctx, d, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(all) != 3 || all[0].Action != "role.revoke" {
			t.Fatalf("got total %d, %+v", total, all)
		}
		roles, total, err := audit.List(ctx, d, audit.Filter{Action: "role."})
		if err != nil || total != 2 || len(roles) != 2 {
			t.Fatalf("filter by action: %d %v %v", total, roles, err)
		}
		if roles[0].After != `{"role":"coordinator"}` {
			t.Fatalf("after = %q", roles[0].After)
		}
	})
}
