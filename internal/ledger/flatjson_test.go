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
		`[{"hours":"2","person":"p1"},{"person":"p2"}]`, `[]`, `[{}]`, `[{"a":"\ud800"}]`, "{\"a\":\"\xff\"}", `{"a":"1"} x`, `[{"a":"1"}]]`,
		`{"a":"\/\b\f\n\r\t\u00e9\u4E2D"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12g4"}`, `{"a":"x\"}`,
		`{"r":"[{\"hours\":\"2\",\"person\":\"张三\"}]"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, ok := PickFields(s, nil); ok {
			var want Values
			if err := json.Unmarshal([]byte(s), &want); err != nil || !maps.Equal(got, want) {
				t.Fatalf("PickFields(%q) = %v; encoding/json %v, %v", s, got, want, err)
			}
		}
		// Asked for one field, the values skipped are not decoded: every
		// object of strings encoding/json reads gives that field alike.
		var all map[string]string
		if json.Unmarshal([]byte(s), &all) == nil && all != nil {
			got, ok := PickFields(s, map[string]bool{"a": true})
			want, has := all["a"]
			if !ok || got["a"] != want || len(got) != map[bool]int{true: 1}[has] {
				t.Fatalf("PickFields(%q, a) = %v, %v; encoding/json %v", s, got, ok, all)
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

func TestPickFields_EscapesDecodedAsEncodingJSONDoes(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":"\"\\\/\b\f\n\r\t"}`:    "\"\\/\b\f\n\r\t",
		`{"a":"\u4e2d\u6587 \u00E9"}`: "中文 é",
		`{"a":"[{\"hours\":\"2\"}]"}`: `[{"hours":"2"}]`,
		`{"a":"\ud83d\ude00"}`:        "😀", // a surrogate pair: left to encoding/json
		`{"a":"\ud800 lone"}`:         "\ufffd lone",
		`{"a":"\u0041\u0042C"}`:       "ABC",
	} {
		got, ok := PickFields(in, nil)
		if !ok || got["a"] != want {
			t.Errorf("PickFields(%s) = %q, %v; want %q", in, got["a"], ok, want)
		}
	}
	for _, bad := range []string{`{"a":"\x"}`, `{"a":"\u12"}`, `{"a":"\u12g4"}`} {
		if _, ok := PickFields(bad, nil); ok {
			t.Errorf("PickFields(%s) accepted a bad escape", bad)
		}
	}
}

func TestPickFields_SkipsTheOthersWithTheirEscapes(t *testing.T) {
	got, ok := PickFields(`{"b":"x\"y\\","a":"1","c":"\\\\","d":"[{\"k\":\"v\"}]","e":"2"}`, map[string]bool{"a": true, "e": true})
	if !ok || !maps.Equal(got, Values{"a": "1", "e": "2"}) {
		t.Errorf("%v %v", got, ok)
	}
	if _, ok := PickFields(`{"b":"never ends\"}`, map[string]bool{"a": true}); ok {
		t.Error("an unterminated value skipped as if it ended")
	}
}
