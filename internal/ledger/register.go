package ledger

import (
	"fmt"
	"strconv"
	"strings"
)

// Placeholders of a register pattern besides the labels or names of
// settings (e.g. {代字}).
const (
	PlaceholderYear = "年"  // the year of issue
	PlaceholderSeq  = "序号" // the number in the unit's sequence of that year
)

// checkPattern returns a Chinese message when pattern has unbalanced braces
// or no {序号}.
func checkPattern(label, pattern string) string {
	depth := 0
	for _, r := range pattern {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 || depth > 1 {
			return fmt.Sprintf("「%s」的花括号不成对；占位符写作 {年}、{序号}、{代字}", label)
		}
	}
	if depth != 0 {
		return fmt.Sprintf("「%s」的花括号不成对；占位符写作 {年}、{序号}、{代字}", label)
	}
	if !strings.Contains(pattern, "{"+PlaceholderSeq+"}") {
		return fmt.Sprintf("「%s」须含 {序号}，如 {代字}规〔{年}〕{序号}号", label)
	}
	return ""
}

// RegisterField returns the field t fills with a register number, or nil.
func (k *Kind) RegisterField(t *Transition) *Field {
	if t == nil || t.Register == "" {
		return nil
	}
	return k.Field(t.Register)
}

// RegisterNumber formats number seq of year in register field f's pattern
// with the unit's settings: {年} is the year, {序号} the number, and any
// other {X} the value of the setting of k whose label or name is X. A
// placeholder without a value is a *RuleError naming the setting to fill in.
func (k *Kind) RegisterNumber(f *Field, year, seq int, set SettingValues) (string, error) {
	vals := k.effective(set)
	pattern := vals[f.Register]
	var b strings.Builder
	for rest := pattern; rest != ""; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("ledger: register pattern %q: unbalanced braces", pattern)
		}
		name := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		switch name {
		case PlaceholderYear:
			b.WriteString(strconv.Itoa(year))
			continue
		case PlaceholderSeq:
			b.WriteString(strconv.Itoa(seq))
			continue
		}
		var s *Setting
		for i := range k.Settings {
			if k.Settings[i].Name == name || k.Settings[i].Label == name {
				s = &k.Settings[i]
			}
		}
		if s == nil {
			return "", &RuleError{Field: f.Name, Reason: fmt.Sprintf("「%s」的编号格式中的 {%s} 不是已知的设置项；请管理员在「本地设置」中改正编号格式", f.Label, name)}
		}
		v := vals[s.Name]
		if v == "" {
			return "", &RuleError{Field: f.Name, Reason: fmt.Sprintf("本单位尚未设置「%s」，无法生成「%s」；请管理员在「本地设置」中填写", s.Label, f.Label)}
		}
		b.WriteString(v)
	}
	return b.String(), nil
}
