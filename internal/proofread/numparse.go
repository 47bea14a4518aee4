package proofread

import "strings"

// Quantity is a number with its measure word as the report writes it:
// "50余起", "3.25亩", "百分之百" is not handled, "100%" is.
type Quantity struct {
	Value  float64
	Unit   string // 件, 人次, %, 学时 …
	Approx string // 余, 多, 近, 约, 逾, 超过, 不少于 …; "" when exact
	Start  int    // rune index of the first rune (qualifier included)
	End    int    // rune index after the unit
}

// quantityUnits are the measure words a figure may carry, longest first where one
// is a prefix of another.
var quantityUnits = []string{"人次", "场次", "件次", "户次", "条次", "余人", "学时", "小时", "课时", "万元", "平方米", "公里",
	"人", "件", "宗", "起", "次", "场", "份", "项", "条", "名", "户", "家", "所", "个", "期", "批", "篇", "张",
	"册", "本", "幅", "块", "台", "部", "村", "元", "亩", "天", "轮", "%", "％", "位", "处", "类", "堂", "节", "支"}

// chineseLead are the words after which a Chinese numeral is a count
// ("开展三场"), not part of a word ("一村一法律顾问", "三项制度").
const chineseLead = "共计达有了展办织训放查解处理结请育增开约近逾超各成出立聘"

// parseQuantities finds every number-with-unit in rs.
func parseQuantities(rs []rune) []Quantity {
	var out []Quantity
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		arabic := isDigit(r) || isFullDigit(r)
		chinese := !arabic && (chineseDigit(r) >= 0 || r == '十' || r == '百' || r == '千') && r != '零' && r != '〇'
		if !arabic && !chinese {
			continue
		}
		if i > 0 && (isDigit(rs[i-1]) || rs[i-1] == '.' || rs[i-1] == '第' || isLatin(rs[i-1])) {
			continue
		}
		if chinese && (i == 0 || !strings.ContainsRune(chineseLead, rs[i-1])) {
			continue
		}
		var v float64
		var n int
		if arabic {
			v, n = parseArabic(rs, i)
		} else {
			v, n = parseChineseNumber(rs, i)
		}
		if n == 0 {
			continue
		}
		j := i + n
		if j < len(rs) && (rs[j] == '万' || rs[j] == '亿') && arabic {
			if rs[j] == '万' {
				v *= 1e4
			} else {
				v *= 1e8
			}
			j++
		}
		q := Quantity{Value: v, Start: i}
		if j < len(rs) && (rs[j] == '余' || rs[j] == '多') {
			q.Approx = string(rs[j])
			j++
		}
		unit := ""
		for _, u := range quantityUnits {
			if hasPrefixAt(rs, j, u) {
				unit = u
				break
			}
		}
		if unit == "" || (unit == "元" && chinese) {
			i = j - 1
			continue
		}
		if unit == "余人" {
			q.Approx, unit = "余", "人"
		}
		if unit == "％" {
			unit = "%"
		}
		q.Unit = unit
		q.End = j + runeLen(unit)
		if q.Approx == "" {
			for _, a := range []string{"不少于", "不得少于", "不低于", "至少", "超过", "近", "约", "逾", "超", "达"} {
				if k := i - runeLen(a); k >= 0 && hasPrefixAt(rs, k, a) {
					if a != "达" {
						q.Approx, q.Start = a, k
					}
					break
				}
			}
		}
		out = append(out, q)
		i = q.End - 1
	}
	return out
}

// parseArabic reads 12, 1,200, 3.25, ３５ at rs[i].
func parseArabic(rs []rune, i int) (float64, int) {
	var v float64
	n := 0
	digit := func(r rune) (int, bool) {
		if isDigit(r) {
			return int(r - '0'), true
		}
		if isFullDigit(r) {
			return int(r - '０'), true
		}
		return 0, false
	}
	for i+n < len(rs) {
		if d, ok := digit(rs[i+n]); ok {
			v = v*10 + float64(d)
			n++
			continue
		}
		// thousands separator: exactly three digits follow
		if rs[i+n] == ',' && n > 0 && i+n+3 < len(rs)+0 && i+n+3 <= len(rs)-1 {
			ok := true
			for k := 1; k <= 3; k++ {
				if _, d := digit(rs[i+n+k]); !d {
					ok = false
				}
			}
			if ok && (i+n+4 >= len(rs) || !isDigit(rs[i+n+4])) {
				n++
				continue
			}
		}
		break
	}
	if n == 0 {
		return 0, 0
	}
	if i+n+1 < len(rs) && (rs[i+n] == '.' || rs[i+n] == '．') {
		if _, ok := digit(rs[i+n+1]); ok {
			n++
			scale := 0.1
			for i+n < len(rs) {
				d, ok := digit(rs[i+n])
				if !ok {
					break
				}
				v += float64(d) * scale
				scale /= 10
				n++
			}
		}
	}
	return v, n
}

// parseChineseNumber reads a Chinese numeral: 十五, 二百零三, 三千, 两万, 一万二千.
func parseChineseNumber(rs []rune, i int) (float64, int) {
	var total, section, digit float64
	n := 0
	seenDigit := false
	for i+n < len(rs) {
		r := rs[i+n]
		if d := chineseDigit(r); d >= 0 {
			if seenDigit && r != '零' && r != '〇' {
				break // 一二 is a list, not a number
			}
			digit = float64(d)
			seenDigit = d != 0
			n++
			continue
		}
		mult := 0.0
		switch r {
		case '十':
			mult = 10
		case '百':
			mult = 100
		case '千':
			mult = 1000
		case '万':
			mult = 1e4
		case '亿':
			mult = 1e8
		}
		if mult == 0 {
			break
		}
		if mult >= 1e4 {
			section += digit
			if section == 0 {
				section = 1
			}
			total += section * mult
			section, digit = 0, 0
		} else {
			if digit == 0 {
				digit = 1
			}
			section += digit * mult
			digit = 0
		}
		seenDigit = false
		n++
	}
	if n == 0 {
		return 0, 0
	}
	return total + section + digit, n
}
