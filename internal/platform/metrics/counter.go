package metrics

import "sync/atomic"

// Counter is a value that only goes up, such as a number of requests.
type Counter struct {
	v atomic.Uint64
}

// Inc adds one.
func (c *Counter) Inc() { c.v.Add(1) }

// Add adds n.
func (c *Counter) Add(n uint64) { c.v.Add(n) }

// Value returns the current count.
func (c *Counter) Value() uint64 { return c.v.Load() }

type counterMetric struct {
	desc
	c *Counter
}

func (m *counterMetric) kind() string { return "counter" }
func (m *counterMetric) write(w *writer) {
	w.sample(m.n, nil, nil, "", "", float64(m.c.Value()))
}

// NewCounter registers and returns a counter without labels.
func (r *Registry) NewCounter(name, help string) *Counter {
	m := &counterMetric{desc: desc{name, help}, c: &Counter{}}
	r.register(m, nil)
	return m.c
}

// CounterVec is a counter partitioned by a fixed set of labels.
type CounterVec struct {
	desc
	v *vec[Counter]
}

// With returns the counter for the given label values, in the order the
// labels were declared.
func (c *CounterVec) With(values ...string) *Counter { return c.v.with(values) }

func (c *CounterVec) kind() string { return "counter" }
func (c *CounterVec) write(w *writer) {
	keys, children := c.v.snapshot()
	for i, k := range keys {
		w.sample(c.n, c.v.labels, &k, "", "", float64(children[i].Value()))
	}
}

// NewCounterVec registers and returns a counter with the given labels.
func (r *Registry) NewCounterVec(name, help string, labels ...string) *CounterVec {
	m := &CounterVec{desc: desc{name, help}, v: newVec(labels, func() *Counter { return &Counter{} })}
	r.register(m, labels)
	return m
}

type counterFunc struct {
	desc
	fn func() float64
}

func (m *counterFunc) kind() string    { return "counter" }
func (m *counterFunc) write(w *writer) { w.sample(m.n, nil, nil, "", "", m.fn()) }

// NewCounterFunc registers a counter whose value fn reads at each scrape,
// for counts kept elsewhere (the Go runtime's GC cycles, for example).
func (r *Registry) NewCounterFunc(name, help string, fn func() float64) {
	r.register(&counterFunc{desc: desc{name, help}, fn: fn}, nil)
}

// NewCounter registers a counter in Default.
func NewCounter(name, help string) *Counter { return Default.NewCounter(name, help) }

// NewCounterVec registers a labelled counter in Default.
func NewCounterVec(name, help string, labels ...string) *CounterVec {
	return Default.NewCounterVec(name, help, labels...)
}

// NewCounterFunc registers a func-backed counter in Default.
func NewCounterFunc(name, help string, fn func() float64) { Default.NewCounterFunc(name, help, fn) }
