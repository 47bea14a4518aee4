package ledger

import (
	"slices"

	"fazhi/internal/access"
)

// Waiting is a state of a kind in which records wait for a person: some
// transition out of it is taken by a principal holding one of Roles (the
// system's date-driven transitions, OnDue, wait for nobody, and a record
// does not wait for being abandoned: transitions into an Abandon state, such
// as withdrawing, are left out).
type Waiting struct {
	State string
	Roles []access.Role
}

// WaitingStates lists, in workflow order, the states of k in which a record
// waits for a person, with the roles that may move it on. The to-do list
// asks the store for the records of each such state in the units where the
// caller holds one of those roles: one query per kind and state.
func (k *Kind) WaitingStates() []Waiting {
	var out []Waiting
	for _, st := range k.Workflow.States {
		if st.Final {
			continue
		}
		var roles []access.Role
		for _, t := range k.Workflow.Transitions {
			if !k.Awaits(t) || !slices.Contains(t.From, st.Name) {
				continue
			}
			for _, r := range t.Roles {
				if !slices.Contains(roles, r) {
					roles = append(roles, r)
				}
			}
		}
		if len(roles) > 0 {
			out = append(out, Waiting{State: st.Name, Roles: roles})
		}
	}
	return out
}

// Awaits reports whether a record waits for a person to take t: not a
// date-driven transition nor one that abandons the matter.
func (k *Kind) Awaits(t Transition) bool {
	if t.OnDue != "" {
		return false
	}
	to := k.State(t.To)
	return to == nil || !to.Abandon
}
