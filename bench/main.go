// Command bench measures Cantieri's pages under load, as a visitor's
// browser would request them, on SQLite and on PostgreSQL, against nginx
// serving the same bytes as static files. Run it from the repository with
// `make bench` or
//
//	go run ./bench [-scale 1] [-duration 5s] [-connections 64] [-engines sqlite,postgres]
//
// It builds the cantieri binary, loads the demo data and the generated
// data set of each -scale (`cantieri demo --scale N`; 0 is the demo alone)
// into a fresh database, starts `cantieri serve` on a free local port,
// signs in the demo accounts of the logged-in pages, checks every page,
// writes the bytes each page answers into files that nginx (Debian
// package nginx) serves, then loads each page from both with wrk (Debian
// package wrk) for -duration at -connections connections and prints
// requests per second, p50, p90 and p99 latency, the ratio to nginx, the
// server's processor time per request and its peak memory. PostgreSQL is
// the database named by CANTIERI_DATABASE_URL when set (it must be empty;
// one scale), otherwise a throw-away cluster started with the Debian
// PostgreSQL server binaries; without them the PostgreSQL run is skipped,
// and so is nginx when it is missing, unless CI=true. See
// docs/performance.md.
package main

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

//go:embed latency.lua
var latencyScript []byte

type options struct {
	duration, warmup time.Duration
	connections      int
	threads          int
	engines          []string
	scales           []int
	bin              string
	keep             bool
	// ci makes a missing nginx or PostgreSQL an error (CI=true).
	ci bool
}

func main() {
	var o options
	var engines, scales string
	flag.DurationVar(&o.duration, "duration", 5*time.Second, "how long wrk loads each page")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "how long wrk loads each page before it is measured")
	flag.IntVar(&o.connections, "connections", 64, "wrk connections (concurrent requests)")
	flag.IntVar(&o.threads, "threads", runtime.NumCPU(), "wrk threads")
	flag.StringVar(&engines, "engines", "sqlite,postgres", "databases to measure, comma-separated: sqlite, postgres")
	flag.StringVar(&scales, "scale", "1", "data sets to measure, comma-separated: 0 is the demo alone, N the demo plus `cantieri demo --scale N`")
	flag.StringVar(&o.bin, "bin", "", "cantieri binary to measure (default: build one from this repository)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (data, logs) and print where it is")
	flag.Parse()
	for _, e := range strings.Split(engines, ",") {
		if e = strings.TrimSpace(e); e != "" {
			o.engines = append(o.engines, e)
		}
	}
	for _, v := range strings.Split(scales, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "bench: -scale %q: a comma-separated list of numbers from 0\n", scales)
			os.Exit(2)
		}
		o.scales = append(o.scales, n)
	}
	o.ci = os.Getenv("CI") == "true"
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one page measured on one engine and data set.
type result struct {
	Engine, Page string
	Scale        int
	Figures      wrkFigures
	// Nginx is the same bytes served by nginx; zero without nginx.
	Nginx   wrkFigures
	PeakRSS int64 // bytes, of the server at the end of its engine's run
	// ServerCPU and DBCPU are the processor time the server and the
	// PostgreSQL cluster used during the measured run, in seconds; DBCPU
	// is negative when unknown (SQLite has none; an outside server).
	ServerCPU, DBCPU float64
}

// CPUPerRequest is the processor time one request cost the server, and
// the database server, in milliseconds: unlike throughput and latency it
// hardly changes when other programs share the machine.
func (r result) CPUPerRequest() (server, db float64) {
	if r.Figures.Requests == 0 {
		return 0, -1
	}
	server = r.ServerCPU * 1000 / r.Figures.Requests
	db = -1
	if r.DBCPU >= 0 {
		db = r.DBCPU * 1000 / r.Figures.Requests
	}
	return server, db
}

// wrkFigures is what latency.lua prints; latencies in microseconds.
type wrkFigures struct {
	Requests   float64 `json:"requests"`
	DurationUS float64 `json:"duration_us"`
	Bytes      float64 `json:"bytes"`
	Connect    float64 `json:"connect"`
	Read       float64 `json:"read"`
	Write      float64 `json:"write"`
	Status     float64 `json:"status"`
	Timeout    float64 `json:"timeout"`
	P50        float64 `json:"p50"`
	P90        float64 `json:"p90"`
	P99        float64 `json:"p99"`
	Max        float64 `json:"max"`
	Mean       float64 `json:"mean"`
}

func (f wrkFigures) RPS() float64 {
	if f.DurationUS == 0 {
		return 0
	}
	return f.Requests / (f.DurationUS / 1e6)
}

func (f wrkFigures) Errors() float64 { return f.Connect + f.Read + f.Write + f.Status + f.Timeout }

func run(ctx context.Context, o options, out io.Writer) error {
	wrk, err := exec.LookPath("wrk")
	if err != nil {
		return errors.New("wrk is not installed: apt-get install -y wrk")
	}
	nginx, err := exec.LookPath("nginx")
	if err != nil {
		nginx = ""
		for _, p := range []string{"/usr/sbin/nginx", "/sbin/nginx"} {
			if _, err := os.Stat(p); err == nil {
				nginx = p
			}
		}
	}
	if nginx == "" {
		if o.ci {
			return errors.New("nginx is not installed (required under CI=true): apt-get install -y nginx")
		}
		fmt.Fprintln(out, "nginx is not installed: no static ceiling (apt-get install -y nginx)")
	}
	root, err := repoRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "cantieri-bench-")
	if err != nil {
		return err
	}
	// PostgreSQL and nginx run as other users (postgres, nobody) when
	// this runs as root: they must reach their folders inside. Nothing
	// in it is secret (demo data, one-time demo passwords in demo.out).
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(out, "Keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	script := filepath.Join(tmp, "latency.lua")
	if err := os.WriteFile(script, latencyScript, 0o644); err != nil {
		return err
	}
	bin := o.bin
	if bin == "" {
		bin = filepath.Join(tmp, "cantieri")
		fmt.Fprintln(out, "Building cantieri…")
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/cantieri")
		cmd.Dir, cmd.Stdout, cmd.Stderr = root, os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build: %w", err)
		}
	}
	printMachine(out, wrk, root, o)
	startLoad := loadAverage()

	var results []result
	var notes []string
	for _, scale := range o.scales {
		for _, engine := range o.engines {
			t := tools{bin: bin, wrk: wrk, nginx: nginx, script: script}
			rs, note, err := runEngine(ctx, o, engine, scale, t, filepath.Join(tmp, fmt.Sprintf("%s-%d", engine, scale)), out)
			if errors.Is(err, errSkipped) {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s, scale %d: %w", engine, scale, err)
			}
			// Each run's figures as soon as they are known, then all of
			// them together.
			printResults(out, rs, []string{note})
			results = append(results, rs...)
			notes = append(notes, note)
		}
	}
	fmt.Fprintln(out, "\nAll runs:")
	printResults(out, results, notes)
	fmt.Fprintf(out, "Load average (1, 5, 15 minutes) at the start: %s; at the end: %s\n", startLoad, loadAverage())
	return nil
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

var errSkipped = errors.New("skipped")

// tools are the programs a run uses.
type tools struct{ bin, wrk, nginx, script string }

// runEngine loads the data set of scale into a fresh database of engine,
// serves it and measures every page, and the same bytes from nginx. note
// tells how long the data set took to load and its size.
func runEngine(ctx context.Context, o options, engine string, scale int, t tools, dir string, out io.Writer) (_ []result, note string, _ error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	var dbURL string
	dbCPU := func() float64 { return -1 }
	switch engine {
	case "sqlite":
	case "postgres":
		if u := os.Getenv("CANTIERI_DATABASE_URL"); u != "" {
			dbURL = u
			fmt.Fprintln(out, "PostgreSQL: the database of CANTIERI_DATABASE_URL")
			break
		}
		u, data, stopPG, err := startPostgres(filepath.Join(dir, "pg"))
		if err != nil {
			if o.ci {
				return nil, "", fmt.Errorf("PostgreSQL (required under CI=true): %w", err)
			}
			fmt.Fprintf(out, "PostgreSQL skipped: %v (set CANTIERI_DATABASE_URL, or apt-get install -y postgresql)\n", err)
			return nil, "", errSkipped
		}
		defer stopPG()
		dbURL = u
		if pm, err := postmasterPID(data); err == nil {
			dbCPU = func() float64 { return clusterCPU(pm) }
		}
		fmt.Fprintln(out, "PostgreSQL: a throw-away cluster in", filepath.Join(dir, "pg"))
	default:
		return nil, "", fmt.Errorf("unknown engine %q (sqlite or postgres)", engine)
	}
	args := []string{"--data", dir, "--log-level", "warn"}
	if dbURL != "" {
		args = append(args, "--database", dbURL)
	}
	env := childEnv()

	fmt.Fprintf(out, "[%s, scale %d] loading the data…\n", engine, scale)
	demoOut := filepath.Join(dir, "demo.out")
	demoLog, err := os.Create(demoOut)
	if err != nil {
		return nil, "", err
	}
	cmd := exec.CommandContext(ctx, t.bin, append([]string{"demo", "--scale", strconv.Itoa(scale)}, args...)...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, demoLog, io.Discard
	loadStart := time.Now()
	err = cmd.Run()
	loadTime := time.Since(loadStart)
	demoLog.Close()
	if err != nil {
		return nil, "", fmt.Errorf("cantieri demo: %w\n%s", err, tail(demoOut))
	}
	note = fmt.Sprintf("%s, scale %d: `cantieri demo --scale %d` took %s", engine, scale, scale, loadTime.Round(100*time.Millisecond))
	if size := grepLine(demoOut, "Database size:"); size != "" {
		note += "; " + strings.ToLower(size[:1]) + size[1:]
	}
	f, err := os.Open(demoOut)
	if err != nil {
		return nil, "", err
	}
	pw, err := passwords(f)
	f.Close()
	if err != nil {
		return nil, "", err
	}

	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	base := "http://" + addr
	serveLog, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		return nil, "", err
	}
	defer serveLog.Close()
	srv := exec.Command(t.bin, append([]string{"serve", "--addr", addr, "--base-url", base, "--workers", "1"}, args...)...)
	srv.Env, srv.Stdout, srv.Stderr = env, serveLog, serveLog
	startTime := time.Now()
	if err := srv.Start(); err != nil {
		return nil, "", err
	}
	defer func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { _ = srv.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = srv.Process.Kill()
			<-done
		}
	}()
	if err := waitReady(ctx, base+"/readyz", 10*time.Minute); err != nil {
		return nil, "", fmt.Errorf("server not ready: %w\n%s", err, tail(serveLog.Name()))
	}
	note += fmt.Sprintf("; the server was ready in %s", time.Since(startTime).Round(100*time.Millisecond))
	list := pagesFor(scale)
	cookies := map[string]string{}
	files := map[string][]byte{}
	for i, p := range list {
		if p.As != "" && cookies[p.As] == "" {
			c, err := logIn(base, p.As, pw[p.As])
			if err != nil {
				return nil, "", fmt.Errorf("%w\n%s", err, tail(serveLog.Name()))
			}
			cookies[p.As] = c
		}
		body, err := checkPage(base, p, cookies[p.As])
		if err != nil {
			return nil, "", fmt.Errorf("%w\n%s", err, tail(serveLog.Name()))
		}
		files[staticName(i)] = body
	}
	static := ""
	if t.nginx != "" {
		b, stop, err := startNginx(t.nginx, filepath.Join(dir, "nginx"), files)
		if err != nil {
			return nil, "", err
		}
		defer stop()
		static = b
	}
	fmt.Fprintf(out, "[%s, scale %d] warming up, then %s per page at %d connections…\n", engine, scale, o.duration, o.connections)
	var results []result
	for i, p := range list {
		var headers []string
		if c := cookies[p.As]; c != "" {
			headers = append(headers, "Cookie: "+c)
		}
		if o.warmup > 0 {
			if _, err := runWrk(ctx, t.wrk, t.script, base+p.Path, o.threads, o.connections, o.warmup, headers); err != nil {
				return nil, "", err
			}
		}
		srv0, db0 := processCPU(srv.Process.Pid), dbCPU()
		f, err := runWrk(ctx, t.wrk, t.script, base+p.Path, o.threads, o.connections, o.duration, headers)
		if err != nil {
			return nil, "", err
		}
		r := result{Engine: engine, Scale: scale, Page: p.Name + " " + p.Path, Figures: f,
			ServerCPU: processCPU(srv.Process.Pid) - srv0, DBCPU: -1}
		if db1 := dbCPU(); db0 >= 0 && db1 >= 0 {
			r.DBCPU = db1 - db0
		}
		if static != "" {
			u := static + staticName(i)
			if o.warmup > 0 {
				if _, err := runWrk(ctx, t.wrk, t.script, u, o.threads, o.connections, o.warmup, nil); err != nil {
					return nil, "", err
				}
			}
			if r.Nginx, err = runWrk(ctx, t.wrk, t.script, u, o.threads, o.connections, o.duration, nil); err != nil {
				return nil, "", err
			}
		}
		results = append(results, r)
	}
	rss := peakRSS(srv.Process.Pid)
	for i := range results {
		results[i].PeakRSS = rss
	}
	return results, note, nil
}

// staticName is the URL path of the i-th page's copy for nginx.
func staticName(i int) string { return fmt.Sprintf("/page-%d.html", i+1) }

// grepLine returns the first line of a file that starts with prefix.
func grepLine(name, prefix string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}

// tail returns the last lines of a log file, for an error message: the
// temporary directory is gone when the program ends.
func tail(name string) string {
	b, err := os.ReadFile(name)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-20):], "\n")
}

// childEnv is this process's environment without the CANTIERI_ settings,
// so that each run uses exactly the flags it passes.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "CANTIERI_") {
			env = append(env, kv)
		}
	}
	return env
}

func repoRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark from the cantieri repository")
	}
	return filepath.Dir(mod), nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitReady(ctx context.Context, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %d", res.StatusCode)
		}
		if time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// checkPage makes sure a page answers 200 with its expected content, so
// the benchmark never measures an error page, and returns its bytes.
func checkPage(base string, p page, cookie string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, base+p.Path, nil)
	if err != nil {
		return nil, err
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK || !bytes.Contains(body, []byte(p.Want)) {
		return nil, fmt.Errorf("%s answers %d without %q: is the demo data loaded?", p.Path, res.StatusCode, p.Want)
	}
	return body, nil
}

func runWrk(ctx context.Context, wrk, script, url string, threads, conns int, d time.Duration, headers []string) (wrkFigures, error) {
	var f wrkFigures
	secs := max(1, int(d.Round(time.Second)/time.Second))
	args := []string{"-t", strconv.Itoa(max(1, min(threads, conns))), "-c", strconv.Itoa(conns),
		"-d", strconv.Itoa(secs) + "s", "--timeout", "10s", "--latency", "-s", script}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	cmd := exec.CommandContext(ctx, wrk, append(args, url)...)
	outb, err := cmd.Output()
	if err != nil {
		return f, fmt.Errorf("wrk %s: %w", url, err)
	}
	sc := bufio.NewScanner(bytes.NewReader(outb))
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "BENCH "); ok {
			if err := json.Unmarshal([]byte(line), &f); err != nil {
				return f, fmt.Errorf("wrk output %q: %w", line, err)
			}
			return f, nil
		}
	}
	return f, fmt.Errorf("wrk printed no figures for %s:\n%s", url, outb)
}

// clockTick is the unit of the times in /proc/PID/stat, in seconds.
var clockTick = func() float64 {
	if b, err := exec.Command("getconf", "CLK_TCK").Output(); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && n > 0 {
			return 1 / float64(n)
		}
	}
	return 0.01
}()

// statTimes reads a process's parent and its user plus system time in
// seconds from /proc/PID/stat.
func statTimes(pid int) (ppid int, cpu float64, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, false
	}
	// The command name, in parentheses, may hold spaces: fields start
	// after the last ')'; then state, ppid, … utime is field 14, stime 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return ppid, (utime + stime) * clockTick, true
}

// childrenCPU is the processor time of the children a process has waited
// for (cutime and cstime, fields 16 and 17 of /proc/PID/stat), in seconds.
func childrenCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 15 {
		return 0
	}
	cutime, _ := strconv.ParseFloat(f[13], 64)
	cstime, _ := strconv.ParseFloat(f[14], 64)
	return (cutime + cstime) * clockTick
}

// processCPU is the processor time a process has used, in seconds.
func processCPU(pid int) float64 {
	_, cpu, _ := statTimes(pid)
	return cpu
}

// postmasterPID reads the process id of a cluster's postmaster from the
// first line of its postmaster.pid.
func postmasterPID(data string) (int, error) {
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	first, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(first))
}

// clusterCPU is the processor time used by a PostgreSQL cluster, its
// postmaster pm and the processes it started (the backends serving the
// server's pooled connections among them), in seconds: those still running
// and, through the postmaster's children's times, those that ended (such
// as autovacuum workers).
func clusterCPU(pm int) float64 {
	total := processCPU(pm) + childrenCPU(pm)
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		pid, err := strconv.Atoi(filepath.Base(p))
		if err != nil {
			continue
		}
		if ppid, cpu, ok := statTimes(pid); ok && ppid == pm {
			total += cpu
		}
	}
	return total
}

// peakRSS is the peak resident memory of a process (VmHWM), 0 when
// unknown.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func printMachine(out io.Writer, wrk, root string, o options) {
	model, mem := "unknown", "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
			}
		}
	}
	wrkVersion := ""
	if b, _ := exec.Command(wrk, "--version").CombinedOutput(); len(b) > 0 {
		wrkVersion, _, _ = strings.Cut(string(b), "\n")
		wrkVersion, _, _ = strings.Cut(wrkVersion, " Copyright")
	}
	commit := ""
	if b, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output(); err == nil {
		commit = strings.TrimSpace(string(b))
	}
	fmt.Fprintf(out, "Machine: %d CPUs (%s), %s RAM, %s/%s; %s; %s; commit %s\n",
		runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, runtime.Version(), wrkVersion, commit)
	fmt.Fprintf(out, "Load: wrk -t%d -c%d -d%s --latency per page, after %s of warm-up; wrk and the server share the machine\n",
		max(1, min(o.threads, o.connections)), o.connections, o.duration, o.warmup)
}

func printResults(out io.Writer, results []result, notes []string) {
	if len(results) == 0 {
		fmt.Fprintln(out, "No results.")
		return
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| engine | scale | page | requests/s | p50 | p90 | p99 | max | nginx requests/s | ratio to nginx | bytes/page | errors | server CPU/request | database CPU/request |")
	fmt.Fprintln(out, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	type run struct {
		engine string
		scale  int
	}
	peak := map[run]int64{}
	var order []run
	for _, r := range results {
		f := r.Figures
		per := 0.0
		if f.Requests > 0 {
			per = f.Bytes / f.Requests
		}
		cpu, dbcpu := r.CPUPerRequest()
		dbs := "–"
		if dbcpu >= 0 {
			dbs = fmt.Sprintf("%.2f ms", dbcpu)
		}
		ngx, ratio := "–", "–"
		if r.Nginx.RPS() > 0 {
			ngx = fmt.Sprintf("%.0f", r.Nginx.RPS())
			ratio = fmt.Sprintf("%.2f", f.RPS()/r.Nginx.RPS())
		}
		fmt.Fprintf(out, "| %s | %d | %s | %.0f | %s | %s | %s | %s | %s | %s | %.0f | %.0f | %.2f ms | %s |\n", r.Engine, r.Scale, r.Page, f.RPS(),
			ms(f.P50), ms(f.P90), ms(f.P99), ms(f.Max), ngx, ratio, per, f.Errors()+r.Nginx.Errors(), cpu, dbs)
		k := run{r.Engine, r.Scale}
		if _, ok := peak[k]; !ok {
			order = append(order, k)
		}
		peak[k] = r.PeakRSS
	}
	fmt.Fprintln(out)
	for _, k := range order {
		fmt.Fprintf(out, "Server peak memory (VmHWM), %s, scale %d: %.0f MiB\n", k.engine, k.scale, float64(peak[k])/(1<<20))
	}
	for _, n := range notes {
		fmt.Fprintln(out, n)
	}
}

// ms writes microseconds as milliseconds.
func ms(us float64) string { return strconv.FormatFloat(us/1000, 'f', 2, 64) + " ms" }
