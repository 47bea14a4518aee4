package store

import (
	"fazhi/internal/audit"
	"fazhi/internal/ledger"
)

// entryHash chains e after prev under the key ring's audit key.
func (db *DB) entryHash(prev string, e *audit.Entry) string {
	return audit.Hash(db.cfg.Keys.AuditKey(), prev, e)
}

// Keys of a transition's diff besides the fields: the state before and
// after, and the event taken.
const (
	diffState = "@state"
	diffEvent = "@event"
)

// personalSet names the personal fields of a kind, for audit.Diff.
func personalSet(k *ledger.Kind) map[string]bool {
	out := map[string]bool{}
	for i := range k.Fields {
		if k.Fields[i].Type == ledger.TypePersonal {
			out[k.Fields[i].Name] = true
		}
	}
	return out
}
