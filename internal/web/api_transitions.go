package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"fazhi/internal/ledger"
)

// apiTransitionBody is the body of POST …/{id}/transitions.
type apiTransitionBody struct {
	Event   string    `json:"event"`
	Version *int      `json:"version"`
	Data    apiValues `json:"data"`
}

func (s *Server) apiTransition(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, id, err := s.apiTargetID(r)
	if err != nil {
		return err
	}
	var body apiTransitionBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if body.Version == nil {
		return apiBad("version", "缺少 version：请先读取记录，把其中的 version 原样带上，以免覆盖他人的修改")
	}
	t := apiTransitionOf(k, body.Event)
	if t == nil {
		return apiBad("event", fmt.Sprintf("「%s」没有操作 %q：可用的操作是 %s", k.Label, body.Event, apiEventNames(k)))
	}
	bad := map[string]string{}
	for name := range body.Data {
		f := apiField(k, name)
		if f == nil || !(f.Step == t.Event || slices.Contains(t.Fields, name)) {
			bad[name] = fmt.Sprintf("办理「%s」时不填写 %q：这一步可填写的字段是 %s", t.Label, name, apiStepFields(k, t))
		}
	}
	if len(bad) > 0 {
		return &apiError{Status: http.StatusBadRequest, Message: "data 中有这一步不能填写的字段：请按各字段的提示修改", Fields: bad}
	}
	out, err := s.store.Transition(r.Context(), p.Actor, k, id, *body.Version, t.Event, ledger.Values(body.Data))
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiRecordOf(out))
	return nil
}

func apiTransitionOf(k *ledger.Kind, event string) *ledger.Transition {
	for i := range k.Workflow.Transitions {
		if k.Workflow.Transitions[i].Event == event {
			return &k.Workflow.Transitions[i]
		}
	}
	return nil
}

func apiEventNames(k *ledger.Kind) string {
	var names []string
	for _, t := range k.Workflow.Transitions {
		if !slices.Contains(names, t.Event+"（"+t.Label+"）") {
			names = append(names, t.Event+"（"+t.Label+"）")
		}
	}
	return strings.Join(names, "、")
}

func apiStepFields(k *ledger.Kind, t *ledger.Transition) string {
	names := slices.Clone(t.Fields)
	for _, f := range k.Fields {
		if f.Step == t.Event && !slices.Contains(names, f.Name) {
			names = append(names, f.Name)
		}
	}
	if len(names) == 0 {
		return "（无）"
	}
	return strings.Join(names, "、")
}
