package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// pageError is a failure shown to the user as a page with a status.
type pageError struct {
	Status  int
	Message string // Chinese, says what happened and what to do
}

func (e *pageError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

var (
	errNotFound    = &pageError{http.StatusNotFound, "页面不存在，或该记录不在您的数据范围内。请从导航栏重新进入。"}
	errForbidden   = &pageError{http.StatusForbidden, "您的角色无权进行此操作。如需办理，请联系本单位管理员分配角色。"}
	errCSRF        = &pageError{http.StatusForbidden, "安全校验失败：表单已过期或并非从本系统页面提交。请刷新页面后重新提交。"}
	errCrossOrigin = &pageError{http.StatusForbidden, "已拒绝来自其他网站的请求。请在本系统页面内操作。"}
	errBadToken    = &pageError{http.StatusUnauthorized, "API 令牌无效、已过期、已吊销或其用户已被锁定：请在请求头使用 Authorization: Bearer <令牌>；令牌由本人登录后在“API 令牌”页签发。"}
)

// msgTampered answers a download whose stored bytes no longer match their
// recorded SHA-256 (logged as an internal error).
const msgTampered = "附件内容与登记的 SHA-256 校验值不符（文件可能已被篡改或损坏），已拒绝下载并记录在服务器日志中，请联系管理员核查。"

// statusOf maps an error to the status (errorStatus) and Chinese message a
// user sees; internal reports whether it is the server's fault (logged, 500).
func statusOf(err error) (status int, msg string, internal bool) {
	status, known := errorStatus(err)
	var (
		pe  *pageError
		fe  ledger.FieldErrors
		re  *ledger.RuleError
		mbe *http.MaxBytesError
		ue  *access.UnitError
		ie  access.ImportErrors
	)
	switch {
	case errors.Is(err, store.ErrTampered):
		return status, msgTampered, true
	case !known:
		return status, "服务器内部错误：请稍后重试，如仍失败请联系管理员。", true
	case errors.As(err, &pe):
		msg = pe.Message
	case errors.As(err, &mbe):
		msg = fmt.Sprintf("提交的内容过大：不得超过 %s，请缩小文件后重试。", byteSize(mbe.Limit))
	case errors.As(err, &re):
		msg = re.Error()
	case errors.As(err, &ue):
		msg = ue.Msg
	case errors.As(err, &ie):
		msg = ie.Error()
	case errors.As(err, &fe):
		msg = "输入有误：" + fe.Error()
	case errors.Is(err, ledger.ErrRole), errors.Is(err, store.ErrForbidden):
		msg = errForbidden.Message
	case errors.Is(err, ledger.ErrNoTransition):
		msg = "记录当前所处的状态不能进行此操作，请查看记录的当前状态。"
	case errors.Is(err, store.ErrNotFound):
		msg = errNotFound.Message
	case errors.Is(err, store.ErrConflict):
		msg = "记录已被他人修改：请刷新页面，查看最新内容后再操作。"
	case errors.Is(err, store.ErrDuplicate):
		msg = "记录重复：已存在相同的记录。"
	default:
		msg = err.Error()
	}
	return status, msg, false
}

// fail writes err as an error page (or, under /api/, as the API's JSON
// error body). Only internal errors are logged, once, here at the edge.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away
	}
	status, msg, internal := statusOf(err)
	if internal {
		s.log.ErrorContext(r.Context(), "request failed", append(logAttrs(r), slog.Any("err", err))...)
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiWriteJSON(w, status, &apiError{Status: status, Message: msg})
		return
	}
	page := &ErrorPage{Base: s.base(r, "出错了"), Status: status, Message: msg}
	s.render(w, r, status, "error.html", page)
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
