package secure

import (
	"crypto/hmac"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"github.com/emmansun/gmsm/sm3"
	"golang.org/x/text/unicode/norm"
)

// BlindIndex is a keyed HMAC-SM3 of the normalised value, hex, for exact
// lookup of a personal field without storing or indexing its plaintext. The
// field name is part of the input, so the same ID number in two fields
// indexes differently. The key comes from the root version (see KeyRing), so
// indexes stay valid across rotations.
func (r *KeyRing) BlindIndex(field, value string) string {
	m := hmac.New(sm3.New, r.indexKey)
	m.Write([]byte(strconv.Itoa(len(field)) + ":" + field))
	m.Write([]byte(Normalize(value)))
	return hex.EncodeToString(m.Sum(nil))
}

// Normalize is the form a personal value is indexed and compared in:
// full-width characters folded (NFKC), spaces and hyphens removed, Latin
// letters upper-cased (the X of an ID number).
func Normalize(value string) string {
	value = norm.NFKC.String(value)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return unicode.ToUpper(r)
	}, value)
}
