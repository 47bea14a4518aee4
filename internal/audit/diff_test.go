package audit

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	personal := map[string]bool{"id_number": true, "phone": true}
	cases := []struct {
		name          string
		before, after map[string]string
		want          string
	}{
		{"only changed keys", map[string]string{"title": "征地方案", "state": "草稿", "dept": "司法所"}, map[string]string{"title": "征地方案", "state": "审查中", "dept": "司法所"},
			`{"before":{"state":"草稿"},"after":{"state":"审查中"}}`},
		{"creation", nil, map[string]string{"title": "A&B <合同>", "id_number": "110101199003074514", "phone": ""},
			`{"before":{},"after":{"id_number":"[已加密]","title":"A&B <合同>"}}`},
		{"personal change holds no plaintext", map[string]string{"phone": "13800138000"}, map[string]string{"phone": "13900139000"},
			`{"before":{"phone":"[已加密]"},"after":{"phone":"[已加密]"}}`},
		{"cleared value", map[string]string{"opinion": "合法"}, map[string]string{"opinion": ""},
			`{"before":{"opinion":"合法"},"after":{"opinion":""}}`},
		{"removed key", map[string]string{"opinion": "合法"}, map[string]string{},
			`{"before":{"opinion":"合法"},"after":{}}`},
		{"nothing changed", map[string]string{"a": "1"}, map[string]string{"a": "1"},
			`{"before":{},"after":{}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Diff(tc.before, tc.after, personal)
			if got != tc.want {
				t.Errorf("Diff = %s\nwant   %s", got, tc.want)
			}
			if strings.Contains(got, "110101199003074514") || strings.Contains(got, "13800138000") {
				t.Error("diff holds personal plaintext")
			}
			b, a, err := ParseDiff(got)
			if err != nil || len(b)+len(a) != strings.Count(got, `":"`) {
				t.Errorf("ParseDiff = %v %v %v", b, a, err)
			}
		})
	}
	if _, _, err := ParseDiff("not json"); err == nil {
		t.Error("ParseDiff accepted garbage")
	}
}

func FuzzParseDiff(f *testing.F) {
	f.Add(`{"before":{"a":"1"},"after":{"a":"2"}}`)
	f.Add(`{}`)
	f.Add(`{"before":null}`)
	f.Fuzz(func(t *testing.T, s string) {
		b, a, err := ParseDiff(s)
		if err != nil {
			return
		}
		// What parses re-encodes to a diff that parses to the same maps.
		b2, a2, err := ParseDiff(Diff(b, a, nil))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range b {
			if a[k] != v && b2[k] != v {
				t.Fatalf("before[%q] lost", k)
			}
		}
		for k, v := range a {
			if b[k] != v && a2[k] != v {
				t.Fatalf("after[%q] lost", k)
			}
		}
	})
}
