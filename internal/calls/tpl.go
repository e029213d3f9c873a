package calls

import "github.com/cantieri/cantieri/internal/platform/web"

// tpl gives the pages' data the helpers their partials take: a partial
// receives one value, so these bundle the page with the arguments.
type tpl struct{}

// control is one form control for the "calls-input" and "calls-textarea"
// partials: the page, the field's name, its label's message key, the
// input type and an optional help's message key.
type control struct {
	P     *web.Page
	Name  string
	Label string
	Type  string
	Help  string
}

// Input is a text-like input.
func (tpl) Input(p *web.Page, name, label, typ string) control {
	return control{P: p, Name: name, Label: label, Type: typ}
}

// Area is a textarea with an optional help text.
func (tpl) Area(p *web.Page, name, label, help string) control {
	return control{P: p, Name: name, Label: label, Help: help}
}

// card is a call in a list.
type card struct {
	P    *web.Page
	C    *Call
	Open bool // taking applications now
}

// Card bundles a call with the page, for the "calls-card" partial.
func (tpl) Card(p *web.Page, c *Call) card { return card{P: p, C: c} }

// OpenCard is Card for a call taking applications.
func (tpl) OpenCard(p *web.Page, c *Call) card { return card{P: p, C: c, Open: true} }

// option is one choice of a select: its value and its name's message key.
type option struct{ Value, Key string }

// selectControl is a select for the "calls-select" partial.
type selectControl struct {
	P       *web.Page
	Name    string
	Label   string
	Options []option
}

// Select is a select of options.
func (tpl) Select(p *web.Page, name, label string, opts []option) selectControl {
	return selectControl{P: p, Name: name, Label: label, Options: opts}
}

// keyed is what has a value and a message key (the kinds and choices).
type keyed interface {
	~string
	Key() string
}

func optionsOf[T keyed](vs []T) []option {
	out := make([]option, len(vs))
	for i, v := range vs {
		out[i] = option{Value: string(v), Key: v.Key()}
	}
	return out
}
