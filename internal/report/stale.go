package report

import (
	"fmt"
	"math"

	"fazhi/internal/indicator"
)

// StaleFigure is a figure that approval must name: its indicator has
// changed since the draft (a ledger was corrected or added to), or a person
// changed it by hand.
type StaleFigure struct {
	Section string  `json:"section"` // the section's key
	Figure  Figure  `json:"figure"`
	Now     float64 `json:"now"`  // the indicator's value now (for a change, this year's minus Base)
	Hand    bool    `json:"hand"` // changed by hand rather than by the ledger
	Message string  `json:"message"`
}

// Stale checks every figure of d against the indicators' current values
// now (this year's): a traced figure whose value differs, or whose
// indicator is no longer computed, and every hand-edited figure.
func Stale(d Document, now []indicator.Value) []StaleFigure {
	cur := make(map[string]indicator.Value, len(now))
	for _, v := range now {
		cur[v.ID] = v
	}
	var out []StaleFigure
	for _, s := range d.Sections {
		where := s.Title
		if where == "" {
			where = "开头"
		}
		for _, f := range s.Figures {
			v, ok := cur[f.ID]
			name := v.Name
			if name == "" {
				name = f.ID
			}
			sf := StaleFigure{Section: s.Key, Figure: f, Now: v.Value}
			if f.Change {
				sf.Now = changeOf(v.Value, f.Base, v.Unit)
			}
			switch {
			case f.Hand:
				sf.Hand = true
				sf.Message = fmt.Sprintf("“%s”中的“%s”（%s）已手工修改，不再随台账更新；台账当前为%s，请核对。", where, f.Text, name, plain(sf.Now, v.Unit, f.Change))
			case !ok || !v.Measured:
				sf.Message = fmt.Sprintf("“%s”中的“%s”（%s）已无台账计算，请核对或删去。", where, f.Text, name)
			case !same(f.Value, sf.Now):
				if f.Change {
					sf.Message = fmt.Sprintf("“%s”中与上年比较的“%s”（%s）起草时为%s，台账变更后为%s，请重新起草或修改。", where, f.Text, name, plain(f.Value, v.Unit, true), plain(sf.Now, v.Unit, true))
				} else {
					sf.Message = fmt.Sprintf("“%s”中的“%s”（%s）起草时为%s，台账变更后为%s，请重新起草或修改。", where, f.Text, name, plain(f.Value, v.Unit, false), plain(sf.Now, v.Unit, false))
				}
			default:
				continue
			}
			out = append(out, sf)
		}
	}
	return out
}

// same compares values as printed to two decimals (rates are rounded so).
func same(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// plain prints a value with its unit for a message.
func plain(v float64, unit string, change bool) string {
	switch {
	case isRate(unit) && change:
		return trimFloat(math.Round(v*10)/10) + "个百分点"
	case isRate(unit):
		return rateText(v)
	}
	return trimFloat(v) + unit
}
