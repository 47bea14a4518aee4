package ledger

import (
	"net/url"
	"strings"
)

// ValuesFromForm picks the values of kind k's fields for step (the empty
// step is the create/edit form; otherwise a transition event) out of a
// decoded HTML form. Only fields present in the form are returned, so an
// edit leaves absent fields alone; a file field's repeated values are
// joined with commas. Values are returned as typed — Normalize or Apply
// validates them.
func ValuesFromForm(k *Kind, form url.Values, step string) Values {
	out := Values{}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Step != step {
			continue
		}
		vs, ok := form[f.Name]
		if !ok {
			continue
		}
		switch {
		case len(vs) == 0:
			out[f.Name] = ""
		case f.Type == TypeFile:
			out[f.Name] = strings.Join(vs, ",")
		default:
			out[f.Name] = vs[0]
		}
	}
	return out
}
