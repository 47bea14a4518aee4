package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// kindOf is the kind named in the path, or a 404.
func (s *Server) kindOf(r *http.Request) (*ledger.Kind, error) {
	k := s.kinds.Kind(r.PathValue("kind"))
	if k == nil {
		return nil, errNotFound
	}
	return k, nil
}

// recordOf loads the record of the path within the caller's scope. A record
// of another kind than the path names is a 404, like one out of scope.
func (s *Server) recordOf(r *http.Request, p *Principal) (*ledger.Kind, *ledger.Record, error) {
	k, err := s.kindOf(r)
	if err != nil {
		return nil, nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, errNotFound
	}
	rec, err := s.store.Record(r.Context(), p.Actor, id)
	if err != nil {
		return nil, nil, err
	}
	if rec.Kind != k.Name {
		return nil, nil, errNotFound
	}
	return k, rec, nil
}

func recordURL(kind string, id int64) string { return "/l/" + kind + "/" + strconv.FormatInt(id, 10) }

// formInput reads the named fields from the posted form, as typed.
func formInput(r *http.Request, fields []ledger.Field) ledger.Values {
	_ = r.ParseForm() // a body error surfaces as empty fields, which validation names
	in := ledger.Values{}
	for _, f := range fields {
		if f.Type == ledger.TypeTable {
			if v, ok := ledger.TableFromForm(&f, r.PostForm); ok {
				in[f.Name] = v
			}
			continue
		}
		// A field absent from the form keeps its stored value on edit.
		if v, ok := r.PostForm[f.Name]; ok && len(v) > 0 {
			in[f.Name] = v[0]
			if f.Type == ledger.TypeFile { // ticked attachments
				in[f.Name] = strings.Join(v, ",")
			}
		}
	}
	return in
}

// editFields are the fields of the create/edit form: not filled at a step,
// and not file lists, which are kept by uploading on the record page.
func editFields(k *ledger.Kind) []ledger.Field {
	var out []ledger.Field
	for _, f := range k.Fields {
		if f.Step == "" && f.Type != ledger.TypeFile && !f.Derived() {
			out = append(out, f)
		}
	}
	return out
}

// stepFields are the fields filled in at transition t.
func stepFields(k *ledger.Kind, t ledger.Transition) []ledger.Field {
	var out []ledger.Field
	for _, f := range k.Fields {
		if slices.Contains(t.Fields, f.Name) || (f.Step == t.Event && !slices.Contains(t.Fields, f.Name)) {
			out = append(out, f)
		}
	}
	return out
}

// formFields renders field declarations as inputs holding vals and errs.
//
// self is the record the form belongs to (0 for a new one): a bound
// reference offers only records unbound or bound to it.
func (s *Server) formFields(ctx context.Context, l *lookup, fields []ledger.Field, vals ledger.Values, errs ledger.FieldErrors, self int64) ([]FormField, error) {
	var out []FormField
	for _, f := range fields {
		ff, err := s.formField(ctx, l, f, vals[f.Name], errs[f.Name], self)
		if err != nil {
			return nil, err
		}
		out = append(out, ff)
	}
	return out, nil
}

// formField renders one field declaration as an input holding v and msg.
func (s *Server) formField(ctx context.Context, l *lookup, f ledger.Field, v, msg string, self int64) (FormField, error) {
	ff := FormField{Name: f.Name, Label: f.Label, Value: v, Help: f.Help, Error: msg,
		Required: f.Required, MaxLen: f.MaxLen, Widget: "text"}
	switch f.Type {
	case ledger.TypeLongText:
		ff.Widget = "textarea"
	case ledger.TypeInteger:
		ff.Widget, ff.Step = "number", "1"
	case ledger.TypeDecimal:
		ff.Widget, ff.Step = "number", "any"
	case ledger.TypeDate:
		ff.Widget = "date"
	case ledger.TypeEnum:
		ff.Widget = "select"
		ff.Options = choices(f.Options, ff.Value)
	case ledger.TypeBool:
		ff.Widget = "select"
		ff.Options = choices([]string{"是", "否"}, ff.Value)
	case ledger.TypeUnit:
		ff.Widget = "select"
		ff.Options = unitOptions(l.readableUnits(), ff.Value, "请选择单位")
	case ledger.TypeUser:
		ff.Widget = "select"
		opts, err := s.userOptions(ctx, l, ff.Value)
		if err != nil {
			return ff, err
		}
		ff.Options = opts
	case ledger.TypeReference:
		ff.Widget = "select"
		opts, err := s.referenceOptions(ctx, l, &f, ff.Value, self)
		if err != nil {
			return ff, err
		}
		ff.Options = opts
	case ledger.TypeFile:
		ff.Widget = "files"
		opts, err := s.fileOptions(ctx, l, self, ff.Value)
		if err != nil {
			return ff, err
		}
		ff.Options = opts
	case ledger.TypePersonal:
		ff.Widget = "personal"
	case ledger.TypeTable:
		ff.Widget = "table"
		t, err := s.tableInput(ctx, l, &f, v, msg != "", self)
		if err != nil {
			return ff, err
		}
		ff.Table = t
	}
	return ff, nil
}

// choices are select options for fixed values; a value not among them (a
// bad submission) is kept as a selected extra option so nothing typed is lost.
func choices(opts []string, selected string) []Option {
	out := []Option{{Value: "", Label: "请选择", Selected: selected == ""}}
	found := selected == ""
	for _, o := range opts {
		out = append(out, Option{Value: o, Label: o, Selected: o == selected})
		found = found || o == selected
	}
	if !found {
		out = append(out, Option{Value: selected, Label: selected, Selected: true})
	}
	return out
}

// userOptions are the users of the units the actor reads.
func (s *Server) userOptions(ctx context.Context, l *lookup, selected string) ([]Option, error) {
	out := []Option{{Value: "", Label: "请选择人员", Selected: selected == ""}}
	seen := map[int64]bool{}
	for _, path := range l.a.Scope.ReadPaths {
		us, err := s.store.Users(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("web.userOptions: %w", err)
		}
		for _, u := range us {
			if seen[u.ID] {
				continue
			}
			seen[u.ID] = true
			v := strconv.FormatInt(u.ID, 10)
			name := u.Name
			if name == "" {
				name = u.Username
			}
			out = append(out, Option{Value: v, Label: name + "（" + l.unitName(u.UnitID) + "）", Selected: v == selected})
		}
	}
	return out, nil
}

// referenceOptions are the most recent records in scope of the kinds the
// field may name (each kind's label before the title when there are several).
func (s *Server) referenceOptions(ctx context.Context, l *lookup, f *ledger.Field, selected string, self int64) ([]Option, error) {
	out := []Option{{Value: "", Label: "请选择记录", Selected: selected == ""}}
	found := selected == ""
	kinds := f.Referenced()
	for _, kind := range kinds {
		rk := s.kinds.Kind(kind)
		recs, _, err := s.store.ListRecords(ctx, l.a, store.ListQuery{Kind: kind, Sort: "-updated_at", Page: 1, PerPage: 200})
		if err != nil {
			return nil, fmt.Errorf("web.referenceOptions(%s): %w", kind, err)
		}
		prefix := ""
		if len(kinds) > 1 && rk != nil {
			prefix = rk.Label + "："
		}
		for _, rec := range recs {
			v := strconv.FormatInt(rec.ID, 10)
			if ok, _ := f.BoundTo(&rec, self); !ok && v != selected {
				continue // a review of another matter is not offered
			}
			found = found || v == selected
			out = append(out, Option{Value: v, Label: fmt.Sprintf("%s%s（%s，%s）", prefix, rec.Title, l.unitName(rec.UnitID), stateLabel(rk, rec.State)), Selected: v == selected})
		}
	}
	if !found {
		out = append(out, Option{Value: selected, Label: selected, Selected: true})
	}
	return out, nil
}

// fileOptions are the record's attachments to tick for a file field, by
// name, size and upload time; a cited file no longer listed is kept.
func (s *Server) fileOptions(ctx context.Context, l *lookup, self int64, selected string) ([]Option, error) {
	chosen := strings.Split(selected, ",")
	var out []Option
	if self != 0 {
		files, err := s.store.Attachments(ctx, l.a, self)
		if err != nil {
			return nil, fmt.Errorf("web.fileOptions: %w", err)
		}
		for _, f := range files {
			out = append(out, Option{Value: f.SHA256, Label: fmt.Sprintf("%s（%s，%s）", f.Name, byteSize(f.Size), f.CreatedAt.In(calendar.China).Format("2006-01-02")),
				Selected: slices.Contains(chosen, f.SHA256)})
		}
	}
	for _, c := range chosen {
		if c != "" && !slices.ContainsFunc(out, func(o Option) bool { return o.Value == c }) {
			out = append(out, Option{Value: c, Label: "已引用的附件（" + c[:min(8, len(c))] + "…）", Selected: true})
		}
	}
	return out, nil
}

// bindLinks are the "create from this record" links of a record page: for
// each bound reference still open to change, a new record of the
// referenced kind prefilled to name this one, when the user may create one.
func (s *Server) bindLinks(l *lookup, k *ledger.Kind, rec *ledger.Record) []LinkView {
	var out []LinkView
	if st := k.State(rec.State); st == nil || st.Final {
		return nil
	}
	for _, f := range k.Fields {
		rk := s.kinds.Kind(f.RefKind)
		if f.Bind == nil || rk == nil || len(createUnits(l, rk)) == 0 {
			continue
		}
		q := url.Values{f.Bind.Back: {strconv.FormatInt(rec.ID, 10)}, "unit_id": {strconv.FormatInt(rec.UnitID, 10)}}
		for n, v := range f.Bind.Match {
			q.Set(n, v)
		}
		if f.Bind.Title != "" {
			q.Set(f.Bind.Title, rec.Title)
		}
		for _, n := range f.Bind.Copy {
			if v := rec.Data[n]; v != "" {
				q.Set(n, v)
			}
		}
		label := f.Bind.Link
		if label == "" {
			label = "新建针对本事项的" + rk.Label
		}
		out = append(out, LinkView{Label: label, Title: rk.Label, URL: "/l/" + rk.Name + "/new?" + q.Encode()})
	}
	return out
}

// display is how a stored value is shown; url links references.
func (s *Server) display(l *lookup, f ledger.Field, v string) (text, url string) {
	if v == "" {
		return "", ""
	}
	switch f.Type {
	case ledger.TypeUnit:
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if n := l.unitName(id); n != "" {
				return n, ""
			}
		}
	case ledger.TypeUser:
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if n := l.userName(id); n != "" {
				return n, ""
			}
		}
	case ledger.TypeReference:
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if t, kind := l.recordTitle(id), l.recordKind(id); t != "" {
				return t, recordURL(kind, id)
			}
			return "（无权查看的记录）", ""
		}
	}
	return v, ""
}

func stateLabel(k *ledger.Kind, state string) string {
	if k != nil {
		for _, st := range k.Workflow.States {
			if st.Name == state {
				return st.Label
			}
		}
	}
	return state
}

func periodLabel(k *ledger.Kind, name string) string {
	for _, p := range k.Periods {
		if p.Name == name {
			return p.Label
		}
	}
	return name
}

func hasAnyRole(held, allowed []access.Role) bool {
	for _, r := range held {
		if slices.Contains(allowed, r) {
			return true
		}
	}
	return false
}

// createUnits are the units where the actor may create records of k
// (never a closed unit).
func createUnits(l *lookup, k *ledger.Kind) []access.Unit {
	var out []access.Unit
	for _, u := range l.readableUnits() {
		if !u.Closed && hasAnyRole(l.rolesIn(u.ID), k.CreateRoles) {
			out = append(out, u)
		}
	}
	return out
}

// otherErrors joins the messages that belong to no field on the form (the
// record as a whole, or a field not shown), so no message is lost.
func otherErrors(fe ledger.FieldErrors, fields []ledger.Field) string {
	shown := map[string]bool{}
	for _, f := range fields {
		shown[f.Name] = true
	}
	var rest []string
	for k, v := range fe {
		if !shown[k] {
			rest = append(rest, v)
		}
	}
	slices.Sort(rest)
	return strings.Join(rest, "；")
}
