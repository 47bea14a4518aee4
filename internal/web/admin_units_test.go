package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

func (e *env) unitNamed(name string) access.Unit {
	e.t.Helper()
	u, err := e.db.UnitByRef(context.Background(), name)
	if err != nil {
		e.t.Fatal(err)
	}
	return *u
}

func id(u access.Unit) string { return fmt.Sprint(u.ID) }

// uploadSheet posts an .xlsx (or any bytes) as the import file.
func (c *client) uploadSheet(path string, content []byte) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(csrfField, c.csrf)
	fw, _ := mw.CreateFormFile("file", "单位.xlsx")
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func xlsx(t testing.TB, rows ...[]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The county administrator builds the tree in the UI: a refused unit keeps
// what was typed and says which field to fix; rename, move and close are
// audited; a closed unit leaves the pickers but keeps its records.
func TestAdminUnits_CreateRenameMoveClose(t *testing.T) {
	e := caseEnv(t)
	admin := e.loggedIn("admin")
	resp, body := admin.get("/admin/units")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "测试县", "甲镇", "乙镇", "新建单位", "下载导入模板")

	form := url.Values{"parent_id": {id(e.units["county"])}, "level": {"village"}, "name": {"县直村"}, "credit_code": {""}}
	resp, body = admin.post("/admin/units", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "村/社区不能设在县/区「测试县」之下", `value="县直村"`)
	form.Set("parent_id", id(e.units["A"]))
	form.Set("credit_code", "12345")
	resp, body = admin.post("/admin/units", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "统一社会信用代码应为 18 位", `value="12345"`)
	form.Set("credit_code", "")
	form.Set("name", "甲村")
	resp, body = admin.post("/admin/units", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.post("/admin/units", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "「甲镇」下已有名为「甲村」的单位")
	village := e.unitNamed("甲村")

	resp, body = admin.post("/admin/units/"+id(village)+"/rename", url.Values{"name": {"甲村村委会"}, "credit_code": {""}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.post("/admin/units/"+id(e.units["A"])+"/move", url.Values{"parent_id": {id(village)}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "不能把「甲镇」移到它自己或它的下级单位")
	resp, body = admin.post("/admin/units/"+id(village)+"/move", url.Values{"parent_id": {id(e.units["B"])}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := e.unitNamed("甲村村委会"); got.ParentID != e.units["B"].ID {
		t.Fatalf("moved village = %+v", got)
	}

	// Closing a township with users is refused, naming them and the fix.
	resp, body = admin.post("/admin/units/"+id(e.units["A"])+"/close", nil)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "名在用的用户", "adminA", "调到其他单位或锁定")
	// An empty village closes; it keeps its record, read-only.
	clerkB := e.loggedIn("clerkB")
	f := e.caseForm("村里的案件")
	f.Set("unit_id", id(village))
	rec := clerkB.create(t, f)
	resp, body = admin.post("/admin/units/"+id(village)+"/close", nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = clerkB.get(rec)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "村里的案件")
	resp, body = clerkB.post(rec, e.caseForm("改了"))
	if resp.StatusCode < 400 {
		t.Fatalf("editing a closed unit's record: %d", resp.StatusCode)
	}
	_, body = clerkB.get("/l/case/new")
	if strings.Contains(body, "甲村村委会</option>") {
		t.Error("the closed unit is still offered in the record form")
	}
	_, body = admin.get("/admin/users")
	if strings.Contains(body, "甲村村委会</option>") {
		t.Error("the closed unit is still offered for new users")
	}
	_, body = admin.get("/admin/units")
	wantBody(t, body, "甲村村委会", "已撤销")
	acts := strings.Join(e.audits(), ",")
	for _, a := range []string{"unit.create 县管理员", "unit.rename 县管理员", "unit.move 县管理员", "unit.close 县管理员"} {
		if !strings.Contains(acts, a) {
			t.Errorf("audit lacks %q", a)
		}
	}
	_, body = admin.get("/admin/audit")
	wantBody(t, body, "移动单位", "撤销单位")
}

// A township administrator acts only in their township.
func TestAdminUnits_TownshipAdminStaysInScope(t *testing.T) {
	e := caseEnv(t)
	adminA := e.loggedIn("adminA")
	_, body := adminA.get("/admin/units")
	if strings.Contains(body, "乙镇") || strings.Contains(body, "测试县") {
		t.Errorf("township A's admin sees other units: %.2000s", body)
	}
	resp, body := adminA.post("/admin/units", url.Values{"parent_id": {id(e.units["B"])}, "level": {"village"}, "name": {"越权村"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "请选择您管辖范围内、未撤销的上级单位")
	resp, _ = adminA.post("/admin/units/"+id(e.units["B"])+"/rename", url.Values{"name": {"改名"}})
	wantStatus(t, resp, "", http.StatusNotFound)
	resp, _ = adminA.post("/admin/units/"+id(e.units["A"])+"/close", nil)
	wantStatus(t, resp, "", http.StatusNotFound)
	resp, body = adminA.post("/admin/units", url.Values{"parent_id": {id(e.units["A"])}, "level": {"village"}, "name": {"甲一村"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	v := e.unitNamed("甲一村")
	resp, _ = adminA.post("/admin/units/"+id(v)+"/move", url.Values{"parent_id": {id(e.units["B"])}})
	wantStatus(t, resp, "", http.StatusNotFound)
	if got := e.unitNamed("甲一村"); got.ParentID != e.units["A"].ID {
		t.Fatal("a refused move moved the unit")
	}
	if e.unitNamed("乙镇").Name != "乙镇" {
		t.Fatal("a refused rename renamed")
	}
	resp, _ = e.loggedIn("clerkA").get("/admin/units")
	wantStatus(t, resp, "", http.StatusForbidden)
}

func TestAdminUnits_ImportFromExcel(t *testing.T) {
	e := caseEnv(t)
	admin := e.loggedIn("admin")
	resp, tmpl := admin.download(t, "/admin/units/template.xlsx")
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(tmpl, []byte("PK")) {
		t.Fatalf("template: %d", resp.StatusCode)
	}
	before := len(e.unitsNow())
	bad := xlsx(t, []string{"单位名称", "上级单位", "层级"},
		[]string{"丙镇", "测试县", "乡镇"},
		[]string{"丙村", "丙镇", "小区"},
		[]string{"丁村", "戊镇", "村"})
	resp, body := admin.uploadSheet("/admin/units/import", bad)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "导入未进行：共 2 处错误", "<td>3</td><td>层级</td><td>小区</td>", "<td>4</td><td>上级单位</td><td>戊镇</td>", "找不到上级单位")
	if n := len(e.unitsNow()); n != before {
		t.Fatalf("a refused import wrote %d units", n-before)
	}
	resp, body = admin.uploadSheet("/admin/units/import", []byte("单位名称,上级单位\n"))
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "不是 Excel .xlsx 文件")
	resp, body = admin.uploadSheet("/admin/units/import", append([]byte("PK"), make([]byte, 3<<20)...))
	wantStatus(t, resp, body, http.StatusRequestEntityTooLarge)
	wantBody(t, body, "单位表不得超过 2 MB")

	good := xlsx(t, []string{"单位名称", "上级单位", "层级", "统一社会信用代码"},
		[]string{"丙村", "丙镇", "村", ""},
		[]string{"丙镇", "测试县", "乡镇", "11100000MB0000000A"})
	resp, body = admin.uploadSheet("/admin/units/import", good)
	if resp.StatusCode == http.StatusUnprocessableEntity && strings.Contains(body, "校验位") {
		good = xlsx(t, []string{"单位名称", "上级单位", "层级"}, []string{"丙村", "丙镇", "村"}, []string{"丙镇", "测试县", "乡镇"})
		resp, body = admin.uploadSheet("/admin/units/import", good)
	}
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := e.unitNamed("丙村"); got.ParentID != e.unitNamed("丙镇").ID {
		t.Fatalf("imported 丙村 = %+v", got)
	}
	if !strings.Contains(strings.Join(e.audits(), ","), "unit.import 县管理员") {
		t.Error("import not audited")
	}
	// A township admin may not import under the county.
	adminA := e.loggedIn("adminA")
	resp, body = adminA.uploadSheet("/admin/units/import", xlsx(t, []string{"单位名称", "上级单位", "层级"}, []string{"己镇", "测试县", "乡镇"},
		[]string{"庚村", fmt.Sprint(e.units["B"].ID), "村"}, []string{"辛县", "", "县"}))
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "找不到上级单位「测试县」", "没有 ID 为", "上级单位不能留空")
}

func (e *env) unitsNow() []access.Unit {
	us, err := e.db.Units(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return us
}

// Editing a user: unit and roles within the admin's subtree, grants added
// and removed, never oneself; each change audited.
func TestAdminUserEdit_UnitRolesGrants(t *testing.T) {
	e := caseEnv(t)
	adminA := e.loggedIn("adminA")
	clerk := e.users["clerkA"]
	path := fmt.Sprintf("/admin/users/%d", clerk.ID)
	resp, body := adminA.get(path)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "编辑用户 clerkA", `value="clerk" checked`)
	resp, body = adminA.post(path, url.Values{"name": {"甲镇录入员"}, "unit_id": {id(e.units["B"])}, "roles": {"clerk"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "请选择您管辖范围内、未撤销的单位")
	resp, body = adminA.post(path, url.Values{"name": {"甲镇录入员"}, "unit_id": {id(e.units["A"])}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "请至少选择一个角色")
	resp, body = adminA.post(path, url.Values{"name": {"甲镇录入兼审核"}, "unit_id": {id(e.units["A"])}, "roles": {"clerk", "reviewer"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	u, err := e.db.UserByID(context.Background(), clerk.ID)
	if err != nil || len(u.Roles) != 2 || u.Name != "甲镇录入兼审核" {
		t.Fatalf("updated user = %+v %v", u, err)
	}
	// Oneself: refused.
	resp, body = adminA.post(fmt.Sprintf("/admin/users/%d", e.users["adminA"].ID), url.Values{"name": {"我"}, "unit_id": {id(e.units["A"])}, "roles": {"admin", "head"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "不能修改自己的单位和角色")
	// Another township's user does not exist for adminA.
	resp, _ = adminA.get(fmt.Sprintf("/admin/users/%d", e.users["clerkB"].ID))
	wantStatus(t, resp, "", http.StatusNotFound)

	// Grants: the county admin lets clerkA review in B, then takes it back.
	admin := e.loggedIn("admin")
	resp, body = admin.post(path+"/grants", url.Values{"grant_unit": {id(e.units["B"])}, "grant_roles": {"reviewer"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = admin.get(path)
	wantBody(t, body, "乙镇", "审核员", "取消授权")
	resp, body = adminA.post(path+"/grants", url.Values{"grant_unit": {id(e.units["B"])}, "grant_roles": {"reviewer"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	resp, _ = adminA.post(path+"/grants/"+id(e.units["B"])+"/remove", nil)
	wantStatus(t, resp, "", http.StatusNotFound)
	resp, body = admin.post(path+"/grants/"+id(e.units["B"])+"/remove", nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	acts := strings.Join(e.audits(), ",")
	for _, a := range []string{"user.update 甲镇管理员", "grant.add 县管理员", "grant.remove 县管理员"} {
		if !strings.Contains(acts, a) {
			t.Errorf("audit lacks %q: %s", a, acts)
		}
	}
}

// Every user changes their own password: old password, new twice, the
// policy; the other sessions end, this one stays.
func TestPasswordChange_OwnPasswordEndsOtherSessions(t *testing.T) {
	e := caseEnv(t)
	other := e.loggedIn("clerkA")
	c := e.loggedIn("clerkA")
	resp, body := c.get("/account/password")
	wantStatus(t, resp, body, http.StatusOK)
	cases := []struct {
		old, pw, again, want string
	}{
		{"wrong-Pass-1", "New-Pass-2026", "New-Pass-2026", "原密码不正确"},
		{testPassword, "short", "short", "密码至少需要 10 个字符"},
		{testPassword, "New-Pass-2026", "New-Pass-2027", "两次输入的新密码不一致"},
		{testPassword, testPassword, testPassword, "新密码不能与原密码相同"},
	}
	for _, k := range cases {
		resp, body = c.post("/account/password", url.Values{"old_password": {k.old}, "new_password": {k.pw}, "new_password2": {k.again}})
		wantStatus(t, resp, body, http.StatusUnprocessableEntity)
		wantBody(t, body, k.want)
	}
	resp, body = c.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"New-Pass-2026"}, "new_password2": {"New-Pass-2026"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if r, _ := c.get("/"); r.StatusCode != http.StatusOK {
		t.Error("the session that changed the password was ended")
	}
	if r, _ := other.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Error("another session survived the password change")
	}
	resp, _ = e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {"New-Pass-2026"}})
	wantStatus(t, resp, "", http.StatusSeeOther)
	if !strings.Contains(strings.Join(e.audits(), ","), "user.password 甲镇录入员") {
		t.Error("password change not audited")
	}
	// Without the CSRF token: refused, password unchanged.
	resp, _ = c.post("/account/password", url.Values{csrfField: {"forged"}, "old_password": {"New-Pass-2026"}, "new_password": {"Other-Pass-2026"}, "new_password2": {"Other-Pass-2026"}})
	wantStatus(t, resp, "", http.StatusForbidden)
	// Guessing the old password runs into the lockout.
	g := e.loggedIn("headA")
	for i := 0; i < 6; i++ {
		resp, _ = g.post("/account/password", url.Values{"old_password": {fmt.Sprintf("Guess-%d-2026", i)}, "new_password": {"New-Pass-2026"}, "new_password2": {"New-Pass-2026"}})
	}
	wantStatus(t, resp, "", http.StatusTooManyRequests)
	_ = store.ErrNotFound
}

// A closed unit posted to the add-user form (it is not offered) is refused
// on the form, the typed values kept.
func TestAdminUsers_ClosedUnitRefusedOnTheForm(t *testing.T) {
	e := caseEnv(t)
	admin := e.loggedIn("admin")
	resp, body := admin.post("/admin/units", url.Values{"parent_id": {id(e.units["A"])}, "level": {"department"}, "name": {"旧办公室"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	old := e.unitNamed("旧办公室")
	resp, body = admin.post("/admin/units/"+id(old)+"/close", nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.post("/admin/users", url.Values{"username": {"late.user"}, "name": {"迟到"}, "unit_id": {id(old)},
		"roles": {"clerk"}, "password": {"Late-User-2026"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "已撤销，不能再加入用户", `value="late.user"`)
}
