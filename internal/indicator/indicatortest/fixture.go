// Package indicatortest holds a hand-made ledger kind with one indicator
// of every measure and a fixture of records across units and years, shared
// by the engine's tests, the store's (both databases) and the web's. The
// expected values in Want are worked out by hand, not by the engine.
package indicatortest

import (
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

// KindName is the test kind.
const KindName = "icase"

// Kind is a case ledger: received and closed dates, an amount, a
// personal applicant ID, attendance rows (person, hours), a result.
func Kind() *ledger.Kind {
	staff := []access.Role{access.RoleClerk}
	return &ledger.Kind{
		Name: KindName, Label: "测试案件", TitleField: "title", YearField: "received",
		CreateRoles: staff, EditRoles: staff,
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true, List: true},
			{Name: "received", Label: "收件日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "amount", Label: "金额", Type: ledger.TypeInteger},
			{Name: "applicant_id", Label: "申请人身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "attendance", Label: "参加人员", Type: ledger.TypeTable, Columns: []ledger.Field{
				{Name: "person", Label: "姓名", Type: ledger.TypeText, Required: true},
				{Name: "hours", Label: "学时", Type: ledger.TypeInteger},
			}},
			{Name: "result", Label: "结果", Type: ledger.TypeEnum, Options: []string{"支持", "不支持"}, Required: true, Step: "close", Filter: true},
			{Name: "closed", Label: "办结日期", Type: ledger.TypeDate, Required: true, Step: "close"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "open", Label: "办理中", Editable: true},
				{Name: "done", Label: "已办结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "close", Label: "办结", From: []string{"open"}, To: "done", Roles: staff},
			},
		},
		Indicators: []ledger.Indicator{
			{ID: "t.received", Measure: ledger.Count, Dates: []string{"received"}},
			{ID: "t.closed", Measure: ledger.Count, Dates: []string{"closed"}, Where: ledger.Match{States: []string{"done"}}},
			{ID: "t.pending", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"received"}, Ends: []string{"closed"},
				Note: "年末未办结的计为在办"},
			{ID: "t.amount", Measure: ledger.Sum, Field: "amount"},
			{ID: "t.hours", Measure: ledger.SumRows, Field: "attendance", Column: "hours"},
			{ID: "t.persons", Measure: ledger.Persons, Field: "applicant_id"},
			{ID: "t.attendees", Measure: ledger.Persons, Field: "attendance", Column: "person"},
			{ID: "t.favourable", Measure: ledger.Count, Dates: []string{"closed"},
				Where: ledger.Match{States: []string{"done"}, Fields: map[string][]string{"result": {"支持"}}}},
			{ID: "t.rate", Measure: ledger.Rate, Num: "t.favourable", Den: "t.closed"},
		},
	}
}

// Catalogue names the test kind's indicators.
func Catalogue() []indicator.Indicator {
	return []indicator.Indicator{
		{ID: "t.amount", Name: "金额合计", Unit: "元"},
		{ID: "t.attendees", Name: "参加人数", Unit: "人"},
		{ID: "t.closed", Name: "办结件数", Unit: "件"},
		{ID: "t.favourable", Name: "支持件数", Unit: "件"},
		{ID: "t.hours", Name: "学时合计", Unit: "学时"},
		{ID: "t.pending", Name: "在办件数", Unit: "件"},
		{ID: "t.persons", Name: "申请人数", Unit: "人"},
		{ID: "t.rate", Name: "支持率", Unit: "%"},
		{ID: "t.received", Name: "收件数", Unit: "件"},
		{ID: "t.unmeasured", Name: "未计算项", Unit: "件"},
	}
}

// Units of the fixture: a county with townships A (and its village) and B.
const (
	County  = "测试县"
	A       = "甲镇"
	B       = "乙镇"
	Village = "甲村"
)

// Case is one fixture record: its unit, its form values and, when
// Closed is set, the close step's values.
type Case struct {
	Unit   string
	Values ledger.Values
	Close  ledger.Values
}

// Cases are the fixture's records. The edge cases: case 1 is received in
// 2024 and closed in 2025; the applicant X applies in A's village and in B
// (one person at the county); case 4 has no applicant ID (one person on
// its own); case 5 has been open since 2023; person p1 attends in A and B.
func Cases() []Case {
	return []Case{
		{A, ledger.Values{"title": "一号", "received": "2024-12-20", "amount": "5", "applicant_id": "110101199003078515",
			"attendance": `[{"hours":"2","person":"p1"},{"hours":"3","person":"p2"}]`},
			ledger.Values{"result": "支持", "closed": "2025-01-10"}},
		{Village, ledger.Values{"title": "二号", "received": "2025-03-01", "amount": "7", "applicant_id": "11010119900307803X",
			"attendance": `[{"hours":"1","person":"p1"}]`},
			ledger.Values{"result": "不支持", "closed": "2025-04-01"}},
		{B, ledger.Values{"title": "三号", "received": "2025-05-05", "amount": "10", "applicant_id": "11010119900307803X",
			"attendance": `[{"hours":"4","person":"p1"}]`}, nil},
		{B, ledger.Values{"title": "四号", "received": "2025-06-01"},
			ledger.Values{"result": "支持", "closed": "2025-06-30"}},
		{B, ledger.Values{"title": "五号", "received": "2023-02-01"}, nil},
	}
}

// Want is the value of an indicator of a unit in a year, by hand.
type Want struct {
	Unit  string
	Year  int
	ID    string
	Value float64
	Num   float64 // rates
	Den   float64
}

// Wants are worked out from Cases by hand.
var Wants = []Want{
	// received by received date; the village's record counts for A and the county
	{Village, 2025, "t.received", 1, 0, 0}, {A, 2025, "t.received", 1, 0, 0}, {B, 2025, "t.received", 2, 0, 0},
	{County, 2025, "t.received", 3, 0, 0}, {County, 2024, "t.received", 1, 0, 0}, {County, 2023, "t.received", 1, 0, 0},
	// case 1 closes in 2025, not 2024
	{A, 2024, "t.closed", 0, 0, 0}, {A, 2025, "t.closed", 2, 0, 0}, {B, 2025, "t.closed", 1, 0, 0}, {County, 2025, "t.closed", 3, 0, 0},
	// open on 31 December: case 1 in 2024; case 5 every year since 2023; case 3 in 2025
	{A, 2024, "t.pending", 1, 0, 0}, {A, 2025, "t.pending", 0, 0, 0}, {B, 2023, "t.pending", 1, 0, 0},
	{B, 2024, "t.pending", 1, 0, 0}, {B, 2025, "t.pending", 2, 0, 0}, {County, 2024, "t.pending", 2, 0, 0},
	{County, 2025, "t.pending", 2, 0, 0},
	// sums by the record's year (received)
	{A, 2025, "t.amount", 7, 0, 0}, {B, 2025, "t.amount", 10, 0, 0}, {County, 2025, "t.amount", 17, 0, 0},
	{A, 2024, "t.amount", 5, 0, 0},
	{A, 2024, "t.hours", 5, 0, 0}, {A, 2025, "t.hours", 1, 0, 0}, {B, 2025, "t.hours", 4, 0, 0}, {County, 2025, "t.hours", 5, 0, 0},
	// X in A and B is one person at the county; case 4 without ID is one
	{A, 2025, "t.persons", 1, 0, 0}, {B, 2025, "t.persons", 2, 0, 0}, {County, 2025, "t.persons", 2, 0, 0},
	{County, 2024, "t.persons", 1, 0, 0},
	{A, 2025, "t.attendees", 1, 0, 0}, {B, 2025, "t.attendees", 1, 0, 0}, {County, 2025, "t.attendees", 1, 0, 0},
	{County, 2024, "t.attendees", 2, 0, 0},
	// the county's rate is 2/3, not the mean of A's 50% and B's 100%
	{A, 2025, "t.rate", 50, 1, 2}, {B, 2025, "t.rate", 100, 1, 1}, {County, 2025, "t.rate", 66.67, 2, 3},
	// zero denominator
	{Village, 2024, "t.rate", 0, 0, 0}, {County, 2022, "t.rate", 0, 0, 0},
}

// Diff lists the figures (value, note, numerator, denominator, whether
// there is data) of every unit and year from…to where got differs from
// want, both evaluated by eng; empty when they are the same.
func Diff(eng *indicator.Engine, want, got *indicator.Result, units []access.Unit, from, to int) []string {
	var out []string
	for _, u := range units {
		for y := from; y <= to; y++ {
			if w, g := want.HasData(u.ID, y), got.HasData(u.ID, y); w != g {
				out = append(out, fmt.Sprintf("%s %d: has data %v, got %v", u.Name, y, w, g))
			}
			for _, in := range eng.Catalogue() {
				w, g := want.Value(u.ID, y, in.ID), got.Value(u.ID, y, in.ID)
				if w.Value != g.Value || w.Note != g.Note || deref(w.Numerator) != deref(g.Numerator) || deref(w.Denominator) != deref(g.Denominator) {
					out = append(out, fmt.Sprintf("%s %d %s: want %v (%v/%v), got %v (%v/%v)", u.Name, y, in.ID,
						w.Value, deref(w.Numerator), deref(w.Denominator), g.Value, deref(g.Numerator), deref(g.Denominator)))
				}
			}
		}
	}
	return out
}

func deref(p *float64) float64 {
	if p == nil {
		return -1
	}
	return *p
}
