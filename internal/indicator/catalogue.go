package indicator

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

// Indicator is one named quantity.
type Indicator struct {
	ID         string // dotted lowercase, <area>.<measure>
	Name       string // Chinese name shown to users
	Unit       string // 人, 件, %, 学时 …
	Definition string // what is counted
}

//go:embed catalogue.tsv
var catalogueTSV string

var (
	all  []Indicator
	byID map[string]Indicator
)

func init() {
	list, err := Parse(catalogueTSV)
	if err != nil {
		panic("indicator: embedded catalogue: " + err.Error())
	}
	all = list
	byID = make(map[string]Indicator, len(list))
	for _, in := range list {
		byID[in.ID] = in
	}
}

// All returns the catalogue sorted by id.
func All() []Indicator {
	out := make([]Indicator, len(all))
	copy(out, all)
	return out
}

// Lookup returns the indicator with the given id.
func Lookup(id string) (Indicator, error) {
	in, ok := byID[id]
	if !ok {
		return Indicator{}, fmt.Errorf("indicator %q: not in the catalogue", id)
	}
	return in, nil
}

// Parse reads a catalogue in TSV form: id, name, unit, definition; lines
// starting with # are comments. Ids must be unique and well formed.
func Parse(tsv string) ([]Indicator, error) {
	var out []Indicator
	seen := map[string]bool{}
	for i, line := range strings.Split(tsv, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("第%d行：应有4列（编号、名称、单位、定义），实有%d列", i+1, len(f))
		}
		in := Indicator{ID: f[0], Name: f[1], Unit: f[2], Definition: f[3]}
		if err := validID(in.ID); err != nil {
			return nil, fmt.Errorf("第%d行：%w", i+1, err)
		}
		if in.Name == "" || in.Unit == "" {
			return nil, fmt.Errorf("第%d行：指标%s缺少名称或单位", i+1, in.ID)
		}
		if seen[in.ID] {
			return nil, fmt.Errorf("第%d行：指标编号%s重复", i+1, in.ID)
		}
		seen[in.ID] = true
		out = append(out, in)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out, nil
}

// validID checks the <area>.<measure> form: two dotted parts of [a-z0-9_].
func validID(id string) error {
	parts := strings.Split(id, ".")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return fmt.Errorf("指标编号%q应为“领域.度量”形式，如 petition.received", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '.') {
			return fmt.Errorf("指标编号%q只能含小写字母、数字、下划线和一个点", id)
		}
	}
	return nil
}
