//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds ./cmd/cantieri into a temporary folder, as `make
// build` does, and returns its path. The assets must be built first (make
// assets): the binary embeds whatever web/static/vendor holds.
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "web", "static", "vendor", "manifest.json")); err != nil {
		t.Fatalf("the assets are not built (run `make assets` first, or `make e2e`): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "cantieri")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/cantieri")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/cantieri: %v\n%s", err, out)
	}
	return bin
}

// server is the cantieri binary running as a child process.
type server struct {
	URL  string // base URL, http://127.0.0.1:PORT
	bin  string
	db   []string // --data and --database flags, shared with the CLI
	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	err  error // the process's exit, once done is closed
}

// startServer runs `cantieri serve` on a free port with a fresh data folder
// and database (SQLite unless database is a PostgreSQL URL), sending
// e-mails to the SMTP server at smtpAddr, and waits until /readyz answers.
// The test's cleanup stops it if the test did not.
func startServer(t *testing.T, bin, database, smtpAddr string) *server {
	t.Helper()
	addr := freeAddr(t)
	smtpHost, smtpPort, err := net.SplitHostPort(smtpAddr)
	if err != nil {
		t.Fatalf("SMTP address %q: %v", smtpAddr, err)
	}
	s := &server{
		URL:  "http://" + addr,
		bin:  bin,
		db:   []string{"--data", t.TempDir()},
		out:  &lockedBuffer{},
		done: make(chan struct{}),
	}
	if database != "" {
		s.db = append(s.db, "--database", database)
	}
	args := append([]string{"serve", "--addr", addr, "--base-url", s.URL,
		"--smtp-host", smtpHost, "--smtp-port", smtpPort, "--smtp-tls", "none",
		"--shutdown-timeout", "15s"}, s.db...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = cleanEnv()
	s.cmd.Stdout = s.out
	s.cmd.Stderr = s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			_ = s.cmd.Process.Kill()
			<-s.done
		}
		if t.Failed() {
			t.Logf("cantieri serve output (last lines):\n%s", s.out.tail(80))
		}
	})
	s.waitReady(t)
	return s
}

// waitReady polls /readyz until it answers 200.
func (s *server) waitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-s.done:
			t.Fatalf("cantieri serve exited before it was ready: %v\n%s", s.err, s.out.tail(80))
		default:
		}
		resp, err := client.Get(s.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("cantieri serve not ready after 60s (last: %v)\n%s", err, s.out.tail(80))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends SIGTERM and fails the test unless the server exits with
// status 0 within the shutdown timeout: a graceful shutdown.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("cantieri serve still running 30s after SIGTERM\n%s", s.out.tail(80))
	}
	if s.err != nil {
		t.Fatalf("cantieri serve did not exit cleanly after SIGTERM: %v\n%s", s.err, s.out.tail(80))
	}
}

// cli runs another command of the binary on the server's database (such as
// `user create-admin`) and returns its standard output.
func (s *server) cli(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	full := append(append([]string{}, args...), s.db...)
	full = append(full, "--base-url", s.URL)
	cmd := exec.CommandContext(ctx, s.bin, full...)
	cmd.Env = cleanEnv()
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("cantieri %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// cleanEnv is the test's environment without CANTIERI_* settings, so the
// developer's own configuration cannot leak into the server under test.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CANTIERI_") {
			env = append(env, kv)
		}
	}
	return env
}

// freeAddr returns a loopback address with a port free at the moment.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// lockedBuffer collects a child's output from two pipes at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// tail returns the last n lines written.
func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	lines := strings.Split(strings.TrimRight(b.buf.String(), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("… %d earlier lines", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}

var errNoLink = errors.New("no link found")

// findLink returns the first URL in text that starts with prefix.
func findLink(text, prefix string) (string, error) {
	i := strings.Index(text, prefix)
	if i < 0 {
		return "", fmt.Errorf("%w starting with %s in:\n%s", errNoLink, prefix, text)
	}
	end := strings.IndexAny(text[i:], " \t\r\n<>\"'")
	if end < 0 {
		return text[i:], nil
	}
	return text[i : i+end], nil
}
