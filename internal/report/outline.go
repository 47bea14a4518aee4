package report

import (
	"strconv"
	"strings"
)

// DefaultOutline follows 《法治政府建设与责任落实督察工作规定》第二十四条:
// the report on the previous year holds its main measures and results, its
// shortcomings and their causes, how the Party and government principals
// performed their duties as first responsible persons, the main plans for
// the next year, and other matters.
func DefaultOutline() Outline {
	return Outline{
		Parts: [5]string{
			"{年}年度推进法治政府建设的主要举措和成效",
			"{年}年度推进法治政府建设存在的不足和原因",
			"{年}年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
			"{次年}年度推进法治政府建设的主要安排",
			"其他需要报告的情况",
		},
		Title:     "{单位}关于{年}年度法治政府建设情况的报告",
		Addressee: "{上级}：",
	}
}

// partNumbers are the level-1 and level-2 heading numbers.
var (
	partNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
)

// subNumber is "（一）" … "（二十）".
func subNumber(i int) string {
	switch {
	case i < 10:
		return "（" + partNumbers[i] + "）"
	case i < 20:
		return "（十" + strings.TrimPrefix(partNumbers[i-10], "十") + "）"
	}
	return "（" + strconv.Itoa(i+1) + "）"
}

// fill replaces the outline's placeholders.
func fill(s string, in Input) string {
	return strings.NewReplacer(
		"{单位}", shortName(in.Unit),
		"{上级}", governmentName(in.Parent),
		"{次年}", strconv.Itoa(in.Year+1),
		"{年}", strconv.Itoa(in.Year),
	).Replace(s)
}

// shortName is a unit's name without the organ: 云溪镇人民政府 → 云溪镇.
func shortName(unit string) string {
	for _, suf := range []string{"人民政府", "办事处"} {
		if s := strings.TrimSuffix(unit, suf); s != unit && s != "" {
			return s
		}
	}
	return unit
}

// governmentName is the organ a report is addressed to: a county or city
// named by its place (青山县) is addressed as its people's government.
func governmentName(unit string) string {
	if unit == "" || strings.Contains(unit, "政府") || strings.Contains(unit, "委") || strings.HasSuffix(unit, "局") || strings.HasSuffix(unit, "办") {
		return unit
	}
	for _, suf := range []string{"县", "市", "区", "旗", "州", "省", "镇", "乡"} {
		if strings.HasSuffix(unit, suf) {
			return unit + "人民政府"
		}
	}
	return unit
}
