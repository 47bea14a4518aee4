package access

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Import columns, as headed in the template and named in messages.
const (
	ColName       = "单位名称"
	ColParent     = "上级单位"
	ColLevel      = "层级"
	ColCreditCode = "统一社会信用代码"
)

// MaxImportRows bounds one unit import: a county has a few hundred units.
const MaxImportRows = 5000

// ImportRow is one row of a unit sheet as read, before any check. Row is
// the sheet's row number (the header is row 1).
type ImportRow struct {
	Row                             int
	Name, Parent, Level, CreditCode string
	// CellErrors are cells the reader already refused (a unit name that
	// Excel stored as a date, a credit code stored as a number).
	CellErrors []RowError
}

// RowError is one refused cell of an import.
type RowError struct {
	Row    int // sheet row; 0 for the sheet as a whole
	Column string
	Value  string
	Reason string // Chinese, says the fix
}

func (e RowError) String() string {
	if e.Row == 0 {
		return e.Reason
	}
	return fmt.Sprintf("第 %d 行「%s」列（%q）：%s", e.Row, e.Column, e.Value, e.Reason)
}

// ImportErrors is an import refused: every bad cell, nothing written.
type ImportErrors []RowError

func (es ImportErrors) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "导入未进行，共 %d 处错误，请改正后重新导入：", len(es))
	for i, e := range es {
		if i == 20 {
			fmt.Fprintf(&b, "\n……另有 %d 处", len(es)-20)
			break
		}
		b.WriteString("\n" + e.String())
	}
	return b.String()
}

// PlannedUnit is a unit an import will create. Its parent is an existing
// unit (Unit.ParentID) or, when ParentIndex ≥ 0, the unit planned at that
// index, which always comes earlier in the plan.
type PlannedUnit struct {
	Row         int
	Unit        Unit
	ParentIndex int
}

// PlanImport checks every row against the existing tree and the other
// rows and returns the units to create, parents first — or every error
// found, with row, column, value and reason. Parents are named by the
// name of an existing open unit or of another row, or by an existing
// unit's id; a blank parent makes the root (only into an empty tree).
func PlanImport(existing []Unit, rows []ImportRow) ([]PlannedUnit, ImportErrors) {
	var errs ImportErrors
	bad := func(row int, col, val, format string, a ...any) {
		errs = append(errs, RowError{Row: row, Column: col, Value: val, Reason: fmt.Sprintf(format, a...)})
	}
	if len(rows) == 0 {
		return nil, ImportErrors{{Reason: "表中没有单位：请从第 2 行起每行填写一个单位（第 1 行为表头）"}}
	}
	if len(rows) > MaxImportRows {
		return nil, ImportErrors{{Reason: fmt.Sprintf("表中有 %d 行单位，超过一次导入的上限 %d 行：请分批导入", len(rows), MaxImportRows)}}
	}
	byID := map[int64]*Unit{}
	openByName := map[string][]*Unit{}
	childNames := map[int64]map[string]bool{} // existing parent → open child names
	hasRoot := ""
	for i := range existing {
		u := &existing[i]
		byID[u.ID] = u
		if u.Closed {
			continue
		}
		openByName[u.Name] = append(openByName[u.Name], u)
		if u.ParentID == 0 {
			hasRoot = u.Name
		}
		if childNames[u.ParentID] == nil {
			childNames[u.ParentID] = map[string]bool{}
		}
		childNames[u.ParentID][u.Name] = true
	}

	type item struct {
		ImportRow
		name     string
		level    Level
		code     string
		ok       bool // name and level readable
		parentID int64
		parentIx int // index into items, -1 none
		root     bool
	}
	items := make([]item, len(rows))
	newByName := map[string][]int{}
	for i, r := range rows {
		it := item{ImportRow: r, parentIx: -1}
		var e1, e2 error
		refused := map[string]bool{}
		for _, ce := range r.CellErrors {
			errs = append(errs, ce)
			refused[ce.Column] = true
		}
		if refused[ColName] {
			e1 = unitErr("name", "")
		} else if it.name, e1 = CleanUnitName(r.Name); e1 != nil {
			bad(r.Row, ColName, r.Name, "%v", e1)
		}
		if strings.TrimSpace(r.Level) == "" {
			e2 = unitErr("level", "")
			bad(r.Row, ColLevel, r.Level, "请填写层级：县、乡镇、街道、村、社区 或 部门")
		} else if it.level, e2 = ParseLevel(r.Level); e2 != nil {
			bad(r.Row, ColLevel, r.Level, "%v", e2)
		}
		var e3 error
		if refused[ColCreditCode] {
			// reported above
		} else if it.code, e3 = CleanCreditCode(r.CreditCode); e3 != nil {
			bad(r.Row, ColCreditCode, r.CreditCode, "%v", e3)
		}
		it.ok = e1 == nil && e2 == nil
		if e1 == nil {
			newByName[it.name] = append(newByName[it.name], i)
		}
		items[i] = it
	}

	// Resolve parents.
	roots := 0
	for i := range items {
		it := &items[i]
		p := strings.TrimSpace(it.Parent)
		switch {
		case p == "":
			it.root = true
			roots++
			if hasRoot != "" {
				bad(it.Row, ColParent, it.Parent, "已有最上级单位「%s」：请填写上级单位", hasRoot)
			} else if roots > 1 {
				bad(it.Row, ColParent, it.Parent, "只能有一个最上级单位（上级单位留空的行）：请填写上级单位")
			}
			continue
		case isDigits(p):
			id, _ := strconv.ParseInt(p, 10, 64)
			u, ok := byID[id]
			switch {
			case !ok:
				bad(it.Row, ColParent, it.Parent, "没有 ID 为 %s 的单位：请填写已有单位的名称或 ID，或本表中另一行的单位名称", p)
			case u.Closed:
				bad(it.Row, ColParent, it.Parent, "上级单位「%s」已撤销：请选择未撤销的单位", u.Name)
			default:
				it.parentID = id
			}
			continue
		}
		var cands []string
		for _, u := range openByName[p] {
			cands = append(cands, "ID "+strconv.FormatInt(u.ID, 10))
		}
		for _, j := range newByName[p] {
			if j != i {
				cands = append(cands, fmt.Sprintf("第 %d 行", items[j].Row))
			}
		}
		switch {
		case len(cands) == 0:
			bad(it.Row, ColParent, it.Parent, "找不到上级单位「%s」：请先在本表中列出它，或填写已有单位的名称或 ID", p)
		case len(cands) > 1:
			bad(it.Row, ColParent, it.Parent, "有 %d 个单位名为「%s」（%s）：请改填上级单位的 ID，或使表中名称不重复", len(cands), p, strings.Join(cands, "、"))
		case len(openByName[p]) == 1:
			it.parentID = openByName[p][0].ID
		default:
			for _, j := range newByName[p] {
				if j != i {
					it.parentIx = j
				}
			}
		}
	}

	// Order parents first; a cycle among rows is refused.
	order := make([]int, 0, len(items))
	state := make([]int8, len(items)) // 0 new, 1 visiting, 2 done
	var visit func(i int) bool
	visit = func(i int) bool {
		switch state[i] {
		case 1:
			return false
		case 2:
			return true
		}
		state[i] = 1
		if j := items[i].parentIx; j >= 0 && !visit(j) {
			return false
		}
		state[i] = 2
		order = append(order, i)
		return true
	}
	for i := range items {
		if state[i] == 0 && !visit(i) {
			bad(items[i].Row, ColParent, items[i].Parent, "上级单位形成循环（某行的上级最终又是它自己）：请检查这几行的上级单位")
			for j := range state {
				if state[j] == 1 {
					state[j] = 2 // report the cycle once
				}
			}
		}
	}

	// Levels and names among siblings.
	newChildNames := map[string]map[string]int{} // parent key → name → row
	for _, i := range order {
		it := &items[i]
		if !it.ok {
			continue
		}
		var parent *Unit
		key := "root"
		switch {
		case it.parentID != 0:
			parent = byID[it.parentID]
			key = "u" + strconv.FormatInt(it.parentID, 10)
			if childNames[it.parentID][it.name] {
				bad(it.Row, ColName, it.Name, "「%s」下已有名为「%s」的单位：请换一个名称，或删去此行", parent.Name, it.name)
			}
		case it.parentIx >= 0:
			pi := &items[it.parentIx]
			if !pi.ok {
				continue // the parent row's own error says it
			}
			parent = &Unit{Name: pi.name, Level: pi.level}
			key = "r" + strconv.Itoa(it.parentIx)
		case !it.root:
			continue // unresolved: reported above
		}
		if err := CheckPlacement(it.level, parent); err != nil {
			bad(it.Row, ColLevel, it.Level, "%v", err)
		}
		if newChildNames[key] == nil {
			newChildNames[key] = map[string]int{}
		}
		if prev, dup := newChildNames[key][it.name]; dup {
			bad(it.Row, ColName, it.Name, "与第 %d 行重名：同一上级下单位名称不能重复，请改名或删去一行", prev)
		} else {
			newChildNames[key][it.name] = it.Row
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].Row < errs[j].Row })
		return nil, errs
	}

	plan := make([]PlannedUnit, 0, len(order))
	at := make([]int, len(items)) // item → plan index
	for _, i := range order {
		it := &items[i]
		pu := PlannedUnit{Row: it.Row, ParentIndex: -1,
			Unit: Unit{ParentID: it.parentID, Name: it.name, Level: it.level, CreditCode: it.code}}
		if it.parentIx >= 0 {
			pu.ParentIndex = at[it.parentIx]
		}
		at[i] = len(plan)
		plan = append(plan, pu)
	}
	return plan, nil
}

func isDigits(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
