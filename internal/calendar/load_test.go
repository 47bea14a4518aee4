package calendar

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A hypothetical arrangement for 2027, for testing extension only; it is not
// the real 2027 notice.
const file2027 = `# test fixture, not real data
year	2027	测试用2027年安排	test
2027-01-01	元旦	1
2027-02-06	春节	1
2027-02-07	春节	0
2027-12-31	元旦	1
`

func TestLoad_ExtendsWithALaterYear(t *testing.T) {
	c := Builtin()
	path := filepath.Join(t.TempDir(), "2027.tsv")
	if err := os.WriteFile(path, []byte(file2027), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(d("2026-12-28"), 7, WorkingDays); !errors.Is(err, ErrUnknown) {
		t.Fatalf("before loading 2027: err = %v", err)
	}
	if err := c.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	// 2026-12-29,30,31 (3), 2027-01-01 off, 04..07 (7).
	got, err := c.Add(d("2026-12-28"), 7, WorkingDays)
	if err != nil || got != d("2027-01-07") {
		t.Errorf("Add(2026-12-28, 7 工作日) = %s, %v; want 2027-01-07", got, err)
	}
	if ok, _ := c.IsWorkday(d("2027-02-07")); !ok {
		t.Error("2027-02-07 declared a make-up working day, got rest day")
	}
	if fresh := Builtin(); len(fresh.Years()) != 9 {
		t.Errorf("loading into one calendar changed another: %v", fresh.Years())
	}
}

func TestLoad_ReplacesAYear(t *testing.T) {
	c := Builtin()
	err := c.Load(strings.NewReader("year\t2024\t更正\n2024-10-01\t国庆节\t1\n"))
	if err != nil {
		t.Fatal(err)
	}
	// The old 2024 rows are gone: 2024-02-12 is an ordinary Monday now.
	if ok, _ := c.IsWorkday(d("2024-02-12")); !ok {
		t.Error("2024-02-12 should be a working day after replacing 2024")
	}
	if ok, _ := c.IsWorkday(d("2024-10-01")); ok {
		t.Error("2024-10-01 should be off")
	}
	// Other years untouched.
	if ok, _ := c.IsWorkday(d("2025-10-01")); ok {
		t.Error("2025-10-01 should still be off")
	}
	if c.Notice(2024) != "更正" {
		t.Errorf("Notice(2024) = %q", c.Notice(2024))
	}
}

func TestLoad_BadFilesAreRefusedWholeWithTheLine(t *testing.T) {
	cases := []struct {
		name, file, want string
	}{
		{"bad off value", "year\t2027\tx\n2027-01-01\t元旦\t是\n", "第2行：第三列应为 1（放假）或 0（调休上班）"},
		{"impossible date", "year\t2027\tx\n2027-02-30\t春节\t1\n", "第2行：日期“2027-02-30”无效"},
		{"duplicate date", "year\t2027\tx\n2027-01-01\t元旦\t1\n2027-01-01\t元旦\t1\n", "第3行：日期 2027-01-01 与第2行重复"},
		{"two columns", "year\t2027\tx\n2027-01-01\t1\n", "第2行：应为三列"},
		{"row outside declared year", "year\t2027\tx\n2028-01-01\t元旦\t1\n", "第2行：日期 2028-01-01 不属于文件所声明的年份"},
		{"no year", "# nothing\n", "没有可识别的年份"},
		{"bad year", "year\t27\tx\n", "第1行：年份“27”无效"},
		{"year twice", "year\t2027\tx\nyear\t2027\ty\n", "第2行：2027年重复声明"},
		{"missing name", "year\t2027\tx\n2027-01-01\t\t1\n", "第2行：缺少节日名称"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := Builtin()
			err := c.Load(strings.NewReader(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load error = %v, want %q", err, tc.want)
			}
			if got := c.Years(); len(got) != 9 || got[8] != 2026 {
				t.Errorf("a refused file changed the calendar: %v", got)
			}
		})
	}
	if err := (&Calendar{}).LoadFile(filepath.Join(t.TempDir(), "missing.tsv")); err == nil || !strings.Contains(err.Error(), "读取节假日文件") {
		t.Errorf("LoadFile(missing) error = %v", err)
	}
}

func TestZeroCalendarKnowsNothing(t *testing.T) {
	var c Calendar
	if _, err := c.IsWorkday(d("2024-03-01")); !errors.Is(err, ErrUnknown) {
		t.Errorf("zero Calendar IsWorkday error = %v, want ErrUnknown", err)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(file2027)
	f.Add(builtinData)
	f.Add("date\tname\toff_day\n2024-01-01\t元旦\t1\n2023-12-31\t元旦\t1\n")
	f.Add("year 2030 x\n2030-01-01 元旦 1\n")
	f.Add("\uFEFFyear\t2030\n2029-12-31\tx\t0\r\n")
	f.Fuzz(func(t *testing.T, data string) {
		c := Builtin()
		err := c.Load(strings.NewReader(data))
		if err != nil {
			if len(c.Years()) != 9 {
				t.Fatalf("failed Load changed the calendar: %v", c.Years())
			}
			return
		}
		// Every covered year answers for every special day without error,
		// and loading the same data again changes nothing.
		before := len(c.days)
		for _, y := range c.Years() {
			if _, err := c.IsWorkday(Date{y, 6, 15}); err != nil {
				t.Fatalf("year %d covered but IsWorkday: %v", y, err)
			}
		}
		if err := c.Load(strings.NewReader(data)); err != nil {
			t.Fatalf("second Load failed: %v", err)
		}
		if len(c.days) != before {
			t.Fatalf("reloading changed the table: %d → %d days", before, len(c.days))
		}
	})
}

// FuzzYears: checking an uploaded holiday file never panics, and a file it
// accepts loads with the same years.
func FuzzYears(f *testing.F) {
	f.Add("year\t2027\t通知\n2027-01-01\t元旦\t1\n")
	f.Add("date\tname\toff_day\n2027-10-01\t国庆节\t1\n2027-12-31\t元旦\t1\n")
	f.Add("2027-02-30\t春节\t1\n")
	f.Fuzz(func(t *testing.T, s string) {
		ys, err := Years(strings.NewReader(s))
		if err != nil {
			return
		}
		c := &Calendar{}
		if err := c.Load(strings.NewReader(s)); err != nil {
			t.Fatalf("Years accepted what Load refuses: %v", err)
		}
		if got := c.Years(); len(got) != len(ys) {
			t.Fatalf("years %v, loaded %v", ys, got)
		}
	})
}
