package mailtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/smtp"
	"strings"
	"testing"
	"time"

	"github.com/cantieri/cantieri/internal/platform/mail/mailtest"
)

// A message as another mailer might write it: base64 text, and an HTML
// part nested in multipart/mixed with quoted-printable.
const base64Message = "From: Test <sender@example.org>\r\n" +
	"To: <anna@example.org>\r\n" +
	"Subject: =?UTF-8?B?UmVpbXBvc3RhIGxhIHBhc3N3b3Jk?=\r\n" +
	"Message-ID: <abc@example.org>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=OUTER\r\n" +
	"\r\n" +
	"--OUTER\r\n" +
	"Content-Type: multipart/alternative; boundary=INNER\r\n" +
	"\r\n" +
	"--INNER\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	// "Apri https://cantieri.example/reset?t=XYZ per continuare. Perché no?\n"
	"QXByaSBodHRwczovL2NhbnRpZXJpLmV4YW1wbGUvcmVzZXQ/dD1YWVogcGVyIGNvbnRp\r\n" +
	"bnVhcmUuIFBlcmNow6kgbm8/Cg==\r\n" +
	"--INNER\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"<a href=3D\"https://cantieri.example/reset?t=3DXYZ\">Apri</a> Perch=C3=A9=\r\n" +
	" no?\r\n" +
	"--INNER--\r\n" +
	"--OUTER--\r\n"

func TestServerDecodesBase64AndNestedMultipart(t *testing.T) {
	srv := mailtest.Start(t)
	if err := smtp.SendMail(srv.Addr(), nil, "sender@example.org", []string{"Anna@Example.org"}, []byte(base64Message)); err != nil {
		t.Fatal(err)
	}
	got := srv.WaitFor(t, "anna@example.org", 1, 5*time.Second)[0]
	if got.DecodeError != "" {
		t.Fatal(got.DecodeError)
	}
	if got.Subject != "Reimposta la password" || got.MessageID != "<abc@example.org>" || got.From != "sender@example.org" {
		t.Errorf("subject %q, id %q, from %q", got.Subject, got.MessageID, got.From)
	}
	if got.Text != "Apri https://cantieri.example/reset?t=XYZ per continuare. Perché no?\n" {
		t.Errorf("text %q", got.Text)
	}
	if got.HTML != `<a href="https://cantieri.example/reset?t=XYZ">Apri</a> Perché no?` {
		t.Errorf("html %q", got.HTML)
	}
	if links := got.Links(); len(links) != 1 || links[0] != "https://cantieri.example/reset?t=XYZ" {
		t.Errorf("links %q", links)
	}
	if string(got.Data) != base64Message {
		t.Errorf("raw data changed in transit")
	}
}

func TestRejectNextRefusesOnlyTheNextMessage(t *testing.T) {
	srv := mailtest.Start(t)
	srv.RejectNext(550)
	err := smtp.SendMail(srv.Addr(), nil, "s@example.org", []string{"a@example.org"}, []byte("Subject: one\r\n\r\nbody\r\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "550") {
		t.Fatalf("first message: %v, want a 550", err)
	}
	if err := smtp.SendMail(srv.Addr(), nil, "s@example.org", []string{"a@example.org"}, []byte("Subject: two\r\n\r\nbody\r\n")); err != nil {
		t.Fatal(err)
	}
	if r := srv.Rejected(); len(r) != 1 || r[0].Subject != "one" {
		t.Errorf("rejected: %+v", r)
	}
	if m := srv.Messages(); len(m) != 1 || m[0].Subject != "two" {
		t.Errorf("accepted: %+v", m)
	}
	srv.Reset()
	if len(srv.Messages())+len(srv.Rejected()) != 0 {
		t.Error("Reset kept messages")
	}
}

func TestAwaitReportsWhatArrivedWhenTimeIsUp(t *testing.T) {
	srv := mailtest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := srv.Await(ctx, "nobody@example.org", 1)
	if !errors.Is(err, context.DeadlineExceeded) || len(got) != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestHandlerExposesMessagesToAnotherProcess(t *testing.T) {
	srv, err := mailtest.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	web := httptest.NewServer(srv.Handler())
	defer web.Close()

	go func() {
		time.Sleep(50 * time.Millisecond)
		_ = smtp.SendMail(srv.Addr(), nil, "s@example.org", []string{"b@example.org"}, []byte("Subject: hello\r\n\r\nsee https://x.example/a\r\n"))
	}()
	res, err := http.Get(web.URL + "/messages?to=b@example.org&n=1&wait=10s")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var msgs []mailtest.Received
	if err := json.NewDecoder(res.Body).Decode(&msgs); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || len(msgs) != 1 || msgs[0].Subject != "hello" || msgs[0].Links()[0] != "https://x.example/a" {
		t.Fatalf("status %d, messages %+v", res.StatusCode, msgs)
	}

	res, err = http.Post(web.URL+"/reject?code=451", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if err := smtp.SendMail(srv.Addr(), nil, "s@example.org", []string{"b@example.org"}, []byte("Subject: x\r\n\r\nx\r\n")); err == nil || !strings.HasPrefix(err.Error(), "451") {
		t.Fatalf("after POST /reject: %v", err)
	}
}
