package calendar

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
)

//go:embed data/holidays.tsv
var builtinData string

var parsedBuiltin = sync.OnceValues(func() (*table, error) {
	return parse(strings.NewReader(builtinData))
})

// Builtin is a new calendar holding the built-in years (2018–2026). Each call
// returns an independent copy, so loading a file into one does not change
// another.
func Builtin() *Calendar {
	t, err := parsedBuiltin()
	if err != nil {
		panic("calendar: built-in data: " + err.Error()) // the data is tested
	}
	c := &Calendar{}
	c.merge(t)
	return c
}

// LoadFile adds the years declared in the file at path, replacing any years
// already known (see Load for the format).
func (c *Calendar) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("读取节假日文件 %s 失败：%w", path, err)
	}
	defer f.Close()
	if err := c.Load(f); err != nil {
		return fmt.Errorf("节假日文件 %s：%w", path, err)
	}
	return nil
}

// Load adds the years of a holiday file, replacing each year it covers. The
// format is that of data/holidays.tsv: tab-separated lines "year YYYY title
// source" declaring the notice years, and "YYYY-MM-DD name 1|0" rows (1 = day
// off, 0 = make-up working day). Without "year" lines, the covered years are
// those of the rows dated January to November (the per-year files of the
// State Council notices have this form, with a "date name off_day" header).
// A December row belongs to the next year's notice when its own year is not
// covered. Nothing is changed when the file has an error.
func (c *Calendar) Load(r io.Reader) error {
	t, err := parse(r)
	if err != nil {
		return err
	}
	c.merge(t)
	return nil
}

// Years checks a holiday file (the format Load reads) and returns the years
// it covers in ascending order, or a Chinese error naming the line and the
// fix; nothing is loaded.
func Years(r io.Reader) ([]int, error) {
	t, err := parse(r)
	if err != nil {
		return nil, err
	}
	ys := make([]int, 0, len(t.notices))
	for y := range t.notices {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys, nil
}

// table is one parsed holiday file.
type table struct {
	notices map[int]string
	days    map[Date]special
}

type row struct {
	line int
	date Date
	name string
	off  bool
}

func parse(r io.Reader) (*table, error) {
	t := &table{notices: map[int]string{}, days: map[Date]special{}}
	var rows []row
	declared := false
	seen := map[Date]int{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\uFEFF"))
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) == 1 {
			f = strings.Fields(line)
		}
		for i := range f {
			f[i] = strings.TrimSpace(f[i])
		}
		switch f[0] {
		case "date":
			continue // header of the per-year files
		case "year":
			if len(f) < 2 {
				return nil, fmt.Errorf("第%d行：year 行应写“year<TAB>年份<TAB>通知标题<TAB>来源”", n)
			}
			y, ok := parseYear(f[1])
			if !ok {
				return nil, fmt.Errorf("第%d行：年份“%s”无效，应为四位数字，如 2027", n, f[1])
			}
			if _, dup := t.notices[y]; dup {
				return nil, fmt.Errorf("第%d行：%d年重复声明", n, y)
			}
			t.notices[y] = strings.Join(f[2:], " ")
			declared = true
			continue
		}
		if len(f) != 3 {
			return nil, fmt.Errorf("第%d行：应为三列“日期<TAB>节日名称<TAB>1或0”，实有%d列", n, len(f))
		}
		d, err := ParseDate(f[0])
		if err != nil {
			return nil, fmt.Errorf("第%d行：%w", n, err)
		}
		if f[1] == "" {
			return nil, fmt.Errorf("第%d行：缺少节日名称", n)
		}
		var off bool
		switch f[2] {
		case "1":
			off = true
		case "0":
		default:
			return nil, fmt.Errorf("第%d行：第三列应为 1（放假）或 0（调休上班），而不是“%s”", n, f[2])
		}
		if prev, dup := seen[d]; dup {
			return nil, fmt.Errorf("第%d行：日期 %s 与第%d行重复", n, d, prev)
		}
		seen[d] = n
		rows = append(rows, row{n, d, f[1], off})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("第%d行之后读取失败：%w", n, err)
	}
	if !declared {
		for _, r := range rows {
			if r.date.Month != 12 {
				t.notices[r.date.Year] = ""
			}
		}
	}
	if len(t.notices) == 0 {
		return nil, fmt.Errorf("文件中没有可识别的年份：请用“year<TAB>年份<TAB>通知标题”声明，或列出该年的节假日")
	}
	for _, r := range rows {
		y := r.date.Year
		if _, ok := t.notices[y]; !ok {
			if _, next := t.notices[y+1]; r.date.Month == 12 && next {
				y++
			} else {
				return nil, fmt.Errorf("第%d行：日期 %s 不属于文件所声明的年份", r.line, r.date)
			}
		}
		t.days[r.date] = special{name: r.name, off: r.off, notice: y}
	}
	return t, nil
}

func parseYear(s string) (int, bool) {
	if len(s) != 4 {
		return 0, false
	}
	y := 0
	for _, ch := range s {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		y = y*10 + int(ch-'0')
	}
	return y, y >= 1
}

// merge replaces c's years covered by t with t's.
func (c *Calendar) merge(t *table) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.notices == nil {
		c.notices = map[int]string{}
		c.days = map[Date]special{}
	}
	for d, s := range c.days {
		if _, replaced := t.notices[s.notice]; replaced {
			delete(c.days, d)
		}
	}
	for y, title := range t.notices {
		c.notices[y] = title
	}
	for d, s := range t.days {
		c.days[d] = s
	}
}
