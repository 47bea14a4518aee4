package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// apiError is the JSON error body of every API failure:
//
//	{"error":"中文说明","fields":{"field":"中文"},"basis":"法律依据"}
//
// Status is the HTTP status it is sent with.
type apiError struct {
	Status  int               `json:"-"`
	Message string            `json:"error"`
	Fields  map[string]string `json:"fields,omitempty"`
	Basis   string            `json:"basis,omitempty"`
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

// apiBad is a 400 about one field.
func apiBad(field, msg string) *apiError {
	e := &apiError{Status: http.StatusBadRequest, Message: msg}
	if field != "" {
		e.Fields = map[string]string{field: msg}
	}
	return e
}

var (
	errAPIUnauthenticated = &apiError{Status: http.StatusUnauthorized,
		Message: "未登录或登录已过期：请登录后重试，程序调用请在请求头加 Authorization: Bearer <令牌>"}
	errAPINotFound = &apiError{Status: http.StatusNotFound,
		Message: "记录不存在，或不在您的数据范围内"}
	errAPIUnknownKind = &apiError{Status: http.StatusNotFound,
		Message: "没有这种台账：请用 GET /api/v1/kinds 查看可用的台账类型"}
	errAPIForbidden = &apiError{Status: http.StatusForbidden,
		Message: "您的角色无权执行此操作"}
	errAPIConflict = &apiError{Status: http.StatusConflict,
		Message: "记录已被他人修改：请重新读取记录，取得最新版本号（version）后再提交"}
	errAPIDuplicate = &apiError{Status: http.StatusConflict,
		Message: "记录重复：已存在相同的记录"}
	errAPINoTransition = &apiError{Status: http.StatusConflict,
		Message: "记录当前所处的状态不能执行此操作：请先查看记录的当前状态和可办理的操作"}
)

// apiErrorOf translates an error from the store, the ledger engine or the
// request decoding into the error body the caller sees, with the status of
// errorStatus. Anything it does not recognise is an internal error (500).
func apiErrorOf(err error) *apiError {
	status, known := errorStatus(err)
	var (
		ae  *apiError
		pe  *pageError
		fe  ledger.FieldErrors
		re  *ledger.RuleError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.Is(err, store.ErrTampered):
		return &apiError{Status: status, Message: msgTampered}
	case !known:
		return &apiError{Status: status, Message: "服务器内部错误：请稍后重试，如仍失败请联系管理员"}
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &pe):
		return &apiError{Status: status, Message: pe.Message} // a refusal shared with the pages
	case errors.As(err, &mbe):
		return &apiError{Status: status, Message: fmt.Sprintf("请求体过大：不得超过 %s，请缩小后重试", apiBytes(mbe.Limit))}
	case errors.As(err, &fe):
		out := &apiError{Status: status, Message: "输入有误：请按各字段的提示修改后重新提交", Fields: map[string]string{}}
		for k, v := range fe {
			if k == "" {
				out.Message = v
				continue
			}
			out.Fields[k] = v
		}
		if len(out.Fields) == 0 {
			out.Fields = nil
		}
		return out
	case errors.As(err, &re):
		out := &apiError{Status: status, Message: re.Reason, Basis: re.Basis}
		if re.Field != "" {
			out.Fields = map[string]string{re.Field: re.Reason}
		}
		return out
	case errors.Is(err, ledger.ErrRole):
		return &apiError{Status: status, Message: apiSentence(err, ledger.ErrRole, errAPIForbidden.Message)}
	case errors.Is(err, ledger.ErrNoTransition):
		return &apiError{Status: status, Message: apiSentence(err, ledger.ErrNoTransition, errAPINoTransition.Message)}
	case errors.Is(err, store.ErrNotFound):
		return errAPINotFound
	case errors.Is(err, store.ErrForbidden):
		return errAPIForbidden
	case errors.Is(err, store.ErrConflict):
		return errAPIConflict
	case errors.Is(err, store.ErrDuplicate):
		return errAPIDuplicate
	}
	return &apiError{Status: status, Message: err.Error()}
}

// apiSentence is the ledger's Chinese sentence for a wrapped sentinel
// (e.g. "当前状态下不能进行此操作：记录处于「已受理」状态，不能出具审查意见"),
// without the wrapping of the layers below, or fallback.
func apiSentence(err, sentinel error, fallback string) string {
	msg := err.Error()
	if i := strings.Index(msg, sentinel.Error()); i >= 0 {
		return msg[i:]
	}
	return fallback
}

// apiFail writes err as the JSON error body. Only internal errors (those
// errorStatus does not know) are logged: user errors are the caller's
// business, not the operator's.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away; nobody to answer
	}
	ae := apiErrorOf(err)
	if _, known := errorStatus(err); !known { // as s.fail: a known 503 (no LibreOffice) is no operator's business
		s.log.ErrorContext(r.Context(), "api request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	apiWriteJSON(w, ae.Status, ae)
}

// apiBytes renders a byte count for messages.
func apiBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}
