package unitsheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/safezip/bombtest"
)

var county = []access.Unit{{ID: 1, Name: "某某县", Level: access.LevelCounty, Path: "/1/"}}

// The template, filled in as it comes, is a valid import under a county.
func TestTemplate_ReadsBackAndPlans(t *testing.T) {
	b, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0].Row != 2 || rows[0].Name != "某某镇" || rows[1].Level != "村" {
		t.Fatalf("rows = %+v", rows)
	}
	plan, errs := access.PlanImport(county, rows)
	if errs != nil {
		t.Fatal(errs)
	}
	if len(plan) != 3 || plan[0].Unit.ParentID != 1 || plan[1].ParentIndex != 0 {
		t.Fatalf("plan = %+v", plan)
	}
}

func sheet(t testing.TB, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func wantSheetErr(t *testing.T, err error, msg string) {
	t.Helper()
	var ie access.ImportErrors
	if !errors.As(err, &ie) || !strings.Contains(ie.Error(), msg) {
		t.Fatalf("got %v, want an import error saying %q", err, msg)
	}
}

// Every bad cell is listed with row, column, value and reason.
func TestPlanImport_EveryBadCellReported(t *testing.T) {
	b := sheet(t,
		[]any{"层级", "单位名称", "上级单位", "备注"}, // columns in any order, others ignored
		[]any{"乡镇", "东镇", "某某县"},
		[]any{"村", "东镇", "某某县"},                        // duplicate name among siblings (row 3), and 村 under a county
		[]any{"小区", "北村", "东镇"},                        // unknown level
		[]any{"村", "", "东镇"},                           // missing name
		[]any{"村", "南村", "西镇"},                         // unknown parent
		[]any{"县", "另一县", ""},                          // a second root
		[]any{},                                        // blank: skipped
		[]any{"村", "甲村", "乙村"}, []any{"村", "乙村", "甲村"}, // a cycle
	)
	rows, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := access.PlanImport(county, rows)
	want := []struct {
		row    int
		col    string
		reason string
	}{
		{3, access.ColLevel, "上级单位应为乡镇/街道"},
		{3, access.ColName, "与第 2 行重名"},
		{4, access.ColLevel, "层级「小区」无法识别"},
		{5, access.ColName, "请填写单位名称"},
		{6, access.ColParent, "找不到上级单位「西镇」"},
		{7, access.ColParent, "已有最上级单位「某某县」"},
		{9, access.ColParent, "上级单位形成循环"},
	}
	for _, w := range want {
		found := false
		for _, e := range errs {
			if e.Row == w.row && e.Column == w.col && strings.Contains(e.Reason, w.reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("no error for row %d %s %q in:\n%v", w.row, w.col, w.reason, errs)
		}
	}
	if !strings.Contains(errs.Error(), "导入未进行") {
		t.Errorf("summary = %s", errs.Error())
	}
}

// Excel's own conversions: a name typed so that it became a date, a credit
// code of digits stored as a number — both refused on their cell.
func TestRead_DatesAndNumbersRefused(t *testing.T) {
	b := sheet(t, []any{"单位名称", "上级单位", "层级", "统一社会信用代码"},
		[]any{time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "某某县", "乡镇", ""},
		[]any{"东镇", 1, "乡镇", 913501001234567890},
		[]any{"西镇", "1", "乡镇", "91350100M000100Y43"})
	rows, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := access.PlanImport(county, rows)
	if len(errs) != 2 || errs[0].Row != 2 || errs[0].Column != access.ColName || !strings.Contains(errs[0].Reason, "存成了日期或数字") ||
		errs[1].Row != 3 || errs[1].Column != access.ColCreditCode || !strings.Contains(errs[1].Reason, "末几位可能已丢失") {
		t.Fatalf("errors = %v", errs)
	}
}

func TestRead_BadFiles(t *testing.T) {
	_, err := Read(strings.NewReader("单位名称,上级单位,层级\n东镇,某某县,乡镇\n"))
	wantSheetErr(t, err, "不是 Excel .xlsx 文件")
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("not a workbook"))
	zw.Close()
	_, err = Read(bytes.NewReader(z.Bytes()))
	wantSheetErr(t, err, "无法读取该 Excel 文件")
	_, err = Read(bytes.NewReader(sheet(t, []any{"名称", "上级"}, []any{"东镇", "某某县"})))
	wantSheetErr(t, err, "表头缺少「单位名称」「上级单位」「层级」列")
	// Zip bombs: a sheet whose entries declare 300 MB each from one small
	// stream, a part beyond 100:1.
	for _, bomb := range [][]byte{
		bombtest.Overlapping([]byte(`<c r="A1"><v>1</v></c>`), 300<<20, 0, "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"),
		bombtest.Zip(bombtest.Part{Name: "xl/worksheets/sheet1.xml", Data: bytes.Repeat([]byte("<row/>"), 4<<20)}),
	} {
		_, err = Read(bytes.NewReader(bomb))
		wantSheetErr(t, err, "疑似压缩炸弹")
	}
	_, err = Read(bytes.NewReader(append([]byte("PK"), make([]byte, MaxBytes)...)))
	wantSheetErr(t, err, "文件超过 2 MB")
	rows, err := Read(bytes.NewReader(sheet(t, []any{"单位名称", "上级单位", "层级"})))
	if err != nil {
		t.Fatal(err)
	}
	_, errs := access.PlanImport(county, rows)
	if len(errs) != 1 || !strings.Contains(errs[0].Reason, "表中没有单位") {
		t.Fatalf("header only: %v", errs)
	}
}

// FuzzRead: any bytes are rows or a Chinese refusal, never a panic; the
// rows then plan or are refused cell by cell. Run it with
// -fuzzminimizetime=2s: minimizing a whole workbook otherwise takes the
// engine minutes, during which no progress is shown.
func FuzzRead(f *testing.F) {
	tmpl, err := Template()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tmpl)
	f.Add(sheet(f, []any{"单位名称", "上级单位", "层级", "统一社会信用代码"}, []any{"东镇", "1", "镇", "91350100M000100Y43"}))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := Read(bytes.NewReader(b))
		if err != nil {
			var ie access.ImportErrors
			if !errors.As(err, &ie) {
				t.Fatalf("error is not an import error: %v", err)
			}
			return
		}
		plan, errs := access.PlanImport(county, rows)
		if errs == nil && len(plan) != len(rows) {
			t.Fatalf("plan of %d for %d rows", len(plan), len(rows))
		}
	})
}

// FuzzReadCells writes arbitrary cells into a real workbook and reads it
// back: each cell comes back trimmed, in its row, and plans or is refused.
// (FuzzRead mutates the zip container itself, where most inputs die at
// the zip checksum; this one reaches the cell reader every time.)
func FuzzReadCells(f *testing.F) {
	f.Add("单位名称", "东镇", "某某县", "乡镇", "东村", "东镇", "村")
	f.Add("层级", " ", "\x00", "=1+1", "a/b", "1", "县")
	f.Fuzz(func(t *testing.T, h, n1, p1, l1, n2, p2, l2 string) {
		b := sheet(t, []any{h, access.ColParent, access.ColLevel, access.ColName}, []any{"", p1, l1, n1}, []any{"", p2, l2, n2})
		rows, err := Read(bytes.NewReader(b))
		if err != nil {
			var ie access.ImportErrors
			if !errors.As(err, &ie) {
				t.Fatalf("error is not an import error: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.Row < 2 || r.Row > 3 || r.Name != strings.TrimSpace(r.Name) {
				t.Fatalf("row read back as %+v", r)
			}
		}
		access.PlanImport(county, rows)
	})
}

// FuzzPlanImport: arbitrary cells never panic and a plan always has
// parents before children.
func FuzzPlanImport(f *testing.F) {
	f.Add("东镇", "某某县", "乡镇", "", "东村", "东镇", "村", "东镇")
	f.Add("", "", "", "x", "a/b", "1", "county", "2")
	f.Add("甲", "乙", "村", "", "乙", "甲", "村", "")
	f.Fuzz(func(t *testing.T, n1, p1, l1, c1, n2, p2, l2, c2 string) {
		rows := []access.ImportRow{{Row: 2, Name: n1, Parent: p1, Level: l1, CreditCode: c1}, {Row: 3, Name: n2, Parent: p2, Level: l2, CreditCode: c2}}
		plan, errs := access.PlanImport(county, rows)
		if errs != nil {
			for _, e := range errs {
				if e.Reason == "" {
					t.Fatalf("error without a reason: %+v", e)
				}
			}
			return
		}
		for i, p := range plan {
			if p.ParentIndex >= i {
				t.Fatalf("plan %d has a later parent: %+v", i, plan)
			}
		}
	})
}
