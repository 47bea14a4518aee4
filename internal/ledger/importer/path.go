package importer

import (
	"fmt"
	"strings"

	"fazhi/internal/ledger"
)

// Step is one transition of a replayed history with the step fields the
// row fills for it.
type Step struct {
	Event string
	Input ledger.Values
}

// maxPlanned bounds the transitions a row's step fields may involve (the
// search is over state × the set of those transitions taken).
const maxPlanned = 16

// Plan finds how a record whose step fields hold steps reaches the state
// target from the initial state: the shortest path of transitions that
// takes every transition whose step fields the row fills (each once) and
// only transitions whose required step fields are filled. It returns the
// steps with their inputs, or a Chinese reason naming what to fill in or
// clear.
func Plan(k *ledger.Kind, target string, steps ledger.Values) ([]Step, string) {
	if k.State(target) == nil {
		return nil, fmt.Sprintf("「%s」没有“%s”这一状态", k.Label, target)
	}
	ts := k.Workflow.Transitions
	bit := map[string]int{} // event → bit of a transition the row must take
	usable := make([]bool, len(ts))
	for i, t := range ts {
		fields := t.StepFields(k)
		var filled, missing []string
		for _, f := range fields {
			if steps[f.Name] != "" {
				filled = append(filled, f.Label)
			} else if f.Required {
				missing = append(missing, "「"+f.Label+"」")
			}
		}
		usable[i] = len(missing) == 0
		if len(filled) > 0 {
			if len(missing) > 0 {
				return nil, fmt.Sprintf("填写了「%s」（属于“%s”这一步），还须填写%s；或者清空这一步的各列",
					filled[0], t.Label, strings.Join(missing, "、"))
			}
			if _, ok := bit[t.Event]; !ok {
				bit[t.Event] = len(bit)
			}
		}
	}
	for n, v := range steps {
		if f := k.Field(n); v != "" && f != nil && k.Transition(f.Step) == nil {
			return nil, fmt.Sprintf("「%s」不属于任何操作，不能导入", f.Label)
		}
	}
	if len(bit) > maxPlanned {
		return nil, fmt.Sprintf("这一行填写的步骤过多（%d 步），请分行核对", len(bit))
	}
	all := uint32(1)<<len(bit) - 1

	type node struct {
		state string
		taken uint32
	}
	type visit struct {
		prev  node
		event int // index into ts
	}
	start := node{k.Initial(), 0}
	seen := map[node]visit{start: {event: -1}}
	queue := []node{start}
	var goal *node
	for len(queue) > 0 && goal == nil {
		n := queue[0]
		queue = queue[1:]
		if n.state == target && n.taken == all {
			goal = &n
			break
		}
		for i, t := range ts {
			if !usable[i] || !contains(t.From, n.state) {
				continue
			}
			next := node{t.To, n.taken}
			if b, ok := bit[t.Event]; ok {
				if n.taken&(1<<b) != 0 {
					continue
				}
				next.taken |= 1 << b
			}
			if _, ok := seen[next]; ok {
				continue
			}
			seen[next] = visit{prev: n, event: i}
			queue = append(queue, next)
		}
	}
	if goal == nil {
		return nil, unreachable(k, target, steps, bit)
	}
	var out []Step
	for n := *goal; n != start; {
		v := seen[n]
		t := ts[v.event]
		in := ledger.Values{}
		for _, f := range t.StepFields(k) {
			if s := steps[f.Name]; s != "" {
				in[f.Name] = s
			}
		}
		out = append(out, Step{Event: t.Event, Input: in})
		n = v.prev
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, ""
}

// unreachable explains why no path exists.
func unreachable(k *ledger.Kind, target string, steps ledger.Values, bit map[string]int) string {
	label := k.State(target).Label
	var blocked []string
	for _, t := range k.Workflow.Transitions {
		if t.To != target {
			continue
		}
		for _, f := range t.StepFields(k) {
			if f.Required && steps[f.Name] == "" {
				blocked = append(blocked, "「"+f.Label+"」")
			}
		}
	}
	if len(bit) == 0 && len(blocked) > 0 {
		return fmt.Sprintf("状态为“%s”的记录须填写%s，请补充后再导入", label, strings.Join(uniq(blocked), "、"))
	}
	return fmt.Sprintf("按照「%s」的办理流程，填写的各步骤无法到达“%s”：请核对「状态」，并清空不属于该办理经过的步骤各列", k.Label, label)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func uniq(s []string) []string {
	var out []string
	for _, x := range s {
		if !contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
