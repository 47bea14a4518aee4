package indicator

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/ledger"
)

// Engine evaluates the indicators the kinds declare (ledger.Indicator)
// over their records, per unit and year, rolled up the unit tree: a record
// counts for its unit and every unit above it, so a count or sum of a unit
// is the sum of its own records and its children's, a rate is recomputed
// from the summed numerator and denominator, and a person is counted once
// however many units saw them.
type Engine struct {
	cat   []Indicator
	info  map[string]Indicator
	defs  map[string]Def
	kinds []*ledger.Kind // kinds declaring indicators
	// pos places each declared indicator among the accumulators of a
	// unit-year: its kind's number (in kinds) and its own in the kind.
	pos map[string]slot
}

type slot struct{ kind, j int }

// Def is a declared indicator with its kind and catalogue entry.
type Def struct {
	ledger.Indicator
	Kind *ledger.Kind
	Info Indicator
}

// Source reads the records an evaluation needs: every record of kind in
// the subtree of unitID that the reader may see, with the personal fields
// named in persons holding their keyed hash (same person, same hash) and
// every other personal value left out. Compute calls it for several kinds
// at once.
type Source interface {
	IndicatorRecords(ctx context.Context, kind string, unitID int64, persons []string) ([]ledger.Record, error)
}

// SourceFunc adapts a function to Source.
type SourceFunc func(ctx context.Context, kind string, unitID int64, persons []string) ([]ledger.Record, error)

// IndicatorRecords calls f.
func (f SourceFunc) IndicatorRecords(ctx context.Context, kind string, unitID int64, persons []string) ([]ledger.Record, error) {
	return f(ctx, kind, unitID, persons)
}

// NewEngine checks that every indicator the registry's kinds declare has
// an entry in the catalogue cat (nil: the embedded catalogue, All) and a
// rate the unit %, and returns the engine.
func NewEngine(reg *ledger.Registry, cat []Indicator) (*Engine, error) {
	if cat == nil {
		cat = All()
	}
	e := &Engine{cat: cat, info: map[string]Indicator{}, defs: map[string]Def{}, pos: map[string]slot{}}
	for _, in := range cat {
		e.info[in.ID] = in
	}
	for _, k := range reg.Kinds() {
		if len(k.Indicators) > 0 {
			e.kinds = append(e.kinds, k)
		}
		for j, in := range k.Indicators {
			info, ok := e.info[in.ID]
			if !ok {
				return nil, fmt.Errorf("indicator.NewEngine: kind %s declares %s, which is not in catalogue.tsv", k.Name, in.ID)
			}
			if (in.Measure == ledger.Rate) != (info.Unit == "%") {
				return nil, fmt.Errorf("indicator.NewEngine: %s: a rate has the unit %% and only a rate has it (catalogue says %s)", in.ID, info.Unit)
			}
			e.defs[in.ID] = Def{Indicator: in, Kind: k, Info: info}
			e.pos[in.ID] = slot{len(e.kinds) - 1, j}
		}
	}
	return e, nil
}

// Def returns the declaration of id.
func (e *Engine) Def(id string) (Def, bool) { d, ok := e.defs[id]; return d, ok }

// Catalogue is the engine's catalogue, in id order.
func (e *Engine) Catalogue() []Indicator { return slices.Clone(e.cat) }

// Measured reports whether some kind declares id.
func (e *Engine) Measured(id string) bool { _, ok := e.defs[id]; return ok }

// Query is one evaluation: the unit whose subtree is read, the years and,
// for a drill-down, the one indicator whose records are kept.
type Query struct {
	UnitID   int64
	From, To int              // years, inclusive
	Paths    map[int64]string // unit id → materialised path ("/1/4/"), every unit of the subtree
	Drill    string           // keep the record ids counted by this indicator
}

// Result holds the values of every unit of the subtree for the years.
type Result struct {
	e    *Engine
	q    Query
	accs map[key][]acc // a unit-year-kind's accumulators, one per indicator of the kind
	any  map[key]bool  // a unit-year with at least one record of any kind (kind -1)
}

// key is a unit-year, and the kind's number in Engine.kinds.
type key struct {
	unit int64
	year int
	kind int
}

type acc struct {
	n     float64
	set   map[person]struct{}
	ids   []int64
	rowOf map[int64]float64 // drill: each record's contribution
}

// Compute reads the records of q.UnitID's subtree and evaluates every
// declared indicator for every unit of the subtree and year From…To.
func (e *Engine) Compute(ctx context.Context, src Source, q Query) (*Result, error) {
	if q.From > q.To {
		return nil, fmt.Errorf("indicator.Compute: years %d…%d", q.From, q.To)
	}
	res := &Result{e: e, q: q, accs: map[key][]acc{}, any: map[key]bool{}}
	up, err := ancestors(q)
	if err != nil {
		return nil, fmt.Errorf("indicator.Compute: %w", err)
	}
	years := yearsOf(q)
	ctx, cancel := context.WithCancel(ctx) // an error stops the reads still running
	defer cancel()
	fetched := e.fetch(ctx, len(e.kinds), func(ctx context.Context, ki int) ([]ledger.Record, error) {
		k := e.kinds[ki]
		return src.IndicatorRecords(ctx, k.Name, q.UnitID, k.PersonFields())
	})
	for ki, k := range e.kinds {
		f := <-fetched[ki]
		if f.err != nil {
			return nil, fmt.Errorf("indicator.Compute(%s): %w", k.Name, f.err)
		}
		e.tally(res, ki, f.recs, years, up)
	}
	return res, nil
}

// ancestors returns, for a unit of q's subtree, q.UnitID and every unit
// below it on the way down to the unit (nil outside the subtree): the
// units a record of that unit counts for.
func ancestors(q Query) (func(unit int64) []int64, error) {
	root := q.Paths[q.UnitID]
	if root == "" {
		return nil, fmt.Errorf("unit %d: no path", q.UnitID)
	}
	memo := map[int64][]int64{}
	depth := strings.Count(root, "/") - 1
	return func(unit int64) []int64 {
		if a, ok := memo[unit]; ok {
			return a
		}
		var out []int64
		if p := q.Paths[unit]; strings.HasPrefix(p, root) {
			for _, s := range strings.Split(strings.Trim(p, "/"), "/")[depth-1:] {
				if id, err := strconv.ParseInt(s, 10, 64); err == nil {
					out = append(out, id)
				}
			}
		}
		memo[unit] = out
		return out
	}, nil
}

// yearsOf is the bounds of q's years.
func yearsOf(q Query) []yearBounds {
	years := make([]yearBounds, 0, q.To-q.From+1)
	for y := q.From; y <= q.To; y++ {
		years = append(years, yearBounds{y: y, prefix: fmt.Sprintf("%04d", y), end: fmt.Sprintf("%04d-12-31", y)})
	}
	return years
}

// tally counts the records recs of kind number ki in res, for the years
// and for every unit up(record's unit) returns.
func (e *Engine) tally(res *Result, ki int, recs []ledger.Record, years []yearBounds, up func(int64) []int64) {
	k := e.kinds[ki]
	from, to := years[0].y, years[len(years)-1].y
	var in []int                           // years a record counts in, reused
	tables := map[string][]ledger.Values{} // a record's tables, parsed once
	for i := range recs {
		r := &recs[i]
		clear(tables)
		rows := func(field string) []ledger.Values {
			t, ok := tables[field]
			if !ok {
				t = r.Data.Rows(field)
				tables[field] = t
			}
			return t
		}
		units := up(r.UnitID)
		if r.Year >= from && r.Year <= to {
			for _, u := range units {
				res.any[key{u, r.Year, -1}] = true
			}
		}
		for j := range k.Indicators {
			d := &k.Indicators[j]
			if d.Measure == ledger.Rate || !matches(d, r) {
				continue
			}
			if d.RowDate != "" {
				// Each year its own rows.
				for _, yb := range years {
					if c, ok := rowsIn(d, r, rows(d.Field), yb); ok {
						for _, u := range units {
							res.add(key{u, yb.y, ki}, j, d, r.ID, c)
						}
					}
				}
				continue
			}
			in = in[:0]
			for _, yb := range years {
				if inYear(d, r, yb) {
					in = append(in, yb.y)
				}
			}
			if len(in) == 0 {
				continue
			}
			c := contribution(d, r, rows) // once per record, whatever the units and years
			for _, y := range in {
				for _, u := range units {
					res.add(key{u, y, ki}, j, d, r.ID, c)
				}
			}
		}
	}
}

// fetchResult is one kind's records, or the error reading them.
type fetchResult struct {
	recs []ledger.Record
	err  error
}

// fetch runs read(ki) for the kinds 0…n-1 of a read, up to GOMAXPROCS at
// a time and in order, while the caller counts the kinds already read: the
// store's scan and decoding of one kind overlap the counting of another
// (on two cores a county's evaluation takes about half the wall time).
// Each kind's result arrives on its own channel; the reads stop when ctx
// is done.
func (e *Engine) fetch(ctx context.Context, n int, read func(ctx context.Context, ki int) ([]ledger.Record, error)) []chan fetchResult {
	out := make([]chan fetchResult, n)
	for i := range out {
		out[i] = make(chan fetchResult, 1) // never blocks the reader
	}
	sem := make(chan struct{}, max(runtime.GOMAXPROCS(0), 1))
	go func() {
		for i := range n {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				for _, c := range out[i:] {
					c <- fetchResult{err: ctx.Err()}
				}
				return
			}
			go func() {
				defer func() { <-sem }()
				recs, err := read(ctx, i)
				out[i] <- fetchResult{recs, err}
			}()
		}
	}()
	return out
}

// yearBounds are one year's date prefix and 31 December, as canonical
// date text.
type yearBounds struct {
	y           int
	prefix, end string
}

// matches: the record's state and fields are those the indicator selects.
func matches(in *ledger.Indicator, r *ledger.Record) bool {
	w := &in.Where
	if len(w.States) > 0 && !slices.Contains(w.States, r.State) {
		return false
	}
	if slices.Contains(w.NotStates, r.State) {
		return false
	}
	for f, vals := range w.Fields {
		if !slices.Contains(vals, r.Data[f]) {
			return false
		}
	}
	for f, min := range w.AtLeast {
		if v, err := strconv.ParseFloat(r.Data[f], 64); err != nil || v < min {
			return false
		}
	}
	for _, f := range w.Filled {
		if r.Data[f] == "" {
			return false
		}
	}
	return true
}

// firstDate is the first filled of fields (canonical YYYY-MM-DD).
func firstDate(r *ledger.Record, fields []string) string {
	for _, f := range fields {
		if v := r.Data[f]; len(v) >= 10 {
			return v
		}
	}
	return ""
}

// inYear: the record belongs to year yb by the indicator's dates.
func inYear(in *ledger.Indicator, r *ledger.Record, yb yearBounds) bool {
	if in.OpenAtYearEnd || in.During {
		start := firstDate(r, in.Dates)
		if start == "" || start > yb.end {
			return false
		}
		if in.During {
			// Ended (or last valid) before 1 January: not in this year.
			for _, f := range slices.Concat(in.Ends, in.Through) {
				if v := r.Data[f]; v != "" && v < yb.prefix {
					return false
				}
			}
			return true
		}
		for _, f := range in.Ends {
			if v := r.Data[f]; v != "" && v <= yb.end {
				return false
			}
		}
		for _, f := range in.Through {
			if v := r.Data[f]; v != "" && v < yb.end {
				return false
			}
		}
		return true
	}
	if len(in.Dates) == 0 {
		return r.Year == yb.y
	}
	d := firstDate(r, in.Dates)
	return d != "" && d[:4] == yb.prefix
}

// rowsIn is the sum of Column over the rows of r dated (by RowDate) in
// year yb, and whether any row is.
func rowsIn(in *ledger.Indicator, r *ledger.Record, table []ledger.Values, yb yearBounds) (part, bool) {
	var n float64
	any := false
	for _, row := range table {
		if d := row[in.RowDate]; len(d) >= 10 && d[:4] == yb.prefix {
			any = true
			if v := row[in.Column]; v != "" {
				n += number(v)
			} else if in.Default != "" {
				n += number(r.Data[in.Default])
			}
		}
	}
	return part{n: math.Round(n*100) / 100}, any
}

func number(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0
	}
	return f
}

// part is what one record adds to an indicator: a number, or the keys
// of the persons it names.
type part struct {
	n    float64
	keys []person
	one  person // the person of a record naming one (no slice to allocate)
	has1 bool
}

// person is who a Persons indicator counts: the value naming them (a
// keyed hash, a name in a row), or for a record naming no one, the record.
type person struct {
	v   string
	rec int64
}

// contribution is record r's part of indicator in.
func contribution(in *ledger.Indicator, r *ledger.Record, rows func(string) []ledger.Values) part {
	switch in.Measure {
	case ledger.Count:
		return part{n: 1}
	case ledger.Sum:
		return part{n: number(r.Data[in.Field])}
	case ledger.SumRows:
		var n float64
		for _, row := range rows(in.Field) {
			if v := row[in.Column]; v != "" {
				n += number(v)
			} else if in.Default != "" {
				n += number(r.Data[in.Default])
			}
		}
		return part{n: math.Round(n*100) / 100}
	case ledger.Persons:
		if in.Column != "" {
			table := rows(in.Field)
			keys := make([]person, 0, len(table))
			for _, row := range table {
				if v := row[in.Column]; v != "" {
					keys = append(keys, person{v: v})
				}
			}
			return part{keys: keys}
		}
		if v := r.Data[in.Field]; v != "" {
			return part{one: person{v: v}, has1: true}
		}
		return part{one: person{rec: r.ID}, has1: true} // no key: one person per record
	}
	return part{}
}

// add counts record id's part c for the indicator in.
func (res *Result) add(k key, ix int, in *ledger.Indicator, id int64, c part) {
	accs := res.accs[k]
	if accs == nil {
		accs = make([]acc, len(res.e.kinds[k.kind].Indicators))
		res.accs[k] = accs
	}
	a := &accs[ix]
	if in.Measure == ledger.Persons {
		if a.set == nil {
			a.set = map[person]struct{}{}
		}
		if c.has1 {
			a.set[c.one] = struct{}{}
		}
		for _, key := range c.keys {
			a.set[key] = struct{}{}
		}
		a.n = float64(len(a.set))
	} else {
		a.n += c.n
	}
	if res.q.Drill == in.ID {
		a.ids = append(a.ids, id)
		if in.Measure != ledger.Persons {
			if a.rowOf == nil {
				a.rowOf = map[int64]float64{}
			}
			a.rowOf[id] = c.n
		}
	}
}

// Value is one indicator of one unit and year: the JSON of the CLI and the
// API.
type Value struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	Value       float64  `json:"value"`
	Numerator   *float64 `json:"numerator,omitempty"`
	Denominator *float64 `json:"denominator,omitempty"`
	// Measured is false for a catalogue entry no ledger kind computes yet
	// (its value is 0 and Note says so).
	Measured bool   `json:"measured"`
	Note     string `json:"note,omitempty"`
}

// Value returns indicator id of unit in year.
func (res *Result) Value(unit int64, year int, id string) Value {
	info := res.e.info[id]
	v := Value{ID: id, Name: info.Name, Unit: info.Unit}
	d, ok := res.e.defs[id]
	if !ok {
		v.Note = "尚无台账计算此项"
		return v
	}
	v.Measured, v.Note = true, d.Note
	if d.Measure != ledger.Rate {
		if a := res.acc(unit, year, id); a != nil {
			// A sum of decimals added in another order (record by record,
			// or unit by unit in a roll-up of Parts) differs in its last
			// bits; no field holds more than a few decimals.
			v.Value = math.Round(a.n*1e6) / 1e6
		}
		return v
	}
	num := res.Value(unit, year, d.Num).Value
	den := res.Value(unit, year, d.Den).Value
	v.Numerator, v.Denominator = &num, &den
	if den == 0 {
		v.Note = d.Note + "；分母为0，比率记为0"
		return v
	}
	v.Value = math.Round(num/den*10000) / 100
	return v
}

// HasData reports whether unit has any record dated in year (by its kind's
// year field) in the subtree.
func (res *Result) HasData(unit int64, year int) bool { return res.any[key{unit, year, -1}] }

// acc is the accumulator of declared indicator id in unit-year, or nil.
func (res *Result) acc(unit int64, year int, id string) *acc {
	p, ok := res.e.pos[id]
	if !ok {
		return nil
	}
	accs := res.accs[key{unit, year, p.kind}]
	if accs == nil {
		return nil
	}
	return &accs[p.j]
}

// Report is every catalogue indicator of unit in year, in catalogue order.
func (res *Result) Report(unit int64, year int) []Value {
	out := make([]Value, 0, len(res.e.cat))
	for _, in := range res.e.cat {
		out = append(out, res.Value(unit, year, in.ID))
	}
	return out
}

// Drill is the records behind one value: the ids counted (for a sum, each
// record's part; for persons, the records of the persons counted).
type Drill struct {
	IDs  []int64
	Part map[int64]float64
}

// Records returns the records the Query.Drill indicator counts for unit
// and year, newest id first.
func (res *Result) Records(unit int64, year int) Drill {
	a := res.acc(unit, year, res.q.Drill)
	if a == nil {
		return Drill{}
	}
	ids := slices.Clone(a.ids)
	slices.Sort(ids)
	slices.Reverse(ids)
	return Drill{IDs: ids, Part: a.rowOf}
}

// Dashboard is the ids of the figures declared for the dashboards' charts,
// in catalogue order.
func (e *Engine) Dashboard() []string {
	var out []string
	for _, in := range e.cat {
		if d, ok := e.defs[in.ID]; ok && d.Dashboard {
			out = append(out, in.ID)
		}
	}
	return out
}

// Drillable is the id whose records a drill-down of id lists: id itself,
// or for a rate its numerator ("numerator") or denominator (any other
// part).
func (e *Engine) Drillable(id, part string) (string, bool) {
	d, ok := e.defs[id]
	if !ok {
		return "", false
	}
	if d.Measure != ledger.Rate {
		return id, true
	}
	if part == "numerator" {
		return d.Num, true
	}
	return d.Den, true
}
