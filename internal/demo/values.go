package demo

import (
	"encoding/json"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strconv"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// variedForm is k's example form with values varied the way real records
// differ — titles numbered, options drawn, numbers and persons spread —
// the kind's preferred values (Demo.Values), rows taken from another
// ledger (Demo.Rows) and links to records the township made before.
func (g *gen) variedForm(k *ledger.Kind, on calendar.Date, rnd *mrand.Rand, seq int) ledger.Values {
	form := k.ExampleForm(on)
	for _, f := range k.FormFields() {
		if f.Derived() || f.Bind != nil || g.backs[k.Name][f.Name] {
			continue // a bound record is made from this one when its gate asks
		}
		if vals := k.Demo.Values[f.Name]; len(vals) > 0 {
			form[f.Name] = vals[rnd.IntN(len(vals))]
			continue
		}
		if rows, ok := k.Demo.Rows[f.Name]; ok {
			if s := g.rowsFrom(k, f, rows, on, rnd, seq); s != "" {
				form[f.Name] = s
			}
			continue
		}
		if f.Type == ledger.TypeReference && form[f.Name] == "" {
			if id := g.pick(f.Referenced(), on.Year, rnd); id != "" {
				form[f.Name] = id // link to a record the township made before
			}
			continue
		}
		if _, ok := form[f.Name]; !ok || f.Example != nil {
			continue
		}
		form[f.Name] = g.value(k, f, "", on, rnd, seq)
	}
	if _, errs := k.Normalize(form, nil); errs != nil {
		base := k.ExampleForm(on)
		for n := range errs {
			if v, ok := base[n]; ok {
				form[n] = v
			} else {
				delete(form, n)
			}
		}
	}
	return form
}

// stepForm fills the fields of transition t.
func (g *gen) stepForm(k *ledger.Kind, t *ledger.Transition, on calendar.Date, rnd *mrand.Rand, seq int) ledger.Values {
	v := ledger.Values{}
	names := slices.Clone(t.Fields)
	for i := range k.Fields {
		if f := &k.Fields[i]; f.Step == t.Event && !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	for _, n := range names {
		f := k.Field(n)
		if f == nil || f.Derived() {
			continue
		}
		if vals := k.Demo.Values[n]; len(vals) > 0 {
			v[n] = vals[rnd.IntN(len(vals))]
			continue
		}
		if rows, ok := k.Demo.Rows[n]; ok {
			if s := g.rowsFrom(k, f, rows, on, rnd, seq); s != "" {
				v[n] = s
				continue
			}
		}
		if f.Example != nil || f.Type == ledger.TypeFile {
			if s := ledger.ExampleValue(f, on); s != "" {
				v[n] = s
			}
			continue
		}
		if s := g.value(k, f, "", on, rnd, seq); s != "" {
			v[n] = s
		}
	}
	return v
}

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
	givenPart = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波宁欣然俊峰")
)

// value is a value of f (a column of table, if named) like
// ExampleValue's, varied by rnd.
func (g *gen) value(k *ledger.Kind, f *ledger.Field, table string, on calendar.Date, rnd *mrand.Rand, seq int) string {
	if table != "" {
		if vals := k.Demo.Values[table+"."+f.Name]; len(vals) > 0 {
			return vals[rnd.IntN(len(vals))]
		}
	}
	if table == "" && f.Name == k.YearField { // the record's own year, also when it may be planned ahead
		switch f.Type {
		case ledger.TypeDate:
			return on.String()
		case ledger.TypeInteger:
			return strconv.Itoa(on.Year)
		}
	}
	switch f.Type {
	case ledger.TypeUnit:
		return strconv.FormatInt(g.town.unit.ID, 10)
	case ledger.TypeUser:
		if a := g.actor(nil); a != nil {
			return strconv.FormatInt(a.UserID, 10)
		}
	case ledger.TypeReference:
		return g.pick(f.Referenced(), on.Year, rnd)
	case ledger.TypeDate:
		if f.Dates.Future { // a term, a validity, a plan: some months ahead
			return ledger.ExampleDateAhead(f, on, 30+rnd.IntN(700)).String()
		}
		return on.String()
	case ledger.TypeText:
		return ledger.ExampleValue(f, on) + strconv.Itoa(seq)
	case ledger.TypeEnum:
		if len(f.Options) > 0 {
			return f.Options[rnd.IntN(len(f.Options))]
		}
	case ledger.TypeInteger:
		lo, hi := 1, 60
		if f.Min != nil {
			lo = max(*f.Min, 0)
		}
		if f.Max != nil {
			hi = *f.Max
		}
		if hi < lo {
			hi = lo
		}
		return strconv.Itoa(lo + rnd.IntN(min(hi-lo, 59)+1))
	case ledger.TypePersonal:
		switch f.Personal {
		case ledger.PersonalName:
			return string(surnames[rnd.IntN(len(surnames))]) + string(givenPart[rnd.IntN(len(givenPart))]) +
				string(givenPart[rnd.IntN(len(givenPart))])
		case ledger.PersonalIDNumber:
			return idNumber(rnd)
		case ledger.PersonalPhone:
			return fmt.Sprintf("13%d%08d", 5+rnd.IntN(5), rnd.IntN(100000000))
		case ledger.PersonalAddress:
			return fmt.Sprintf("某县某镇%d村%d组%d号", 1+rnd.IntN(12), 1+rnd.IntN(9), 1+rnd.IntN(80))
		}
	case ledger.TypeTable:
		n := max(f.MinRows, 1) + rnd.IntN(3)
		if f.MaxRows > 0 {
			n = min(n, f.MaxRows)
		}
		rows := make([]map[string]string, n)
		for i := range rows {
			rows[i] = map[string]string{}
			optional := false
			for c := range f.Columns {
				col := &f.Columns[c]
				if col.Required || !optional {
					rows[i][col.Name] = g.value(k, col, f.Name, on, rnd, seq*10+i)
					optional = optional || !col.Required
				}
			}
		}
		b, _ := json.Marshal(rows) // keys sorted, as the store keeps them
		return string(b)
	}
	return ledger.ExampleValue(f, on)
}

// rowsFrom is table f's rows taken from the township's records of
// rows.Kind in force on the date (every plain date of theirs on or before
// it, every future one — a validity — on or after it): two to four of
// them, or "" when fewer than the table needs are.
func (g *gen) rowsFrom(k *ledger.Kind, f *ledger.Field, rows ledger.DemoRows, on calendar.Date, rnd *mrand.Rand, seq int) string {
	valid := g.validRows(g.reg.Kind(rows.Kind), on)
	need := max(f.MinRows, 1)
	if len(valid) < need {
		return ""
	}
	n := min(len(valid), need+rnd.IntN(3))
	if f.MaxRows > 0 {
		n = min(n, f.MaxRows)
	}
	rnd.Shuffle(len(valid), func(i, j int) { valid[i], valid[j] = valid[j], valid[i] })
	out := make([]map[string]string, n)
	for i := range out {
		out[i] = map[string]string{}
		for c := range f.Columns {
			col := &f.Columns[c]
			if from, ok := rows.Columns[col.Name]; ok {
				out[i][col.Name] = valid[i].data[from]
			} else {
				out[i][col.Name] = g.value(k, col, f.Name, on, rnd, seq*10+i)
			}
		}
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// validRows are the township's records of k in force on the date (not
// ended: an officer who left holds no certificate).
func (g *gen) validRows(k *ledger.Kind, on calendar.Date) []made {
	var valid []made
	for _, m := range g.made[k.Name] {
		if usable(k, m.state) && !k.State(m.state).Final && validOn(k, m.data, on) {
			valid = append(valid, m)
		}
	}
	return valid
}

// validOn: every plain date of data is on or before on, every future one
// (a validity, a term) on or after it.
func validOn(k *ledger.Kind, data ledger.Values, on calendar.Date) bool {
	for _, f := range k.Fields {
		if f.Type != ledger.TypeDate {
			continue
		}
		d, ok := data.Date(f.Name)
		if !ok {
			continue
		}
		if f.Dates.Future && d.Before(on) || !f.Dates.Future && d.After(on) {
			return false
		}
	}
	return true
}

// usable: a record in state may be named by others — past its first state
// and not abandoned (a committee elected and serving, a plan issued).
func usable(k *ledger.Kind, state string) bool {
	s := k.State(state)
	return state != k.Initial() && s != nil && !s.Abandon
}

// pick is one of the township's latest usable records of one of kinds, of
// the year if there is one, or "".
func (g *gen) pick(kinds []string, year int, rnd *mrand.Rand) string {
	var ids, others []int64
	for _, name := range kinds {
		k := g.reg.Kind(name)
		if k == nil {
			continue
		}
		l := g.made[name]
		for _, m := range l[max(len(l)-200, 0):] {
			switch {
			case !usable(k, m.state):
			case m.year == year:
				ids = append(ids, m.id)
			default:
				others = append(others, m.id)
			}
		}
	}
	if len(ids) == 0 {
		ids = others
	}
	if len(ids) == 0 {
		return ""
	}
	return strconv.FormatInt(ids[rnd.IntN(len(ids))], 10)
}

// idNumber is a valid 居民身份证号码 (GB 11643 check digit) of a person born
// 1950–2004.
func idNumber(rnd *mrand.Rand) string {
	birth := calendar.Date{Year: 1950, Month: 1, Day: 1}.AddDays(rnd.IntN(55 * 365))
	body := fmt.Sprintf("330102%04d%02d%02d%03d", birth.Year, birth.Month, birth.Day, rnd.IntN(1000))
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range body {
		sum += int(c-'0') * weights[i]
	}
	return body + string("10X98765432"[sum%11])
}
