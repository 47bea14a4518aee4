package ledger_test

import (
	"strings"
	"testing"

	"fazhi/internal/access"

	"fazhi/internal/ledger"
)

func TestNewRegistry_AcceptsSampleAndKeepsOrder(t *testing.T) {
	a := sampleKind()
	b := sampleKind()
	b.Name = "sample_b"
	for i := range b.Fields {
		if b.Fields[i].Type == ledger.TypeReference {
			b.Fields[i].RefKind = "sample_b"
		}
	}
	reg, err := ledger.NewRegistry(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if reg.Kind("sample") != a || reg.Kind("sample_b") != b || reg.Kind("nope") != nil {
		t.Error("Kind lookup wrong")
	}
	ks := reg.Kinds()
	if len(ks) != 2 || ks[0] != a || ks[1] != b {
		t.Errorf("Kinds order = %v", ks)
	}
}

func TestNewRegistry_RejectsBadDeclarations(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(k *ledger.Kind)
		wants string
	}{
		{"unknown From state", func(k *ledger.Kind) { k.Workflow.Transitions[0].From = []string{"ghost"} }, "ghost"},
		{"unknown To state", func(k *ledger.Kind) { k.Workflow.Transitions[0].To = "ghost" }, "ghost"},
		{"leaves final state", func(k *ledger.Kind) { k.Workflow.Transitions[0].From = []string{"done"} }, "final"},
		{"duplicate state", func(k *ledger.Kind) {
			k.Workflow.States = append(k.Workflow.States, ledger.State{Name: "new", Label: "重复"})
		}, "twice"},
		{"duplicate field", func(k *ledger.Kind) { k.Fields = append(k.Fields, k.Fields[0]) }, "twice"},
		{"enum without options", func(k *ledger.Kind) { k.Fields[5].Options = nil }, "options"},
		{"reference to unknown kind", func(k *ledger.Kind) { k.Fields[9].RefKind = "ghost" }, "ghost"},
		{"reference to one of unknown kinds", func(k *ledger.Kind) {
			k.Fields[9].RefKind, k.Fields[9].RefKinds = "", []string{"sample", "ghost"}
		}, "ghost"},
		{"reference with both RefKind and RefKinds", func(k *ledger.Kind) { k.Fields[9].RefKinds = []string{"sample"} }, "exactly one"},
		{"reference to no kind", func(k *ledger.Kind) { k.Fields[9].RefKind = "" }, "exactly one"},
		{"RefKinds on a text field", func(k *ledger.Kind) { k.Fields[0].RefKinds = []string{"sample"} }, "belong to a reference"},
		{"unknown field type", func(k *ledger.Kind) { k.Fields[0].Type = "blob" }, "blob"},
		{"searchable personal data", func(k *ledger.Kind) { k.Fields[11].Search = true }, "searchable"},
		{"personal without kind", func(k *ledger.Kind) { k.Fields[11].Personal = "" }, "Personal"},
		{"step naming no transition", func(k *ledger.Kind) { k.Fields[15].Step = "ghost" }, "ghost"},
		{"period on unknown field", func(k *ledger.Kind) { k.Periods[0].StartField = "ghost" }, "ghost"},
		{"period start on non-date field", func(k *ledger.Kind) { k.Periods[0].StartField = "title" }, "date"},
		{"period on unknown event", func(k *ledger.Kind) { k.Periods[2].StartEvent = "ghost" }, "ghost"},
		{"period both starts", func(k *ledger.Kind) { k.Periods[2].StartField = "received" }, "exactly one"},
		{"minimum guarding nothing", func(k *ledger.Kind) { k.Periods[1].Guards = nil }, "guard"},
		{"minimum guarding unknown event", func(k *ledger.Kind) { k.Periods[1].Guards = []string{"ghost"} }, "ghost"},
		{"period without basis", func(k *ledger.Kind) { k.Periods[0].Basis = "" }, "basis"},
		{"period without days", func(k *ledger.Kind) { k.Periods[0].Days = 0 }, "Days"},
		{"period bad counting", func(k *ledger.Kind) { k.Periods[0].Counting = "lunar" }, "counting"},
		{"DaysField not integer", func(k *ledger.Kind) { k.Periods[1].DaysField = "title" }, "integer"},
		{"stop on unknown event", func(k *ledger.Kind) { k.Periods[0].StopEvents = []string{"ghost"} }, "ghost"},
		{"title field missing", func(k *ledger.Kind) { k.TitleField = "ghost" }, "TitleField"},
		{"year field not date", func(k *ledger.Kind) { k.YearField = "title" }, "YearField"},
		{"transition without roles", func(k *ledger.Kind) { k.Workflow.Transitions[0].Roles = nil }, "roles"},
		{"unknown role", func(k *ledger.Kind) { k.Workflow.Transitions[0].Roles = []access.Role{"boss"} }, "boss"},
		{"duplicate event", func(k *ledger.Kind) {
			k.Workflow.Transitions = append(k.Workflow.Transitions, k.Workflow.Transitions[0])
		}, "twice"},
		{"transition lists a foreign field", func(k *ledger.Kind) { k.Workflow.Transitions[0].Fields = []string{"comment_end"} }, "comment_end"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := sampleKind()
			c.edit(k)
			_, err := ledger.NewRegistry(k)
			if err == nil {
				t.Fatal("accepted a bad declaration")
			}
			if !strings.Contains(err.Error(), c.wants) || !strings.Contains(err.Error(), "sample") {
				t.Errorf("error %q should name the kind and mention %q", err, c.wants)
			}
		})
	}
	if _, err := ledger.NewRegistry(sampleKind(), sampleKind()); err == nil {
		t.Error("accepted two kinds of the same name")
	}
}
