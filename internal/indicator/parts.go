package indicator

import (
	"context"
	"fmt"
	"maps"
	"sync"

	"golang.org/x/sync/singleflight"

	"fazhi/internal/ledger"
)

// Parts keeps each unit's own figures per kind and year — the counts,
// sums, numerators and denominators of its own records (not its
// descendants'), and for distinct persons the set of persons — each under
// the write generation of that unit's records of that kind. An evaluation
// (Parts.Compute) reads the generations of the subtree, recomputes only
// the (unit, kind) whose generation moved, from that unit's own records,
// and rolls the parts up the tree as Engine.Compute does: counts and sums
// summed, persons united (a person seen by two units is one above them),
// rates recomputed from the summed parts when read.
//
// After a write of a unit's records of a kind, its part is counted again
// from records kept in memory: the first time, the unit's records of the
// kind are read with their marks (a number the store changes with every
// write of what an evaluation reads of a record: PartsSource.
// IndicatorMarks) and kept; after later writes the part reads the unit's
// marks and re-reads only the records whose mark moved or that are new (a
// record no longer listed was deleted or moved away). Parts read all at
// once (the first evaluation of a county) keep no records. At most
// MaxKeptRecords records are kept; past that, the parts written least
// recently drop theirs.
type Parts struct {
	mu      sync.Mutex
	m       map[UnitKind]*own
	rolled  map[rollKey]*rolled // the last roll-up of a unit's subtree and years
	kept    int                 // records kept by the parts in m
	maxKept int                 // MaxKeptRecords
	tick    uint64              // counts the parts kept with records, for their age
	flight  singleflight.Group  // evaluations under way, by roll-up
}

// MaxKeptRecords bounds the records Parts keeps in memory (about 1.4 KB
// each, measured on the demo data: 40 MiB).
const MaxKeptRecords = 30000

// rollKey is a roll-up's unit and years, and a hash of the units summed
// (the reader's scope).
type rollKey struct {
	unit     int64
	from, to int
	units    uint64
}

// rolled is a roll-up kept while the parts it summed keep their
// generations and their units their places in the tree.
type rolled struct {
	gens  map[UnitKind]int64
	paths map[int64]string
	res   *Result
}

// maxRolled bounds the roll-ups kept (emptied when full).
const maxRolled = 256

// UnitKind names one unit's own records of one kind.
type UnitKind struct {
	Unit int64
	Kind string
}

// PartsSource is what Parts reads from the store.
type PartsSource interface {
	// IndicatorGens returns the write generation of every (unit, kind)
	// of unitID's subtree that has or had records: a number that changes
	// with every committed write of that unit's records of that kind, by
	// any process and write path. A (unit, kind) missing has no record.
	IndicatorGens(ctx context.Context, unitID int64) (map[UnitKind]int64, error)
	// IndicatorUnitRecords returns the records of kind whose own unit is
	// one of units (in rootID's subtree), read as Source.IndicatorRecords
	// reads them but whoever may read them: parts are shared by every
	// reader, and Parts.Compute leaves out the units a reader may not see.
	IndicatorUnitRecords(ctx context.Context, kind string, rootID int64, units []int64, persons []string) ([]ledger.Record, error)
	// IndicatorMarks returns the mark of every record of kind whose own
	// unit is unitID, by record id: a number that changes with every
	// committed write of the record's unit, kind, state, year, data or
	// keyed hashes, by any process and write path. A record deleted or
	// moved to another unit or kind is no longer listed.
	IndicatorMarks(ctx context.Context, kind string, unitID int64) (map[int64]int64, error)
	// IndicatorRecordsByID returns those of the records ids that are of
	// kind and of unitID (ids nil: all of them), read as
	// IndicatorUnitRecords reads them, each with its mark, read with it or
	// before it: a record written after its mark was read has another
	// mark by the next generation.
	IndicatorRecordsByID(ctx context.Context, kind string, unitID int64, ids []int64, persons []string) ([]ledger.Record, []int64, error)
}

// own is one unit's parts of one kind, read-only once stored.
type own struct {
	gen   int64
	years map[int]ownYear
	recs  []ledger.Record // the records counted, as read under gen, if kept
	marks map[int64]int64 // each one's mark; nil when no record is kept
	age   uint64          // Parts.tick when kept
}

// ownYear is one year of a unit's own parts of a kind.
type ownYear struct {
	accs []acc // one per indicator of the kind; nil when nothing counted
	any  bool  // a record of the kind has this year
}

// NewParts is an empty store of parts.
func NewParts() *Parts {
	return &Parts{m: map[UnitKind]*own{}, rolled: map[rollKey]*rolled{}, maxKept: MaxKeptRecords}
}

// Compute evaluates q as e.Compute does, from the units' parts, for a
// reader who may read the units whose path canRead accepts (nil: every
// unit): a reader's scope is whole subtrees, so a unit's records are all
// visible to them or none. A drill-down lists records and is Engine's
// (q.Drill must be empty).
func (p *Parts) Compute(ctx context.Context, e *Engine, src PartsSource, q Query, canRead func(path string) bool) (*Result, error) {
	if q.Drill != "" {
		return nil, fmt.Errorf("indicator.Parts.Compute: a drill-down (%s) is evaluated by Engine.Compute", q.Drill)
	}
	if q.From > q.To {
		return nil, fmt.Errorf("indicator.Parts.Compute: years %d…%d", q.From, q.To)
	}
	up, err := ancestors(q)
	if err != nil {
		return nil, fmt.Errorf("indicator.Parts.Compute: %w", err)
	}
	// Generations first, records after: parts read after a write are at
	// least as new as the generation they are kept under.
	gens, err := src.IndicatorGens(ctx, q.UnitID)
	if err != nil {
		return nil, fmt.Errorf("indicator.Parts.Compute: %w", err)
	}
	kindOf := make(map[string]int, len(e.kinds))
	for ki, k := range e.kinds {
		kindOf[k.Name] = ki
	}
	summed := map[UnitKind]int64{} // the parts this reader's roll-up sums
	paths := map[int64]string{}
	rk := rollKey{unit: q.UnitID, from: q.From, to: q.To}
	for uk, gen := range gens {
		if _, ok := kindOf[uk.Kind]; !ok || len(up(uk.Unit)) == 0 || (canRead != nil && !canRead(q.Paths[uk.Unit])) {
			continue
		}
		summed[uk] = gen
		if _, ok := paths[uk.Unit]; !ok {
			paths[uk.Unit] = q.Paths[uk.Unit]
			rk.units += mix(uint64(uk.Unit)) // in any order
		}
	}
	p.mu.Lock()
	// Nothing written to the parts summed and no unit moved since the
	// last roll-up: it is the same.
	if r := p.rolled[rk]; r != nil && maps.Equal(r.gens, summed) && maps.Equal(r.paths, paths) {
		p.mu.Unlock()
		return r.res, nil
	}
	p.mu.Unlock()
	// Readers of the same roll-up at the same time (a dashboard's first
	// readers, every reader after a write) share one evaluation; one begun
	// under other generations, or failed, is not theirs.
	eval := func() (*rolled, error) { return p.evaluate(ctx, e, src, q, up, gens, summed, paths, rk) }
	v, err, shared := p.flight.Do(fmt.Sprint(rk), func() (any, error) { return eval() })
	if err == nil {
		if r := v.(*rolled); maps.Equal(r.gens, summed) && maps.Equal(r.paths, paths) {
			return r.res, nil
		}
	} else if !shared {
		return nil, err
	}
	r, err := eval()
	if err != nil {
		return nil, err
	}
	return r.res, nil
}

// evaluate is Compute's roll-up of the parts summed (their generations)
// of units at paths, each part read again if its generation moved.
func (p *Parts) evaluate(ctx context.Context, e *Engine, src PartsSource, q Query, up func(int64) []int64,
	gens, summed map[UnitKind]int64, paths map[int64]string, rk rollKey) (*rolled, error) {
	years := yearsOf(q)
	kindOf := make(map[string]int, len(e.kinds))
	for ki, k := range e.kinds {
		kindOf[k.Name] = ki
	}
	type use struct {
		unit int64
		ki   int
		o    *own
	}
	var uses []use
	stale := make([][]int64, len(e.kinds)) // parts never read: their records read
	var again []redo                       // parts kept with their records
	p.mu.Lock()
	for uk, gen := range summed {
		ki := kindOf[uk.Kind]
		o := p.m[uk]
		switch {
		case o != nil && o.gen == gen && o.has(q.From, q.To):
			uses = append(uses, use{uk.Unit, ki, o})
		case o != nil && (o.gen != gen || o.marks != nil):
			again = append(again, redo{uk: uk, ki: ki, gen: gen, old: o})
		default:
			stale[ki] = append(stale[ki], uk.Unit)
		}
	}
	p.mu.Unlock()

	var kis []int // kinds with parts never read
	for ki, units := range stale {
		if len(units) > 0 {
			kis = append(kis, ki)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The records of the parts whose generation moved — for a part
	// keeping records, only those whose marks moved — read beside the
	// kinds never read.
	fetched := e.fetch(ctx, len(kis)+len(again), func(ctx context.Context, i int) ([]ledger.Record, error) {
		if i >= len(kis) {
			return nil, again[i-len(kis)].read(ctx, e, src)
		}
		k := e.kinds[kis[i]]
		return src.IndicatorUnitRecords(ctx, k.Name, q.UnitID, stale[kis[i]], k.PersonFields())
	})
	for i, ki := range kis {
		f := <-fetched[i]
		if f.err != nil {
			return nil, fmt.Errorf("indicator.Parts.Compute(%s): %w", e.kinds[ki].Name, f.err)
		}
		name := e.kinds[ki].Name
		byUnit := make(map[int64][]ledger.Record, len(stale[ki]))
		for _, r := range f.recs {
			byUnit[r.UnitID] = append(byUnit[r.UnitID], r)
		}
		for _, u := range stale[ki] {
			o := &own{gen: gens[UnitKind{u, name}], years: e.ownYears(ki, u, byUnit[u], years)}
			uses = append(uses, use{u, ki, p.put(UnitKind{u, name}, o)})
		}
	}
	for i := range again {
		d := &again[i]
		if f := <-fetched[len(kis)+i]; f.err != nil {
			return nil, fmt.Errorf("indicator.Parts.Compute(%s): %w", d.uk.Kind, f.err)
		}
		d.o.years = e.ownYears(d.ki, d.uk.Unit, d.o.recs, years)
		uses = append(uses, use{d.uk.Unit, d.ki, p.put(d.uk, d.o)})
	}

	res := &Result{e: e, q: q, accs: map[key][]acc{}, any: map[key]bool{}}
	for _, us := range uses {
		units := up(us.unit)
		for _, yb := range years {
			oy := us.o.years[yb.y]
			if oy.any {
				for _, u := range units {
					res.any[key{u, yb.y, -1}] = true
				}
			}
			if oy.accs == nil {
				continue
			}
			for _, u := range units {
				res.merge(key{u, yb.y, us.ki}, oy.accs)
			}
		}
	}
	p.mu.Lock()
	if len(p.rolled) >= maxRolled {
		clear(p.rolled)
	}
	r := &rolled{gens: summed, paths: paths, res: res}
	p.rolled[rk] = r
	p.mu.Unlock()
	return r, nil
}

// redo is a part whose generation moved, or that keeps its records and
// lacks years: counted again from records kept.
type redo struct {
	uk  UnitKind
	ki  int
	gen int64
	old *own
	o   *own // the part to keep: set by read
}

// read makes d.o: the old part's records and marks when its generation
// is the same, else those of its records whose mark is the same as now,
// and the records whose mark moved or that are new read again (those no
// longer listed are gone; a part keeping no records reads them all). A
// record listed but not read (deleted or moved meanwhile) is dropped with
// its mark, so that it is read if listed again. The marks are read after
// the generation, and each record with its mark or after it: a record
// written after either read has a mark that differs again at the next
// generation.
func (d *redo) read(ctx context.Context, e *Engine, src PartsSource) error {
	if d.old.gen == d.gen && d.old.marks != nil {
		d.o = &own{gen: d.gen, recs: d.old.recs, marks: d.old.marks}
		return nil
	}
	k := e.kinds[d.ki]
	if d.old.marks == nil {
		// No record kept: all of them, each with its mark.
		recs, marks, err := src.IndicatorRecordsByID(ctx, k.Name, d.uk.Unit, nil, k.PersonFields())
		if err != nil {
			return err
		}
		if len(marks) != len(recs) {
			return fmt.Errorf("%d marks for %d records", len(marks), len(recs))
		}
		o := &own{gen: d.gen, recs: recs, marks: make(map[int64]int64, len(recs))}
		for j, r := range recs {
			o.marks[r.ID] = marks[j]
		}
		d.o = o
		return nil
	}
	now, err := src.IndicatorMarks(ctx, d.uk.Kind, d.uk.Unit)
	if err != nil {
		return err
	}
	o := &own{gen: d.gen, recs: make([]ledger.Record, 0, len(now)), marks: make(map[int64]int64, len(now))}
	for _, r := range d.old.recs {
		if m, ok := now[r.ID]; ok && m == d.old.marks[r.ID] {
			o.recs = append(o.recs, r)
			o.marks[r.ID] = m
		}
	}
	var ids []int64
	for id := range now {
		if _, ok := o.marks[id]; !ok {
			ids = append(ids, id)
		}
	}
	if len(ids) > 0 {
		recs, marks, err := src.IndicatorRecordsByID(ctx, k.Name, d.uk.Unit, ids, k.PersonFields())
		if err != nil {
			return err
		}
		if len(marks) != len(recs) {
			return fmt.Errorf("%d marks for %d records", len(marks), len(recs))
		}
		for j, r := range recs {
			if r.UnitID != d.uk.Unit || r.Kind != k.Name {
				continue
			}
			if _, dup := o.marks[r.ID]; dup {
				continue
			}
			o.recs = append(o.recs, r)
			o.marks[r.ID] = marks[j]
		}
	}
	d.o = o
	return nil
}

// ownYears counts unit's own records recs of kind number ki for the
// years: the unit's part of each year.
func (e *Engine) ownYears(ki int, unit int64, recs []ledger.Record, years []yearBounds) map[int]ownYear {
	tmp := &Result{e: e, accs: map[key][]acc{}, any: map[key]bool{}}
	self := []int64{unit} // a unit's own records count for it alone
	e.tally(tmp, ki, recs, years, func(int64) []int64 { return self })
	out := make(map[int]ownYear, len(years))
	for _, yb := range years {
		out[yb.y] = ownYear{accs: tmp.accs[key{unit, yb.y, ki}], any: tmp.any[key{unit, yb.y, -1}]}
	}
	return out
}

// mix scatters the bits of a unit id (splitmix64's finaliser), so that the
// sum over a set of units tells sets apart.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// has reports whether o holds every year from…to.
func (o *own) has(from, to int) bool {
	for y := from; y <= to; y++ {
		if _, ok := o.years[y]; !ok {
			return false
		}
	}
	return true
}

// put keeps o, with the years of the part already kept under the same
// generation, and returns what is kept. Past MaxKeptRecords, the parts
// kept longest drop their records (the newest keeps them).
func (p *Parts) put(uk UnitKind, o *own) *own {
	p.mu.Lock()
	defer p.mu.Unlock()
	old := p.m[uk]
	if old != nil && old.gen == o.gen {
		years := maps.Clone(old.years)
		maps.Copy(years, o.years)
		o = &own{gen: o.gen, years: years, recs: o.recs, marks: o.marks}
	}
	if old != nil {
		p.kept -= len(old.recs)
	}
	if o.marks != nil {
		p.tick++
		o.age = p.tick
		p.kept += len(o.recs)
	}
	p.m[uk] = o
	for p.kept > p.maxKept {
		var oldest UnitKind
		var age uint64
		for k, c := range p.m {
			if c.marks != nil && k != uk && (age == 0 || c.age < age) {
				oldest, age = k, c.age
			}
		}
		if age == 0 {
			break // only o keeps records
		}
		c := p.m[oldest]
		p.kept -= len(c.recs)
		p.m[oldest] = &own{gen: c.gen, years: c.years}
	}
	return o
}

// merge adds the parts of one unit to the accumulators of k.
func (res *Result) merge(k key, parts []acc) {
	accs := res.accs[k]
	if accs == nil {
		accs = make([]acc, len(parts))
		res.accs[k] = accs
	}
	ins := res.e.kinds[k.kind].Indicators
	for j := range parts {
		a, b := &accs[j], &parts[j]
		if ins[j].Measure != ledger.Persons {
			a.n += b.n
			continue
		}
		if len(b.set) == 0 {
			continue
		}
		if a.set == nil {
			a.set = make(map[person]struct{}, len(b.set))
		}
		for v := range b.set {
			a.set[v] = struct{}{}
		}
		a.n = float64(len(a.set))
	}
}
