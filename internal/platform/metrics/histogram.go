package metrics

import (
	"fmt"
	"math"
	"sort"
	"sync/atomic"
	"time"
)

// DefaultBuckets suit request durations in seconds, from 5 ms to 10 s.
var DefaultBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Histogram counts observations in fixed buckets and keeps their sum.
type Histogram struct {
	upper  []float64       // bucket upper bounds, ascending; +Inf is implicit
	counts []atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sum    atomic.Uint64   // float64 bits
}

func newHistogram(buckets []float64) *Histogram {
	return &Histogram{upper: buckets, counts: make([]atomic.Uint64, len(buckets)+1)}
}

// Observe records one value.
func (h *Histogram) Observe(v float64) {
	h.counts[sort.SearchFloat64s(h.upper, v)].Add(1)
	addFloat(&h.sum, v)
}

// ObserveDuration records d in seconds.
func (h *Histogram) ObserveDuration(d time.Duration) { h.Observe(d.Seconds()) }

// Count returns how many values were observed.
func (h *Histogram) Count() uint64 {
	var n uint64
	for i := range h.counts {
		n += h.counts[i].Load()
	}
	return n
}

// Sum returns the sum of the observed values.
func (h *Histogram) Sum() float64 { return math.Float64frombits(h.sum.Load()) }

// write emits the cumulative buckets, the sum and the count. The count is
// the +Inf bucket, so the three agree even while observations arrive.
func (h *Histogram) write(w *writer, name string, labels []string, values *labelValues) {
	var cum uint64
	for i := range h.counts {
		cum += h.counts[i].Load()
		le := "+Inf"
		if i < len(h.upper) {
			le = formatFloat(h.upper[i])
		}
		w.sample(name+"_bucket", labels, values, "le", le, float64(cum))
	}
	w.sample(name+"_sum", labels, values, "", "", h.Sum())
	w.sample(name+"_count", labels, values, "", "", float64(cum))
}

func checkBuckets(name string, buckets []float64) []float64 {
	if len(buckets) == 0 {
		panic(fmt.Sprintf("metrics: %s needs at least one bucket", name))
	}
	for i, b := range buckets {
		if math.IsNaN(b) || math.IsInf(b, 0) || i > 0 && b <= buckets[i-1] {
			panic(fmt.Sprintf("metrics: %s buckets must be finite and strictly increasing: %v", name, buckets))
		}
	}
	return append([]float64(nil), buckets...)
}

type histogramMetric struct {
	desc
	h *Histogram
}

func (m *histogramMetric) kind() string    { return "histogram" }
func (m *histogramMetric) write(w *writer) { m.h.write(w, m.n, nil, nil) }

// NewHistogram registers and returns a histogram with the given bucket
// upper bounds (ascending; +Inf is added).
func (r *Registry) NewHistogram(name, help string, buckets []float64) *Histogram {
	m := &histogramMetric{desc: desc{name, help}, h: newHistogram(checkBuckets(name, buckets))}
	r.register(m, nil)
	return m.h
}

// HistogramVec is a histogram partitioned by a fixed set of labels.
type HistogramVec struct {
	desc
	v *vec[Histogram]
}

// With returns the histogram for the given label values.
func (h *HistogramVec) With(values ...string) *Histogram { return h.v.with(values) }

func (h *HistogramVec) kind() string { return "histogram" }
func (h *HistogramVec) write(w *writer) {
	keys, children := h.v.snapshot()
	for i, k := range keys {
		children[i].write(w, h.n, h.v.labels, &k)
	}
}

// NewHistogramVec registers and returns a labelled histogram.
func (r *Registry) NewHistogramVec(name, help string, buckets []float64, labels ...string) *HistogramVec {
	b := checkBuckets(name, buckets)
	m := &HistogramVec{desc: desc{name, help}, v: newVec(labels, func() *Histogram { return newHistogram(b) })}
	r.register(m, labels)
	return m
}

// NewHistogram registers a histogram in Default.
func NewHistogram(name, help string, buckets []float64) *Histogram {
	return Default.NewHistogram(name, help, buckets)
}

// NewHistogramVec registers a labelled histogram in Default.
func NewHistogramVec(name, help string, buckets []float64, labels ...string) *HistogramVec {
	return Default.NewHistogramVec(name, help, buckets, labels...)
}
