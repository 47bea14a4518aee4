package main

// The generated county of `fazhi bench pages`: townships × years of
// records of every kind at the yearly volumes the kinds declare
// (kinds.CountyVolumes), each made from its kind's example form with
// varied values and taken through its workflow by the store's real create
// and transition path (audit, clocks, guards), so the board, the to-do
// lists and the indicators have realistic data to read. Nothing here names
// a kind: the declarations say what to fill in and which steps exist.
// FAZHI_BENCH_DEBUG=1 prints every refused step with the guard's reason.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// countySpec is the shape of the generated county.
type countySpec struct {
	Townships int
	Years     int           // ending with today's year
	Scale     int           // percent of kinds.CountyVolumes
	Today     calendar.Date // the store's today
	Seed      uint64
	Workers   int
}

// countyUsers are the accounts the page benchmark logs in as.
type countyUsers struct {
	County   *access.User   // county inspector and head: reads and waits on every township
	Towns    []*access.User // per township: clerk, reviewer and head
	Password string
}

// countyStats is what the generation made.
type countyStats struct {
	Records, Steps, Refused int64
	Elapsed                 time.Duration
	Refusals                map[string]int // first words of refusals, for the report
	ByKind                  map[string]int
}

const countyPassword = "Bench-password-2026"

// countyPeople creates the county, its townships with a village each, the
// county user and one user per township holding the township's roles.
func countyPeople(ctx context.Context, db *store.DB, n int) (*countyUsers, []store.Actor, error) {
	sys := store.SystemActor("bench")
	county := &access.Unit{Name: "压测县", Level: access.LevelCounty}
	if err := db.CreateUnit(ctx, sys, county); err != nil {
		return nil, nil, err
	}
	hash, err := access.HashPassword(countyPassword, access.DefaultPasswordParams)
	if err != nil {
		return nil, nil, err
	}
	out := &countyUsers{Password: countyPassword}
	out.County = &access.User{Username: "county", Name: "县司法局督察员", UnitID: county.ID,
		Roles: []access.Role{access.RoleInspector, access.RoleHead}, PasswordHash: hash}
	if err := db.CreateUser(ctx, sys, out.County); err != nil {
		return nil, nil, err
	}
	var actors []store.Actor
	for i := 1; i <= n; i++ {
		town := &access.Unit{ParentID: county.ID, Name: fmt.Sprintf("压测%d镇", i), Level: access.LevelTownship}
		if err := db.CreateUnit(ctx, sys, town); err != nil {
			return nil, nil, err
		}
		v := &access.Unit{ParentID: town.ID, Name: fmt.Sprintf("压测%d镇一村", i), Level: access.LevelVillage}
		if err := db.CreateUnit(ctx, sys, v); err != nil {
			return nil, nil, err
		}
		u := &access.User{Username: fmt.Sprintf("town%d", i), Name: fmt.Sprintf("经办人%d", i), UnitID: town.ID,
			Roles:        []access.Role{access.RoleClerk, access.RoleReviewer, access.RoleHead, access.RoleAdviser},
			PasswordHash: hash}
		if err := db.CreateUser(ctx, sys, u); err != nil {
			return nil, nil, err
		}
		scope, err := db.ScopeOf(ctx, u)
		if err != nil {
			return nil, nil, err
		}
		out.Towns = append(out.Towns, u)
		actors = append(actors, store.Actor{UserID: u.ID, UserName: u.Name, UnitID: u.UnitID, Addr: "127.0.0.1",
			Scope: scope, Roles: u.Roles, SeePersonal: true})
	}
	return out, actors, nil
}

// genJob is one record to make: township, kind, its number in the
// township-year, its date.
type genJob struct {
	town int
	kind *ledger.Kind
	seq  int
	on   calendar.Date
	rnd  *mrand.Rand
	// linked: other kinds link to this one (a committee, an adviser, a
	// plan); it is always taken to the end of its workflow.
	linked bool
}

// generateCounty makes the records of spec for the township actors.
func generateCounty(ctx context.Context, db *store.DB, reg *ledger.Registry, actors []store.Actor, spec countySpec, progress io.Writer) (*countyStats, error) {
	t0 := time.Now()
	first := spec.Today.Year - spec.Years + 1
	var jobs []genJob
	for town := range actors {
		for y := first; y <= spec.Today.Year; y++ {
			for _, k := range reg.Kinds() {
				n := kinds.CountyVolumes[k.Name] * spec.Scale / 100
				if n == 0 && kinds.CountyVolumes[k.Name] > 0 {
					n = 1
				}
				days := 365
				if y == spec.Today.Year { // this year: up to yesterday
					days = spec.Today.DaysUntil(calendar.Date{Year: y, Month: 1, Day: 1}) * -1
				}
				for seq := range n {
					jobs = append(jobs, genJob{town: town, kind: k, seq: seq})
					j := &jobs[len(jobs)-1]
					j.rnd = mrand.New(mrand.NewPCG(spec.Seed, uint64(len(jobs))))
					j.on = calendar.Date{Year: y, Month: 1, Day: 1}.AddDays(j.rnd.IntN(max(days, 1)))
				}
			}
		}
	}
	// Interleave the kinds and townships, as the clerks of a county do;
	// but the kinds other records link to (committees, advisers, plans)
	// first, so that the links have something to point at.
	shuf := mrand.New(mrand.NewPCG(spec.Seed, 0))
	shuf.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
	linked := map[string]bool{}
	for _, k := range reg.Kinds() {
		for _, f := range k.Fields {
			for _, c := range append([]ledger.Field{f}, f.Columns...) {
				if c.Type == ledger.TypeReference {
					linked[c.RefKind] = true
					for _, rk := range c.RefKinds {
						linked[rk] = true
					}
				}
			}
		}
	}
	slices.SortStableFunc(jobs, func(a, b genJob) int {
		switch la, lb := linked[a.kind.Name], linked[b.kind.Name]; {
		case la && !lb:
			return -1
		case lb && !la:
			return 1
		}
		return 0
	})
	for i := range jobs {
		jobs[i].linked = linked[jobs[i].kind.Name]
	}
	towns := make([]*genCtx, len(actors))
	for i, a := range actors {
		towns[i] = &genCtx{actor: a, unitID: a.UnitID, userID: a.UserID, byKind: map[string]map[int][]int64{}}
	}

	st := &countyStats{Refusals: map[string]int{}, ByKind: map[string]int{}}
	var mu sync.Mutex
	var next atomic.Int64
	var firstErr error
	var wg sync.WaitGroup
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range max(spec.Workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) || gctx.Err() != nil {
					return
				}
				steps, refused, err := makeRecord(gctx, db, towns[jobs[i].town], &jobs[i], spec.Today)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
						cancel()
					}
					mu.Unlock()
					return
				}
				if steps >= 0 {
					st.Records++
					st.Steps += int64(steps)
					st.ByKind[jobs[i].kind.Name]++
				}
				st.Refused += int64(len(refused))
				for _, r := range refused {
					st.Refusals[r]++
				}
				if progress != nil && st.Records%10000 == 0 {
					fmt.Fprintf(progress, "  generated %d of %d records (%s)\n", st.Records, len(jobs), time.Since(t0).Round(time.Second))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	st.Elapsed = time.Since(t0)
	if firstErr != nil {
		return st, firstErr
	}
	return st, ctx.Err()
}

// makeRecord creates job's record (steps -1: the store refused even the
// kind's plain example form, counted among the refusals) and walks it through its workflow:
// records older than four months to a final state (one in twenty-five is
// left where it is, a matter someone forgot), younger ones a random number
// of steps. A step a guard refuses (a missing link, a rule the example
// values break) is not taken; another step forward is tried instead, and
// the refusal is counted.
func makeRecord(ctx context.Context, db *store.DB, g *genCtx, j *genJob, today calendar.Date) (steps int, refused []string, err error) {
	k, a := j.kind, g.actor
	form := g.variedForm(k, j.on, j.rnd, j.seq)
	r, err := db.CreateRecord(ctx, a, k, a.UnitID, form)
	if err != nil {
		// The varied values broke a cross-field rule: the plain example.
		var cerr error
		if r, cerr = db.CreateRecord(ctx, a, k, a.UnitID, k.ExampleForm(j.on)); cerr != nil {
			if ctx.Err() != nil {
				return 0, nil, ctx.Err()
			}
			if isRefusal(cerr) {
				return -1, []string{k.Name + ".create: " + cerr.Error()}, nil
			}
			return 0, nil, fmt.Errorf("creating %s on %s: %w (varied form: %v)", k.Name, j.on, cerr, err)
		}
	}
	defer func() { g.made(k.Name, r.ID, j.on.Year) }() // linked to once walked (a committee elected, a plan issued)
	maxSteps := 12
	age := j.on.DaysUntil(today)
	if !j.linked && (age < 120 || j.rnd.IntN(25) == 0) {
		maxSteps = j.rnd.IntN(4)
	}
	on := j.on
	for n := range maxSteps {
		if n > 0 && living(k, r.State) && j.rnd.IntN(10) < 8 {
			break // most registers stay in force (a committee serving, an officer certified)
		}
		cands := forwardSteps(k, r, a.Roles, j.rnd, !j.linked)
		if len(cands) == 0 {
			break
		}
		on = on.AddDays(1 + j.rnd.IntN(12))
		if on.After(today) {
			on = today
		}
		moved := false
		for _, t := range cands {
			next, err := db.Transition(ctx, a, k, r.ID, r.Version, t.Event, g.stepForm(k, &t, on, j.rnd, j.seq))
			if err != nil {
				if ctx.Err() != nil {
					return steps, refused, ctx.Err()
				}
				if !isRefusal(err) {
					return steps, refused, fmt.Errorf("%s %d %s: %w", k.Name, r.ID, t.Event, err)
				}
				if os.Getenv("FAZHI_BENCH_DEBUG") != "" {
					fmt.Fprintf(os.Stderr, "refused %s.%s: %v\n", k.Name, t.Event, err)
				}
				refused = append(refused, k.Name+"."+t.Event)
				continue
			}
			r, moved = next, true
			steps++
			break
		}
		if !moved {
			break
		}
	}
	return steps, refused, nil
}

// living: r's state is one a record lives in, doing steps within it (a
// committee re-elected, a subject visited), rather than a stage of a
// matter on its way to a decision.
func living(k *ledger.Kind, state string) bool {
	within := false
	for _, t := range k.Workflow.Transitions {
		if !slices.Contains(t.From, state) || t.OnDue != "" {
			continue
		}
		if t.To == state {
			within = true
		} else if to := k.State(t.To); to != nil && !to.Final {
			return false // a stage on the way, not a state to live in
		}
	}
	return within
}

// isRefusal: the store refused the step as a user's would be (a rule, a
// field, a missing link), not a failure of the database.
func isRefusal(err error) bool {
	var re *ledger.RuleError
	var fe ledger.FieldErrors
	return errors.As(err, &re) || errors.As(err, &fe) || errors.Is(err, store.ErrForbidden) ||
		errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrDuplicate)
}

// forwardSteps are the transitions a person may take from r's state that
// lead on (in random order), and rarely one that abandons the matter.
func forwardSteps(k *ledger.Kind, r *ledger.Record, roles []access.Role, rnd *mrand.Rand, abandon bool) (out []ledger.Transition) {
	var fwd, rare, within, back []ledger.Transition
	returned := func(t ledger.Transition) bool { st := k.State(t.To); return st != nil && st.Returned }
	for _, t := range k.Available(r, roles) {
		if t.OnDue != "" {
			continue
		}
		switch k.Rank(r.State, t) {
		case ledger.StepForward:
			if returned(t) && rnd.IntN(8) != 0 {
				back = append(back, t) // sent back for more materials: now and then
				continue
			}
			fwd = append(fwd, t)
		case ledger.StepWithin:
			within = append(within, t)
		case ledger.StepRare:
			if to := k.State(t.To); to != nil && !to.Abandon && k.State(r.State).Returned {
				fwd = append(fwd, t) // resubmitted after a return
				continue
			}
			rare = append(rare, t)
		}
	}
	defer func() { out = append(append(out, within...), back...) }() // a step within the state may be what the way on needs
	// Mostly the next state along the workflow (a committee is elected
	// before it is dissolved), sometimes another way forward (an outcome
	// other than the usual one).
	at := func(state string) int {
		return slices.IndexFunc(k.Workflow.States, func(s ledger.State) bool { return s.Name == state })
	}
	slices.SortStableFunc(fwd, func(a, b ledger.Transition) int { return at(a.To) - at(b.To) })
	if abandon && rnd.IntN(4) == 0 {
		rnd.Shuffle(len(fwd), func(i, j int) { fwd[i], fwd[j] = fwd[j], fwd[i] })
	}
	if abandon && len(rare) > 0 && rnd.IntN(30) == 0 {
		return append(rare[:1:1], fwd...)
	}
	return slices.Clip(fwd)
}

// variedForm is k's example form with values varied the way real records
// differ: titles numbered, options drawn, numbers and persons spread.
func (g *genCtx) variedForm(k *ledger.Kind, on calendar.Date, rnd *mrand.Rand, seq int) ledger.Values {
	form := k.ExampleForm(on)
	for _, f := range k.FormFields() {
		if f.Type == ledger.TypeReference && !f.Derived() && form[f.Name] == "" {
			if id := g.pick(append([]string{f.RefKind}, f.RefKinds...), on.Year, rnd); id != "" {
				form[f.Name] = id // link to a record the township made before
			}
			continue
		}
		if _, ok := form[f.Name]; !ok || f.Derived() || f.Example != nil {
			continue
		}
		if f.Type == ledger.TypeDate && f.Name == k.YearField {
			form[f.Name] = on.String() // the record's own date, also when it may be planned ahead
			continue
		}
		form[f.Name] = g.value(f, on, rnd, seq)
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
func (g *genCtx) stepForm(k *ledger.Kind, t *ledger.Transition, on calendar.Date, rnd *mrand.Rand, seq int) ledger.Values {
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
		if f.Example != nil || f.Type == ledger.TypeFile {
			if s := ledger.ExampleValue(f, on); s != "" {
				v[n] = s
			}
			continue
		}
		if s := g.value(f, on, rnd, seq); s != "" {
			v[n] = s
		}
	}
	return v
}

var (
	surnames  = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢")
	givenPart = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波宁欣然俊峰")
)

// value is a value of f like ExampleValue's, varied by rnd.
func (g *genCtx) value(f *ledger.Field, on calendar.Date, rnd *mrand.Rand, seq int) string {
	switch f.Type {
	case ledger.TypeUnit:
		return strconv.FormatInt(g.unitID, 10)
	case ledger.TypeUser:
		return strconv.FormatInt(g.userID, 10)
	case ledger.TypeReference:
		return g.pick(append([]string{f.RefKind}, f.RefKinds...), on.Year, rnd)
	case ledger.TypeDate:
		if f.Dates.Future { // a term, a validity, a plan: some months ahead
			return ledger.ExampleDateAhead(f, on, 30+rnd.IntN(700)).String()
		}
		return on.String()
	case ledger.TypeText:
		return ledger.ExampleValue(f, on) + strconv.Itoa(seq+1)
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
					rows[i][col.Name] = g.value(col, on, rnd, seq*10+i)
					optional = optional || !col.Required
				}
			}
		}
		b, _ := json.Marshal(rows) // keys sorted, as the store keeps them
		return string(b)
	}
	return ledger.ExampleValue(f, on)
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

// topRefusals is the n most frequent refusals, "kind.event ×count".
func (s *countyStats) topRefusals(n int) []string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range s.Refusals {
		all = append(all, kv{k, v})
	}
	slices.SortFunc(all, func(a, b kv) int { return b.v - a.v })
	var out []string
	for i := range min(n, len(all)) {
		out = append(out, fmt.Sprintf("%s ×%d", all[i].k, all[i].v))
	}
	return out
}

// genCtx is one township's side of the generation: its actor, and the
// records made so far by kind, which later records link to.
type genCtx struct {
	actor          store.Actor
	unitID, userID int64
	mu             sync.Mutex
	byKind         map[string]map[int][]int64 // kind → year → ids
}

func (g *genCtx) made(kind string, id int64, year int) {
	g.mu.Lock()
	if g.byKind[kind] == nil {
		g.byKind[kind] = map[int][]int64{}
	}
	g.byKind[kind][year] = append(g.byKind[kind][year], id)
	g.mu.Unlock()
}

// pick is one of the township's latest records of one of kinds, of the
// year if there is one, or "".
func (g *genCtx) pick(kinds []string, year int, rnd *mrand.Rand) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var ids, others []int64
	for _, k := range kinds {
		for y, l := range g.byKind[k] {
			if y == year {
				ids = append(ids, l[max(len(l)-50, 0):]...)
			} else {
				others = append(others, l[max(len(l)-50, 0):]...)
			}
		}
	}
	if len(ids) == 0 {
		slices.Sort(others) // map order is random; the seed decides
		ids = others
	}
	if len(ids) == 0 {
		return ""
	}
	return strconv.FormatInt(ids[rnd.IntN(len(ids))], 10)
}
