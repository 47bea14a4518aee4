package ledger

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SettingType is the kind of value a setting holds.
type SettingType string

const (
	SettingInt  SettingType = "int"  // whole number, e.g. days
	SettingText SettingType = "text" // one line, e.g. 代字
	// SettingPattern is a register's number pattern, e.g.
	// "{代字}规〔{年}〕{序号}号" (see Kind.RegisterNumber).
	SettingPattern SettingType = "pattern"
	// SettingMonthDay is a day of the year as MM-DD, e.g. "03-01" (a
	// deadline in the year after the one reported on).
	SettingMonthDay SettingType = "monthday"
)

// Setting is a named local rule: a value with a default and its legal basis
// that a province, county or township may override for its units (the
// override of the nearest unit up the tree wins). Periods read a setting for
// their days (Period.DaysSetting), guards through GuardContext.Setting, and
// register fields their number pattern (Field.Register).
type Setting struct {
	Name    string // identifier, e.g. "review_limit_days"
	Label   string // Chinese, e.g. "合法性审查时限（工作日）"
	Type    SettingType
	Default string // canonical value used where no unit overrides it
	Basis   string // legal basis or the local rule it stands for
	Help    string
	// Min and Max bound an integer setting.
	Min, Max *int
}

// Normalize validates raw as a value of s and returns it in canonical form,
// or a Chinese message naming the setting and the fix.
func (s *Setting) Normalize(raw string) (string, string) {
	v := strings.TrimSpace(raw)
	switch s.Type {
	case SettingInt:
		n, err := strconv.Atoi(v)
		if err != nil {
			return raw, fmt.Sprintf("「%s」应为整数，如 %s", s.Label, s.Default)
		}
		if s.Min != nil && n < *s.Min || s.Max != nil && n > *s.Max {
			return raw, fmt.Sprintf("「%s」应在%s之间", s.Label, s.bounds())
		}
		return strconv.Itoa(n), ""
	case SettingMonthDay:
		if !ValidMonthDay(v) {
			return raw, fmt.Sprintf("「%s」应为月-日，如 %s（2月29日不可用）", s.Label, s.Default)
		}
		return v, ""
	default:
		if v == "" {
			return raw, fmt.Sprintf("请填写「%s」", s.Label)
		}
		if utf8.RuneCountInString(v) > 100 || strings.ContainsAny(v, "\r\n\t") {
			return raw, fmt.Sprintf("「%s」应为一行文字，不超过100个字", s.Label)
		}
		if s.Type == SettingPattern {
			if msg := checkPattern(s.Label, v); msg != "" {
				return raw, msg
			}
		}
		return v, ""
	}
}

func (s *Setting) bounds() string {
	lo, hi := "不限", "不限"
	if s.Min != nil {
		lo = strconv.Itoa(*s.Min)
	}
	if s.Max != nil {
		hi = strconv.Itoa(*s.Max)
	}
	return lo + "至" + hi
}

// SettingValues are the effective values of settings for one unit, by name.
type SettingValues map[string]string

// Int reads an integer setting.
func (v SettingValues) Int(name string) (int, bool) {
	n, err := strconv.Atoi(v[name])
	return n, err == nil
}

// Setting returns the effective value of the named setting for the record's
// unit: the unit's (or nearest ancestor's) override, else the default.
func (g *GuardContext) Setting(name string) string {
	if v, ok := g.Settings[name]; ok {
		return v
	}
	if g.Kind != nil {
		if s := g.Kind.Setting(name); s != nil {
			return s.Default
		}
	}
	return ""
}

// Setting returns the setting named name that k declares, or nil.
func (k *Kind) Setting(name string) *Setting {
	for i := range k.Settings {
		if k.Settings[i].Name == name {
			return &k.Settings[i]
		}
	}
	return nil
}

// effective returns the default values of k's settings, overlaid with set.
func (k *Kind) effective(set SettingValues) SettingValues {
	out := SettingValues{}
	for _, s := range k.Settings {
		out[s.Name] = s.Default
	}
	for n, v := range set {
		if _, ok := out[n]; ok {
			out[n] = v
		}
	}
	return out
}

// Settings returns every setting the registry's kinds declare, each once,
// in declaration order.
func (r *Registry) Settings() []Setting {
	var out []Setting
	for _, k := range r.Kinds() {
		for _, s := range k.Settings {
			if !slices.ContainsFunc(out, func(o Setting) bool { return o.Name == s.Name }) {
				out = append(out, s)
			}
		}
	}
	return out
}

// Setting returns the setting named name declared by any kind, or nil.
func (r *Registry) Setting(name string) *Setting {
	for _, k := range r.Kinds() {
		if s := k.Setting(name); s != nil {
			return s
		}
	}
	return nil
}

var settingTypes = []SettingType{SettingInt, SettingText, SettingPattern, SettingMonthDay}

// ValidMonthDay accepts MM-DD naming a day that exists in every year.
func ValidMonthDay(s string) bool {
	if len(s) != 5 || s[2] != '-' {
		return false
	}
	m, err1 := strconv.Atoi(s[:2])
	d, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	return d <= days[m-1]
}

// checkSettings validates k's settings and that a setting declared by
// several kinds is declared alike.
func (k *Kind) checkSettings(r *Registry) error {
	seen := map[string]bool{}
	for _, s := range k.Settings {
		if s.Name == "" || s.Label == "" {
			return fmt.Errorf("setting without name or label")
		}
		if seen[s.Name] {
			return fmt.Errorf("setting %q declared twice", s.Name)
		}
		seen[s.Name] = true
		if !slices.Contains(settingTypes, s.Type) {
			return fmt.Errorf("setting %q: unknown type %q", s.Name, s.Type)
		}
		if s.Basis == "" {
			return fmt.Errorf("setting %q: basis required", s.Name)
		}
		if s.Type == SettingInt || s.Default != "" {
			if _, msg := s.Normalize(s.Default); msg != "" {
				return fmt.Errorf("setting %q: default %q: %s", s.Name, s.Default, msg)
			}
		}
		if o := r.Setting(s.Name); o != nil && (o.Label != s.Label || o.Type != s.Type || o.Default != s.Default) {
			return fmt.Errorf("setting %q declared differently by two kinds", s.Name)
		}
	}
	return nil
}
