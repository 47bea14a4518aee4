package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
	"fazhi/internal/store"
)

// importBookWithRows is importBook plus one sheet per table field: rows
// (field name → the record's rows) keyed by the main sheet's 编号.
func importBookWithRows(t *testing.T, k *ledger.Kind, records []map[string]string, tables []map[string][]ledger.Values) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(importBook(t, k, records)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, tf := range importer.TableFields(k) {
		sheet := importer.RowSheetName(tf, "Sheet1")
		f.NewSheet(sheet)
		header := []any{importer.HeaderRecord, importer.HeaderRowNo}
		for _, c := range tf.Columns {
			header = append(header, c.Label)
		}
		f.SetSheetRow(sheet, "A1", &header)
		line := 2
		for i, tb := range tables {
			for j, row := range tb[tf.Name] {
				cells := []any{fmt.Sprint(i + 1), fmt.Sprint(j + 1)}
				for _, c := range tf.Columns {
					cells = append(cells, row[c.Name])
				}
				cell, _ := excelize.CoordinatesToCellName(1, line)
				f.SetSheetRow(sheet, cell, &cells)
				line++
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The Excel template import of 20 realistic rows of each new kind, some
// with their history (a later state replayed through the workflow and its
// guards): every row is imported into 甲镇, in the state it names.
func TestImport_TwentyRowsOfEachNewKind(t *testing.T) {
	e := apiEnv(t)
	e.at("2025-12-20")
	u := &access.User{Username: "office", Name: "甲镇党政办", UnitID: e.units["A"].ID,
		Roles: []access.Role{access.RoleClerk, access.RoleHead}, PasswordHash: e.users["clerkA"].PasswordHash}
	if err := e.db.CreateUser(context.Background(), store.SystemActor("test"), u); err != nil {
		t.Fatal(err)
	}
	e.users[u.Username] = u
	plan := e.seed("work_plan", "A", ledger.Values{"year": "2025", "title": "甲镇2025年法治建设工作要点"})
	depts := []string{"党政办", "司法所", "综合执法办", "农业农村办", "自然资源所", "社会事务办", "村镇建设办"}
	villages := []string{"东山村", "西岭村", "南坪村", "石门村", "坪田村"}
	day := func(month, d int) string { return fmt.Sprintf("2025-%02d-%02d", month, d) }
	kinds := map[string]struct {
		row    func(i int) map[string]string
		tables func(i int) map[string][]ledger.Values
		states map[string]int // label → rows, checked after the import
	}{
		"disclosure_item": {row: func(i int) map[string]string {
			r := map[string]string{"title": fmt.Sprintf("%s2025年第%d季度农村低保对象公示", villages[i%5], i%4+1), "category": "社会救助",
				"department": depts[i%7], "made_date": day(i%11+1, 10), "channel": "政务公开栏", "summary": "低保对象名单及保障金额"}
			if i%2 == 0 {
				r[importer.HeaderState], r["publish_date"], r["publish_place"] = "已公开", day(i%11+1, 14), villages[i%5]+"村务公开栏"
			}
			return r
		}, states: map[string]int{"published": 10, "pending": 10}},
		"disclosure_request": {row: func(i int) map[string]string {
			r := map[string]string{"received_date": day(i%10+1, 3), "receipt_way": "当面提交", "applicant_type": "公民",
				"applicant_name": "申请人" + fmt.Sprint(i), "applicant_phone": "13800138000",
				"content": fmt.Sprintf("%s土地征收补偿标准（第%d批）", villages[i%5], i+1), "department": "自然资源所"}
			if i%3 == 0 {
				r[importer.HeaderState], r["reply_date"], r["outcome"], r["reply_way"], r["reply_text"] = "已答复", day(i%10+1, 20), "予以公开", "书面答复", "予以公开，见附件"
			}
			return r
		}, states: map[string]int{"replied": 7, "received": 13}},
		"suggestion": {row: func(i int) map[string]string {
			r := map[string]string{"source": "人大代表建议", "number": fmt.Sprintf("第%d号", i+1), "title": fmt.Sprintf("关于改善%s饮水条件的建议", villages[i%5]),
				"proposer": fmt.Sprintf("代表%d", i+1), "received_date": "2025-03-01", "assigned_date": "2025-03-10", "department": depts[i%7]}
			if i%4 == 0 {
				r[importer.HeaderState], r["reply_date"], r["result"], r["reply_text"] = "已答复", "2025-05-20", "已解决或采纳", "已完成管网改造"
			}
			return r
		}, states: map[string]int{"replied": 5, "handling": 15}},
		"law_meeting": {row: func(i int) map[string]string {
			r := map[string]string{importer.HeaderID: fmt.Sprint(i + 1), "meeting_type": []string{"全面依法治镇委员会会议", "政府常务会议", "党委会议", "法治建设领导小组会议"}[i%4],
				"title": fmt.Sprintf("2025年第%d次会议", i+1), "meeting_date": day(i%11+1, 6), "chair": "李书记"}
			if i%2 == 0 {
				r[importer.HeaderState] = "已召开"
			}
			return r
		}, tables: func(i int) map[string][]ledger.Values {
			return map[string][]ledger.Values{"topics": {{"topic": "会前学法：学习宪法", "category": "会前学法"},
				{"topic": fmt.Sprintf("研究%s矛盾纠纷化解", villages[i%5]), "category": "研究法治建设", "decision": "司法所牵头", "department": "司法所"}}}
		}, states: map[string]int{"held": 10, "planned": 10}},
		"law_report": {row: func(i int) map[string]string {
			r := map[string]string{"year": "2025", "leader": fmt.Sprintf("领导%d", i+1), "post": []string{"党委书记", "镇长", "副镇长", "党委委员"}[i%4],
				"principal": []string{"是", "是", "否", "否"}[i%4], "form": "年终述职中述法"}
			if i < 12 {
				r[importer.HeaderState], r["report_date"], r["report_summary"] = "已述法", "2025-12-18", "履行推进法治建设职责情况"
			}
			return r
		}, states: map[string]int{"reported": 12, "planned": 8}},
		"plan_task": {row: func(i int) map[string]string {
			r := map[string]string{"plan_id": fmt.Sprint(plan.ID), "year": "2025", "task_no": fmt.Sprint(i + 1),
				"title": fmt.Sprintf("第%d项：推进%s法治建设", i+1, depts[i%7]), "department": depts[i%7], "due_date": day(i%11+1, 28)}
			if i%5 != 4 {
				r[importer.HeaderState], r["done_date"], r["result"] = "完成", day(i%11+1, 25), "按期完成"
			}
			return r
		}, states: map[string]int{"done": 16, "open": 4}},
		"decision_catalogue": {row: func(i int) map[string]string {
			r := map[string]string{"catalogue_year": "2025", "catalogue_item": fmt.Sprintf("2025-%02d", i+1),
				"title": fmt.Sprintf("%s基础设施提升工程（%d）", villages[i%5], i+1), "department": depts[i%7], "category": "重大公共建设项目"}
			if i%2 == 1 {
				r[importer.HeaderState], r["agreed_date"], r["publish_date"], r["publish_channel"] = "已公布", "2025-03-10", "2025-03-13", "镇政府网站"
			}
			return r
		}, states: map[string]int{"published": 10, "drafting": 10}},
	}
	api := e.api("office")
	for name, c := range kinds {
		t.Run(name, func(t *testing.T) {
			k := e.srv.kinds.Kind(name)
			var rows []map[string]string
			var tables []map[string][]ledger.Values
			for i := range 20 {
				rows = append(rows, c.row(i))
				if c.tables != nil {
					tables = append(tables, c.tables(i))
				}
			}
			status, body := api.upload(fmt.Sprintf("/api/v1/records/%s/import?unit=%d", name, e.units["A"].ID), "导入.xlsx",
				importBookWithRows(t, k, rows, tables))
			var rep apiImportReport
			json.Unmarshal(body, &rep)
			if status != http.StatusCreated || rep.Imported != 20 {
				t.Fatalf("import: %d %s", status, body)
			}
			recs, _, err := e.db.ListRecords(context.Background(), store.SystemActor("test"), store.ListQuery{Kind: name, PerPage: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, r := range recs {
				got[r.State]++
			}
			for s, n := range c.states {
				if got[s] != n {
					t.Errorf("%d records in %s, want %d (all: %v)", got[s], s, n, got)
				}
			}
		})
	}
	// The annual figures the report reads, counted by hand from the rows.
	for id, want := range map[string]float64{
		"disclosure.items": 10, "disclosure.requests": 20, "disclosure.replied": 7, "disclosure.granted": 7, "disclosure.pending": 13,
		"suggestion.deputies": 20, "suggestion.replied": 5, "suggestion.reply_rate": 25,
		"meeting.total": 10, "committee.meetings": 5, "meeting.committee": 5, "meeting.executive": 0, "meeting.party": 5,
		"meeting.law_study": 10, "committee.topics": 10, "law_report.done": 12, "law_report.principals": 6,
		"plan.tasks": 20, "plan.tasks_done": 16, "plan.task_rate": 80, "decision_catalogue.items": 10, "decision_catalogue.decided": 0,
	} {
		if got := apiValue(t, api, e.units["A"].ID, 2025, id); got != want {
			t.Errorf("%s = %v, want %v", id, got, want)
		}
	}
}
