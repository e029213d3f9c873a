// Package proctest runs the real cantieri binary as a child process for the
// tests that need it whole: the browser suite (e2e/) and the crash and
// backup tests (crash/). It builds ./cmd/cantieri once, starts
// `cantieri serve` on a free loopback port, waits until /readyz answers,
// stops it with SIGTERM (expecting a clean exit) or SIGKILL, and runs the
// binary's other commands on the same database.
package proctest

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

// RepoRoot is the folder holding go.mod, at or above the working
// directory (a test's working directory is its package's folder).
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Build builds ./cmd/cantieri into a temporary folder of t, as `make
// build` does, and returns the binary's path. The binary embeds whatever
// web/static/vendor holds: callers that need the assets check for them.
func Build(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "cantieri")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/cantieri") // #nosec G204 -- tests only: the output path is a temporary folder of the test
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/cantieri: %v\n%s", err, out)
	}
	return bin
}

// CleanEnv is the test's environment without CANTIERI_* settings, so the
// developer's own configuration cannot leak into the binary under test.
func CleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CANTIERI_") {
			env = append(env, kv)
		}
	}
	return env
}

// FreeAddr returns a loopback address whose port is free at the moment.
// Another process may take it before it is used: Start retries.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// Options says how to start `cantieri serve`.
type Options struct {
	// Database is a PostgreSQL URL, or empty for SQLite in DataDir.
	Database string
	// DataDir is the --data folder; empty means a new temporary one. A
	// restarted server is given the folder of the one before.
	DataDir string
	// SMTPAddr is host:port of an SMTP server without TLS, or empty for
	// the binary's default.
	SMTPAddr string
	// Args are more flags for `serve`.
	Args []string
}

// Server is `cantieri serve` running as a child process.
type Server struct {
	URL string // http://127.0.0.1:PORT
	Bin string
	// DB holds the --data and --database flags, for other commands of the
	// binary on the same database.
	DB []string

	cmd  *exec.Cmd
	out  *lockedBuffer
	done chan struct{}
	err  error // the process's exit, once done is closed
}

// Start runs `cantieri serve` on a free port and waits until /readyz
// answers 200. If the port was taken between choosing and binding it, the
// server is started again on another one. The test's cleanup kills the
// server if the test did not stop it, and logs its last output if the test
// failed.
func Start(t testing.TB, bin string, o Options) *Server {
	t.Helper()
	if o.DataDir == "" {
		o.DataDir = t.TempDir()
	}
	for attempt := 1; ; attempt++ {
		s, portTaken := try(t, bin, o)
		if s != nil {
			return s
		}
		if !portTaken || attempt == 5 {
			t.Fatal("cantieri serve did not start")
		}
	}
}

func try(t testing.TB, bin string, o Options) (*Server, bool) {
	t.Helper()
	addr := FreeAddr(t)
	s := &Server{
		URL:  "http://" + addr,
		Bin:  bin,
		DB:   []string{"--data", o.DataDir},
		out:  &lockedBuffer{},
		done: make(chan struct{}),
	}
	if o.Database != "" {
		s.DB = append(s.DB, "--database", o.Database)
	}
	args := []string{"serve", "--addr", addr, "--base-url", s.URL}
	if o.SMTPAddr != "" {
		host, port, err := net.SplitHostPort(o.SMTPAddr)
		if err != nil {
			t.Fatalf("SMTP address %q: %v", o.SMTPAddr, err)
		}
		args = append(args, "--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none")
	}
	args = append(append(args, o.Args...), s.DB...)
	s.cmd = exec.Command(bin, args...) // #nosec G204 -- tests only: the binary the test built, with the flags the test chose
	s.cmd.Env = CleanEnv()
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
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
			t.Logf("cantieri serve output (last lines):\n%s", s.Tail(80))
		}
	})
	return s, s.waitReady(t, addr)
}

// waitReady polls /readyz until it answers 200. It reports true when the
// server exited because its port was taken meanwhile.
func (s *Server) waitReady(t testing.TB, addr string) bool {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	client := &http.Client{Timeout: 2 * time.Second}
	for {
		select {
		case <-s.done:
			if strings.Contains(s.Tail(20), "address already in use") {
				t.Logf("port of %s was taken meanwhile; trying another", addr)
				return true
			}
			t.Fatalf("cantieri serve exited before it was ready: %v\n%s", s.err, s.Tail(80))
		default:
		}
		resp, err := client.Get(s.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return false
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("cantieri serve not ready after 60 s (last: %v)\n%s", err, s.Tail(80))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop sends SIGTERM and fails the test unless the server exits with
// status 0 within 30 s: a graceful shutdown.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("cantieri serve still running 30 s after SIGTERM\n%s", s.Tail(80))
	}
	if s.err != nil {
		t.Fatalf("cantieri serve did not exit cleanly after SIGTERM: %v\n%s", s.err, s.Tail(80))
	}
}

// Kill sends SIGKILL, so no shutdown code runs, and waits for the end.
func (s *Server) Kill(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-s.done
}

// Run runs another command of the binary (such as `demo` or `user
// create-admin`) on the server's database and returns its standard output;
// the test fails if it fails or takes more than three minutes.
func (s *Server) Run(t testing.TB, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	full := append(append(append([]string{}, args...), s.DB...), "--base-url", s.URL)
	cmd := exec.CommandContext(ctx, s.Bin, full...) // #nosec G204 -- tests only: the binary the test built, with the arguments the test chose
	cmd.Env = CleanEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("cantieri %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

// Tail returns the last n lines the server wrote.
func (s *Server) Tail(n int) string { return s.out.tail(n) }

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

func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	lines := strings.Split(strings.TrimRight(b.buf.String(), "\n"), "\n")
	if len(lines) > n {
		lines = append([]string{fmt.Sprintf("… %d earlier lines", len(lines)-n)}, lines[len(lines)-n:]...)
	}
	return strings.Join(lines, "\n")
}
