package demo

// Generate: townships × years of records of every kind at the yearly
// volumes the kinds declare (ledger.Demo), each made from its kind's
// example form with varied and preferred values and taken through its
// workflow by the store's real create and transition path (audit, clocks,
// guards). Nothing here names a kind: the declarations say how many, what
// to fill in, which steps exist, which periods bound their dates and which
// records a gate needs. FAZHI_DEMO_DEBUG=1 prints every refused step with
// the guard's reason.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Spec is the shape of the generated data.
type Spec struct {
	// Townships are the names of the county's townships to fill; a name
	// the county lacks is created as a township with one village and one
	// locked account holding the township's roles, in whose name the
	// records are made.
	Townships []string
	Years     []int         // the years to fill; a year after Today's is skipped
	Volume    int           // percent of each kind's Demo.Volume (a kind with any gets at least one a year)
	Seed      uint64        // the same seed makes the same records (with one worker, the same ids)
	Today     calendar.Date // the store's today: no step is dated after it
	Workers   int           // townships made at once (each township's records in order, by one worker)
	Progress  io.Writer     // a line every 10,000 records, or nil
}

// Stats is what Generate made.
type Stats struct {
	Records  int64 // records created, those made for a gate included
	Steps    int64 // transitions taken
	Refused  int64 // steps the guards refused (another way forward was then tried)
	ForGates int64 // records made because a gate asked for one (a review of this decision)
	Elapsed  time.Duration
	ByKind   map[string]int
	Refusals map[string]int // "kind.event" → times refused
}

// TopRefusals is the n most refused steps, "kind.event ×count".
func (s *Stats) TopRefusals(n int) []string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range s.Refusals {
		all = append(all, kv{k, v})
	}
	slices.SortFunc(all, func(a, b kv) int {
		if a.v != b.v {
			return b.v - a.v
		}
		return strings.Compare(a.k, b.k)
	})
	var out []string
	for i := range min(n, len(all)) {
		out = append(out, fmt.Sprintf("%s ×%d", all[i].k, all[i].v))
	}
	return out
}

// Generate makes spec's records in the county of st (the root unit; Seed
// or `fazhi unit add` made it).
func Generate(ctx context.Context, st store.Contract, reg *ledger.Registry, cal ledger.Calendar, spec Spec) (_ *Stats, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("demo.Generate: %w", err)
		}
	}()
	t0 := time.Now()
	if err := CheckTownships(spec.Townships); err != nil {
		return nil, err
	}
	towns, err := townsOf(ctx, st, spec.Townships)
	if err != nil {
		return nil, err
	}
	order, needed := dependencyOrder(reg)
	backs := backFields(reg)
	stats := &Stats{ByKind: map[string]int{}, Refusals: map[string]int{}}
	var mu sync.Mutex
	var firstErr error
	work := make(chan int)
	var wg sync.WaitGroup
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range min(max(spec.Workers, 1), len(towns)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				g := &gen{st: st, reg: reg, cal: cal, today: spec.Today, town: towns[i], stats: stats, mu: &mu,
					made: map[string][]made{}, backs: backs, progress: spec.Progress, t0: t0}
				if err := g.township(gctx, i, order, needed, spec); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = fmt.Errorf("%s: %w", towns[i].unit.Name, err)
					}
					mu.Unlock()
					cancel()
				}
			}
		}()
	}
	for i := range towns {
		if gctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	stats.Elapsed = time.Since(t0)
	if firstErr != nil {
		return stats, firstErr
	}
	return stats, ctx.Err()
}

// town is a township to fill and the people acting in it.
type town struct {
	unit   access.Unit
	actors []townActor
}

// townActor is a person with the roles they hold in the township.
type townActor struct {
	store.Actor
	roles []access.Role
}

// townsOf finds (or creates) the named townships of the county and the
// people holding roles in each, by grant too (the county's legal adviser).
func townsOf(ctx context.Context, st store.Contract, names []string) ([]*town, error) {
	units, err := st.Units(ctx)
	if err != nil {
		return nil, err
	}
	var county *access.Unit
	for i := range units {
		if units[i].ParentID == 0 && units[i].Level == access.LevelCounty {
			county = &units[i]
			break
		}
	}
	if county == nil {
		return nil, fmt.Errorf("数据库中没有县级单位，无法生成乡镇数据")
	}
	sys := store.SystemActor("demo")
	var out []*town
	for _, name := range names {
		i := slices.IndexFunc(units, func(u access.Unit) bool { return u.Name == name })
		if i >= 0 && units[i].Level != access.LevelTownship {
			return nil, fmt.Errorf("单位“%s”不是乡镇，不能生成乡镇数据", name)
		}
		if i < 0 {
			u, err := newTownship(ctx, st, sys, county, name)
			if err != nil {
				return nil, err
			}
			units = append(units, *u)
			i = len(units) - 1
		}
		out = append(out, &town{unit: units[i]})
	}
	paths := map[int64]string{}
	for _, u := range units {
		paths[u.ID] = u.Path
	}
	users, err := st.Users(ctx, county.Path)
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		a, err := st.ActorFor(ctx, &u, "127.0.0.1")
		if err != nil {
			return nil, err
		}
		a.SeePersonal = true
		for _, t := range out {
			if rs := a.Scope.RolesIn(t.unit.ID, t.unit.Path, func(id int64) string { return paths[id] }); len(rs) > 0 {
				t.actors = append(t.actors, townActor{Actor: a, roles: rs})
			}
		}
	}
	return out, nil
}

// newTownship creates township name under county with a village and a
// locked account (a password nobody knows) holding the township's roles.
func newTownship(ctx context.Context, st store.Contract, sys store.Actor, county *access.Unit, name string) (*access.Unit, error) {
	u := &access.Unit{ParentID: county.ID, Name: name, Level: access.LevelTownship}
	if err := st.CreateUnit(ctx, sys, u); err != nil {
		return nil, err
	}
	v := &access.Unit{ParentID: u.ID, Name: name + "一村", Level: access.LevelVillage}
	if err := st.CreateUnit(ctx, sys, v); err != nil {
		return nil, err
	}
	secret := make([]byte, 16)
	rand.Read(secret)
	hash, err := access.HashPassword(hex.EncodeToString(secret), access.DefaultPasswordParams)
	if err != nil {
		return nil, err
	}
	user := &access.User{Username: fmt.Sprintf("demo%d", u.ID), Name: name + "演示数据", UnitID: u.ID, Locked: true,
		Roles: []access.Role{access.RoleClerk, access.RoleReviewer, access.RoleHead}, PasswordHash: hash}
	if err := st.CreateUser(ctx, sys, user); err != nil {
		return nil, err
	}
	return u, nil
}

// dependencyOrder is the registry's kinds, those other kinds' records name
// (a committee, an adviser, the certified staff a case's officers come
// from) before those naming them. A bound reference (a decision's review)
// is not an order: the gate asks for that record when it needs it.
// backFields are, per kind, the fields another kind's bound reference
// names back (a review's subject): filled when the bound record is made.
func backFields(reg *ledger.Registry) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, k := range reg.Kinds() {
		for _, f := range k.Fields {
			if f.Bind == nil {
				continue
			}
			for _, rk := range f.Referenced() {
				if out[rk] == nil {
					out[rk] = map[string]bool{}
				}
				out[rk][f.Bind.Back] = true
			}
		}
	}
	return out
}

// Needed are the kinds some other kind needs.
func dependencyOrder(reg *ledger.Registry) (order []*ledger.Kind, needed map[string]bool) {
	needs := map[string][]string{}
	for _, k := range reg.Kinds() {
		back := map[string]bool{} // fields other kinds bind back to: a review's subject
		for _, o := range reg.Kinds() {
			for _, f := range o.Fields {
				if f.Bind != nil && f.Refers(k.Name) {
					back[f.Bind.Back] = true
				}
			}
		}
		for _, f := range k.Fields {
			for _, c := range append([]ledger.Field{f}, f.Columns...) {
				if c.Type == ledger.TypeReference && c.Bind == nil && !back[c.Name] {
					needs[k.Name] = append(needs[k.Name], c.Referenced()...)
				}
			}
		}
		for _, rows := range k.Demo.Rows {
			needs[k.Name] = append(needs[k.Name], rows.Kind)
		}
	}
	needed = map[string]bool{}
	for _, ns := range needs {
		for _, n := range ns {
			needed[n] = true
		}
	}
	placed := map[string]bool{}
	var place func(k *ledger.Kind, seen map[string]bool)
	place = func(k *ledger.Kind, seen map[string]bool) {
		if placed[k.Name] || seen[k.Name] {
			return
		}
		seen[k.Name] = true
		for _, n := range needs[k.Name] {
			if d := reg.Kind(n); d != nil && n != k.Name {
				place(d, seen)
			}
		}
		placed[k.Name] = true
		order = append(order, k)
	}
	for _, k := range reg.Kinds() {
		place(k, map[string]bool{})
	}
	return order, needed
}

// township makes the township's records, year by year, in dependency
// order within a year and by date within a kind.
func (g *gen) township(ctx context.Context, n int, order []*ledger.Kind, needed map[string]bool, spec Spec) error {
	if err := g.settings(ctx, order); err != nil {
		return err
	}
	for _, y := range spec.Years {
		if y > spec.Today.Year {
			continue
		}
		start := calendar.Date{Year: y, Month: 1, Day: 1}
		days := 365
		if y == spec.Today.Year { // this year: up to yesterday
			days = start.DaysUntil(spec.Today)
		}
		for ki, k := range order {
			count := k.Demo.Volume * spec.Volume / 100
			if count == 0 && k.Demo.Volume > 0 {
				count = 1
			}
			rnd := mrand.New(mrand.NewPCG(spec.Seed, uint64(n)<<32|uint64(y)<<8|uint64(ki)))
			span := days
			if needed[k.Name] { // what others name is there early in the year
				span = min(days, 90)
			}
			dates := make([]calendar.Date, count)
			for i := range dates {
				dates[i] = start.AddDays(rnd.IntN(max(span, 1)))
			}
			// The year's first record of a kind is begun early and closed
			// (see record), so every kind has a record of every year,
			// also where the year is that of a later step (issue).
			dates[0] = start.AddDays(rnd.IntN(max(min(span, 60), 1)))
			slices.SortFunc(dates, func(a, b calendar.Date) int { return a.DaysUntil(b) * -1 })
			for seq, on := range dates {
				var ask *gateAsk
				if seq == 0 {
					ask = &gateAsk{}
				}
				if err := ctx.Err(); err != nil {
					return err
				}
				if _, _, err := g.record(ctx, k, on, seq, rnd, ask); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// settings sets the local settings the kinds' records need (Demo.Settings)
// where the township has no value.
func (g *gen) settings(ctx context.Context, order []*ledger.Kind) error {
	a := g.actor(nil)
	if a == nil {
		return nil
	}
	have, err := g.st.Settings(ctx, a.Actor, g.town.unit.ID)
	if err != nil {
		return err
	}
	short := strings.TrimRight(g.town.unit.Name, "镇乡")
	for _, k := range order {
		for _, name := range slices.Sorted(maps.Keys(k.Demo.Settings)) {
			i := slices.IndexFunc(have, func(e store.EffectiveSetting) bool { return e.Setting.Name == name })
			if i >= 0 && have[i].Value != "" {
				continue
			}
			v := strings.ReplaceAll(k.Demo.Settings[name], "{单位}", short)
			if err := g.st.SetSetting(ctx, store.SystemActor("demo"), g.town.unit.ID, name, v); err != nil {
				return err
			}
		}
	}
	return nil
}
