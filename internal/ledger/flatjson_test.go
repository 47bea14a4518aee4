package ledger

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"
)

// FuzzFlatJSON: the fast readers of a record's data and of a table agree
// with encoding/json on every input they accept, and refuse (so the caller
// falls back to encoding/json) whatever is not an object (array of
// objects) of strings.
func FuzzFlatJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":"1","b":"二"}`, ` { "a" : "x\"y\\z\u4e2d" , "a":"last" } `, `{"a":1}`, `{"a":"1",}`,
		`[{"hours":"2","person":"p1"},{"person":"p2"}]`, `[]`, `[{}]`, `[{"a":"\ud800"}]`, "{\"a\":\"\xff\"}", `{"a":"1"} x`, `[{"a":"1"}]]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := PickFields(s, nil); ok {
			var want Values
			if err := json.Unmarshal([]byte(s), &want); err != nil || !maps.Equal(got, want) {
				t.Fatalf("PickFields(%q) = %v; encoding/json %v, %v", s, got, want, err)
			}
		}
		if got, ok := flatRows(s); ok {
			var want []Values
			if err := json.Unmarshal([]byte(s), &want); err != nil || !slices.EqualFunc(got, want, maps.Equal) {
				t.Fatalf("flatRows(%q) = %v; encoding/json %v, %v", s, got, want, err)
			}
		}
	})
}

func TestPickFields_OnlyTheFieldsAsked(t *testing.T) {
	got, ok := PickFields(`{"a":"1","b":"2","c":"x\ny"}`, map[string]bool{"a": true, "c": true})
	if !ok || !maps.Equal(got, Values{"a": "1", "c": "x\ny"}) {
		t.Errorf("%v %v", got, ok)
	}
	if _, ok := PickFields(`{"a":["1"]}`, nil); ok {
		t.Error("a value that is not a string accepted")
	}
}
