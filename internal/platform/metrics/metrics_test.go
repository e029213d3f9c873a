package metrics

import (
	"bufio"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// family is one parsed metric family of the text format.
type family struct {
	help, typ string
	samples   map[string]float64 // "name{a="x",b="y"}" with labels re-encoded in order -> value
	order     []string
}

// parse reads the text exposition format strictly: every line must be a
// HELP, a TYPE or a sample of the family announced before it, and label
// values must be correctly escaped.
func parse(t *testing.T, text string) (map[string]*family, []string) {
	t.Helper()
	fams := map[string]*family{}
	var names []string
	var cur *family
	var curName string
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "# HELP "):
			name, help, _ := strings.Cut(strings.TrimPrefix(line, "# HELP "), " ")
			if _, dup := fams[name]; dup {
				t.Fatalf("family %s appears twice", name)
			}
			cur = &family{help: unescape(t, help, false), samples: map[string]float64{}}
			curName = name
			fams[name] = cur
			names = append(names, name)
		case strings.HasPrefix(line, "# TYPE "):
			name, typ, _ := strings.Cut(strings.TrimPrefix(line, "# TYPE "), " ")
			if cur == nil || name != curName || cur.typ != "" {
				t.Fatalf("TYPE line %q not right after its HELP", line)
			}
			cur.typ = typ
		default:
			if cur == nil || cur.typ == "" {
				t.Fatalf("sample %q before HELP and TYPE", line)
			}
			key, value := parseSample(t, line)
			base := key
			if i := strings.IndexByte(key, '{'); i >= 0 {
				base = key[:i]
			}
			if base != curName && strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(base, "_bucket"), "_sum"), "_count") != curName {
				t.Fatalf("sample %q inside family %s", line, curName)
			}
			if _, dup := cur.samples[key]; dup {
				t.Fatalf("sample %s appears twice", key)
			}
			cur.samples[key] = value
			cur.order = append(cur.order, key)
		}
	}
	return fams, names
}

func parseSample(t *testing.T, line string) (string, float64) {
	t.Helper()
	sp := strings.LastIndexByte(line, ' ')
	if sp < 0 {
		t.Fatalf("malformed sample %q", line)
	}
	v, err := strconv.ParseFloat(line[sp+1:], 64)
	if err != nil {
		t.Fatalf("sample %q: value: %v", line, err)
	}
	series := line[:sp]
	name, rest, hasLabels := strings.Cut(series, "{")
	if !metricNameRE.MatchString(name) {
		t.Fatalf("sample %q: bad name", line)
	}
	if !hasLabels {
		return name, v
	}
	if !strings.HasSuffix(rest, "}") {
		t.Fatalf("sample %q: unterminated labels", line)
	}
	rest = strings.TrimSuffix(rest, "}")
	var parts []string
	for rest != "" {
		lname, after, ok := strings.Cut(rest, `="`)
		if !ok || !labelNameRE.MatchString(lname) {
			t.Fatalf("sample %q: bad label at %q", line, rest)
		}
		// Find the closing quote, skipping escaped characters.
		end := -1
		for i := 0; i < len(after); i++ {
			if after[i] == '\\' {
				i++
				continue
			}
			if after[i] == '"' {
				end = i
				break
			}
		}
		if end < 0 {
			t.Fatalf("sample %q: unterminated label value", line)
		}
		parts = append(parts, fmt.Sprintf("%s=%q", lname, unescape(t, after[:end], true)))
		rest = after[end+1:]
		if rest != "" {
			if rest[0] != ',' {
				t.Fatalf("sample %q: expected comma at %q", line, rest)
			}
			rest = rest[1:]
		}
	}
	return name + "{" + strings.Join(parts, ",") + "}", v
}

func unescape(t *testing.T, s string, quotes bool) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || quotes && c == '"' {
			t.Fatalf("unescaped %q in %q", c, s)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(s) {
			t.Fatalf("dangling backslash in %q", s)
		}
		switch s[i] {
		case '\\':
			b.WriteByte('\\')
		case 'n':
			b.WriteByte('\n')
		case '"':
			if !quotes {
				t.Fatalf("escaped quote in HELP %q", s)
			}
			b.WriteByte('"')
		default:
			t.Fatalf("unknown escape \\%c in %q", s[i], s)
		}
	}
	return b.String()
}

func scrape(t *testing.T, r *Registry) string {
	t.Helper()
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExpositionIsParseableSortedAndEscaped(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("b_requests_total", "Requests with a \\ backslash\nand a newline.", "path", "code")
	c.With(`/a"b`, "200").Add(3)
	c.With("line\nbreak\\", "500").Inc()
	c.With("/", "200").Inc()
	g := r.NewGauge("a_temperature", "A gauge.")
	g.Set(-1.5)
	r.NewGaugeFunc("c_answer", "Computed.", func() float64 { return 42 })

	text := scrape(t, r)
	fams, names := parse(t, text)
	if strings.Join(names, " ") != "a_temperature b_requests_total c_answer" {
		t.Fatalf("families not sorted by name: %v", names)
	}
	b := fams["b_requests_total"]
	if b.typ != "counter" || b.help != "Requests with a \\ backslash\nand a newline." {
		t.Fatalf("type %q help %q", b.typ, b.help)
	}
	want := map[string]float64{
		`b_requests_total{path="/",code="200"}`:             1,
		`b_requests_total{path="/a\"b",code="200"}`:         3,
		`b_requests_total{path="line\nbreak\\",code="500"}`: 1,
	}
	for k, v := range want {
		if got, ok := b.samples[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v\n%s", k, got, ok, v, text)
		}
	}
	if len(b.samples) != len(want) {
		t.Errorf("got %d samples, want %d", len(b.samples), len(want))
	}
	if fams["a_temperature"].samples["a_temperature"] != -1.5 || fams["a_temperature"].typ != "gauge" {
		t.Errorf("gauge: %+v", fams["a_temperature"])
	}
	if fams["c_answer"].samples["c_answer"] != 42 {
		t.Errorf("func gauge: %+v", fams["c_answer"])
	}
	if again := scrape(t, r); again != text {
		t.Errorf("two scrapes of unchanged metrics differ:\n%s\n---\n%s", text, again)
	}
}

func TestHistogramBucketsAreCumulative(t *testing.T) {
	r := NewRegistry()
	h := r.NewHistogramVec("latency_seconds", "Latency.", []float64{0.1, 1, 10}, "route")
	for _, v := range []float64{0.05, 0.1, 0.5, 2, 20, 30} {
		h.With("GET /").Observe(v)
	}
	h.With("POST /x").ObserveDuration(200 * time.Millisecond)

	fams, _ := parse(t, scrape(t, r))
	f := fams["latency_seconds"]
	if f.typ != "histogram" {
		t.Fatalf("type %q", f.typ)
	}
	want := map[string]float64{
		`latency_seconds_bucket{route="GET /",le="0.1"}`:   2, // 0.1 falls in le="0.1"
		`latency_seconds_bucket{route="GET /",le="1"}`:     3,
		`latency_seconds_bucket{route="GET /",le="10"}`:    4,
		`latency_seconds_bucket{route="GET /",le="+Inf"}`:  6,
		`latency_seconds_count{route="GET /"}`:             6,
		`latency_seconds_bucket{route="POST /x",le="0.1"}`: 0,
		`latency_seconds_bucket{route="POST /x",le="1"}`:   1,
		`latency_seconds_count{route="POST /x"}`:           1,
	}
	for k, v := range want {
		if got, ok := f.samples[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if got := f.samples[`latency_seconds_sum{route="GET /"}`]; math.Abs(got-52.65) > 1e-9 {
		t.Errorf("sum = %v, want 52.65", got)
	}
	// Buckets come in increasing le order within a series, then sum and count.
	var gotOrder []string
	for _, k := range f.order {
		if strings.Contains(k, `route="GET /"`) {
			gotOrder = append(gotOrder, k)
		}
	}
	if len(gotOrder) != 6 || !strings.Contains(gotOrder[3], `le="+Inf"`) || !strings.HasPrefix(gotOrder[5], "latency_seconds_count") {
		t.Errorf("series order: %v", gotOrder)
	}
}

func TestConcurrentUpdatesAreAllCounted(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("hits_total", "Hits.", "route")
	g := r.NewGauge("level", "Level.")
	h := r.NewHistogram("size", "Size.", []float64{1, 2})
	const workers, each = 8, 5000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			route := []string{"a", "b"}[w%2]
			for range each {
				c.With(route).Inc()
				g.Add(0.5)
				h.Observe(1.5)
			}
		})
	}
	// Scrape while writers run: the output must stay well-formed.
	for range 5 {
		parse(t, scrape(t, r))
	}
	wg.Wait()
	if got := c.With("a").Value() + c.With("b").Value(); got != workers*each {
		t.Errorf("counter total %d, want %d", got, workers*each)
	}
	if got := g.Value(); got != workers*each*0.5 {
		t.Errorf("gauge %v, want %v", got, workers*each*0.5)
	}
	if h.Count() != workers*each || h.Sum() != workers*each*1.5 {
		t.Errorf("histogram count %d sum %v", h.Count(), h.Sum())
	}
}

func TestCounterHotPathDoesNotAllocate(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("x_total", "X.", "method", "route", "status")
	h := r.NewHistogramVec("x_seconds", "X.", DefaultBuckets, "route")
	c.With("GET", "GET /{id}", "2xx").Inc()
	h.With("GET /{id}").Observe(0.1)
	allocs := testing.AllocsPerRun(1000, func() {
		c.With("GET", "GET /{id}", "2xx").Inc()
		h.With("GET /{id}").Observe(0.1)
	})
	if allocs != 0 {
		t.Fatalf("hot path allocates %v times per call", allocs)
	}
}

func TestCardinalityIsBounded(t *testing.T) {
	r := NewRegistry()
	c := r.NewCounterVec("paths_total", "Paths.", "path")
	for i := range maxSeries + 50 {
		c.With("/p/" + strconv.Itoa(i)).Inc()
	}
	fams, _ := parse(t, scrape(t, r))
	f := fams["paths_total"]
	if len(f.samples) != maxSeries+1 {
		t.Fatalf("%d series, want %d", len(f.samples), maxSeries+1)
	}
	if got := f.samples[`paths_total{path="overflow"}`]; got != 50 {
		t.Fatalf("overflow series = %v, want 50", got)
	}
}

func TestInvalidRegistrationsPanic(t *testing.T) {
	cases := map[string]func(r *Registry){
		"bad metric name":  func(r *Registry) { r.NewCounter("1abc", "") },
		"bad label name":   func(r *Registry) { r.NewCounterVec("a", "", "a-b") },
		"reserved label":   func(r *Registry) { r.NewCounterVec("a", "", "__x") },
		"le on histogram":  func(r *Registry) { r.NewHistogramVec("a", "", []float64{1}, "le") },
		"repeated label":   func(r *Registry) { r.NewCounterVec("a", "", "x", "x") },
		"too many labels":  func(r *Registry) { r.NewCounterVec("a", "", "a", "b", "c", "d", "e") },
		"duplicate":        func(r *Registry) { r.NewCounter("a", ""); r.NewGauge("a", "") },
		"unsorted buckets": func(r *Registry) { r.NewHistogram("a", "", []float64{1, 0.5}) },
		"no buckets":       func(r *Registry) { r.NewHistogram("a", "", nil) },
		"wrong arity":      func(r *Registry) { r.NewCounterVec("a", "", "x").With("1", "2") },
	}
	for name, fn := range cases {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("did not panic")
				}
			}()
			fn(NewRegistry())
		})
	}
}

func TestHandlerServesDefaultMetrics(t *testing.T) {
	ObserveHTTP("GET", "GET /calls/{id}", 200, 30*time.Millisecond)
	ObserveHTTP("BREW", "", 418, time.Millisecond)

	srv := httptest.NewServer(Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != ContentType {
		t.Fatalf("Content-Type %q", ct)
	}
	var b strings.Builder
	if _, err := bufio.NewReader(res.Body).WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	fams, _ := parse(t, b.String())
	checks := []struct{ family, series string }{
		{"cantieri_http_requests_total", `cantieri_http_requests_total{method="GET",route="GET /calls/{id}",status="2xx"}`},
		{"cantieri_http_requests_total", `cantieri_http_requests_total{method="other",route="unmatched",status="4xx"}`},
		{"cantieri_http_request_duration_seconds", `cantieri_http_request_duration_seconds_bucket{route="GET /calls/{id}",le="0.05"}`},
	}
	for _, c := range checks {
		f := fams[c.family]
		if f == nil || f.samples[c.series] < 1 {
			t.Errorf("missing %s in:\n%s", c.series, b.String())
		}
	}
	for _, name := range []string{"go_goroutines", "go_memstats_heap_alloc_bytes", "go_gc_cycles_total", "process_start_time_seconds", "go_info"} {
		f := fams[name]
		if f == nil || len(f.samples) == 0 {
			t.Errorf("missing runtime metric %s", name)
			continue
		}
		for k, v := range f.samples {
			if name != "go_gc_cycles_total" && v <= 0 {
				t.Errorf("%s = %v, want > 0", k, v)
			}
		}
	}
	if st := fams["process_start_time_seconds"].samples["process_start_time_seconds"]; math.Abs(st-float64(time.Now().Unix())) > 3600 {
		t.Errorf("process start time %v is not near now", st)
	}

	post, err := http.Post(srv.URL, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST got %d", post.StatusCode)
	}
}

func TestStatusClass(t *testing.T) {
	for code, want := range map[int]string{101: "1xx", 200: "2xx", 204: "2xx", 302: "3xx", 404: "4xx", 503: "5xx", 99: "other", 600: "other"} {
		if got := StatusClass(code); got != want {
			t.Errorf("StatusClass(%d) = %q, want %q", code, got, want)
		}
	}
}

func BenchmarkCounterInc(b *testing.B) {
	c := NewRegistry().NewCounter("c_total", "C.")
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.Inc()
		}
	})
}

func BenchmarkCounterVecWithInc(b *testing.B) {
	c := NewRegistry().NewCounterVec("c_total", "C.", "method", "route", "status")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c.With("GET", "GET /calls/{id}", "2xx").Inc()
		}
	})
}

func BenchmarkObserveHTTP(b *testing.B) {
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			ObserveHTTP("GET", "GET /calls/{id}", 200, 12*time.Millisecond)
		}
	})
}
