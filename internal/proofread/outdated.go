package proofread

import (
	"fmt"
	"time"
)

// outdatedTerm is one term.outdated entry from data/outdated.tsv: a
// formulation, name or title that was superseded on a known date.
//
// File format (tab-separated):
//
//		old  replacement  date  source  category  exceptions
//
//	  - old: the superseded text; variants separated by "|" (the first is the
//	    key used for removal by an extension file).
//	  - replacement: what to write instead.
//	  - date: YYYY-MM-DD from which the old text is outdated. A report on year
//	    Y is checked against it when the date falls on or before 31 December
//	    of Y; a report whose year is unknown is not checked.
//	  - source: the document (and its date) that made the change.
//	  - category: 提法, 规划, 机构, 节日, 法律, 名称 … (shown in the message).
//	  - exceptions: "|"-separated strings that, overlapping the match, keep the
//	    rule silent (e.g. a historical phrase); optional.
type outdatedTerm struct {
	olds        []string
	replacement string
	date        time.Time
	source      string
	category    string
	except      []string
	where       string
}

// parseOutdated turns one row into an entry.
func parseOutdated(r listRow) (outdatedTerm, error) {
	t := outdatedTerm{olds: splitAlts(r.col(0)), replacement: r.col(1), source: r.col(3),
		category: r.col(4), except: splitAlts(r.col(5)), where: r.where()}
	if len(t.olds) == 0 {
		return t, fmt.Errorf("%s：第1列（旧提法）不能为空", r.where())
	}
	if t.replacement == "" {
		return t, fmt.Errorf("%s：第2列（新提法）不能为空", r.where())
	}
	d, err := time.Parse("2006-01-02", r.col(2))
	if err != nil {
		return t, fmt.Errorf("%s：第3列日期“%s”无效，应为 YYYY-MM-DD，例如 2018-03-21", r.where(), r.col(2))
	}
	t.date = d
	if t.source == "" {
		return t, fmt.Errorf("%s：第4列（依据）不能为空，请写明文件名称和日期", r.where())
	}
	return t, nil
}

// outdatedIn reports whether the entry applies to a report on year.
func (t outdatedTerm) outdatedIn(year int) bool {
	return year > 0 && t.date.Year() <= year
}

// loadOutdated reads the built-in list and its extension.
func loadOutdated(cfg Config) ([]outdatedTerm, error) {
	rows, err := loadListRows(cfg, "outdated", "outdated.tsv", 4, 6)
	if err != nil {
		return nil, err
	}
	var out []outdatedTerm
	for _, r := range mergeRows(rows) {
		t, err := parseOutdated(r)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
