package ledger_test

import (
	"regexp"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// exampleKind has what the generic example values cannot satisfy: a text
// with a pattern, an end date after a start date, and a table of at least
// two rows.
func exampleKind(withExamples bool) *ledger.Kind {
	month := regexp.MustCompile(`^\d{4}-\d\d$`)
	k := &ledger.Kind{Name: "ex", Label: "示例", TitleField: "month", CreateRoles: clerk, EditRoles: clerk,
		Fields: []ledger.Field{
			{Name: "month", Label: "月份", Type: ledger.TypeText, Required: true, Check: func(v string, _ *ledger.Record) string {
				if !month.MatchString(v) {
					return "「月份」应写作 2025-03"
				}
				return ""
			}},
			{Name: "start", Label: "开始", Type: ledger.TypeDate, Required: true},
			{Name: "end", Label: "结束", Type: ledger.TypeDate, Required: true, Dates: ledger.DateRange{Future: true}},
			{Name: "parties", Label: "当事人", Type: ledger.TypeTable, Required: true, MinRows: 2,
				Columns: []ledger.Field{{Name: "name", Label: "姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName, Required: true}}},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			if r.Data["end"] <= r.Data["start"] {
				return ledger.FieldErrors{"end": "「结束」应晚于「开始」"}
			}
			return nil
		},
		Workflow: ledger.Workflow{States: []ledger.State{{Name: "open", Label: "开", Final: true}}},
	}
	if withExamples {
		k.Fields[0].Example = func(on calendar.Date) string { return on.String()[:7] }
		k.Fields[2].Example = func(on calendar.Date) string { return on.AddDays(30).String() }
	}
	if _, err := ledger.NewRegistry(k); err != nil {
		panic(err)
	}
	return k
}

// A field's declared Example is what the example form holds; a table's
// example has its minimum rows. Without the declared examples the form is
// refused — the reason for declaring them.
func TestExampleForm_DeclaredExamplesAndMinimumRows(t *testing.T) {
	on := d("2025-03-10")
	form := exampleKind(true).ExampleForm(on)
	if form["month"] != "2025-03" || form["end"] != "2025-04-09" || strings.Count(form["parties"], "name") != 2 {
		t.Fatalf("example form %v", form)
	}
	if _, errs := exampleKind(true).NormalizeOn(form, nil, on); errs != nil {
		t.Fatalf("the example form is refused: %v", errs)
	}
	if _, errs := exampleKind(false).NormalizeOn(exampleKind(false).ExampleForm(on), nil, on); errs["month"] == "" {
		t.Fatalf("without examples: %v", errs)
	}
}
