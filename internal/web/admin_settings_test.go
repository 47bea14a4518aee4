package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// postFile submits a multipart form with one file the way a browser does.
func (c *client) postFile(path, field, name string, content []byte) (*http.Response, string) {
	c.e.t.Helper()
	return c.do(c.fileRequest(path, field, name, content))
}

func (c *client) fileRequest(path, field, name string, content []byte) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(csrfField, c.csrf)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func TestAdminSettings_TownshipOverridesCountyAndOnlyItsOwn(t *testing.T) {
	e := apiEnv(t)
	county, town := e.loggedIn("admin"), e.loggedIn("adminA")
	name := kinds.SettingReviewLimitDays
	unitA, unitB := fmt.Sprint(e.units["A"].ID), fmt.Sprint(e.units["B"].ID)

	resp, body := county.post("/admin/settings", url.Values{"unit_id": {fmt.Sprint(e.units["county"].ID)}, "name": {name}, "value": {"15"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = town.get("/admin/settings")
	wantBody(t, body, "合法性审查时限（工作日）", "上级设置（测试县）")

	// A bad value is shown again as typed with a Chinese message; nothing saved.
	resp, body = town.post("/admin/settings", url.Values{"unit_id": {unitA}, "name": {name}, "value": {"九十"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "应为整数", `value="九十"`)
	resp, body = town.post("/admin/settings", url.Values{"unit_id": {unitA}, "name": {name}, "value": {"10"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	// Township A's admin cannot touch township B.
	resp, body = town.post("/admin/settings", url.Values{"unit_id": {unitB}, "name": {name}, "value": {"3"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "请选择您管辖范围内的单位")
	// Without the CSRF token nothing happens.
	resp, _ = town.post("/admin/settings", url.Values{csrfField: {"forged"}, "unit_id": {unitA}, "name": {name}, "value": {"3"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("forged CSRF: %d", resp.StatusCode)
	}
	// A clerk has no settings page.
	resp, _ = e.loggedIn("clerkA").get("/admin/settings")
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("clerk sees settings: %d", resp.StatusCode)
	}

	// The API lists effective values with their source.
	api := e.loggedIn("clerkA")
	for unit, want := range map[string]struct{ value, source string }{unitA: {"10", "own"}, unitB: {"15", "inherited"}} {
		if unit == unitB {
			api = e.loggedIn("admin")
		}
		resp, body := api.get("/api/v1/settings?unit=" + unit)
		wantStatus(t, resp, body, http.StatusOK)
		var out apiSettingsBody
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(out.Settings, func(s apiSetting) bool { return s.Name == name })
		if i < 0 || out.Settings[i].Value != want.value || out.Settings[i].Source != want.source {
			t.Fatalf("unit %s: %+v", unit, out.Settings)
		}
	}

	// A review received in A now runs a 10-working-day limit from the setting.
	ctx := context.Background()
	k := e.srv.kinds.Kind(kinds.LegalityReviewKind)
	rec, err := e.db.CreateRecord(ctx, e.actor("clerkA"), k, e.units["A"].ID, reviewData("设置生效"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := e.db.Clocks(ctx, e.actor("clerkA"), rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if i := slices.IndexFunc(cs, func(c ledger.Clock) bool { return c.Period == "review_limit" }); i < 0 || cs[i].Days != 10 {
		t.Fatalf("clocks = %+v", cs)
	}
	if !slices.Contains(e.audits(), "setting 甲镇管理员") {
		t.Error("setting change not audited")
	}
}

func TestAdminHolidays_UploadValidatedAppliedAndReminded(t *testing.T) {
	e := apiEnv(t)
	e.clock.t = time.Date(2026, 12, 1, 9, 0, 0, 0, calendar.China)
	admin := e.loggedIn("adminA")
	_, body := admin.get("/")
	wantBody(t, body, "2027年节假日安排尚未载入")
	if _, body := e.loggedIn("clerkA").get("/"); strings.Contains(body, "2027年节假日安排尚未载入") {
		t.Error("a clerk is reminded of the calendar")
	}
	resp, body := admin.postFile("/admin/holidays", "file", "2027.txt", []byte("2027-01-01\t元旦\t是\n"))
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "第1行", "第三列应为 1")
	if slices.Contains(e.srv.cal.Years(), 2027) {
		t.Fatal("a refused file was applied")
	}
	notice := "year\t2027\t国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01\t元旦\t1\n2027-02-06\t春节\t1\n"
	resp, body = admin.postFile("/admin/holidays", "file", "2027.txt", []byte(notice))
	wantStatus(t, resp, body, http.StatusSeeOther)
	if !slices.Contains(e.srv.cal.Years(), 2027) {
		t.Fatal("uploaded year not applied to the server's calendar")
	}
	_, body = admin.get("/")
	if strings.Contains(body, "2027年节假日安排尚未载入") {
		t.Error("reminder stays after the upload")
	}
	if !slices.Contains(e.audits(), "holidays 甲镇管理员") {
		t.Error("upload not audited")
	}
	// A clerk cannot upload.
	clerk := e.loggedIn("clerkA")
	if resp, _ := clerk.postFile("/admin/holidays", "file", "x.txt", []byte(notice)); resp.StatusCode != http.StatusForbidden {
		t.Errorf("clerk upload: %d", resp.StatusCode)
	}
	// Before December there is no reminder.
	e.clock.t = time.Date(2027, 11, 30, 9, 0, 0, 0, calendar.China)
	if _, body := admin.get("/"); strings.Contains(body, "2028年节假日安排尚未载入") {
		t.Error("reminder before 1 December")
	}
}

func FuzzHolidayUpload(f *testing.F) {
	f.Add([]byte("year\t2027\t通知\n2027-01-01\t元旦\t1\n"))
	f.Add([]byte("2027-13-01\t元旦\t1\n"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Add([]byte(""))
	e := apiEnv(f)
	admin := e.loggedIn("admin")
	f.Fuzz(func(t *testing.T, content []byte) {
		resp, err := admin.hc.Do(admin.fileRequest("/admin/holidays", "file", "h.txt", content))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		body := string(b)
		switch resp.StatusCode {
		case http.StatusSeeOther:
		case http.StatusUnprocessableEntity:
			if !strings.Contains(body, "class=\"error\"") {
				t.Fatalf("refusal without a message: %s", body)
			}
		default:
			t.Fatalf("status %d for %q", resp.StatusCode, content)
		}
	})
}

func FuzzAdminSettingSave(f *testing.F) {
	f.Add(kinds.SettingReviewLimitDays, "10", "")
	f.Add(kinds.SettingReviewLimitDays, "-1", "")
	f.Add("nope", "x", "1")
	f.Add(kinds.SettingReviewLimitDays, "", "1")
	e := apiEnv(f)
	admin := e.loggedIn("adminA")
	unit := fmt.Sprint(e.units["A"].ID)
	f.Fuzz(func(t *testing.T, name, value, clear string) {
		resp, body := fuzzPost(t, admin, "/admin/settings", url.Values{"unit_id": {unit}, "name": {name}, "value": {value}, "clear": {clear}})
		if resp.StatusCode != http.StatusSeeOther && resp.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
	})
}

var _ = store.MaxHolidayFile

// An aftercare person's end date follows the years set for the unit: a
// county admin who sets three years after release from prison for 甲镇
// gets that date and that clock there, while 乙镇 keeps five.
func TestAdminSettings_AftercareYearsReachTheRecord(t *testing.T) {
	e := apiEnv(t)
	county := e.loggedIn("admin")
	resp, body := county.post("/admin/settings", url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)},
		"name": {kinds.SettingAftercarePrisonYears}, "value": {"3"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	ctx := context.Background()
	k := e.srv.kinds.Kind(kinds.AftercareKind)
	form := ledger.Values{"file_no": "AZ2024-01", "name": "钱某", "sex": "男", "release_type": "刑满释放",
		"release_date": "2024-03-01", "handover_date": "2024-03-04"}
	for unit, want := range map[string]string{"A": "2027-03-01", "B": "2029-03-01"} {
		clerk := e.actor("clerk" + unit)
		rec, err := e.db.CreateRecord(ctx, clerk, k, e.units[unit].ID, form)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Data["aftercare_until"] != want {
			t.Errorf("%s: 帮教期满日期 %q, want %s", unit, rec.Data["aftercare_until"], want)
		}
		cs, err := e.db.Clocks(ctx, clerk, rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(cs, func(c ledger.Clock) bool { return c.Period == "aftercare" }); i < 0 || cs[i].Due.String() != want {
			t.Errorf("%s: clocks %+v", unit, cs)
		}
	}
}
