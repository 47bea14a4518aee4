package ledger

import (
	"slices"

	"fazhi/internal/access"
)

// StepRank orders the transitions out of a state the way a page offers
// them: the way forward first, the steps recorded within the state next,
// going back and abandoning the matter last (folded away).
type StepRank int

const (
	StepForward StepRank = iota // to a later state of the workflow
	StepWithin                  // stays in the state (e.g. 记录专家论证)
	StepRare                    // back to an earlier state, or to an Abandon state
)

// Rank is where t stands among the transitions out of from: derived from the
// order of Workflow.States, so no kind needs to say it.
func (k *Kind) Rank(from string, t Transition) StepRank {
	to := k.State(t.To)
	switch {
	case to != nil && to.Abandon:
		return StepRare
	case t.To == from:
		return StepWithin
	case k.stateIndex(t.To) < k.stateIndex(from):
		return StepRare
	}
	return StepForward
}

func (k *Kind) stateIndex(name string) int {
	return slices.IndexFunc(k.Workflow.States, func(s State) bool { return s.Name == name })
}

// Next is the transition that carries a record in state forward — the one
// reaching the furthest state, taken by a person (not OnDue) — or nil when
// the record waits for nothing (a final state, or only the system acts).
// Roles are who may take it.
func (k *Kind) Next(state string) *Transition {
	var best *Transition
	for i := range k.Workflow.Transitions {
		t := &k.Workflow.Transitions[i]
		if !slices.Contains(t.From, state) || t.OnDue != "" || len(t.Roles) == 0 || k.Rank(state, *t) != StepForward {
			continue
		}
		if best == nil || k.stateIndex(t.To) > k.stateIndex(best.To) {
			best = t
		}
	}
	return best
}

// SystemNext is the transition the system takes on its own from state once
// a period is past due (e.g. 有效 → 已失效), or nil.
func (k *Kind) SystemNext(state string) *Transition {
	for i := range k.Workflow.Transitions {
		t := &k.Workflow.Transitions[i]
		if slices.Contains(t.From, state) && t.OnDue != "" {
			return t
		}
	}
	return nil
}

// RolesLabel names roles in Chinese, joined with 或 ("审核员或法律顾问").
func RolesLabel(roles []access.Role) string {
	out := ""
	for i, r := range roles {
		if i > 0 {
			out += "或"
		}
		out += r.Label()
	}
	return out
}
