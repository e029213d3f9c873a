package apptest

import (
	"html"
	"strings"
)

// Node is an element (or, with an empty Tag, a text) of a parsed page.
// The parser is forgiving and small: enough for the pages our templates
// write, not a full HTML5 parser.
type Node struct {
	Tag      string // lower case; "" for text
	Attrs    map[string]string
	Children []*Node
	Parent   *Node
	data     string // text of a text node, unescaped
}

// voidTags never have children or an end tag.
var voidTags = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// rawTags hold text up to their end tag, unparsed.
var rawTags = map[string]bool{"script": true, "style": true, "textarea": true, "title": true}

// ParseHTML parses a page into a tree whose root has the Tag "#document".
func ParseHTML(s string) *Node {
	root := &Node{Tag: "#document", Attrs: map[string]string{}}
	cur := root
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt != 0 {
			if lt < 0 {
				lt = len(s)
			}
			cur.appendText(s[:lt])
			s = s[lt:]
			continue
		}
		switch {
		case strings.HasPrefix(s, "<!--"):
			end := strings.Index(s, "-->")
			if end < 0 {
				return root
			}
			s = s[end+3:]
		case strings.HasPrefix(s, "<!"), strings.HasPrefix(s, "<?"):
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return root
			}
			s = s[end+1:]
		case strings.HasPrefix(s, "</"):
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return root
			}
			tag := strings.ToLower(strings.TrimSpace(s[2:end]))
			s = s[end+1:]
			for n := cur; n != root; n = n.Parent {
				if n.Tag == tag {
					cur = n.Parent
					break
				}
			}
		default:
			n, rest, selfClosing, ok := parseStartTag(s)
			if !ok {
				cur.appendText("<")
				s = s[1:]
				continue
			}
			s = rest
			n.Parent = cur
			cur.Children = append(cur.Children, n)
			switch {
			case rawTags[n.Tag]:
				end := strings.Index(strings.ToLower(s), "</"+n.Tag)
				if end < 0 {
					end = len(s)
				}
				n.appendText(s[:end])
				s = s[end:]
				if gt := strings.IndexByte(s, '>'); gt >= 0 {
					s = s[gt+1:]
				}
			case !voidTags[n.Tag] && !selfClosing:
				cur = n
			}
		}
	}
	return root
}

// parseStartTag reads "<tag attr=… …>" at the start of s.
func parseStartTag(s string) (n *Node, rest string, selfClosing, ok bool) {
	i := 1
	for i < len(s) && isNameByte(s[i]) {
		i++
	}
	if i == 1 {
		return nil, s, false, false
	}
	n = &Node{Tag: strings.ToLower(s[1:i]), Attrs: map[string]string{}}
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return n, "", false, true
		}
		switch {
		case s[i] == '>':
			return n, s[i+1:], false, true
		case strings.HasPrefix(s[i:], "/>"):
			return n, s[i+2:], true, true
		case s[i] == '/':
			i++
			continue
		}
		start := i
		for i < len(s) && !isSpace(s[i]) && s[i] != '=' && s[i] != '>' && !strings.HasPrefix(s[i:], "/>") {
			i++
		}
		name := strings.ToLower(s[start:i])
		if name == "" { // a stray character: skip it
			i++
			continue
		}
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					end = len(s) - i - 1
				}
				value = s[i+1 : i+1+end]
				i = min(len(s), i+end+2)
			} else {
				start := i
				for i < len(s) && !isSpace(s[i]) && s[i] != '>' {
					i++
				}
				value = s[start:i]
			}
		}
		if _, dup := n.Attrs[name]; !dup {
			n.Attrs[name] = html.UnescapeString(value)
		}
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == ':'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func (n *Node) appendText(s string) {
	if s == "" {
		return
	}
	n.Children = append(n.Children, &Node{Parent: n, data: html.UnescapeString(s)})
}

// Attr returns the value of attribute name ("" when absent).
func (n *Node) Attr(name string) string { return n.Attrs[name] }

// HasAttr reports whether the element has attribute name.
func (n *Node) HasAttr(name string) bool {
	_, ok := n.Attrs[name]
	return ok
}

// HasClass reports whether the element's class list contains c.
func (n *Node) HasClass(c string) bool { return containsField(n.Attrs["class"], c) }

// Text returns the text inside n with runs of white space collapsed.
func (n *Node) Text() string {
	var b strings.Builder
	var walk func(*Node)
	walk = func(x *Node) {
		if x.Tag == "" {
			b.WriteString(x.data)
			b.WriteByte(' ')
			return
		}
		for _, c := range x.Children {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// Find returns the elements under n matching selector, in document order.
// A selector is one or more compound selectors separated by spaces (the
// descendant combinator), each made of an optional tag name and any number
// of #id, .class, [attr], [attr=value] and [attr^=value] parts, for example
// `form[action="/accedi"] input[name=email]` or `#form-errors li`.
// Several selectors may be separated by commas.
func (n *Node) Find(selector string) []*Node {
	var out []*Node
	seen := map[*Node]bool{}
	for _, alt := range strings.Split(selector, ",") {
		chain := parseSelector(alt)
		if len(chain) == 0 {
			continue
		}
		n.walk(func(x *Node) {
			if !seen[x] && x.matchesChain(chain) {
				seen[x] = true
				out = append(out, x)
			}
		})
	}
	if strings.Contains(selector, ",") {
		// Restore document order across the alternatives.
		order := map[*Node]int{}
		i := 0
		n.walk(func(x *Node) { order[x] = i; i++ })
		sortNodes(out, order)
	}
	return out
}

// First returns the first element matching selector, or nil.
func (n *Node) First(selector string) *Node {
	if all := n.Find(selector); len(all) > 0 {
		return all[0]
	}
	return nil
}

func (n *Node) walk(fn func(*Node)) {
	for _, c := range n.Children {
		if c.Tag == "" {
			continue
		}
		fn(c)
		c.walk(fn)
	}
}

func sortNodes(ns []*Node, order map[*Node]int) {
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && order[ns[j]] < order[ns[j-1]]; j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
}

// compound is one compound selector: tag#id.class[attr…].
type compound struct {
	tag   string
	conds []cond
}

type cond struct {
	attr, op, value string // op: "" (present), "=", "^=", "~=" (class)
}

func parseSelector(s string) []compound {
	var chain []compound
	for _, part := range splitOutsideBrackets(strings.TrimSpace(s)) {
		chain = append(chain, parseCompound(part))
	}
	return chain
}

// splitOutsideBrackets splits on spaces that are not inside [...].
func splitOutsideBrackets(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
		case ' ', '\t', '\n':
			if depth == 0 {
				if i > start {
					parts = append(parts, s[start:i])
				}
				start = i + 1
			}
		}
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

func parseCompound(s string) compound {
	var c compound
	i := 0
	for i < len(s) && s[i] != '#' && s[i] != '.' && s[i] != '[' {
		i++
	}
	c.tag = strings.ToLower(s[:i])
	if c.tag == "*" {
		c.tag = ""
	}
	for i < len(s) {
		switch s[i] {
		case '#', '.':
			j := i + 1
			for j < len(s) && s[j] != '#' && s[j] != '.' && s[j] != '[' {
				j++
			}
			if s[i] == '#' {
				c.conds = append(c.conds, cond{attr: "id", op: "=", value: s[i+1 : j]})
			} else {
				c.conds = append(c.conds, cond{attr: "class", op: "~=", value: s[i+1 : j]})
			}
			i = j
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				j = len(s) - i
			}
			c.conds = append(c.conds, parseAttrCond(s[i+1:i+j]))
			i += j + 1
		default:
			i++
		}
	}
	return c
}

func parseAttrCond(s string) cond {
	for _, op := range []string{"^=", "~=", "="} {
		if k, v, ok := strings.Cut(s, op); ok {
			return cond{attr: strings.ToLower(strings.TrimSpace(k)), op: op, value: strings.Trim(strings.TrimSpace(v), `"'`)}
		}
	}
	return cond{attr: strings.ToLower(strings.TrimSpace(s))}
}

func (n *Node) matches(c compound) bool {
	if c.tag != "" && n.Tag != c.tag {
		return false
	}
	for _, k := range c.conds {
		v, ok := n.Attrs[k.attr]
		switch {
		case !ok:
			return false
		case k.op == "=" && v != k.value,
			k.op == "^=" && !strings.HasPrefix(v, k.value),
			k.op == "~=" && !containsField(v, k.value):
			return false
		}
	}
	return true
}

func containsField(list, v string) bool {
	for _, f := range strings.Fields(list) {
		if f == v {
			return true
		}
	}
	return false
}

// matchesChain reports whether n matches the last compound and has
// ancestors matching the earlier ones, in order.
func (n *Node) matchesChain(chain []compound) bool {
	if !n.matches(chain[len(chain)-1]) {
		return false
	}
	rest := chain[:len(chain)-1]
	for a := n.Parent; a != nil && len(rest) > 0; a = a.Parent {
		if a.Tag != "" && a.Tag != "#document" && a.matches(rest[len(rest)-1]) {
			rest = rest[:len(rest)-1]
		}
	}
	return len(rest) == 0
}
