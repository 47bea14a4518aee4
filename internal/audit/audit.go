// Package audit is the append-only, hash-chained audit log: every entry's
// hash covers its content and the previous entry's hash (keyed SM3, GB/T
// 32905), so an edited, deleted or reordered row breaks the chain at a
// point Verify names.
package audit

import "time"

// Entry is one audit record. Seq is assigned by the store, contiguous from 1.
type Entry struct {
	Seq      int64
	At       time.Time
	ActorID  int64
	Actor    string // user name at the time
	UnitID   int64
	Addr     string // client address
	Action   string // create, update, transition, attach, clock, login, login_failed, logout, user.*, token.*
	Object   string // e.g. "record:42", "user:7"
	Diff     string // JSON {"before":{…},"after":{…}}; personal data only as "[已加密]"
	PrevHash string // hex
	Hash     string // hex
}

// Break names the first entry where the chain does not hold.
type Break struct {
	Seq    int64  // first bad sequence number
	Reason string // Chinese, e.g. "第 12 条记录内容被篡改"
}
