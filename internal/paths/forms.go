package paths

import (
	"context"
	"net/http"

	"github.com/cantieri/cantieri/internal/platform/web"
	"github.com/cantieri/cantieri/internal/territory"
)

// formDate reads a date field (YYYY-MM-DD, as <input type="date"> sends
// it); an empty field is the zero Date, a malformed one an error on the
// field.
func formDate(f *web.Form, field string) Date {
	v := f.Get(field)
	if v == "" {
		return Date{}
	}
	d, err := ParseDate(v)
	if err != nil {
		f.AddError(field, "paths.err.date_invalid")
		return Date{}
	}
	return d
}

// formText reads the pair of fields base_it and base_en.
func formText(f *web.Form, base string) Text {
	return Text{IT: f.Get(base + "_it"), EN: f.Get(base + "_en")}
}

// setText fills the pair of fields base_it and base_en.
func setText(f *web.Form, base string, t Text) {
	f.Values.Set(base+"_it", t.IT)
	f.Values.Set(base+"_en", t.EN)
}

// editableZones lists the zones the user of r may edit, sorted by name,
// and whether that is every zone.
func editableZones(ctx context.Context, h *Handlers, r *http.Request) ([]territory.ZoneSummary, bool, error) {
	zones, err := territory.Zones(ctx, h.DB)
	if err != nil {
		return nil, false, err
	}
	out := zones[:0:0]
	for _, z := range zones {
		if canEdit(r, z.ID) {
			out = append(out, z)
		}
	}
	return out, len(out) == len(zones), nil
}

func zoneIDs(zones []territory.ZoneSummary) []string {
	out := make([]string, len(zones))
	for i, z := range zones {
		out[i] = z.ID
	}
	return out
}
