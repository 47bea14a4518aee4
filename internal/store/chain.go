package store

import (
	"crypto/hmac"
	"encoding/hex"
	"strconv"

	"github.com/emmansun/gmsm/sm3"

	"fazhi/internal/audit"
)

// entryHash chains e after prev.
// TODO(store): switch to audit.Hash once internal/audit lands.
func (db *DB) entryHash(prev string, e *audit.Entry) string {
	m := hmac.New(sm3.New, db.cfg.Keys.AuditKey())
	for _, s := range []string{prev, strconv.FormatInt(e.Seq, 10), strconv.FormatInt(e.At.UnixMicro(), 10),
		strconv.FormatInt(e.ActorID, 10), e.Actor, strconv.FormatInt(e.UnitID, 10), e.Addr, e.Action, e.Object, e.Diff} {
		m.Write([]byte(strconv.Itoa(len(s)) + ":" + s))
	}
	return hex.EncodeToString(m.Sum(nil))
}
