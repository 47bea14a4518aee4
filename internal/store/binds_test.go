package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// boundKinds are a matter and its opinion: the matter's opinion field is
// bound to the opinion's subject field (ledger.Binding), as a major
// decision is to its legality review.
func boundKinds() []*ledger.Kind {
	clerk := []access.Role{access.RoleClerk}
	return []*ledger.Kind{
		{Name: "matter", Label: "测试事项", TitleField: "title", CreateRoles: clerk, EditRoles: clerk, CorrectionApprover: access.RoleHead,
			Fields: []ledger.Field{
				{Name: "title", Label: "事项名称", Type: ledger.TypeText, Required: true},
				{Name: "opinion_id", Label: "审查记录", Type: ledger.TypeReference, RefKind: "opinion",
					Bind: &ledger.Binding{Back: "subject_id", Match: ledger.Values{"type": "事项"}, Title: "title"}},
			},
			Workflow: ledger.Workflow{States: []ledger.State{{Name: "open", Label: "办理中", Editable: true}}}},
		{Name: "deal", Label: "测试合同", TitleField: "title", CreateRoles: clerk, EditRoles: clerk,
			Fields: []ledger.Field{
				{Name: "title", Label: "合同名称", Type: ledger.TypeText, Required: true},
				{Name: "opinion_id", Label: "合同审查记录", Type: ledger.TypeReference, RefKind: "opinion",
					Bind: &ledger.Binding{Back: "subject_id", Match: ledger.Values{"type": "合同"}, Title: "title"}},
			},
			Workflow: ledger.Workflow{States: []ledger.State{{Name: "open", Label: "起草中", Editable: true}}}},
		{Name: "opinion", Label: "测试审查", TitleField: "title", CreateRoles: clerk, EditRoles: clerk,
			Fields: []ledger.Field{
				{Name: "title", Label: "审查名称", Type: ledger.TypeText, Required: true},
				{Name: "type", Label: "审查类型", Type: ledger.TypeEnum, Required: true, Options: []string{"事项", "合同"}},
				{Name: "subject_id", Label: "所审查的事项", Type: ledger.TypeReference, RefKinds: []string{"matter", "deal"}},
			},
			Workflow: ledger.Workflow{
				States:      []ledger.State{{Name: "open", Label: "审查中", Editable: true}, {Name: "done", Label: "已出具意见", Final: true}},
				Transitions: []ledger.Transition{{Event: "finish", Label: "出具意见", From: []string{"open"}, To: "done", Roles: clerk}},
			}},
	}
}

func testBoundReferences(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	c := f.actors["clerkA"]
	mk, ok := e.db.cfg.Kinds.Kind("matter"), e.db.cfg.Kinds.Kind("opinion")
	create := func(k *ledger.Kind, v ledger.Values) *ledger.Record {
		t.Helper()
		r, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, v)
		must(t, err)
		return r
	}
	reload := func(r *ledger.Record) *ledger.Record {
		t.Helper()
		n, err := e.db.Record(ctx, c, r.ID)
		must(t, err)
		return n
	}
	fieldErr := func(err error, field, want string) {
		t.Helper()
		var fe ledger.FieldErrors
		if !errors.As(err, &fe) || !strings.Contains(fe[field], want) {
			t.Fatalf("err = %v, want FieldErrors[%s] containing %q", err, field, want)
		}
	}
	a := create(mk, ledger.Values{"title": "甲事项"})
	b := create(mk, ledger.Values{"title": "乙事项"})

	// Created from matter A, the opinion names A and A names it back.
	opA := create(ok, ledger.Values{"title": "对甲事项的审查", "type": "事项", "subject_id": fmt.Sprint(a.ID)})
	if a = reload(a); a.Data["opinion_id"] != fmt.Sprint(opA.ID) {
		t.Fatalf("matter A not linked back: %v", a.Data)
	}
	// B cannot cite A's opinion, at create or on edit; nothing of B changes.
	_, err := e.db.CreateRecord(ctx, c, mk, f.townA.ID, ledger.Values{"title": "丙事项", "opinion_id": fmt.Sprint(opA.ID)})
	fieldErr(err, "opinion_id", fmt.Sprintf("已用于另一事项（编号 %d）", a.ID))
	_, err = e.db.UpdateRecord(ctx, c, mk, b.ID, b.Version, ledger.Values{"opinion_id": fmt.Sprint(opA.ID)})
	fieldErr(err, "opinion_id", "已用于另一事项")
	if nb := reload(b); nb.Version != b.Version || nb.Data["opinion_id"] != "" {
		t.Fatalf("refused edit changed B: %+v", nb)
	}
	// An opinion of the wrong type is refused.
	contract := create(ok, ledger.Values{"title": "合同审查", "type": "合同"})
	_, err = e.db.UpdateRecord(ctx, c, mk, b.ID, b.Version, ledger.Values{"opinion_id": fmt.Sprint(contract.ID)})
	fieldErr(err, "opinion_id", "不是“事项”的记录")
	// An unbound final opinion can no longer be bound.
	loose := create(ok, ledger.Values{"title": "未载明事项的审查", "type": "事项"})
	loose, err = e.db.Transition(ctx, c, ok, loose.ID, loose.Version, "finish", nil)
	must(t, err)
	_, err = e.db.UpdateRecord(ctx, c, mk, b.ID, b.Version, ledger.Values{"opinion_id": fmt.Sprint(loose.ID)})
	fieldErr(err, "opinion_id", "已办结，但未载明")

	// 50 matters race to cite one unbound open opinion: exactly one wins,
	// the opinion names that one, and every other is refused or told of
	// the conflict.
	free := create(ok, ledger.Values{"title": "待关联的审查", "type": "事项"})
	var matters []*ledger.Record
	for i := range 50 {
		matters = append(matters, create(mk, ledger.Values{"title": fmt.Sprintf("竞争事项%d", i)}))
	}
	var wg sync.WaitGroup
	wins := make(chan int64, len(matters))
	for _, m := range matters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.db.UpdateRecord(ctx, c, mk, m.ID, m.Version, ledger.Values{"opinion_id": fmt.Sprint(free.ID)})
			var fe ledger.FieldErrors
			switch {
			case err == nil:
				wins <- m.ID
			case errors.Is(err, ErrConflict), errors.As(err, &fe):
			default:
				t.Errorf("matter %d: %v", m.ID, err)
			}
		}()
	}
	wg.Wait()
	close(wins)
	var won []int64
	for id := range wins {
		won = append(won, id)
	}
	if len(won) != 1 {
		t.Fatalf("%d matters bound the same opinion: %v", len(won), won)
	}
	if free = reload(free); free.Data["subject_id"] != fmt.Sprint(won[0]) {
		t.Fatalf("opinion names %q, winner %d", free.Data["subject_id"], won[0])
	}
	// The binding is audited on the opinion.
	hist, err := e.db.History(ctx, c, free.ID)
	must(t, err)
	if len(hist) < 2 {
		t.Fatalf("binding not in the opinion's history: %+v", hist)
	}
	if ms, err := e.db.VerifyState(ctx); err != nil || len(ms) != 0 {
		t.Errorf("audit replay after binds: %v %v", ms, err)
	}
}

// One opinion kind reviews matters and deals (RefKinds), each subject kind
// bound through its own Binding: an opinion names a deal only as a 合同
// review, the deal is linked back, and a deal's opinion unlocks no matter.
func testBoundToSeveralKinds(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	c := f.actors["clerkA"]
	mk, dk, ok := e.db.cfg.Kinds.Kind("matter"), e.db.cfg.Kinds.Kind("deal"), e.db.cfg.Kinds.Kind("opinion")
	create := func(k *ledger.Kind, v ledger.Values) *ledger.Record {
		t.Helper()
		r, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, v)
		must(t, err)
		return r
	}
	reload := func(r *ledger.Record) *ledger.Record {
		t.Helper()
		n, err := e.db.Record(ctx, c, r.ID)
		must(t, err)
		return n
	}
	deal := create(dk, ledger.Values{"title": "甲合同"})
	matter := create(mk, ledger.Values{"title": "甲事项"})

	// An opinion typed 事项 cannot name a deal; nothing is written.
	_, err := e.db.CreateRecord(ctx, c, ok, f.townA.ID, ledger.Values{"title": "错配", "type": "事项", "subject_id": fmt.Sprint(deal.ID)})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe["subject_id"], "是测试合同台账记录") || !strings.Contains(fe["subject_id"], "应为“合同”") {
		t.Fatalf("opinion of type 事项 naming a deal: %v", err)
	}
	if d := reload(deal); d.Data["opinion_id"] != "" || d.Version != deal.Version {
		t.Fatalf("refused opinion bound the deal: %+v", d)
	}
	// Typed 合同, it names the deal and the deal names it back.
	op := create(ok, ledger.Values{"title": "甲合同审查", "type": "合同", "subject_id": fmt.Sprint(deal.ID)})
	if d := reload(deal); d.Data["opinion_id"] != fmt.Sprint(op.ID) {
		t.Fatalf("deal not linked back: %v", d.Data)
	}
	// The deal's opinion is no matter's opinion.
	_, err = e.db.UpdateRecord(ctx, c, mk, matter.ID, matter.Version, ledger.Values{"opinion_id": fmt.Sprint(op.ID)})
	if !errors.As(err, &fe) || !strings.Contains(fe["opinion_id"], "不是“事项”的记录") {
		t.Fatalf("matter citing a deal's opinion: %v", err)
	}
	// A reference naming a record of a kind it does not list is refused.
	_, err = e.db.CreateRecord(ctx, c, ok, f.townA.ID, ledger.Values{"title": "自指", "type": "合同", "subject_id": fmt.Sprint(op.ID)})
	if !errors.As(err, &fe) || !strings.Contains(fe["subject_id"], "不存在或无权查看") {
		t.Fatalf("opinion naming an opinion: %v", err)
	}
	// What guards find: the deal by its title's field values.
	recs, err := linkedReader{e.db, c}.Records(ctx, "deal", nil, 10)
	must(t, err)
	if len(recs) != 1 || recs[0].ID != deal.ID || recs[0].Data["opinion_id"] != fmt.Sprint(op.ID) {
		t.Fatalf("Records(deal) = %+v", recs)
	}
	if recs, err := (linkedReader{e.db, f.actors["clerkB"]}).Records(ctx, "deal", nil, 10); err != nil || len(recs) != 0 {
		t.Fatalf("township B finds township A's deal: %v %v", recs, err)
	}
}
