package crash_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/db"
	"github.com/cantieri/cantieri/internal/platform/mail"
	"github.com/cantieri/cantieri/internal/platform/proctest"
)

// apply signs in as email and submits an application to each call in
// turn until stopped or the server dies.
func apply(t *testing.T, srv *proctest.Server, fx fixture, email string, stop chan struct{}, mu *sync.Mutex, o *outcome, signedIn func()) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		signedIn()
		t.Error(err)
		return
	}
	client := &http.Client{Timeout: 60 * time.Second, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(srv.URL+"/accedi", url.Values{"email": {email}, "password": {password}})
	signedIn()
	if err != nil {
		t.Errorf("sign-in of %s: %v", email, err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in of %s answered %d", email, resp.StatusCode)
		return
	}
	for _, id := range fx.calls {
		select {
		case <-stop:
			return
		default:
		}
		key := fmt.Sprintf("%s %d", email, id)
		form := url.Values{"kind": {"person"}, "name": {"Mario Rossi"}, "tax_code": {"RSSMRA85T10A562S"},
			fmt.Sprintf("d%d", fx.decl[id]): {"1"}, "version": {"0"}}
		resp, err := client.PostForm(fmt.Sprintf("%s/bandi/%d/domanda/invia", srv.URL, id), form)
		mu.Lock()
		switch {
		case err != nil:
			o.appFlight[key] = true
		case resp.StatusCode == http.StatusSeeOther && strings.Contains(resp.Header.Get("Location"), "/domande/"):
			o.submitted[key] = true
		default:
			t.Errorf("application %s answered %d (Location %q)", key, resp.StatusCode, resp.Header.Get("Location"))
		}
		mu.Unlock()
		if err != nil {
			return
		}
		resp.Body.Close()
	}
}

// checkApplications checks the applications the killed server left: every
// acknowledged one is submitted with its receipt, each receipt's hash
// covers its content, protocol numbers run 1..n per call without gaps, and
// every receipt's e-mail was queued with it.
func checkApplications(t *testing.T, dsn, dataDir string, submitted, inFlight map[string]bool) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, dsn, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows, err := d.Query(ctx, `SELECT u.email, a.call_id, a.status, r.protocol, r.sha256, r.content
		FROM applications a JOIN users u ON u.id = a.user_id
		LEFT JOIN application_receipts r ON r.id = a.receipt_id`)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	protocols := map[int64][]int{}
	var hashes []string
	for rows.Next() {
		var email, status string
		var call int64
		var protocol sql.NullInt64
		var sum, content sql.NullString
		if err := rows.Scan(&email, &call, &status, &protocol, &sum, &content); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%s %d", email, call)
		if status != "submitted" {
			if status != "draft" {
				t.Errorf("application %s is %s; nobody withdrew", key, status)
			}
			if submitted[key] {
				t.Errorf("acknowledged application %s is a %s after the kill", key, status)
			}
			continue
		}
		stored[key] = true
		if !protocol.Valid {
			t.Errorf("application %s is submitted without a receipt", key)
			continue
		}
		h := sha256.Sum256([]byte(content.String))
		if hex.EncodeToString(h[:]) != sum.String {
			t.Errorf("the receipt of %s does not hash to its content", key)
		}
		protocols[call] = append(protocols[call], int(protocol.Int64))
		hashes = append(hashes, sum.String)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for k := range submitted {
		if !stored[k] {
			t.Errorf("acknowledged application %s is not submitted after the kill", k)
		}
	}
	for k := range stored {
		if !submitted[k] && !inFlight[k] {
			t.Errorf("application %s is submitted but was never sent", k)
		}
	}
	for call, ps := range protocols {
		slices.Sort(ps)
		for i, p := range ps {
			if p != i+1 {
				t.Errorf("call %d: protocol numbers %v are not 1..%d without gaps", call, ps, len(ps))
				break
			}
		}
	}
	// The receipt e-mail carries the hash: one queued per receipt.
	all := strings.Join(column(t, d, `SELECT payload FROM jobs WHERE kind = ?`, mail.KindSend), "\n")
	for _, h := range hashes {
		if !strings.Contains(all, h) {
			t.Errorf("no receipt e-mail queued for the receipt %s", h)
		}
	}
}
