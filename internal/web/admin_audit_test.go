package web

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The audit log reads newest first, each entry with its old → new values
// (a personal value masked), filtered by record, action, unit and dates,
// and exports what is filtered — all within the unit scope.
func TestAuditLog_NewestFirstFiltersOldNewExport(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	form := e.caseForm("审计用案件")
	form.Set("phone", "13800138000")
	path := clerk.create(t, form)
	id := strings.TrimPrefix(path, "/l/case/")
	form.Set("title", "审计用案件（改）")
	form.Set("version", "1")
	resp, body := clerk.post(path, form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	clerkB := e.loggedIn("clerkB")
	formB := e.caseForm("乙镇的案件")
	formB.Set("unit_id", strconv.FormatInt(e.units["B"].ID, 10))
	clerkB.create(t, formB)

	admin := e.loggedIn("adminA")
	resp, body = admin.get("/admin/audit")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "审计用案件", "标题：", "审计用案件（改）", "申请人电话：", "（个人信息，不显示）")
	if strings.Contains(body, "13800138000") || strings.Contains(body, "乙镇的案件") {
		t.Error("the log shows a phone number, or another township's record to A's admin")
	}
	seqs := regexp.MustCompile(`data-label="序号">(\d+)<`).FindAllStringSubmatch(body, -1)
	if len(seqs) < 2 {
		t.Fatalf("entries: %v", seqs)
	}
	first, _ := strconv.Atoi(seqs[0][1])
	second, _ := strconv.Atoi(seqs[1][1])
	if first <= second {
		t.Errorf("entries are not newest first: %d then %d", first, second)
	}
	if strings.Index(body, `"操作">修改<`) > strings.Index(body, `"操作">登记<`) {
		t.Error("the edit should come before the creation")
	}

	_, body = admin.get("/admin/audit?" + url.Values{"record": {id}, "action": {"update"}}.Encode())
	if n := strings.Count(body, `data-label="序号"`); n != 1 {
		t.Errorf("record %s, action update: %d entries, want 1", id, n)
	}
	wantBody(t, body, `<span class="old">审计用案件</span> → 审计用案件（改）`)
	_, body = admin.get("/admin/audit?from=2030-01-01")
	wantBody(t, body, "没有符合条件的审计记录")
	_, body = admin.get("/admin/audit?record=abc")
	wantBody(t, body, "记录编号须为数字")

	inspector := e.loggedIn("inspector")
	_, body = inspector.get("/admin/audit?unit=" + strconv.FormatInt(e.units["B"].ID, 10))
	wantBody(t, body, "乙镇的案件")
	if strings.Contains(body, "审计用案件") {
		t.Error("the unit filter lets A's records through")
	}

	resp, b := admin.get("/admin/audit/export.xlsx?kind=case")
	wantStatus(t, resp, b, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(b)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("审计日志")
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, r := range rows {
		all += strings.Join(r, "|") + "\n"
	}
	if !strings.Contains(all, "标题：审计用案件 → 审计用案件（改）") || strings.Contains(all, "乙镇") || strings.Contains(all, "13800138000") {
		t.Errorf("export:\n%s", all)
	}
	resp, body = clerk.get("/admin/audit/export.xlsx")
	wantStatus(t, resp, body, http.StatusForbidden)
}
