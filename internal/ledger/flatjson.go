package ledger

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Fast paths for the JSON the store keeps: a record's data is an object of
// strings, a table an array of such objects. Reading them with
// encoding/json's reflection was half of an indicator evaluation.

// PickFields reads the values of the fields in want (nil: all) from a
// record's data (a JSON object of strings) without keeping the rest — an
// indicator evaluation reads a handful of fields of every record of a
// subtree. ok is false when data is not a flat object of strings; the
// caller then decodes it with encoding/json.
func PickFields(data string, want map[string]bool) (Values, bool) {
	out := make(Values, len(want))
	next, ok := flatObject(data, skipSpace(data, 0), want, func(k, v string) { out[k] = v })
	if !ok || skipSpace(data, next) != len(data) {
		return nil, false
	}
	return out, true
}

// flatObject reads the object of strings at data[i], calling set for each
// member whose key is in want (nil: every member), and returns the index
// after its closing brace. The value of a member not wanted is skipped,
// not decoded (its escapes are not checked): most of a record's data is
// fields no indicator reads.
func flatObject(data string, i int, want map[string]bool, set func(k, v string)) (int, bool) {
	if i >= len(data) || data[i] != '{' {
		return i, false
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, true
	}
	for {
		key, next, ok := jsonString(data, i)
		if !ok {
			return i, false
		}
		i = skipSpace(data, next)
		if i >= len(data) || data[i] != ':' {
			return i, false
		}
		i = skipSpace(data, i+1)
		if want != nil && !want[key] {
			if next, ok = skipString(data, i); !ok {
				return i, false
			}
		} else {
			val, n, ok := jsonString(data, i)
			if !ok {
				return i, false
			}
			set(key, val)
			next = n
		}
		i = skipSpace(data, next)
		if i >= len(data) {
			return i, false
		}
		switch data[i] {
		case ',':
			i = skipSpace(data, i+1)
		case '}':
			return i + 1, true
		default:
			return i, false
		}
	}
}

// flatRows reads a table (a JSON array of objects of strings); ok is false
// for anything else.
func flatRows(s string) ([]Values, bool) {
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '[' {
		return nil, false
	}
	rows := []Values{}
	width := 4 // columns of a row, from the row before
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == ']' {
		return rows, skipSpace(s, i+1) == len(s)
	}
	for {
		row := make(Values, width)
		next, ok := flatObject(s, i, nil, func(k, v string) { row[k] = v })
		if !ok {
			return nil, false
		}
		width = len(row)
		rows = append(rows, row)
		i = skipSpace(s, next)
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case ']':
			return rows, skipSpace(s, i+1) == len(s)
		default:
			return nil, false
		}
	}
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		i++
	}
	return i
}

// skipString returns the index after the JSON string starting at s[i]
// ('"'), without decoding it; ok is false when s[i] does not start a
// string that ends.
func skipString(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '"' {
		return i, false
	}
	for j := i + 1; j < len(s); {
		q := strings.IndexByte(s[j:], '"')
		if q < 0 {
			return len(s), false
		}
		j += q
		// The quote ends the string unless an odd number of backslashes
		// precede it.
		n := 0
		for k := j - 1; k > i && s[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return j + 1, true
		}
		j++
	}
	return len(s), false
}

// jsonString reads the JSON string starting at s[i] ('"'): its value and
// the index after its closing quote. Without escapes the value is the
// text between the quotes; with escapes it is unescaped here (a table's
// rows are a string full of \" inside a record's data), and anything
// unusual (bytes that are not UTF-8, a lone surrogate, a bad escape) is
// left to encoding/json, as a full decode would.
func jsonString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	escaped := false
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			if utf8.ValidString(s[i+1 : j]) {
				if !escaped {
					return s[i+1 : j], j + 1, true
				}
				if v, ok := unescape(s[i+1 : j]); ok {
					return v, j + 1, true
				}
			}
			var v string
			if err := json.Unmarshal([]byte(s[i:j+1]), &v); err != nil {
				return "", j + 1, false
			}
			return v, j + 1, true
		case c < 0x20:
			return "", j, false
		}
	}
	return "", len(s), false
}

// unescape decodes the escapes of the body of a JSON string whose bytes
// are valid UTF-8; ok is false for an escape it leaves to encoding/json
// (a bad one, or a \u escape of a surrogate).
func unescape(raw string) (string, bool) {
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		i++
		if i >= len(raw) {
			return "", false
		}
		switch raw[i] {
		case '"', '\\', '/':
			b = append(b, raw[i])
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			if i+5 > len(raw) {
				return "", false
			}
			var r rune
			for _, h := range []byte(raw[i+1 : i+5]) {
				switch {
				case h >= '0' && h <= '9':
					r = r<<4 | rune(h-'0')
				case h >= 'a' && h <= 'f':
					r = r<<4 | rune(h-'a'+10)
				case h >= 'A' && h <= 'F':
					r = r<<4 | rune(h-'A'+10)
				default:
					return "", false
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				return "", false
			}
			b = utf8.AppendRune(b, r)
			i += 4
		default:
			return "", false
		}
	}
	return string(b), true
}
