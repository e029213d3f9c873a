package metrics

import (
	"fmt"
	"sync"
)

// maxSeries bounds how many label tuples one labelled metric keeps. Label
// values must come from small fixed sets (methods, route patterns, status
// classes); past the bound, new tuples are counted under the value
// "overflow" instead of growing memory without limit.
const maxSeries = 2000

// vec holds the children of a labelled metric, one per tuple of label
// values.
type vec[T any] struct {
	labels   []string
	newChild func() *T

	mu       sync.RWMutex
	children map[labelValues]*T
}

func newVec[T any](labels []string, newChild func() *T) *vec[T] {
	return &vec[T]{labels: labels, newChild: newChild, children: map[labelValues]*T{}}
}

// with returns the child for values, creating it on first use. The common
// case is a read-locked map lookup with a fixed-size array key, which does
// not allocate.
func (v *vec[T]) with(values []string) *T {
	if len(values) != len(v.labels) {
		panic(fmt.Sprintf("metrics: got %d label values for labels %v", len(values), v.labels))
	}
	var key labelValues
	copy(key[:], values)
	v.mu.RLock()
	c := v.children[key]
	v.mu.RUnlock()
	if c != nil {
		return c
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if c := v.children[key]; c != nil {
		return c
	}
	if len(v.children) >= maxSeries {
		for i := range values {
			key[i] = "overflow"
		}
		if c := v.children[key]; c != nil {
			return c
		}
	}
	c = v.newChild()
	v.children[key] = c
	return c
}

// snapshot returns the children in stable order.
func (v *vec[T]) snapshot() ([]labelValues, []*T) {
	v.mu.RLock()
	keys := sortedKeys(v.children)
	children := make([]*T, len(keys))
	for i, k := range keys {
		children[i] = v.children[k]
	}
	v.mu.RUnlock()
	return keys, children
}

// desc is the name and help text every metric carries.
type desc struct {
	n, h string
}

func (d desc) name() string { return d.n }
func (d desc) help() string { return d.h }
