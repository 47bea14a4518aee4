package report

import (
	"math"
	"strconv"
	"strings"
)

// The house style of figures: Arabic numerals, 万 for counts of ten
// thousand and more (12000 → "1.2万"), one decimal for rates ("96.5%",
// but "100%").

// countText prints a count or sum.
func countText(v float64) string {
	if math.Abs(v) >= 10000 {
		return trimFloat(math.Round(v/100)/100) + "万"
	}
	return trimFloat(math.Round(v*100) / 100)
}

// rateText prints a rate in per cent.
func rateText(v float64) string {
	if v == 100 {
		return "100%"
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + "%"
}

// pointsText prints a change of a rate in percentage points.
func pointsText(v float64) string {
	return trimFloat(math.Round(math.Abs(v)*10) / 10)
}

func trimFloat(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// isRate: the indicator is a rate (its unit is %).
func isRate(unit string) bool { return unit == "%" }

// figureText is how v prints and the clause text with its unit.
func figureText(v float64, unit string) (text, withUnit string) {
	if isRate(unit) {
		t := rateText(v)
		return t, t
	}
	t := countText(v)
	return t, t + unit
}
