package demo

import (
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// The seeder's primitive steps. Each does nothing once an error has
// occurred, and records the first error with the record and step it
// concerns.

func (s *seeder) fail(err error, k *ledger.Kind, title, what string) {
	if err != nil && s.err == nil {
		s.err = fmt.Errorf("%s「%s」%s：%w", k.Label, title, what, err)
	}
}

func (s *seeder) actor(who string) store.Actor { return s.actors[who] }

func (s *seeder) create(who string, k *ledger.Kind, unitID int64, v ledger.Values) *ledger.Record {
	if s.err != nil {
		return nil
	}
	r, err := s.st.CreateRecord(s.ctx, s.actor(who), k, unitID, v)
	s.fail(err, k, k.TitleOf(v), "创建")
	if err == nil {
		s.count++
	}
	return r
}

func (s *seeder) step(who string, k *ledger.Kind, r *ledger.Record, event string, v ledger.Values) *ledger.Record {
	if s.err != nil || r == nil {
		return r
	}
	next, err := s.st.Transition(s.ctx, s.actor(who), k, r.ID, r.Version, event, v)
	s.fail(err, k, r.Title, event)
	if err != nil {
		return r
	}
	return next
}

func (s *seeder) edit(who string, k *ledger.Kind, r *ledger.Record, v ledger.Values) *ledger.Record {
	if s.err != nil || r == nil {
		return r
	}
	next, err := s.st.UpdateRecord(s.ctx, s.actor(who), k, r.ID, r.Version, v)
	s.fail(err, k, r.Title, "修改")
	if err != nil {
		return r
	}
	return next
}

// reload reads r again (another record's change may have bound it).
func (s *seeder) reload(who string, r *ledger.Record) *ledger.Record {
	if s.err != nil || r == nil {
		return r
	}
	next, err := s.st.Record(s.ctx, s.actor(who), r.ID)
	if err != nil {
		s.err = fmt.Errorf("demo: reload record %d: %w", r.ID, err)
		return r
	}
	return next
}

func (s *seeder) adjust(who string, k *ledger.Kind, r *ledger.Record, period string, adj ledger.ClockAdjustment) {
	if s.err != nil || r == nil {
		return
	}
	s.fail(s.st.AdjustClock(s.ctx, s.actor(who), k, r.ID, period, adj), k, r.Title, "调整期限")
}

// work is d plus n working days.
func (s *seeder) work(d calendar.Date, n int) calendar.Date {
	if s.err != nil {
		return d
	}
	out, err := s.cal.Add(d, n, calendar.WorkingDays)
	if err != nil {
		s.err = fmt.Errorf("计算演示日期：%w", err)
		return d
	}
	return out
}

// ago is today minus n calendar days.
func (s *seeder) ago(n int) calendar.Date { return s.today.AddDays(-n) }

// between is a number in [lo, hi].
func (s *seeder) between(lo, hi int) int { return lo + s.rnd.IntN(hi-lo+1) }

func (s *seeder) pick(list []string) string { return list[s.rnd.IntN(len(list))] }

// draw picks from list without repeating until the list is used up.
func (s *seeder) draw(list []string) string {
	key := &list[0]
	if len(s.decks[key]) == 0 {
		deck := slices.Clone(list)
		s.rnd.Shuffle(len(deck), func(i, j int) { deck[i], deck[j] = deck[j], deck[i] })
		s.decks[key] = deck
	}
	deck := s.decks[key]
	s.decks[key] = deck[1:]
	return deck[0]
}

func (s *seeder) chance(percent int) bool { return s.rnd.IntN(100) < percent }

func id(r *ledger.Record) string {
	if r == nil {
		return ""
	}
	return strconv.FormatInt(r.ID, 10)
}

func later(a, b calendar.Date) calendar.Date {
	if a.After(b) {
		return a
	}
	return b
}
