package pages_test

import (
	"context"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/app/apptest"
	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/paths"
	"github.com/cantieri/cantieri/internal/platform/authz"
	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const password = "una passphrase lunga abbastanza"

// env is the running application with a visitor, an admin and a
// coordinator of Lunigiana, each with their own browser.
type env struct {
	*apptest.Env
	t       *testing.T
	visitor *apptest.Client
	admin   *apptest.Client
	coord   *apptest.Client
	adminID int64
}

func newEnv(t *testing.T, d *db.DB, opts ...apptest.Option) *env {
	t.Helper()
	e := &env{Env: apptest.New(t, d, opts...), t: t}
	e.visitor = e.Client()
	e.adminID = e.CreateUser(t, "admin@example.org", password, authz.Grant{Role: authz.Admin})
	e.admin = e.Client()
	e.admin.Login(t, "admin@example.org", password)
	e.CreateUser(t, "coord@example.org", password, authz.Grant{Role: authz.Coordinator, ZoneID: "lunigiana"})
	e.coord = e.Client()
	e.coord.Login(t, "coord@example.org", password)
	return e
}

// path creates a path of the Cantiere template in zone, published or not.
func (e *env) path(zone, title string, publish bool) paths.Path {
	e.t.Helper()
	ctx := context.Background()
	p, err := paths.CreateFromTemplate(ctx, e.DB, paths.Actor{Label: "test"}, paths.NewPath{
		Zone: zone, Template: paths.TemplateCantiere, Edition: paths.EditionSecond,
		Title: paths.Text{IT: title}, Start: paths.MustDate("2025-01-13"),
	})
	if err != nil {
		e.t.Fatal(err)
	}
	if publish {
		if err := paths.Publish(ctx, e.DB, paths.Actor{Label: "test"}, p.ID); err != nil {
			e.t.Fatal(err)
		}
	}
	return p
}

// news publishes an item of zones (none: region-wide), published ago.
func (e *env) news(title string, ago time.Duration, zones ...string) *news.Item {
	e.t.Helper()
	it, err := news.Create(context.Background(), e.DB, news.Input{TitleIT: title, TitleEN: title + " (EN)",
		SummaryIT: "Sintesi di " + title, Zones: zones, Status: news.Scheduled, PublishAt: time.Now().Add(-ago)},
		news.Actor{Label: "test"})
	if err != nil {
		e.t.Fatal(err)
	}
	return it
}
