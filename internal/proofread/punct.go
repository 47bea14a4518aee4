package proofread

import "fmt"

// punctRule checks paired marks within a paragraph (GB/T 15834-2011):
// punct.unbalanced, punct.nested-quote and punct.enum-comma.
type punctRule struct{}

func (punctRule) ID() string { return "punct" }

// closerOf returns the closing mark of an opening one, 0 otherwise.
func closerOf(r rune) rune {
	switch r {
	case '“':
		return '”'
	case '‘':
		return '’'
	case '（':
		return '）'
	case '(':
		return ')'
	case '《':
		return '》'
	case '【':
		return '】'
	case '〔':
		return '〕'
	case '「':
		return '」'
	case '『':
		return '』'
	}
	return 0
}

// openerOf returns the opening mark of a closing one, 0 otherwise.
func openerOf(r rune) rune {
	switch r {
	case '”':
		return '“'
	case '’':
		return '‘'
	case '）':
		return '（'
	case ')':
		return '('
	case '》':
		return '《'
	case '】':
		return '【'
	case '〕':
		return '〔'
	case '」':
		return '「'
	case '』':
		return '『'
	}
	return 0
}

// sameFamily lets （ close with ) and ( with ）: the width is punct.halfwidth's business.
func sameFamily(open, close rune) bool {
	if open == '（' || open == '(' {
		return close == '）' || close == ')'
	}
	return closerOf(open) == close
}

func (punctRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	rs := l.runes()
	type open struct {
		r   rune
		pos int
	}
	var stack []open
	quoteDepth := 0 // open “ on the stack
	consumed := -1  // a ” already reported with its mistyped opener
	report := func(rule string, sev Severity, pos, end int, msg, sugg string) {
		emit(Finding{Rule: rule, Severity: sev, Line: l.No, Column: pos + 1, Excerpt: string(rs[pos:end]), Message: msg, Suggestion: sugg})
	}
	for i, r := range rs {
		if i == consumed {
			continue
		}
		// 4.5.3.5: no 顿号 between items each in quotes or each in 书名号.
		if r == '、' && i > 0 && i+1 < len(rs) && (rs[i-1] == '》' && rs[i+1] == '《' || rs[i-1] == '”' && rs[i+1] == '“') {
			kind := "书名号"
			if rs[i-1] == '”' {
				kind = "引号"
			}
			report("punct.enum-comma", Warning, i, i+1,
				fmt.Sprintf("并列的%s之间不用顿号（GB/T 15834-2011 4.5.3.5）", kind), "删除顿号")
		}
		if c := closerOf(r); c != 0 {
			if r == '“' && quoteDepth > 0 {
				// a quote inside a quote takes single marks
				end := i + 1
				for end < len(rs) && rs[end] != '”' && rs[end] != '“' && end-i < 40 {
					end++
				}
				if end < len(rs) && rs[end] == '”' {
					report("punct.nested-quote", Warning, i, end+1,
						"引号内再用引号应改用单引号（GB/T 15834-2011 4.1.3.4）", "‘"+string(rs[i+1:end])+"’")
				}
			}
			if r == '‘' && quoteDepth == 0 {
				end := i + 1
				for end < len(rs) && rs[end] != '’' && end-i < 40 {
					end++
				}
				if end < len(rs) {
					report("punct.nested-quote", Warning, i, end+1,
						"单引号只用于引号内的引用，此处应使用双引号", "“"+string(rs[i+1:end])+"”")
				}
			}
			if r == '“' {
				quoteDepth++
			}
			stack = append(stack, open{r, i})
			continue
		}
		o := openerOf(r)
		if o == 0 {
			continue
		}
		k := len(stack) - 1
		for k >= 0 && !sameFamily(stack[k].r, r) {
			k--
		}
		if k < 0 {
			if (r == ')' || r == '）') && i > 0 && i < 4 {
				continue // "1)" list markers
			}
			if r == '”' { // ”三项制度”: an opening quote typed as a closing one
				e := i + 1
				for e < len(rs) && rs[e] != '”' && rs[e] != '“' && e-i < 40 {
					e++
				}
				if e < len(rs) && rs[e] == '”' {
					report("punct.unbalanced", Error, i, e+1, "引号方向错误：前引号写成了后引号", "“"+string(rs[i+1:e])+"”")
					consumed = e
					continue
				}
			}
			report("punct.unbalanced", Error, i, i+1,
				fmt.Sprintf("“%c”没有与之配对的“%c”", r, o), fmt.Sprintf("补上“%c”或删除多余的“%c”", o, r))
			continue
		}
		for _, s := range stack[k+1:] { // openers left inside the pair are unclosed
			if s.r == '“' {
				quoteDepth--
			}
			report("punct.unbalanced", Error, s.pos, s.pos+1,
				fmt.Sprintf("“%c”没有与之配对的“%c”", s.r, closerOf(s.r)), fmt.Sprintf("补上“%c”", closerOf(s.r)))
		}
		if stack[k].r == '“' {
			quoteDepth--
		}
		stack = stack[:k]
	}
	for _, s := range stack {
		report("punct.unbalanced", Error, s.pos, s.pos+1,
			fmt.Sprintf("“%c”没有与之配对的“%c”", s.r, closerOf(s.r)), fmt.Sprintf("补上“%c”", closerOf(s.r)))
	}
}

// halfwidthRule flags ASCII , : ; ( ) ? ! in Chinese text. A text that uses
// them throughout (copied from a web page) gets one finding, not one per
// comma.
type halfwidthRule struct{}

func (halfwidthRule) ID() string { return "punct.halfwidth" }

// fullOf maps ASCII punctuation to its full-width form, 0 for others.
func fullOf(r rune) rune {
	switch r {
	case ',':
		return '，'
	case ':':
		return '：'
	case ';':
		return '；'
	case '(':
		return '（'
	case ')':
		return '）'
	case '?':
		return '？'
	case '!':
		return '！'
	}
	return 0
}

type halfMark struct {
	line, col, end int
	text, sugg     string
}

// halfMarksIn finds half-width marks used as Chinese punctuation in a line.
func halfMarksIn(l Line) (marks []halfMark, full int) {
	rs := l.runes()
	han := func(k int) bool { return k >= 0 && k < len(rs) && (isHanChar(rs[k]) || isCJKPunct(rs[k])) }
	skipClose := 0 // ')' closing a '(' that was not Chinese punctuation
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch r {
		case '，', '：', '；', '（', '）', '？', '！':
			full++
			continue
		}
		f := fullOf(r)
		if f == 0 {
			continue
		}
		prevDigit := i > 0 && isDigit(rs[i-1])
		nextDigit := i+1 < len(rs) && isDigit(rs[i+1])
		switch {
		case (r == ',' || r == ':') && prevDigit && nextDigit: // 1,000 and 11:13
			continue
		case r == '(':
			// a bracketed note: flag the pair once
			end := i + 1
			for end < len(rs) && rs[end] != ')' && rs[end] != '）' && end-i < 30 {
				end++
			}
			if !(han(i-1) || han(i+1)) {
				skipClose++
				continue
			}
			if end < len(rs) && rs[end] == ')' {
				marks = append(marks, halfMark{l.No, i + 1, end + 1, string(rs[i : end+1]), "（" + string(rs[i+1:end]) + "）"})
				i = end
				continue
			}
		case r == ')' && skipClose > 0:
			skipClose--
			continue
		case !(han(i-1) || han(i+1)):
			continue
		}
		marks = append(marks, halfMark{l.No, i + 1, i + 1, string(r), string(f)})
	}
	return marks, full
}

func (halfwidthRule) CheckDoc(d *Doc, emit func(Finding)) {
	var marks []halfMark
	full := 0
	for _, l := range d.Lines {
		m, f := halfMarksIn(l)
		marks = append(marks, m...)
		full += f
	}
	if len(marks) == 0 {
		return
	}
	if len(marks) >= 8 && len(marks)*5 >= (len(marks)+full)*4 {
		m := marks[0]
		emit(Finding{Rule: "punct.halfwidth", Severity: Warning, Line: m.line, Column: m.col, Excerpt: m.text,
			Message:    fmt.Sprintf("全文使用半角（英文）标点共%d处，中文公文应使用全角标点（逗号、冒号、分号、括号等）", len(marks)),
			Suggestion: "将全文的半角标点 , : ; ( ) ? ! 统一替换为全角 ，：；（）？！"})
		return
	}
	for _, m := range marks {
		emit(Finding{Rule: "punct.halfwidth", Severity: Warning, Line: m.line, Column: m.col, Excerpt: m.text,
			Message: fmt.Sprintf("中文文本中使用了半角标点“%s”", m.text), Suggestion: m.sugg})
	}
}

// rangeRule flags ranges (2021—2025, 25～30) whose connector differs from
// the rest of the report.
type rangeRule struct{}

func (rangeRule) ID() string { return "punct.range" }

type rangeUse struct {
	line, col int
	text      string
	conn      rune
}

func isRangeConn(r rune) bool {
	return r == '-' || r == '—' || r == '～' || r == '~' || r == '－' || r == '–' || r == '―'
}

// rangesIn finds number ranges: 1–4 digits, one connector, 1–4 digits, not
// part of a date (2023-01-04), a phone number or a document number.
func rangesIn(l Line) []rangeUse {
	rs := l.runes()
	var out []rangeUse
	for i := 0; i < len(rs); i++ {
		if !isDigit(rs[i]) || i > 0 && (isDigit(rs[i-1]) || isRangeConn(rs[i-1]) || rs[i-1] == '/' || rs[i-1] == '.' || isLatin(rs[i-1])) {
			continue
		}
		a := i
		for a < len(rs) && isDigit(rs[a]) {
			a++
		}
		if a-i > 4 || a >= len(rs)-1 || !isRangeConn(rs[a]) || isRangeConn(rs[a+1]) || rs[i] == '0' {
			i = a
			continue
		}
		b := a + 1
		for b < len(rs) && isDigit(rs[b]) {
			b++
		}
		if b-(a+1) < 1 || b-(a+1) > 4 || b < len(rs) && (isRangeConn(rs[b]) || rs[b] == '.' || isLatin(rs[b])) {
			i = b
			continue
		}
		out = append(out, rangeUse{l.No, i + 1, string(rs[i:b]), rs[a]})
		i = b
	}
	return out
}

func connName(r rune) string {
	switch r {
	case '-', '－', '–':
		return "短横线“" + string(r) + "”"
	case '—', '―':
		return "一字线“—”"
	}
	return "浪纹线“～”"
}

func connClass(r rune) rune {
	switch r {
	case '—', '―':
		return '—'
	case '~', '～':
		return '～'
	}
	return '-'
}

func (rangeRule) CheckDoc(d *Doc, emit func(Finding)) {
	// Year ranges and value ranges are checked apart: 2021—2025 beside 25～30
	// is the standard, not a mix.
	var groups [2][]rangeUse
	for _, l := range d.Lines {
		for _, u := range rangesIn(l) {
			g := 1
			if rs := []rune(u.text); len(rs) == 9 && rs[0] >= '1' && rs[0] <= '2' {
				g = 0
			}
			groups[g] = append(groups[g], u)
		}
	}
	for _, all := range groups {
		count := map[rune]int{}
		for _, u := range all {
			count[connClass(u.conn)]++
		}
		if len(count) < 2 {
			continue
		}
		// Prefer the standard marks when used.
		pref, best := rune(0), -1
		for _, c := range []rune{'—', '～', '-'} {
			if n := count[c]; n > best && !(c == '-' && best > 0) {
				pref, best = c, n
			}
		}
		for _, u := range all {
			if connClass(u.conn) == pref {
				continue
			}
			rs := []rune(u.text)
			for k, r := range rs {
				if isRangeConn(r) {
					rs[k] = pref
				}
			}
			emit(Finding{Rule: "punct.range", Severity: Warning, Line: u.line, Column: u.col, Excerpt: u.text,
				Message:    fmt.Sprintf("范围连接号不统一：此处用%s，本文其他处用%s（GB/T 15834-2011 4.13）", connName(u.conn), connName(pref)),
				Suggestion: string(rs)})
		}
	}
}
