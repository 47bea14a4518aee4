package audit

import (
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// An anchor is the chain's length and last hash sealed with the audit key:
// the store keeps one beside the head (moved forward with every append),
// and `fazhi audit anchor` prints one as a checkpoint to keep away from the
// server. Deleting the newest entries and rewriting the head to match, or
// emptying the log and resetting the head, leaves a head whose seal does
// not verify — forging one needs the key, which the database does not
// hold. A checkpoint kept elsewhere also catches a database rolled back as
// a whole: the chain must still hold its entry with its hash.

// Anchor is a sealed (count, head) pair.
type Anchor struct {
	Seq  int64  // entries in the chain (the last Seq)
	Hash string // the last entry's hash ("" for an empty chain)
	Seal string // hex HMAC-SM3 over Seq and Hash
}

// SealAnchor returns the seal of (seq, hash) under key.
func SealAnchor(key []byte, seq int64, hash string) string {
	m := hmac.New(sm3.New, key)
	m.Write([]byte("fazhi-audit-anchor|" + chainVersion + "|" + strconv.FormatInt(seq, 10) + "|" + hash))
	return hex.EncodeToString(m.Sum(nil))
}

// Valid reports whether a's seal is the key's.
func (a Anchor) Valid(key []byte) bool {
	return a.Seal != "" && hmac.Equal([]byte(SealAnchor(key, a.Seq, a.Hash)), []byte(a.Seal))
}

const checkpointPrefix = "fazhi-audit:"

// String is the checkpoint form: "fazhi-audit:<seq>:<hash>:<seal>".
func (a Anchor) String() string {
	return checkpointPrefix + strconv.FormatInt(a.Seq, 10) + ":" + a.Hash + ":" + a.Seal
}

// ParseCheckpoint reads what Anchor.String wrote. The error is Chinese.
func ParseCheckpoint(s string) (Anchor, error) {
	bad := fmt.Errorf("检查点格式应为 fazhi-audit:<条数>:<哈希>:<封签>（由 fazhi audit anchor 打印），请原样粘贴")
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), checkpointPrefix)
	if !ok {
		return Anchor{}, bad
	}
	parts := strings.Split(rest, ":")
	if len(parts) != 3 {
		return Anchor{}, bad
	}
	seq, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || seq < 0 || strconv.FormatInt(seq, 10) != parts[0] || !isHex(parts[1], seq > 0) || !isHex(parts[2], true) {
		return Anchor{}, bad
	}
	return Anchor{Seq: seq, Hash: parts[1], Seal: parts[2]}, nil
}

func isHex(s string, nonEmpty bool) bool {
	if s == "" {
		return !nonEmpty
	}
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
