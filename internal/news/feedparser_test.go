package news_test

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"

	"github.com/cantieri/cantieri/internal/news"
	"github.com/cantieri/cantieri/internal/platform/db/dbtest"
)

// TestFeedsParseWithFeedparser runs scripts/check-feeds (Debian's
// python3-feedparser) on the four kinds of feed. It is skipped where
// feedparser is not installed, except under CI=true (.ci/run installs it).
func TestFeedsParseWithFeedparser(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import feedparser").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3-feedparser is required under CI=true: apt-get install python3-feedparser")
		}
		t.Skip("python3-feedparser is not installed")
	}
	e := newEnv(t, dbtest.SQLite(t))
	in := published("Bussola dei Servizi: <continuano> i lavori & altro", zoneA)
	in.BodyIT = "Vedi le [domande frequenti](/faq).\n\n| a | b |\n|---|---|\n| 1 | 2 |"
	e.create(in)
	e.create(published("Notizia regionale"))
	e.create(news.Input{TitleIT: "Vuota", Zones: []string{zoneA}, Status: news.Published})
	srv := httptest.NewServer(e.a.Handler)
	defer srv.Close()
	out, err := exec.Command("../../scripts/check-feeds", srv.URL+"/notizie/feed.rss", srv.URL+"/notizie/feed.atom",
		srv.URL+"/territori/"+zoneA+"/feed.rss", srv.URL+"/territori/"+zoneB+"/feed.atom").CombinedOutput()
	if err != nil {
		t.Fatalf("check-feeds: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
