package calendar

import (
	"bufio"
	"fazhi/internal/sharedtest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

type fact struct {
	name string
	off  bool
}

// readShared reads one shared per-year file independently of the parser
// under test.
func readShared(t *testing.T, path string) map[Date]fact {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[Date]fact{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 || cols[0] == "date" {
			continue
		}
		out[d(cols[0])] = fact{cols[1], cols[2] == "1"}
	}
	return out
}

// The built-in table must hold exactly the facts of ../shared, year by year.
func TestBuiltin_EqualsSharedHolidayFiles(t *testing.T) {
	dir := sharedHolidays(t)
	c := Builtin()
	years := []int{}
	all := map[Date]fact{}
	for y := 2018; y <= 2026; y++ {
		facts := readShared(t, filepath.Join(dir, itoa(y)+".tsv"))
		if len(facts) < 10 {
			t.Fatalf("%d.tsv: only %d rows", y, len(facts))
		}
		for day, f := range facts {
			all[day] = f
			name, off := c.Holiday(day)
			if name != f.name || off != f.off {
				t.Errorf("%s: built-in (%q, off=%v), shared (%q, off=%v)", day, name, off, f.name, f.off)
			}
		}
		years = append(years, y)
	}
	if got := c.Years(); !equalInts(got, years) {
		t.Errorf("Years() = %v, want %v", got, years)
	}
	// No built-in special day is missing from the shared files.
	for day, s := range c.days {
		if _, ok := all[day]; !ok {
			t.Errorf("built-in %s (%s) is not in ../shared", day, s.name)
		}
	}
	for _, y := range years {
		if !strings.Contains(c.Notice(y), "国务院办公厅") || !strings.Contains(c.Notice(y), "gov.cn") {
			t.Errorf("Notice(%d) = %q, want the notice title and source", y, c.Notice(y))
		}
	}
}

// Every day of 2018–2026 is classified as the shared facts and the week say.
func TestBuiltin_EveryDayMatchesShared(t *testing.T) {
	dir := sharedHolidays(t)
	all := map[Date]fact{}
	for y := 2018; y <= 2026; y++ {
		for day, f := range readShared(t, filepath.Join(dir, itoa(y)+".tsv")) {
			all[day] = f
		}
	}
	c := Builtin()
	for day := d("2018-01-01"); day.Year <= 2026; day = day.AddDays(1) {
		want := day.Weekday() >= 1 && day.Weekday() <= 5
		if f, ok := all[day]; ok {
			want = !f.off
		}
		got, err := c.IsWorkday(day)
		if err != nil || got != want {
			t.Errorf("IsWorkday(%s) = %v, %v; want %v", day, got, err, want)
		}
	}
}

// A deployment can load the shared per-year files as they are.
func TestLoadFile_SharedPerYearFormat(t *testing.T) {
	dir := sharedHolidays(t)
	c := &Calendar{}
	if err := c.LoadFile(filepath.Join(dir, "2019.tsv")); err != nil {
		t.Fatal(err)
	}
	if got := c.Years(); !equalInts(got, []int{2019}) {
		t.Fatalf("Years() = %v, want [2019]", got)
	}
	if ok, err := c.IsWorkday(d("2019-02-02")); err != nil || !ok {
		t.Errorf("2019-02-02 (make-up Saturday) = %v, %v", ok, err)
	}
	if name, off := c.Holiday(d("2018-12-31")); name != "元旦" || !off {
		t.Errorf("2018-12-31 from the 2019 notice = %q, %v", name, off)
	}
	if _, err := c.IsWorkday(d("2020-01-02")); err == nil {
		t.Error("2020 should be unknown after loading only 2019")
	}
}

func itoa(y int) string { return Date{y, 1, 1}.String()[:4] }

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// sharedHolidays is ../shared/domain/holidays (the State Council notices'
// facts), or skips.
func sharedHolidays(t *testing.T) string { return sharedtest.Path(t, "domain/holidays") }
