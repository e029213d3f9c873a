package metrics

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// HTTPRequests counts handled requests by method, route pattern (the
// ServeMux pattern, never the raw path, so the label set stays small) and
// status class ("2xx", "4xx"…).
var HTTPRequests = NewCounterVec("cantieri_http_requests_total",
	"HTTP requests handled, by method, route pattern and status class.",
	"method", "route", "status")

// HTTPDuration is the time spent handling requests, by route pattern.
var HTTPDuration = NewHistogramVec("cantieri_http_request_duration_seconds",
	"Time spent handling HTTP requests, by route pattern.",
	DefaultBuckets, "route")

// ObserveHTTP records one handled request in HTTPRequests and HTTPDuration.
// route is the matched pattern (r.Pattern), or "" for requests that matched
// none.
func ObserveHTTP(method, route string, status int, d time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	HTTPRequests.With(knownMethod(method), route, StatusClass(status)).Inc()
	HTTPDuration.With(route).ObserveDuration(d)
}

// StatusClass returns "1xx" … "5xx" for an HTTP status code, or "other".
func StatusClass(code int) string {
	switch {
	case code >= 100 && code < 200:
		return "1xx"
	case code < 300 && code >= 200:
		return "2xx"
	case code < 400 && code >= 300:
		return "3xx"
	case code < 500 && code >= 400:
		return "4xx"
	case code < 600 && code >= 500:
		return "5xx"
	}
	return "other"
}

// knownMethod keeps the method label bounded: clients can send any token.
func knownMethod(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return m
	}
	return "other"
}

var processStart = time.Now()

func init() {
	NewGaugeFunc("process_start_time_seconds",
		"Start time of the process since the Unix epoch, in seconds.",
		func() float64 { return float64(processStart.UnixNano()) / 1e9 })
	NewGaugeFunc("go_goroutines", "Number of goroutines that currently exist.",
		func() float64 { return float64(runtime.NumGoroutine()) })
	NewGaugeFunc("go_memstats_heap_alloc_bytes", "Bytes of allocated heap objects.",
		func() float64 { return readRuntime("/memory/classes/heap/objects:bytes") })
	NewCounterFunc("go_gc_cycles_total", "Number of completed GC cycles.",
		func() float64 { return readRuntime("/gc/cycles/total:gc-cycles") })
	NewGaugeVecFunc("go_info", "Information about the Go environment.", []string{"version"},
		func(emit Emit) { emit(1, runtime.Version()) })
}

// readRuntime reads one runtime/metrics sample without stopping the world
// (runtime.ReadMemStats would).
func readRuntime(name string) float64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	switch s[0].Value.Kind() {
	case metrics.KindUint64:
		return float64(s[0].Value.Uint64())
	case metrics.KindFloat64:
		return s[0].Value.Float64()
	}
	return 0
}
