package indicator

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
)

// Book is what the dashboard's Excel export holds besides the unit-year's
// figures: the units side by side, the trend over the years of the
// Result, and the 考核 scoring with the evidence of each line.
type Book struct {
	Unit     access.Unit
	Year     int
	From     int           // first year of the trend (the Result must cover From…Year)
	Children []access.Unit // the units side by side (none: the sheet says so)
	Scheme   []Item
	Scored   []access.Unit // the units scored and ranked
	// Link is the absolute address of the records behind indicator id of
	// unit in year ("" leaves the cell without a link).
	Link func(id string, unit int64, year int) string
}

// WriteWorkbook writes every sheet of the dashboard: 指标 (the figures of
// the unit-year, as Sheet.WriteXLSX), 各单位对比, 五年趋势, 考核排名 and
// 考核评分 (each line with its value, points and a link to its evidence).
func (res *Result) WriteWorkbook(w io.Writer, b Book) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := res.Sheet(b.Unit, b.Year)
	if err := sheet.fill(f, "Sheet1", "指标"); err != nil {
		return err
	}
	measured := []Indicator{}
	for _, in := range res.e.cat {
		if res.e.Measured(in.ID) {
			measured = append(measured, in)
		}
	}
	link := func(id string, unit int64, year int) string {
		if b.Link == nil {
			return ""
		}
		return b.Link(id, unit, year)
	}

	// Units side by side.
	head := []any{"编号", "名称", "单位"}
	for _, c := range b.Children {
		head = append(head, c.Name)
	}
	rows := [][]cell{}
	for _, in := range measured {
		row := []cell{{v: in.ID}, {v: in.Name}, {v: in.Unit}}
		for _, c := range b.Children {
			row = append(row, cell{v: res.Value(c.ID, b.Year, in.ID).Value, link: link(in.ID, c.ID, b.Year)})
		}
		rows = append(rows, row)
	}
	title := fmt.Sprintf("%s %d年度各下级单位指标对比", b.Unit.Name, b.Year)
	if len(b.Children) == 0 {
		title += "（无下级单位）"
	}
	if err := table(f, "各单位对比", title, head, rows); err != nil {
		return err
	}

	// The trend.
	head = []any{"编号", "名称", "单位"}
	for y := b.From; y <= b.Year; y++ {
		head = append(head, strconv.Itoa(y)+"年")
	}
	rows = rows[:0]
	for _, in := range measured {
		row := []cell{{v: in.ID}, {v: in.Name}, {v: in.Unit}}
		for y := b.From; y <= b.Year; y++ {
			row = append(row, cell{v: res.Value(b.Unit.ID, y, in.ID).Value, link: link(in.ID, b.Unit.ID, y)})
		}
		rows = append(rows, row)
	}
	if err := table(f, "五年趋势", fmt.Sprintf("%s %d—%d年指标趋势", b.Unit.Name, b.From, b.Year), head, rows); err != nil {
		return err
	}

	// The 考核: ranking, then every line with its evidence.
	cards := res.ScoreUnits(b.Scheme, b.Scored, b.Year)
	rows = rows[:0]
	for _, c := range cards {
		rows = append(rows, []cell{{v: c.Rank}, {v: c.Unit.Name}, {v: c.Total}, {v: c.Max}})
	}
	if err := table(f, "考核排名", fmt.Sprintf("%s %d年度考核排名（台账计分；人工评分项不计入）", b.Unit.Name, b.Year),
		[]any{"名次", "单位", "台账计分", "满分"}, rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, c := range cards {
		for _, l := range c.Lines {
			row := []cell{{v: c.Unit.Name}, {v: l.ID}, {v: l.Name}, {v: ruleNames[l.Rule]}, {v: l.Indicator}}
			if l.ByHand {
				row = append(row, cell{v: ""}, cell{v: "人工评分"}, cell{v: ""}, cell{v: ""})
			} else {
				ln := link(l.Indicator, c.Unit.ID, b.Year)
				row = append(row, cell{v: l.Value.Value}, cell{v: l.Score}, cell{v: l.Lost}, cell{v: ln, link: ln})
			}
			rows = append(rows, append(row, cell{v: l.Note}))
		}
	}
	if err := table(f, "考核评分", fmt.Sprintf("%s %d年度考核评分明细（佐证为所计记录清单）", b.Unit.Name, b.Year),
		[]any{"单位", "编号", "项目", "规则", "指标编号", "数值", "得分", "失分", "佐证", "说明"}, rows); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err := f.WriteTo(w)
	return err
}

var ruleNames = map[Rule]string{Proportional: "按比例", Threshold: "达标得分", Deduction: "按件扣分", Manual: "人工评分"}

// cell is one value of a table: a number is written as a number; link
// makes it a hyperlink.
type cell struct {
	v    any
	link string
}

// table writes a sheet: the title in A1, the header in row 2, the rows
// below.
func table(f *excelize.File, sh, title string, head []any, rows [][]cell) error {
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	f.SetCellValue(sh, "A1", title)
	if err := f.SetSheetRow(sh, "A2", &head); err != nil {
		return err
	}
	for i, row := range rows {
		for j, c := range row {
			name, _ := excelize.CoordinatesToCellName(j+1, i+3)
			f.SetCellValue(sh, name, c.v)
			if c.link != "" {
				f.SetCellHyperLink(sh, name, c.link, "External")
			}
		}
	}
	f.SetColWidth(sh, "A", "A", 30)
	f.SetColWidth(sh, "B", "C", 24)
	return nil
}
