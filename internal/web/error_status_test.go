package web

import (
	"fmt"
	"net/http"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// The page and the API answer every kind of error with the same status.
func TestErrorStatus_OneTableForPagesAndAPI(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{ledger.FieldErrors{"x": "「x」格式有误"}, http.StatusUnprocessableEntity},
		{&ledger.RuleError{Reason: "不得提交", Basis: "第二十五条"}, http.StatusUnprocessableEntity},
		{fmt.Errorf("wrapped: %w", ledger.ErrNoTransition), http.StatusConflict},
		{store.ErrConflict, http.StatusConflict},
		{store.ErrDuplicate, http.StatusConflict},
		{fmt.Errorf("%w: %w", store.ErrForbidden, ledger.ErrRole), http.StatusForbidden},
		{store.ErrNotFound, http.StatusNotFound},
		{&http.MaxBytesError{Limit: 10}, http.StatusRequestEntityTooLarge},
		{fmt.Errorf("disk full"), http.StatusInternalServerError},
	} {
		page, _, _ := statusOf(c.err)
		api := apiErrorOf(c.err).Status
		if page != c.want || api != c.want {
			t.Errorf("%v: page %d, API %d, want %d", c.err, page, api, c.want)
		}
	}
}
