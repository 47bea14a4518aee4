package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// TestImport_TwentyRowsEveryKind: for every kind, twenty records a clerk
// entered over five months are exported to Excel and the workbook is
// imported into a new village: the village then holds twenty records with
// exactly the values of the originals — a township moving its 台账 from one
// installation to another, or a clerk filling the exported sheet, loses
// nothing for any kind.
func TestImport_TwentyRowsEveryKind(t *testing.T) {
	e := apiEnv(t)
	village := addUnit(t, e, "village", "乙村", "A")
	ctx, sys := context.Background(), store.SystemActor("test")
	today := e.srv.today()
	canonical := func(unit int64, kind string) []string {
		recs, _, err := e.db.ListRecords(ctx, sys, store.ListQuery{Kind: kind, UnitID: unit, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range recs {
			if r.UnitID == unit {
				b, _ := json.Marshal(r.Data) // map keys are sorted
				out = append(out, r.State+" "+string(b))
			}
		}
		slices.Sort(out)
		return out
	}
	for _, k := range e.srv.kinds.Kinds() {
		for i := range 20 {
			e.seed(k.Name, "A", inUnit(k, k.ExampleForm(today.AddDays(-7*i)), e.units["A"].ID))
		}
		orig := canonical(e.units["A"].ID, k.Name)
		if len(orig) != 20 {
			t.Fatalf("%s: seeded %d records, want 20", k.Name, len(orig))
		}
		resp, xlsx := e.loggedIn("clerkA").download(t, fmt.Sprintf("/l/%s/export.xlsx?unit=%d", k.Name, e.units["A"].ID))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: export: %d", k.Name, resp.StatusCode)
		}
		status, body := e.api("clerkA").upload(fmt.Sprintf("/api/v1/records/%s/import?unit=%d", k.Name, village.ID), k.Label+".xlsx", xlsx)
		if status != http.StatusCreated {
			t.Errorf("%s: import: %d %s", k.Name, status, body)
			continue
		}
		if got := canonical(village.ID, k.Name); !slices.Equal(got, orig) {
			t.Errorf("%s: imported records differ from the exported ones:\n got %q\nwant %q", k.Name, got, orig)
		}
	}
}

// inUnit points an example form's unit fields and unit columns (the
// villages an adviser serves, …) at unit: a clerk names units they see.
func inUnit(k *ledger.Kind, form ledger.Values, unit int64) ledger.Values {
	id := strconv.FormatInt(unit, 10)
	for _, f := range k.FormFields() {
		switch {
		case f.Type == ledger.TypeUnit && form[f.Name] != "":
			form[f.Name] = id
		case f.Type == ledger.TypeTable && form[f.Name] != "":
			var rows []map[string]string
			if json.Unmarshal([]byte(form[f.Name]), &rows) != nil {
				continue
			}
			for _, row := range rows {
				for name := range row {
					if c := f.Column(name); c != nil && c.Type == ledger.TypeUnit {
						row[name] = id
					}
				}
			}
			b, _ := json.Marshal(rows)
			form[f.Name] = string(b)
		}
	}
	return form
}

// TestCreate_UnitsAndUsersMustExistInScope: a unit field or column (the
// villages an adviser serves) naming another township, or a unit or
// person that does not exist, is refused through the API with the field's
// name and the fix — the form offers only the units the clerk sees, and a
// script may not do more — while the clerk's own unit is accepted.
func TestCreate_UnitsAndUsersMustExistInScope(t *testing.T) {
	e := apiEnv(t)
	today := e.srv.today()
	byRole := map[access.Role]string{access.RoleClerk: "clerkA", access.RoleHead: "headA", access.RoleAdmin: "adminA", access.RoleReviewer: "reviewerA"}
	tried := 0
	for _, k := range e.srv.kinds.Kinds() {
		user := ""
		for _, r := range k.CreateRoles {
			if user = byRole[r]; user != "" {
				break
			}
		}
		for _, f := range k.FormFields() {
			typ, label := f.Type, f.Label
			if f.Type == ledger.TypeTable {
				typ = ""
				for _, c := range f.Columns {
					if c.Type == ledger.TypeUnit || c.Type == ledger.TypeUser {
						typ, label = c.Type, c.Label
						break
					}
				}
			}
			if user == "" || (typ != ledger.TypeUnit && typ != ledger.TypeUser) {
				continue
			}
			tried++
			bad := map[string]int64{"另一乡镇": e.units["B"].ID, "不存在的编号": 987654}
			if typ == ledger.TypeUser {
				bad = map[string]int64{"不存在的编号": 987654}
			}
			for what, id := range bad {
				form := withID(k, f, inUnit(k, k.ExampleForm(today), e.units["A"].ID), id)
				status, body := e.api(user).call("POST", "/api/v1/records/"+k.Name, map[string]any{"unit_id": e.units["A"].ID, "data": form})
				if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), label) {
					t.Errorf("%s.%s naming %s: %d %s, want 422 naming 「%s」", k.Name, f.Name, what, status, body, label)
				}
			}
			own := e.units["A"].ID
			if typ == ledger.TypeUser {
				own = e.users["clerkA"].ID
				if k.Grant != nil && k.Grant.User == f.Name {
					own = e.users["adviserA"].ID // the person a granting record names holds the role it grants
				}
			}
			form := withID(k, f, inUnit(k, k.ExampleForm(today), e.units["A"].ID), own)
			if status, body := e.api(user).call("POST", "/api/v1/records/"+k.Name, map[string]any{"unit_id": e.units["A"].ID, "data": form}); status != http.StatusCreated {
				t.Errorf("%s.%s naming the clerk's own unit or themselves: %d %s", k.Name, f.Name, status, body)
			}
		}
	}
	if tried == 0 {
		t.Fatal("no kind has a unit or user field: the test checks nothing")
	}
}

// withID sets field f (or, for a table, its unit and user columns in one
// row) of form to id.
func withID(k *ledger.Kind, f *ledger.Field, form ledger.Values, id int64) ledger.Values {
	v := strconv.FormatInt(id, 10)
	if f.Type != ledger.TypeTable {
		form[f.Name] = v
		return form
	}
	row := map[string]string{}
	for _, c := range f.Columns {
		switch {
		case c.Type == ledger.TypeUnit || c.Type == ledger.TypeUser:
			row[c.Name] = v
		case c.Required:
			row[c.Name] = ledger.ExampleValue(&c, calendar.Date{Year: 2025, Month: 3, Day: 3})
		}
	}
	b, _ := json.Marshal([]map[string]string{row})
	form[f.Name] = string(b)
	return form
}
