package ledger

import (
	"cmp"
	"math/big"
	"slices"
	"strings"
)

// Tally is a per-person total over the rows of a table field across a
// year's records of a kind, held against a minimum per group: each
// person's study hours against the minimum for their post. Declared on a
// kind (Kind.Tallies); evaluated by Kind.Tally over records the caller may
// read.
type Tally struct {
	Name  string // identifier, e.g. "study_hours"
	Label string // Chinese, e.g. "年度学法学时"
	Table string // the table field
	// Key columns identify a person: the first non-empty one (a user, or a
	// name for someone without an account).
	Key []string
	// Sum is the column added up; where a row leaves it empty, the record's
	// field Default gives the value (the session's hours).
	Sum, Default string
	// Group is the column giving the person's group; Minimums names, per
	// group value, the integer setting holding the group's yearly minimum.
	Group    string
	Minimums map[string]string
	Unit     string // e.g. 学时
	Basis    string
}

// TallyRow is one person's total.
type TallyRow struct {
	Key, Group string
	Total      float64
	Minimum    int  // 0 when the group has none
	Short      bool // Total below Minimum
	Records    []int64
}

// Tally evaluates t over records (of kind k, already limited to a year and
// a scope by the caller) with settings set: one row per person, people
// short of their minimum first, then by key.
func (k *Kind) Tally(t *Tally, records []Record, set SettingValues) []TallyRow {
	vals := k.effective(set)
	type acc struct {
		total   *big.Rat
		group   string
		records []int64
	}
	people := map[string]*acc{}
	for _, r := range records {
		for _, row := range r.Data.Rows(t.Table) {
			key := ""
			for _, c := range t.Key {
				if key = strings.TrimSpace(row[c]); key != "" {
					break
				}
			}
			if key == "" {
				continue
			}
			v := row[t.Sum]
			if v == "" && t.Default != "" {
				v = r.Data[t.Default]
			}
			a := people[key]
			if a == nil {
				a = &acc{total: new(big.Rat)}
				people[key] = a
			}
			if q, ok := new(big.Rat).SetString(v); ok && v != "" {
				a.total.Add(a.total, q)
			}
			if g := row[t.Group]; g != "" {
				a.group = g
			}
			if !slices.Contains(a.records, r.ID) {
				a.records = append(a.records, r.ID)
			}
		}
	}
	out := make([]TallyRow, 0, len(people))
	for key, a := range people {
		f, _ := a.total.Float64()
		row := TallyRow{Key: key, Group: a.group, Total: f, Records: a.records}
		if s := t.Minimums[a.group]; s != "" {
			row.Minimum, _ = vals.Int(s)
		}
		row.Short = row.Minimum > 0 && f < float64(row.Minimum)
		out = append(out, row)
	}
	slices.SortFunc(out, func(a, b TallyRow) int {
		if a.Short != b.Short {
			if a.Short {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// TallyOf returns the tally of k named name, or nil.
func (k *Kind) TallyOf(name string) *Tally {
	for i := range k.Tallies {
		if k.Tallies[i].Name == name {
			return &k.Tallies[i]
		}
	}
	return nil
}
