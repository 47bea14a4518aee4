package access

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UnitError is a unit change refused by a rule of the tree. Field names the
// form field or import column at fault ("name", "parent", "level",
// "credit_code", "users", "children"); Msg is Chinese and says the fix.
type UnitError struct {
	Field string
	Msg   string
}

func (e *UnitError) Error() string { return e.Msg }

func unitErr(field, format string, a ...any) *UnitError {
	return &UnitError{Field: field, Msg: fmt.Sprintf(format, a...)}
}

// AllLevels lists the levels in tree order, for pickers and the template.
var AllLevels = []Level{LevelProvince, LevelCity, LevelCounty, LevelTownship, LevelVillage, LevelDepartment}

// levelWords are the words accepted for a level in the command line and
// in an import sheet, besides the level's own code.
var levelWords = map[string]Level{
	"省": LevelProvince, "自治区": LevelProvince, "直辖市": LevelProvince,
	"市": LevelCity, "地级市": LevelCity, "州": LevelCity, "盟": LevelCity,
	"县": LevelCounty, "区": LevelCounty, "县/区": LevelCounty, "县级市": LevelCounty, "旗": LevelCounty,
	"乡": LevelTownship, "镇": LevelTownship, "乡镇": LevelTownship, "街道": LevelTownship, "乡镇/街道": LevelTownship,
	"村": LevelVillage, "社区": LevelVillage, "村/社区": LevelVillage, "居委会": LevelVillage, "村委会": LevelVillage,
	"部门": LevelDepartment, "科室": LevelDepartment, "部门/科室": LevelDepartment,
}

// ParseLevel reads a level from its code (township) or a Chinese word
// (乡镇, 街道, 村, 社区, 部门 …).
func ParseLevel(s string) (Level, error) {
	s = strings.TrimSpace(s)
	for _, l := range AllLevels {
		if strings.EqualFold(s, string(l)) {
			return l, nil
		}
	}
	if l, ok := levelWords[s]; ok {
		return l, nil
	}
	return "", unitErr("level", "层级「%s」无法识别：请填写 县、乡镇、街道、村、社区、部门 之一（或 county、township、village、department）", s)
}

// allowedParents says under which levels a unit of each level may sit.
// A root (no parent) may be a province, a city or a county: a deployment
// serves a whole county or more. 部门/科室 sit inside a government of any
// level down to the township, or inside another department (a 股 of a
// 局); villages and communities only under a township or street.
var allowedParents = map[Level][]Level{
	LevelProvince:   nil,
	LevelCity:       {LevelProvince},
	LevelCounty:     {LevelProvince, LevelCity},
	LevelTownship:   {LevelCounty},
	LevelVillage:    {LevelTownship},
	LevelDepartment: {LevelProvince, LevelCity, LevelCounty, LevelTownship, LevelDepartment},
}

// rootLevels may stand at the top of the tree.
var rootLevels = []Level{LevelProvince, LevelCity, LevelCounty}

// CheckPlacement reports whether a unit of level child may sit under
// parent (nil for a root).
func CheckPlacement(child Level, parent *Unit) error {
	ps, ok := allowedParents[child]
	if !ok {
		return unitErr("level", "层级「%s」无效：请从 省、市、县/区、乡镇/街道、村/社区、部门/科室 中选择", child)
	}
	if parent == nil {
		for _, l := range rootLevels {
			if l == child {
				return nil
			}
		}
		return unitErr("parent", "%s不能作为最上级单位：请先建立县（区）级单位，再在其下建立%s", child.Label(), child.Label())
	}
	if parent.Closed {
		return unitErr("parent", "上级单位「%s」已撤销：请选择一个未撤销的上级单位", parent.Name)
	}
	for _, l := range ps {
		if l == parent.Level {
			return nil
		}
	}
	var names []string
	for _, l := range ps {
		names = append(names, l.Label())
	}
	if len(names) == 0 {
		return unitErr("parent", "%s只能作为最上级单位，不能设上级单位", child.Label())
	}
	return unitErr("parent", "%s不能设在%s「%s」之下：上级单位应为%s", child.Label(), parent.Level.Label(), parent.Name, strings.Join(names, "或"))
}

// MaxUnitName bounds a unit's name (the longest official names, e.g. a
// 街道办事处 with its county, stay well below).
const MaxUnitName = 50

// CleanUnitName trims a unit name and checks it: not empty, at most
// MaxUnitName characters, no control characters and no slash (the
// import's path separator).
func CleanUnitName(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", unitErr("name", "请填写单位名称")
	}
	if !utf8.ValidString(s) {
		return "", unitErr("name", "单位名称含有无法识别的字符，请重新输入")
	}
	if n := utf8.RuneCountInString(s); n > MaxUnitName {
		return "", unitErr("name", "单位名称过长（%d 个字）：请不超过 %d 个字", n, MaxUnitName)
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == '/' || r == '\\' {
			return "", unitErr("name", "单位名称不能包含斜杠或控制字符，请删除后重试")
		}
	}
	return s, nil
}

// creditAlphabet is the character set of the 统一社会信用代码 (GB
// 32100-2015): digits and upper-case letters without I, O, S, V, Z.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CleanCreditCode checks an optional 统一社会信用代码: empty, or 18
// characters of the GB 32100-2015 alphabet whose last is the check
// character of the first 17. Lower case is accepted and upper-cased.
func CleanCreditCode(s string) (string, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if len(s) != 18 {
		return "", unitErr("credit_code", "统一社会信用代码应为 18 位（现为 %d 位），请核对后重填，或留空", utf8.RuneCountInString(s))
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(creditAlphabet, s[i])
		if v < 0 {
			return "", unitErr("credit_code", "统一社会信用代码第 %d 位「%c」不是有效字符（不含 I、O、S、V、Z），请核对", i+1, rune(s[i]))
		}
		if i < 17 {
			sum += v * creditWeights[i]
		} else if want := (31 - sum%31) % 31; v != want {
			return "", unitErr("credit_code", "统一社会信用代码校验位不符（末位应为 %c），请核对是否抄错", creditAlphabet[want])
		}
	}
	return s, nil
}

// CheckMove reports whether unit u may move under newParent: not under
// itself or one of its descendants, not where it already is, and only
// where its level may sit.
func CheckMove(u, newParent *Unit) error {
	if newParent.ID == u.ID || strings.HasPrefix(newParent.Path, u.Path) {
		return unitErr("parent", "不能把「%s」移到它自己或它的下级单位「%s」之下：请选择其他上级单位", u.Name, newParent.Name)
	}
	if newParent.ID == u.ParentID {
		return unitErr("parent", "「%s」已在「%s」之下，无需移动", u.Name, newParent.Name)
	}
	return CheckPlacement(u.Level, newParent)
}

// Depth is the unit's depth in the tree: 1 for a root.
func (u Unit) Depth() int { return strings.Count(u.Path, "/") - 1 }

// Within reports whether u is path's unit or one of its descendants.
func (u Unit) Within(path string) bool { return path != "" && strings.HasPrefix(u.Path, path) }
