package ledger

import "errors"

// Sentinel errors of Apply. They are wrapped with a Chinese sentence naming
// the state or the transition, so err.Error() can be shown to a user while
// errors.Is still matches.
var (
	// ErrNoTransition: the event does not exist or is not open from the
	// record's current state.
	ErrNoTransition = errors.New("当前状态下不能进行此操作")
	// ErrRole: the principal holds none of the roles the transition needs.
	ErrRole = errors.New("您没有进行此操作的权限")
)

// ErrNotFound is what Linked.Record returns (wrapped or as is) for a record
// that does not exist or lies outside the caller's data scope; guards turn
// it into a RuleError the user can act on.
var ErrNotFound = errors.New("记录不存在或无权查看")
