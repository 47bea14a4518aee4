package audit

import (
	"crypto/hmac"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

// chainVersion names the encoding below; a change of encoding must change it.
const chainVersion = "fazhi-audit-v1"

// Hash is the chain hash of e after prev (the previous entry's Hash, "" for
// the first): hex HMAC-SM3 under key over an unambiguous encoding of every
// field but Hash and PrevHash, followed by prev. Each field is written as
// its byte length, ":", and its bytes, so no two entries encode alike.
//
// At is taken in UTC and truncated to microseconds, the precision
// PostgreSQL keeps, so an entry hashes alike before and after a round trip
// through either database. The store should truncate At the same way before
// it saves, so what is shown is what was hashed.
func Hash(key []byte, prev string, e *Entry) string {
	m := hmac.New(sm3.New, key)
	for _, s := range [...]string{
		chainVersion,
		strconv.FormatInt(e.Seq, 10),
		e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor,
		strconv.FormatInt(e.UnitID, 10),
		e.Addr,
		e.Action,
		e.Object,
		e.Diff,
		prev,
	} {
		m.Write([]byte(strconv.Itoa(len(s))))
		m.Write([]byte{':'})
		m.Write([]byte(s))
	}
	return hex.EncodeToString(m.Sum(nil))
}

// Seal sets e.PrevHash to prev and e.Hash to its chain hash: what the store
// does to an entry, with Seq and At already set, before inserting it.
func Seal(key []byte, prev string, e *Entry) {
	e.PrevHash = prev
	e.Hash = Hash(key, prev, e)
}
