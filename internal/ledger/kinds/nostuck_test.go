package kinds_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// TestEveryKind_NoRecordWithoutAWayForward is the no-stuck property: a
// record of any kind is driven by random steps whose dates are drawn from
// wrong but valid-looking values (1900, 2099, tomorrow, years ago, out of
// order); after every attempt, accepted or refused, correcting the recorded
// dates (更正) and taking ordinary steps must reach a final state that
// completes the matter — withdrawing or terminating does not count.
func TestEveryKind_NoRecordWithoutAWayForward(t *testing.T) {
	today := d("2025-06-16")
	for _, k := range kinds.All() {
		t.Run(k.Name, func(t *testing.T) {
			for seed := range 60 {
				rng := rand.New(rand.NewPCG(uint64(seed), 2025))
				form := k.ExampleForm(today.AddDays(-900))
				m := newMachine(t, k, 1, form, passedReviewsFor(k, form))
				m.find = validCertificates{}
				var taken []string
				for range 14 {
					avail := onward(k, m.r)
					if len(avail) == 0 {
						break
					}
					tr := avail[rng.IntN(len(avail))]
					in := ledger.Values{}
					for _, f := range stepOf(k, tr.Event) {
						in[f.Name] = plausible(f, wrongDate(rng, today))
					}
					if err := m.try(tr.Event, in, today.String(), access.AllRoles); err == nil && !slices.Contains(taken, tr.Event) {
						taken = append(taken, tr.Event)
					}
					if k.State(m.r.State).Final {
						break
					}
					if why := rescue(k, m, taken, today); why != "" {
						t.Fatalf("seed %d: record in 「%s」 after %v has no way forward: %s", seed, k.State(m.r.State).Label, taken, why)
					}
				}
			}
		})
	}
}

// passedReviews answers every linked record as a passed legality review of
// the record that asks (record 1), holding what the kind's bound reference
// matches on (the gates' own checks are tested elsewhere).
type passedReviews struct{ bound, form ledger.Values }

func passedReviewsFor(k *ledger.Kind, form ledger.Values) passedReviews {
	p := passedReviews{bound: ledger.Values{}, form: form}
	for _, f := range k.Fields {
		if f.Bind != nil {
			maps.Copy(p.bound, f.Bind.Match)
			p.bound[f.Bind.Back] = "1"
		}
	}
	return p
}

// validCertificates finds, for any certificate number, an officer of the
// example name whose certificate is valid on any date (the officers gate's
// own checks are tested elsewhere); a month has no dispute, and a 零上报 is
// the only one of its month.
type validCertificates struct{}

func (validCertificates) Count(_ context.Context, kind string, _ ledger.Values) (int, error) {
	if kind == kinds.DisputeCaseKind {
		return 0, nil
	}
	return 1, nil
}

func (validCertificates) Records(_ context.Context, kind string, filters ledger.Values, _ int) ([]ledger.Record, error) {
	if kind == kinds.PlanTaskKind || kind == kinds.LawReportKind {
		return nil, nil // a plan whose tasks are closed; a leader's first 述法
	}
	// Example rows are 示例姓名/示例执法证号, then 示例姓名2/示例执法证号2, ….
	no := filters["cert_no"] + filters["renew_cert_no"]
	n, _ := strconv.Atoi(strings.TrimPrefix(no, "示例执法证号"))
	name := ledger.ExampleValue(kinds.EnforcementOfficer().Field("name"), calendar.Date{}) + strings.TrimPrefix(no, "示例执法证号")
	data := ledger.Values{"name": name, "issue_date": "1900-01-01", "valid_until": "2099-12-31"}
	maps.Copy(data, filters)
	return []ledger.Record{{ID: 800 + int64(n), Kind: kind, State: "valid", Data: data}}, nil
}

func (validCertificates) ByPersonal(context.Context, string, string, string) ([]ledger.Record, error) {
	return nil, nil
}

func (p passedReviews) Record(_ context.Context, id int64) (*ledger.Record, error) {
	if id == refID(kinds.MediationCommitteeKind) {
		return sittingCommittee(id), nil
	}
	if r := fakeLinked(id, p.form); r != nil {
		return r, nil
	}
	r := reviewRecord(id, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawful, "2001-01-05")
	r.Data["shorten_reason"] = "测试"
	maps.Copy(r.Data, p.bound)
	return r, nil
}

func onward(k *ledger.Kind, r *ledger.Record) []ledger.Transition {
	var out []ledger.Transition
	for _, t := range k.Available(r, access.AllRoles) {
		if !k.State(t.To).Abandon {
			out = append(out, t)
		}
	}
	return out
}

func stepOf(k *ledger.Kind, event string) []*ledger.Field {
	var out []*ledger.Field
	for i := range k.Fields {
		if k.Fields[i].Step == event {
			out = append(out, &k.Fields[i])
		}
	}
	return out
}

func wrongDate(rng *rand.Rand, today calendar.Date) calendar.Date {
	pool := []calendar.Date{d("1900-01-01"), d("1999-12-31"), d("2099-12-31"), today.AddDays(1),
		today.AddDays(-3000), today.AddDays(-400), today.AddDays(-100), today.AddDays(-20), today.AddDays(-3), today}
	return pool[rng.IntN(len(pool))]
}

// plausible is a value a careful clerk would enter for f, dated on.
// plausible is a value for f; an attachment field cites one attachment
// (uploaded first; the store checks it is the record's).
func plausible(f *ledger.Field, on calendar.Date) string {
	if f.Type == ledger.TypeFile {
		return strings.Repeat("ab", 32)
	}
	return ledger.ExampleValue(f, on)
}

// rescue corrects every recorded date onto a consistent timeline, 30 days
// apart in the order entered (long enough for a 30-day minimum, short
// enough for a 30-day window), then searches for ordinary steps that
// complete the matter. It returns "" on success, else what stopped it.
func rescue(k *ledger.Kind, m0 *machine, taken []string, today calendar.Date) string {
	m := &machine{t: m0.t, k: k, r: clone(m0.r), clocks: slices.Clone(m0.clocks), links: m0.links, find: m0.find, cal: m0.cal, actor: m0.actor}
	base := today.AddDays(-30 * 30)
	slot := 0
	correct := func(event string) string {
		in := ledger.Values{}
		for _, f := range k.CorrectableFields(event) {
			if f.Type == ledger.TypeDate && m.r.Data[f.Name] != "" {
				slot++
				if v := base.AddDays(30 * slot).String(); v != m.r.Data[f.Name] {
					in[f.Name] = v
				}
			}
		}
		if len(in) == 0 {
			return ""
		}
		g := &ledger.GuardContext{Ctx: context.Background(), Record: m.r, Event: event, Today: today, Calendar: m.cal, Links: m.links, Find: m.find, Clocks: m.clocks, Actor: m.actor}
		out, err := k.Correct(g, access.AllRoles, ledger.Correction{Event: event, Input: in, Reason: "原记录日期有误，按原始材料更正"})
		if err != nil {
			return fmt.Sprintf("更正%q %v: %v", event, in, err)
		}
		m.r.Data, m.clocks = out.Data, out.Clocks
		return ""
	}
	if why := correct(""); why != "" {
		return why
	}
	for _, e := range taken {
		if why := correct(e); why != "" {
			return why
		}
	}
	var last string
	var dfs func(m *machine, depth int, used map[string]int) bool
	dfs = func(m *machine, depth int, used map[string]int) bool {
		if s := k.State(m.r.State); s.Final {
			return !s.Abandon
		}
		if depth > 14 {
			return false
		}
		if k.State(m.r.State).Editable {
			for _, f := range k.FormFields() {
				if f.Type == ledger.TypeReference && m.r.Data[f.Name] == "" {
					m.r.Data[f.Name] = strconv.FormatInt(refID(f.RefKind), 10) // linked on the edit form
				}
			}
		}
		on := base.AddDays(30 * (slot + depth + 1))
		for _, tr := range onward(k, m.r) {
			if used[tr.Event] >= 2 {
				continue
			}
			in := ledger.Values{}
			for _, f := range stepOf(k, tr.Event) {
				if v := plausible(f, on); v != "" {
					in[f.Name] = v
				}
			}
			n := &machine{t: m.t, k: k, r: clone(m.r), clocks: slices.Clone(m.clocks), links: m.links, find: m.find, cal: m.cal, actor: m.actor}
			g := &ledger.GuardContext{Ctx: context.Background(), Record: n.r, Input: in, Event: tr.Event, Today: today,
				Calendar: n.cal, Links: n.links, Find: n.find, Clocks: n.clocks, Actor: n.actor}
			out, err := k.Apply(g, access.AllRoles)
			if err != nil {
				last = tr.Label + "：" + err.Error()
				continue
			}
			n.r.State, n.r.Data, n.clocks = out.To, out.Data, out.Clocks
			u := maps.Clone(used)
			u[tr.Event]++
			if dfs(n, depth+1, u) {
				return true
			}
		}
		return false
	}
	if !dfs(m, 0, map[string]int{}) {
		return "no completing path; last refusal: " + strings.TrimSpace(last)
	}
	return ""
}

func clone(r *ledger.Record) *ledger.Record {
	c := *r
	c.Data = maps.Clone(r.Data)
	return &c
}
