package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	mrand "math/rand/v2"
	"os"
	"slices"
	"strconv"
	"sync"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// gen is one township's side of Generate: its people, and the records
// made so far by kind, which later records link to and take rows from.
type gen struct {
	st       store.Contract
	reg      *ledger.Registry
	cal      ledger.Calendar
	today    calendar.Date
	town     *town
	stats    *Stats
	mu       *sync.Mutex // guards stats
	made     map[string][]made
	serial   int                        // records made in the township
	backs    map[string]map[string]bool // kind → fields bound records name back
	progress io.Writer
	t0       time.Time
}

// made is a record the township made: its year, state and values.
type made struct {
	id    int64
	year  int
	state string
	data  ledger.Values
}

// gateAsk is a record that must be taken to its end, in time: one a gate
// asked for, with the values it starts with (bound to the record asking: a
// review of this decision), or the first of a kind in a year.
type gateAsk struct{ form ledger.Values }

// record creates a record of k dated on and takes it through its workflow:
// most to their end (a register to the state it lives in), Demo.Open
// percent of a past year's (half of the last four months') left under way
// after a step or two, Demo.Late percent with a deadline missed. It
// returns the record (nil: the store refused even the example form,
// counted as refused) and the date of its last step.
func (g *gen) record(ctx context.Context, k *ledger.Kind, on calendar.Date, seq int, rnd *mrand.Rand, ask *gateAsk) (*ledger.Record, calendar.Date, error) {
	creator := g.actor(k.CreateRoles)
	if creator == nil {
		g.refused(k.Name+".create", fmt.Errorf("nobody in %s may create %s", g.town.unit.Name, k.Name))
		return nil, on, nil
	}
	g.serial++ // numbers the record's texts (titles, certificate numbers), unique in the county
	seq = int(g.town.unit.ID)*100000 + g.serial
	if err := g.ensureRows(ctx, k, on, rnd, seq); err != nil {
		return nil, on, err
	}
	form := g.variedForm(k, on, rnd, seq)
	if ask != nil {
		setAll(form, ask.form)
	}
	r, err := g.st.CreateRecord(ctx, creator.Actor, k, g.town.unit.ID, form)
	if err != nil {
		if !isRefusal(err) {
			return nil, on, err
		}
		// The varied values broke a cross-field rule: the plain example,
		// with the kind's preferred values.
		g.debug(k.Name+".create (varied)", err)
		plain := k.ExampleForm(on)
		for n, vals := range k.Demo.Values {
			if k.Field(n) != nil && k.Field(n).Step == "" {
				plain[n] = vals[0]
			}
		}
		if ask != nil {
			setAll(plain, ask.form)
		}
		var perr error
		if r, perr = g.st.CreateRecord(ctx, creator.Actor, k, g.town.unit.ID, plain); perr != nil {
			if !isRefusal(perr) {
				return nil, on, perr
			}
			g.refused(k.Name+".create", perr)
			return nil, on, nil
		}
	}
	g.count(k.Name, 0)
	open, late := false, false
	if ask == nil {
		if on.DaysUntil(g.today) < 120 {
			open = rnd.IntN(2) == 0
		} else {
			open = rnd.IntN(100) < k.Demo.Open
		}
		late = rnd.IntN(100) < k.Demo.Late
	}
	maxSteps := 20
	if open {
		maxSteps = rnd.IntN(3)
	}
	r, last, err := g.walk(ctx, k, r, on, seq, rnd, maxSteps, late, ask == nil)
	if err != nil {
		return nil, on, err
	}
	g.made[k.Name] = append(g.made[k.Name], made{id: r.ID, year: on.Year, state: r.State, data: r.Data})
	return r, last, nil
}

func setAll(dst, src ledger.Values) {
	for n, v := range src {
		dst[n] = v
	}
}

// walk takes r up to maxSteps steps forward. A step a guard refuses is
// not taken; when the refusal names a reference (a review of this
// decision, an elected committee), that record is made and the step tried
// once more; otherwise another way forward is tried.
func (g *gen) walk(ctx context.Context, k *ledger.Kind, r *ledger.Record, on calendar.Date, seq int, rnd *mrand.Rand,
	maxSteps int, late, abandon bool) (*ledger.Record, calendar.Date, error) {
	cur := on
	asked, taken := map[string]bool{}, map[string]bool{} // taken: events taken or refused
	for n := range maxSteps {
		if n > 0 && k.Demo.InForce && r.State != k.Initial() && !k.State(r.State).Returned {
			break // a register stays in force (a committee serving, an officer certified)
		}
		moved := false
		for _, t := range g.withinFirst(k, r, forwardSteps(k, r, g.roles(), rnd, abandon), taken) {
			a := g.actor(t.Roles)
			if a == nil {
				continue
			}
			day, ok, err := g.stepDate(ctx, a, k, r, &t, cur, late, rnd)
			if err != nil {
				return r, cur, err
			}
			if !ok {
				continue // a minimum period still running today
			}
			if to := k.State(t.To); k.State(r.State).Editable && to != nil && !to.Editable && !to.Final {
				// Leaving the states its form is edited in: the records
				// bound to it are made from it now (a review of this
				// decision), while they can still be bound both ways.
				if r, day, err = g.bindAll(ctx, k, r, day, rnd, seq, asked); err != nil {
					return r, cur, err
				}
				if day.After(g.today) {
					continue
				}
			}
			form := g.stepForm(k, &t, day, rnd, seq)
			next, err := g.st.Transition(ctx, a.Actor, k, r.ID, r.Version, t.Event, form)
			if err != nil {
				if !isRefusal(err) {
					return r, cur, fmt.Errorf("%s %d %s: %w", k.Name, r.ID, t.Event, err)
				}
				g.refused(k.Name+"."+t.Event, err)
				taken[t.Event] = true // not first again: the other of a pair was recorded (expert opinion or none)
				f := gateField(k, err)
				if f == nil || asked[f.Name] {
					continue
				}
				asked[f.Name] = true
				fresh, id, last, err := g.provide(ctx, k, r, f, cur, rnd, seq)
				if err != nil {
					return r, cur, err
				}
				if fresh == nil {
					continue
				}
				r = fresh
				if last.After(day) {
					if day = last; day.After(g.today) {
						continue
					}
					form = g.stepForm(k, &t, day, rnd, seq)
				}
				if f.Step == t.Event || slices.Contains(t.Fields, f.Name) {
					form[f.Name] = strconv.FormatInt(id, 10)
				}
				if next, err = g.st.Transition(ctx, a.Actor, k, r.ID, r.Version, t.Event, form); err != nil {
					if !isRefusal(err) {
						return r, cur, fmt.Errorf("%s %d %s: %w", k.Name, r.ID, t.Event, err)
					}
					g.refused(k.Name+"."+t.Event, err)
					continue
				}
			}
			r, cur, moved = next, day, true
			taken[t.Event] = true
			g.count("", 1)
			break
		}
		if !moved {
			break
		}
	}
	return r, cur, nil
}

// ensureRows makes the records k's rows are taken from when the township
// has too few valid on the date (the certified officers a case needs:
// 行政处罚法第四十二条), dated two months before it.
func (g *gen) ensureRows(ctx context.Context, k *ledger.Kind, on calendar.Date, rnd *mrand.Rand, seq int) error {
	for _, name := range slices.Sorted(maps.Keys(k.Demo.Rows)) {
		rows, f := k.Demo.Rows[name], k.Field(name)
		src := g.reg.Kind(rows.Kind)
		for range max(f.MinRows, 1) - len(g.validRows(src, on)) {
			if _, _, err := g.record(ctx, src, on.AddDays(-60), seq, rnd, &gateAsk{}); err != nil {
				return err
			}
			g.mu.Lock()
			g.stats.ForGates++
			g.mu.Unlock()
		}
	}
	return nil
}

// withinFirst puts the steps within r's state not yet taken or refused
// (recording a risk assessment, notifying the petitioner) before the ones
// leading on: what the way on often needs.
func (g *gen) withinFirst(k *ledger.Kind, r *ledger.Record, steps []ledger.Transition, taken map[string]bool) []ledger.Transition {
	var first, rest []ledger.Transition
	for _, t := range steps {
		if k.Rank(r.State, t) == ledger.StepWithin && !taken[t.Event] {
			first = append(first, t)
		} else {
			rest = append(rest, t)
		}
	}
	return append(first, rest...)
}

// bindAll makes the records r's empty bound references name (a review of
// this decision, bound both ways) and returns r as now stored and the day
// after the last of their steps, if later than day.
func (g *gen) bindAll(ctx context.Context, k *ledger.Kind, r *ledger.Record, day calendar.Date, rnd *mrand.Rand, seq int, asked map[string]bool) (*ledger.Record, calendar.Date, error) {
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Bind == nil || f.Step != "" || r.Data[f.Name] != "" || asked[f.Name] {
			continue
		}
		asked[f.Name] = true
		fresh, _, last, err := g.provide(ctx, k, r, f, day, rnd, seq)
		if err != nil {
			return r, day, err
		}
		if fresh != nil {
			r = fresh
			if last.After(day) {
				day = last
			}
		}
	}
	return r, day, nil
}

// gateField is the reference field a refusal names (the gate asking for a
// review of this decision, an elected committee), or nil.
func gateField(k *ledger.Kind, err error) *ledger.Field {
	var re *ledger.RuleError
	if !errors.As(err, &re) {
		return nil
	}
	if f := k.Field(re.Field); f != nil && f.Type == ledger.TypeReference && len(f.Referenced()) > 0 {
		return f
	}
	return nil
}

// provide makes the record field f of r asks for, dated from on — bound
// to r when f binds its subject (a review of this decision) — takes it to
// its end and names it in r (the store binds both ways while r is
// editable; otherwise r's field is set by an edit, or by the step).
// It returns r as now stored (nil: the record could not be made), the
// made record's id and the date of its last step.
func (g *gen) provide(ctx context.Context, k *ledger.Kind, r *ledger.Record, f *ledger.Field, on calendar.Date, rnd *mrand.Rand, seq int) (*ledger.Record, int64, calendar.Date, error) {
	rk := g.reg.Kind(f.Referenced()[0])
	if rk == nil {
		return nil, 0, on, nil
	}
	ask := &gateAsk{form: ledger.Values{}}
	if b := f.Bind; b != nil {
		setAll(ask.form, b.Match)
		ask.form[b.Back] = strconv.FormatInt(r.ID, 10)
		if b.Title != "" {
			ask.form[b.Title] = r.Title
		}
		for _, c := range b.Copy {
			ask.form[c] = r.Data[c]
		}
	}
	p, last, err := g.record(ctx, rk, on, seq, rnd, ask)
	if err != nil || p == nil {
		return nil, 0, on, err
	}
	g.mu.Lock()
	g.stats.ForGates++
	g.mu.Unlock()
	fresh, err := g.st.Record(ctx, g.actor(nil).Actor, r.ID) // someone created r
	if err != nil {
		return nil, 0, on, err
	}
	if fresh.Data[f.Name] == "" && f.Step == "" {
		if ed := g.actor(k.EditRoles); ed != nil && k.State(fresh.State) != nil && k.State(fresh.State).Editable {
			up, err := g.st.UpdateRecord(ctx, ed.Actor, k, r.ID, fresh.Version, ledger.Values{f.Name: strconv.FormatInt(p.ID, 10)})
			switch {
			case err == nil:
				fresh = up
			case !isRefusal(err):
				return nil, 0, on, err
			default:
				g.refused(k.Name+".update", err)
			}
		}
	}
	return fresh, p.ID, last, nil
}

// stepDate dates step t of r after cur: no earlier than the end of a
// minimum period the step waits for (the days of public comment), within
// the deadlines it meets — or after them, for a late record — and not
// after today. ok is false while a minimum period runs past today.
func (g *gen) stepDate(ctx context.Context, a *townActor, k *ledger.Kind, r *ledger.Record, t *ledger.Transition,
	cur calendar.Date, late bool, rnd *mrand.Rand) (day calendar.Date, ok bool, err error) {
	clocks, err := g.st.Clocks(ctx, a.Actor, r.ID)
	if err != nil {
		return day, false, err
	}
	var lo, hi calendar.Date
	to := k.State(t.To)
	for _, c := range clocks {
		p := k.Period(c.Period)
		if p == nil || c.Status != ledger.ClockRunning || c.Due.IsZero() {
			continue
		}
		switch {
		case c.Type == ledger.Minimum && slices.Contains(p.Guards, t.Event):
			if lo.IsZero() || c.Due.After(lo) {
				lo = c.Due
			}
		case c.Type == ledger.Deadline && (slices.Contains(p.StopEvents, t.Event) || to != nil && to.Final):
			if hi.IsZero() || c.Due.Before(hi) {
				hi = c.Due
			}
		}
	}
	day = cur.AddDays(1 + rnd.IntN(10))
	if end := (calendar.Date{Year: cmp.Or(r.Year, cur.Year), Month: 12, Day: 1}); slices.Contains(k.Demo.AtYearEnd, t.Event) && day.Before(end) {
		day = end.AddDays(rnd.IntN(25))
	}
	if !lo.IsZero() && day.Before(lo) {
		day = lo.AddDays(rnd.IntN(3))
	}
	if !hi.IsZero() {
		switch {
		case late && !day.After(hi):
			day = hi.AddDays(1 + rnd.IntN(20))
		case !late && day.After(hi) && !hi.Before(cur) && (lo.IsZero() || !hi.Before(lo)):
			day = hi
		}
	}
	if day.After(g.today) {
		if !lo.IsZero() && lo.After(g.today) {
			return day, false, nil
		}
		day = g.today
	}
	if day.Before(cur) {
		day = cur
	}
	return day, true, nil
}

// roles are every role held in the township by someone.
func (g *gen) roles() []access.Role {
	var out []access.Role
	for _, a := range g.town.actors {
		for _, r := range a.roles {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// actor is the first of the township's people holding one of roles (any
// of them when roles is empty), the township's own before those acting by
// grant; nil if none does.
func (g *gen) actor(roles []access.Role) *townActor {
	var byGrant *townActor
	for i := range g.town.actors {
		a := &g.town.actors[i]
		if len(roles) > 0 && !slices.ContainsFunc(a.roles, func(r access.Role) bool { return slices.Contains(roles, r) }) {
			continue
		}
		if a.UnitID == g.town.unit.ID {
			return a
		}
		if byGrant == nil {
			byGrant = a
		}
	}
	return byGrant
}

func (g *gen) count(kind string, steps int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if kind != "" {
		g.stats.Records++
		g.stats.ByKind[kind]++
		if g.progress != nil && g.stats.Records%10000 == 0 {
			fmt.Fprintf(g.progress, "  generated %d records (%s)\n", g.stats.Records, time.Since(g.t0).Round(time.Second))
		}
	}
	g.stats.Steps += int64(steps)
}

func (g *gen) refused(what string, err error) {
	g.mu.Lock()
	g.stats.Refused++
	g.stats.Refusals[what]++
	g.mu.Unlock()
	g.debug(what, err)
}

// debug prints a refusal with the guard's reason under FAZHI_DEMO_DEBUG=1.
func (g *gen) debug(what string, err error) {
	if os.Getenv("FAZHI_DEMO_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "refused %s: %v\n", what, err)
	}
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
			if returned(t) && (!abandon || rnd.IntN(8) != 0) {
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
