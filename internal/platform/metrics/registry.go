// Package metrics is a small Prometheus registry: counters, gauges and
// histograms, with or without a fixed set of labels, written in the text
// exposition format 0.0.4. It replaces client_golang, whose dependency tree
// is larger than everything Cantieri needs from it.
//
// Metrics are registered once, usually in package variables; registering an
// invalid or duplicate name panics, because it is a programming error found
// by the first test that imports the package. Updating a metric is a few
// atomic operations and, for labelled metrics, a read-locked map lookup
// that does not allocate.
package metrics

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"sync"
)

// Default is the registry that the package-level constructors and Handler
// use.
var Default = NewRegistry()

// Registry holds a set of metrics, each with a unique name.
type Registry struct {
	mu      sync.Mutex
	metrics map[string]metric
}

// metric is what every kind of metric implements to be written out.
type metric interface {
	name() string
	help() string
	kind() string // counter, gauge or histogram
	write(w *writer)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{metrics: map[string]metric{}}
}

var (
	metricNameRE = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
	labelNameRE  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
)

// maxLabels bounds the label set so a label tuple fits in a fixed-size,
// comparable array used as a map key without allocating.
const maxLabels = 4

type labelValues [maxLabels]string

func (r *Registry) register(m metric, labels []string) {
	if !metricNameRE.MatchString(m.name()) {
		panic(fmt.Sprintf("metrics: invalid metric name %q", m.name()))
	}
	if len(labels) > maxLabels {
		panic(fmt.Sprintf("metrics: %s has %d labels, at most %d are supported", m.name(), len(labels), maxLabels))
	}
	seen := map[string]bool{}
	for _, l := range labels {
		if !labelNameRE.MatchString(l) || len(l) >= 2 && l[:2] == "__" || l == "le" || seen[l] {
			panic(fmt.Sprintf("metrics: %s: invalid or repeated label name %q", m.name(), l))
		}
		seen[l] = true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.metrics[m.name()]; dup {
		panic(fmt.Sprintf("metrics: %s registered twice", m.name()))
	}
	r.metrics[m.name()] = m
}

// Unregister removes the metric with the given name, if any. It exists for
// metrics that depend on run-time wiring (for example a gauge reading the
// database) and for tests.
func (r *Registry) Unregister(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.metrics, name)
}

// sorted returns the registered metrics ordered by name, for stable output.
func (r *Registry) sorted() []metric {
	r.mu.Lock()
	out := make([]metric, 0, len(r.metrics))
	for _, m := range r.metrics {
		out = append(out, m)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].name() < out[j].name() })
	return out
}

// ContentType is the media type of the text exposition format.
const ContentType = "text/plain; version=0.0.4; charset=utf-8"

// Handler serves the registry's metrics in the text exposition format.
func (r *Registry) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", ContentType)
		w.Header().Set("Cache-Control", "no-store")
		if req.Method == http.MethodHead {
			return
		}
		_, _ = r.WriteTo(w)
	})
}

// Handler serves the Default registry.
func Handler() http.Handler { return Default.Handler() }
