package web

import (
	"errors"
	"fmt"
	"net/http"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// apiCorrectionBody is the body of POST …/{id}/corrections.
type apiCorrectionBody struct {
	Event   string    `json:"event"`
	Version *int      `json:"version"`
	Data    apiValues `json:"data"`
	Reason  string    `json:"reason"`
}

// apiPending answers a correction stored for approval.
type apiPending struct {
	Pending int64  `json:"pending"` // the correction request
	Message string `json:"message"`
}

func (s *Server) apiCorrect(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, id, err := s.apiTargetID(r)
	if err != nil {
		return err
	}
	var body apiCorrectionBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if body.Version == nil {
		return apiBad("version", "缺少 version：请先读取记录，把其中的 version 原样带上，以免覆盖他人的修改")
	}
	if body.Event != "" && k.Transition(body.Event) == nil {
		return apiBad("event", fmt.Sprintf("「%s」没有操作 %q：可用的操作是 %s", k.Label, body.Event, apiEventNames(k)))
	}
	out, err := s.store.CorrectRecord(r.Context(), p.Actor, k, id, *body.Version,
		ledger.Correction{Event: body.Event, Input: ledger.Values(body.Data), Reason: body.Reason})
	var pending *store.PendingError
	if errors.As(err, &pending) {
		apiWriteJSON(w, http.StatusAccepted, apiPending{Pending: pending.ID, Message: pending.Error()})
		return nil
	}
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiRecordOf(out))
	return nil
}
