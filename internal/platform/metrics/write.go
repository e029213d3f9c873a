package metrics

import (
	"bufio"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// WriteTo writes every metric in the text exposition format 0.0.4, sorted by
// name and then by label values.
func (r *Registry) WriteTo(out io.Writer) (int64, error) {
	cw := &countingWriter{w: out}
	w := &writer{b: bufio.NewWriter(cw)}
	for _, m := range r.sorted() {
		w.header(m)
		m.write(w)
	}
	err := w.b.Flush()
	return cw.n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// writer formats samples; bufio.Writer keeps the first error, so the
// methods need not return one.
type writer struct {
	b *bufio.Writer
}

func (w *writer) header(m metric) {
	w.b.WriteString("# HELP ")
	w.b.WriteString(m.name())
	w.b.WriteByte(' ')
	w.b.WriteString(helpEscaper.Replace(m.help()))
	w.b.WriteString("\n# TYPE ")
	w.b.WriteString(m.name())
	w.b.WriteByte(' ')
	w.b.WriteString(m.kind())
	w.b.WriteByte('\n')
}

// sample writes one line: name{labels} value. extraName/extraValue add one
// more label after the metric's own (the histogram's "le").
func (w *writer) sample(name string, labels []string, values *labelValues, extraName, extraValue string, v float64) {
	w.b.WriteString(name)
	if len(labels) > 0 || extraName != "" {
		w.b.WriteByte('{')
		for i, l := range labels {
			if i > 0 {
				w.b.WriteByte(',')
			}
			w.label(l, values[i])
		}
		if extraName != "" {
			if len(labels) > 0 {
				w.b.WriteByte(',')
			}
			w.label(extraName, extraValue)
		}
		w.b.WriteByte('}')
	}
	w.b.WriteByte(' ')
	w.b.WriteString(formatFloat(v))
	w.b.WriteByte('\n')
}

func (w *writer) label(name, value string) {
	w.b.WriteString(name)
	w.b.WriteString(`="`)
	w.b.WriteString(labelEscaper.Replace(value))
	w.b.WriteByte('"')
}

var (
	helpEscaper  = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	labelEscaper = strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
)

func formatFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case math.IsNaN(v):
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// sortedKeys returns the label tuples of a labelled metric in a stable order.
func sortedKeys[T any](m map[labelValues]T) []labelValues {
	keys := make([]labelValues, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		for n := range maxLabels {
			if keys[i][n] != keys[j][n] {
				return keys[i][n] < keys[j][n]
			}
		}
		return false
	})
	return keys
}
