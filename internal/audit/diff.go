package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Encrypted stands in an audit diff for the value of a personal-data field,
// so the log holds no plaintext of it (and needs no rewrite on key
// rotation).
const Encrypted = "[已加密]"

type diffJSON struct {
	Before map[string]string `json:"before"`
	After  map[string]string `json:"after"`
}

// Diff is the compact JSON {"before":{…},"after":{…}} of the keys whose
// value changed (a missing key counts as ""). A key appears on a side only
// if that map has it, so a creation has an empty "before". Values of
// personal fields are written as Encrypted (an empty one stays "").
func Diff(before, after map[string]string, personal map[string]bool) string {
	d := diffJSON{Before: map[string]string{}, After: map[string]string{}}
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for k := range keys {
		if before[k] == after[k] {
			continue
		}
		if v, ok := before[k]; ok {
			d.Before[k] = shown(v, personal[k])
		}
		if v, ok := after[k]; ok {
			d.After[k] = shown(v, personal[k])
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		panic("audit.Diff: " + err.Error()) // maps of strings always encode
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

func shown(v string, personal bool) string {
	if personal && v != "" {
		return Encrypted
	}
	return v
}

// ParseDiff reads a diff made by Diff, for showing it on a timeline.
func ParseDiff(s string) (before, after map[string]string, err error) {
	var d diffJSON
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return nil, nil, fmt.Errorf("审计差异格式无效：%w", err)
	}
	if d.Before == nil {
		d.Before = map[string]string{}
	}
	if d.After == nil {
		d.After = map[string]string{}
	}
	return d.Before, d.After, nil
}
