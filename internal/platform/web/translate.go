package web

import (
	"html/template"
	"strconv"
	"text/template/parse"

	"github.com/cantieri/cantieri/internal/platform/i18n"
)

// translated returns a copy of t, not yet executed, in which every
// translation of a constant key — the command `.T "key"` or `$.T "key"`,
// with no other argument — is replaced by the text of the key in lang, as
// a string constant. The templates then look up and call nothing for it
// (each call cost a method lookup and a call through reflect, a third of a
// page's rendering); html/template escapes the constant exactly as it
// escaped the method's result, so the page's bytes are the same. The only
// types with a T method, Page and Chrome, translate into their own Lang,
// which is the lang of the copy the Renderer picks for them.
func translated(t *template.Template, lang i18n.Lang) (*template.Template, error) {
	c, err := t.Clone()
	if err != nil {
		return nil, err
	}
	for _, tt := range c.Templates() {
		if tt.Tree != nil && tt.Tree.Root != nil {
			translateNode(tt.Tree.Root, lang)
		}
	}
	return c, nil
}

func translateNode(n parse.Node, lang i18n.Lang) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			translateNode(c, lang)
		}
	case *parse.ActionNode:
		translateNode(n.Pipe, lang)
	case *parse.IfNode:
		translateBranch(&n.BranchNode, lang)
	case *parse.RangeNode:
		translateBranch(&n.BranchNode, lang)
	case *parse.WithNode:
		translateBranch(&n.BranchNode, lang)
	case *parse.TemplateNode:
		translateNode(n.Pipe, lang)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, cmd := range n.Cmds {
			for _, a := range cmd.Args {
				translateNode(a, lang)
			}
			if key, ok := constantT(cmd); ok {
				text := i18n.T(lang, key)
				cmd.Args = []parse.Node{&parse.StringNode{NodeType: parse.NodeString, Pos: cmd.Args[1].Position(), Quoted: strconv.Quote(text), Text: text}}
			}
		}
	}
}

func translateBranch(b *parse.BranchNode, lang i18n.Lang) {
	translateNode(b.Pipe, lang)
	translateNode(b.List, lang)
	translateNode(b.ElseList, lang)
}

// constantT reports whether cmd is `.T "key"` or `$.T "key"`, and the key.
func constantT(cmd *parse.CommandNode) (string, bool) {
	if len(cmd.Args) != 2 {
		return "", false
	}
	s, ok := cmd.Args[1].(*parse.StringNode)
	if !ok {
		return "", false
	}
	switch f := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return s.Text, len(f.Ident) == 1 && f.Ident[0] == "T"
	case *parse.VariableNode:
		return s.Text, len(f.Ident) == 2 && f.Ident[0] == "$" && f.Ident[1] == "T"
	}
	return "", false
}
