package crash_test

import (
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

// server is `cantieri serve` as a child process.
type server struct {
	URL  string
	cmd  *exec.Cmd
	out  *strings.Builder
	mu   sync.Mutex
	done chan error
}

// startServer starts `cantieri serve` on a free port and waits until it
// is ready. The port is found by listening and closing, so another test
// may take it in between: then the server exits at once and is started
// again on another port.
func startServer(t *testing.T, bin, dsn, dataDir string) *server {
	t.Helper()
	for attempt := 1; ; attempt++ {
		s, retry := tryStart(t, bin, dsn, dataDir)
		if s != nil {
			return s
		}
		if !retry || attempt == 5 {
			t.Fatal("the server did not start")
		}
	}
}

func tryStart(t *testing.T, bin, dsn, dataDir string) (*server, bool) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &server{URL: "http://" + addr, out: &strings.Builder{}, done: make(chan error, 1)}
	args := []string{"serve", "--addr", addr, "--base-url", s.URL, "--data", dataDir}
	if dsn != "" {
		args = append(args, "--database", dsn)
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Env = cleanEnv()
	w := &lockedWriter{s: s}
	s.cmd.Stdout, s.cmd.Stderr = w, w
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		if t.Failed() {
			s.mu.Lock()
			t.Logf("server output:\n%s", tail(s.out.String(), 4000))
			s.mu.Unlock()
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, false
			}
		}
		select {
		case err := <-s.done:
			s.mu.Lock()
			out := s.out.String()
			s.mu.Unlock()
			if strings.Contains(out, "address already in use") {
				t.Logf("port %s was taken meanwhile; trying another", addr)
				return nil, true
			}
			t.Fatalf("the server exited before it was ready: %v\n%s", err, tail(out, 4000))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server was not ready after 60 s: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill sends SIGKILL: no shutdown code runs.
func (s *server) kill(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-s.done
}

// stop sends SIGTERM and expects a clean exit.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("the server did not stop cleanly: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop within 30 s of SIGTERM")
	}
}

type lockedWriter struct{ s *server }

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.out.Write(p)
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// buildBinary builds ./cmd/cantieri as `make build` does (the assets must
// be built: `make test` builds them).
func buildBinary(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "cantieri")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/cantieri")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/cantieri: %v\n%s", err, out)
	}
	return bin
}

// cleanEnv is the environment without CANTIERI_* settings of the person
// running the tests.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CANTIERI_") {
			env = append(env, kv)
		}
	}
	return env
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}
