package indicator

import (
	"context"
	"fmt"
	"maps"
	"sync"

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
// rates recomputed from the summed parts when read. After one write a
// county's evaluation reads one unit's records of one kind.
type Parts struct {
	mu     sync.Mutex
	m      map[UnitKind]*own
	rolled map[rollKey]*rolled // the last roll-up of a unit's subtree and years
}

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
}

// own is one unit's parts of one kind, read-only once stored.
type own struct {
	gen   int64
	years map[int]ownYear
}

// ownYear is one year of a unit's own parts of a kind.
type ownYear struct {
	accs []acc // one per indicator of the kind; nil when nothing counted
	any  bool  // a record of the kind has this year
}

// NewParts is an empty store of parts.
func NewParts() *Parts { return &Parts{m: map[UnitKind]*own{}, rolled: map[rollKey]*rolled{}} }

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
	stale := make([][]int64, len(e.kinds))
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
	for uk, gen := range summed {
		ki := kindOf[uk.Kind]
		if o := p.m[uk]; o != nil && o.gen == gen && o.has(q.From, q.To) {
			uses = append(uses, use{uk.Unit, ki, o})
			continue
		}
		stale[ki] = append(stale[ki], uk.Unit)
	}
	p.mu.Unlock()

	var kis []int // kinds with stale parts
	for ki, units := range stale {
		if len(units) > 0 {
			kis = append(kis, ki)
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	fetched := e.fetch(ctx, len(kis), func(ctx context.Context, i int) ([]ledger.Record, error) {
		k := e.kinds[kis[i]]
		return src.IndicatorUnitRecords(ctx, k.Name, q.UnitID, stale[kis[i]], k.PersonFields())
	})
	self := map[int64][]int64{} // a unit's own parts count for it alone
	for i, ki := range kis {
		f := <-fetched[i]
		if f.err != nil {
			return nil, fmt.Errorf("indicator.Parts.Compute(%s): %w", e.kinds[ki].Name, f.err)
		}
		tmp := &Result{e: e, accs: map[key][]acc{}, any: map[key]bool{}}
		e.tally(tmp, ki, f.recs, years, func(u int64) []int64 {
			s, ok := self[u]
			if !ok {
				s = []int64{u}
				self[u] = s
			}
			return s
		})
		for _, u := range stale[ki] {
			uk := UnitKind{u, e.kinds[ki].Name}
			o := &own{gen: gens[uk], years: make(map[int]ownYear, len(years))}
			for _, yb := range years {
				o.years[yb.y] = ownYear{accs: tmp.accs[key{u, yb.y, ki}], any: tmp.any[key{u, yb.y, -1}]}
			}
			uses = append(uses, use{u, ki, p.put(uk, o)})
		}
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
	p.rolled[rk] = &rolled{gens: summed, paths: paths, res: res}
	p.mu.Unlock()
	return res, nil
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
// generation, and returns what is kept.
func (p *Parts) put(uk UnitKind, o *own) *own {
	p.mu.Lock()
	defer p.mu.Unlock()
	if old := p.m[uk]; old != nil && old.gen == o.gen {
		years := maps.Clone(old.years)
		maps.Copy(years, o.years)
		o = &own{gen: o.gen, years: years}
	}
	p.m[uk] = o
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
