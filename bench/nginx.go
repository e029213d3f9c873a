package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/cantieri/cantieri/internal/platform/web"
)

// startNginx serves files (URL path -> body) with nginx (Debian package
// nginx) on a free local port from dir, as static files with the headers
// cantieri sends (content type and security headers): the ceiling a page
// of the same bytes cannot beat. stop shuts it down.
func startNginx(nginx, dir string, files map[string][]byte) (base string, stop func(), err error) {
	www := filepath.Join(dir, "www")
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(www, 0o755); err != nil {
		return "", nil, err
	}
	for p, body := range files {
		if err := os.WriteFile(filepath.Join(www, strings.TrimPrefix(p, "/")), body, 0o644); err != nil {
			return "", nil, err
		}
	}
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	user := ""
	if os.Geteuid() == 0 {
		// The workers would run as nobody, who cannot enter the
		// benchmark's private temporary directory.
		user = "user root;"
	}
	var headers strings.Builder
	for _, h := range [][2]string{
		{"Content-Security-Policy", web.CSP}, {"X-Content-Type-Options", "nosniff"}, {"X-Frame-Options", "DENY"},
		{"Referrer-Policy", "strict-origin-when-cross-origin"}, {"Cross-Origin-Opener-Policy", "same-origin"},
		{"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	} {
		fmt.Fprintf(&headers, "\t\tadd_header %s %q;\n", h[0], h[1])
	}
	conf := fmt.Sprintf(`%s
worker_processes auto;
daemon off;
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[2]s/tmp;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 100000000;
	types { text/html html; }
	charset utf-8;
	server {
		listen %[3]s;
		root %[4]s;
%[5]s	}
}
`, user, dir, addr, www, headers.String())
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		return "", nil, err
	}
	cmd := exec.Command(nginx, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, fmt.Errorf("nginx: %w", err)
	}
	stop = func() {
		_ = cmd.Process.Signal(syscall.SIGQUIT)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			stop()
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			return "", nil, fmt.Errorf("nginx did not start: %v\n%s", err, b)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "http://" + addr, stop, nil
}
