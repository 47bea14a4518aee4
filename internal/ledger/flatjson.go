package ledger

import (
	"encoding/json"
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
	next, ok := flatObject(data, skipSpace(data, 0), func(k, v string) {
		if want == nil || want[k] {
			out[k] = v
		}
	})
	if !ok || skipSpace(data, next) != len(data) {
		return nil, false
	}
	return out, true
}

// flatObject reads the object of strings at data[i], calling set for each
// member, and returns the index after its closing brace.
func flatObject(data string, i int, set func(k, v string)) (int, bool) {
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
		val, next, ok := jsonString(data, i)
		if !ok {
			return i, false
		}
		set(key, val)
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
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == ']' {
		return rows, skipSpace(s, i+1) == len(s)
	}
	for {
		row := Values{}
		next, ok := flatObject(s, i, func(k, v string) { row[k] = v })
		if !ok {
			return nil, false
		}
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

// jsonString reads the JSON string starting at s[i] ('"'): its value and
// the index after its closing quote. Without escapes the value is the
// text between the quotes; with escapes (or bytes that are not UTF-8) it
// is decoded by encoding/json, as a full decode would.
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
			if !escaped && utf8.ValidString(s[i+1:j]) {
				return s[i+1 : j], j + 1, true
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
