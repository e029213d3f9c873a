package glossary

import (
	"strings"
	"unicode"
)

// OpKind says whether a piece of a diff is in both texts, only in the new
// one or only in the old one.
type OpKind int

// The kinds of diff pieces.
const (
	Equal OpKind = iota
	Insert
	Delete
)

// DiffOp is one piece of a diff: a run of text and where it is.
type DiffOp struct {
	Kind OpKind
	Text string
}

// Inserted and Deleted are for templates.
func (o DiffOp) Inserted() bool { return o.Kind == Insert }

// Deleted reports whether the piece is only in the old text.
func (o DiffOp) Deleted() bool { return o.Kind == Delete }

// maxEdits bounds the work of Diff: past this many inserted and deleted
// tokens the texts are shown as one deletion and one insertion, which is
// what they are for a reader anyway.
const maxEdits = 500

// Diff compares two texts word by word: the tokens are runs of letters and
// digits, runs of white space, and single other characters. It returns the
// shortest edit (Myers' algorithm), with adjacent pieces of one kind
// merged, deletions before insertions.
func Diff(a, b string) []DiffOp {
	if a == b {
		if a == "" {
			return nil
		}
		return []DiffOp{{Equal, a}}
	}
	ta, tb := tokenize(a), tokenize(b)
	// The common prefix and suffix need no search.
	pre := 0
	for pre < len(ta) && pre < len(tb) && ta[pre] == tb[pre] {
		pre++
	}
	suf := 0
	for suf < len(ta)-pre && suf < len(tb)-pre && ta[len(ta)-1-suf] == tb[len(tb)-1-suf] {
		suf++
	}
	var ops []DiffOp
	for _, t := range ta[:pre] {
		ops = append(ops, DiffOp{Equal, t})
	}
	ops = append(ops, myers(ta[pre:len(ta)-suf], tb[pre:len(tb)-suf])...)
	for _, t := range ta[len(ta)-suf:] {
		ops = append(ops, DiffOp{Equal, t})
	}
	return merge(ops)
}

// tokenize splits s into the tokens of Diff; joined, they are s.
func tokenize(s string) []string {
	var out []string
	rs := []rune(s)
	class := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			return 1
		case unicode.IsSpace(r):
			return 2
		}
		return 0
	}
	for i := 0; i < len(rs); {
		c := class(rs[i])
		j := i + 1
		if c != 0 {
			for j < len(rs) && class(rs[j]) == c {
				j++
			}
		}
		out = append(out, string(rs[i:j]))
		i = j
	}
	return out
}

// myers returns the edit script turning a into b, token by token.
func myers(a, b []string) []DiffOp {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return replaceAll(a, b)
	}
	limit := min(n+m, maxEdits)
	off := limit + 1
	v := make([]int, 2*limit+3)
	// trace[d] is v after step d, for the walk back.
	var trace [][]int
	for d := 0; d <= limit; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v...))
				return backtrack(trace, a, b, off)
			}
		}
		trace = append(trace, append([]int(nil), v...))
	}
	return replaceAll(a, b)
}

// backtrack walks the trace from the end to the start and returns the
// edit script in order.
func backtrack(trace [][]int, a, b []string, off int) []DiffOp {
	x, y := len(a), len(b)
	var rev []DiffOp
	for d := len(trace) - 1; d > 0; d-- {
		v := trace[d-1]
		k := x - y
		var prevK int
		if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := v[off+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, DiffOp{Equal, a[x]})
		}
		if x == prevX {
			y--
			rev = append(rev, DiffOp{Insert, b[y]})
		} else {
			x--
			rev = append(rev, DiffOp{Delete, a[x]})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, DiffOp{Equal, a[x]})
	}
	out := make([]DiffOp, len(rev))
	for i, op := range rev {
		out[len(rev)-1-i] = op
	}
	return out
}

func replaceAll(a, b []string) []DiffOp {
	var ops []DiffOp
	if len(a) > 0 {
		ops = append(ops, DiffOp{Delete, strings.Join(a, "")})
	}
	if len(b) > 0 {
		ops = append(ops, DiffOp{Insert, strings.Join(b, "")})
	}
	return ops
}

// merge joins adjacent pieces of one kind, and lets a deletion come before
// the insertion that replaces it; a lone space between two changes joins
// them, so "a b" replaced by "c d" reads as one change.
func merge(ops []DiffOp) []DiffOp {
	var out []DiffOp
	for i := 0; i < len(ops); i++ {
		op := ops[i]
		if op.Kind == Equal && strings.TrimSpace(op.Text) == "" && !strings.Contains(op.Text, "\n") &&
			i > 0 && i < len(ops)-1 && ops[i-1].Kind != Equal && ops[i+1].Kind != Equal {
			out = append(out, DiffOp{Delete, op.Text}, DiffOp{Insert, op.Text})
			continue
		}
		out = append(out, op)
	}
	// Group each run of changes: all its deletions, then all its
	// insertions.
	var grouped []DiffOp
	for i := 0; i < len(out); {
		if out[i].Kind == Equal {
			grouped = append(grouped, out[i])
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(out) && out[i].Kind != Equal; i++ {
			if out[i].Kind == Delete {
				del.WriteString(out[i].Text)
			} else {
				ins.WriteString(out[i].Text)
			}
		}
		if del.Len() > 0 {
			grouped = append(grouped, DiffOp{Delete, del.String()})
		}
		if ins.Len() > 0 {
			grouped = append(grouped, DiffOp{Insert, ins.String()})
		}
	}
	var final []DiffOp
	for _, op := range grouped {
		if n := len(final); n > 0 && final[n-1].Kind == op.Kind {
			final[n-1].Text += op.Text
			continue
		}
		final = append(final, op)
	}
	return final
}
