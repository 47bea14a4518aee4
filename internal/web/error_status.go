package web

import (
	"errors"
	"net/http"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// errorStatus is the one table from an error to the HTTP status, for pages
// and the API alike; 500 (and false) for errors the server does not expect.
func errorStatus(err error) (int, bool) {
	var (
		pe  *pageError
		ae  *apiError
		fe  ledger.FieldErrors
		re  *ledger.RuleError
		mbe *http.MaxBytesError
		ue  *access.UnitError
		ie  access.ImportErrors
	)
	switch {
	case errors.As(err, &pe):
		return pe.Status, true
	case errors.As(err, &ae):
		return ae.Status, true
	case errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, true
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, true // a value to fix, named by field
	case errors.As(err, &re):
		return http.StatusUnprocessableEntity, true // a rule refuses, citing its basis
	case errors.As(err, &ue), errors.As(err, &ie):
		return http.StatusUnprocessableEntity, true // a rule of the unit tree; an import's bad rows
	case errors.Is(err, ledger.ErrRole), errors.Is(err, store.ErrForbidden):
		return http.StatusForbidden, true
	case errors.Is(err, ledger.ErrNoTransition), errors.Is(err, store.ErrConflict), errors.Is(err, store.ErrDuplicate):
		return http.StatusConflict, true // the record's current state or version does not allow it
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, true
	}
	return http.StatusInternalServerError, false
}

// statusFor is errorStatus's status alone, for handlers that render their
// own page for a known error.
func statusFor(err error) int {
	status, _ := errorStatus(err)
	return status
}
