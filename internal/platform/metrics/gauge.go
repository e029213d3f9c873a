package metrics

import (
	"math"
	"sort"
	"sync/atomic"
)

// Gauge is a value that goes up and down, such as a queue length.
type Gauge struct {
	bits atomic.Uint64
}

// Set sets the gauge to v.
func (g *Gauge) Set(v float64) { g.bits.Store(math.Float64bits(v)) }

// Add adds d, which may be negative.
func (g *Gauge) Add(d float64) { addFloat(&g.bits, d) }

// Inc adds one.
func (g *Gauge) Inc() { g.Add(1) }

// Dec subtracts one.
func (g *Gauge) Dec() { g.Add(-1) }

// Value returns the current value.
func (g *Gauge) Value() float64 { return math.Float64frombits(g.bits.Load()) }

func addFloat(bits *atomic.Uint64, d float64) {
	for {
		old := bits.Load()
		if bits.CompareAndSwap(old, math.Float64bits(math.Float64frombits(old)+d)) {
			return
		}
	}
}

type gaugeMetric struct {
	desc
	g *Gauge
}

func (m *gaugeMetric) kind() string    { return "gauge" }
func (m *gaugeMetric) write(w *writer) { w.sample(m.n, nil, nil, "", "", m.g.Value()) }

// NewGauge registers and returns a gauge without labels.
func (r *Registry) NewGauge(name, help string) *Gauge {
	m := &gaugeMetric{desc: desc{name, help}, g: &Gauge{}}
	r.register(m, nil)
	return m.g
}

// GaugeVec is a gauge partitioned by a fixed set of labels.
type GaugeVec struct {
	desc
	v *vec[Gauge]
}

// With returns the gauge for the given label values.
func (g *GaugeVec) With(values ...string) *Gauge { return g.v.with(values) }

func (g *GaugeVec) kind() string { return "gauge" }
func (g *GaugeVec) write(w *writer) {
	keys, children := g.v.snapshot()
	for i, k := range keys {
		w.sample(g.n, g.v.labels, &k, "", "", children[i].Value())
	}
}

// NewGaugeVec registers and returns a gauge with the given labels.
func (r *Registry) NewGaugeVec(name, help string, labels ...string) *GaugeVec {
	m := &GaugeVec{desc: desc{name, help}, v: newVec(labels, func() *Gauge { return &Gauge{} })}
	r.register(m, labels)
	return m
}

type gaugeFunc struct {
	desc
	fn func() float64
}

func (m *gaugeFunc) kind() string    { return "gauge" }
func (m *gaugeFunc) write(w *writer) { w.sample(m.n, nil, nil, "", "", m.fn()) }

// NewGaugeFunc registers a gauge whose value fn computes at each scrape.
func (r *Registry) NewGaugeFunc(name, help string, fn func() float64) {
	r.register(&gaugeFunc{desc: desc{name, help}, fn: fn}, nil)
}

// Emit reports one sample of a func-backed labelled gauge.
type Emit func(v float64, labelValues ...string)

type gaugeVecFunc struct {
	desc
	labels []string
	fn     func(emit Emit)
}

func (m *gaugeVecFunc) kind() string { return "gauge" }
func (m *gaugeVecFunc) write(w *writer) {
	type sample struct {
		k labelValues
		v float64
	}
	var samples []sample
	m.fn(func(v float64, values ...string) {
		if len(values) != len(m.labels) {
			return
		}
		var k labelValues
		copy(k[:], values)
		samples = append(samples, sample{k, v})
	})
	sort.Slice(samples, func(i, j int) bool {
		for n := range maxLabels {
			if samples[i].k[n] != samples[j].k[n] {
				return samples[i].k[n] < samples[j].k[n]
			}
		}
		return false
	})
	for _, s := range samples {
		w.sample(m.n, m.labels, &s.k, "", "", s.v)
	}
}

// NewGaugeVecFunc registers a labelled gauge whose samples fn emits at each
// scrape, such as the number of jobs in each state read from the database.
// Samples with the wrong number of label values are dropped.
func (r *Registry) NewGaugeVecFunc(name, help string, labels []string, fn func(emit Emit)) {
	r.register(&gaugeVecFunc{desc: desc{name, help}, labels: labels, fn: fn}, labels)
}

// NewGauge registers a gauge in Default.
func NewGauge(name, help string) *Gauge { return Default.NewGauge(name, help) }

// NewGaugeVec registers a labelled gauge in Default.
func NewGaugeVec(name, help string, labels ...string) *GaugeVec {
	return Default.NewGaugeVec(name, help, labels...)
}

// NewGaugeFunc registers a func-backed gauge in Default.
func NewGaugeFunc(name, help string, fn func() float64) { Default.NewGaugeFunc(name, help, fn) }

// NewGaugeVecFunc registers a func-backed labelled gauge in Default.
func NewGaugeVecFunc(name, help string, labels []string, fn func(emit Emit)) {
	Default.NewGaugeVecFunc(name, help, labels, fn)
}
