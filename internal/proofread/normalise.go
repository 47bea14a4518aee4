package proofread

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// srcPos is where a rune of a normalised line came from in the input.
type srcPos struct{ line, col int32 }

// rawLine is one input line being normalised: its runes and, once a rune
// has been removed or lines joined, the origin of each rune in the input.
type rawLine struct {
	no   int
	rs   []rune
	lead int      // runes trimmed from the start while src is nil
	src  []srcPos // nil: rune i comes from column lead+i+1 of line no
	// text is rs as a string while no rune has been removed inside the
	// line (src nil), so an untouched line is not converted back.
	text string
}

func newRawLine(no int, s string) rawLine {
	l := rawLine{no: no, rs: []rune(s)}
	if utf8.ValidString(s) {
		l.text = s
	}
	return l
}

// at returns the input position of rune i.
func (l *rawLine) at(i int) srcPos {
	if l.src == nil {
		return srcPos{int32(l.no), int32(l.lead + i + 1)}
	}
	return l.src[i]
}

// materialise builds the per-rune origins before the line is edited.
func (l *rawLine) materialise() {
	if l.src != nil {
		return
	}
	l.text = ""
	src := make([]srcPos, len(l.rs))
	for i := range l.rs {
		src[i] = srcPos{int32(l.no), int32(l.lead + i + 1)}
	}
	l.src = src
}

// cut removes runes [i, j).
func (l *rawLine) cut(i, j int) {
	l.materialise()
	l.rs = append(l.rs[:i], l.rs[j:]...)
	l.src = append(l.src[:i], l.src[j:]...)
}

func (l *rawLine) trim() {
	i, j := 0, len(l.rs)
	for i < j && isSpace(l.rs[i]) {
		i++
	}
	for j > i && isSpace(l.rs[j-1]) {
		j--
	}
	if l.src == nil {
		l.lead += i
		if l.text != "" {
			l.text = strings.TrimRightFunc(strings.TrimLeftFunc(l.text, isSpace), isSpace)
		}
	} else {
		l.src = l.src[i:j]
	}
	l.rs = l.rs[i:j]
}

// line turns the raw line into a Line.
func (l *rawLine) line() Line {
	text := l.text
	if l.src != nil || text == "" {
		text = string(l.rs)
	}
	out := Line{No: l.no, Text: text, rs: l.rs}
	if l.src == nil {
		out.lead = l.lead
		return out
	}
	if len(l.src) == 0 {
		return out
	}
	lead := int(l.src[0].col) - 1
	plain := true
	for i, p := range l.src {
		if int(p.line) != l.no || int(p.col) != i+1+lead {
			plain = false
			break
		}
	}
	if plain {
		out.lead = lead
	} else {
		out.src = l.src
	}
	return out
}

// normalise cleans what extraction leaves behind and reports each change as
// an artifact.extraction finding located in the input. wrapped input (PDF
// text) has its layout line breaks joined into paragraphs and its page
// numbers removed.
func normalise(raw []string, wrapped bool) ([]Line, []Finding) {
	var fs []Finding
	emit := func(f Finding) { fs = append(fs, f) }
	lines := make([]rawLine, 0, len(raw))
	for i, s := range raw {
		l := newRawLine(i+1, s)
		stripMarkers(&l, emit)
		l.trim()
		lines = append(lines, l)
	}
	lines = dropChrome(lines, emit)
	for i := range lines {
		fixSpaces(&lines[i], emit)
	}
	if wrapped {
		lines = dropPageNumbers(lines, emit)
	}
	lines = joinPageBreaks(lines, emit, wrapped)
	out := make([]Line, 0, len(lines))
	for i := range lines {
		if len(lines[i].rs) == 0 {
			continue
		}
		out = append(out, lines[i].line())
	}
	return out, fs
}

func artifact(sev Severity, p srcPos, excerpt, msg, sugg string) Finding {
	return Finding{Rule: "artifact.extraction", Severity: sev, Line: int(p.line), Column: int(p.col),
		Excerpt: excerpt, Message: msg, Suggestion: sugg, Specificity: 20}
}

// wordMarkers are what converters leave of Word bookmarks and fields.
var wordMarkers = []string{"[bookmark:", "PAGEREF", "HYPERLINK", "MERGEFORMAT", "_GoBack", "_Toc", "_Hlk", "{ PAGE }", "TOC \\"}

// stripMarkers removes Word bookmark markers and field codes.
func stripMarkers(l *rawLine, emit func(Finding)) {
	for i := 0; i < len(l.rs); i++ {
		r := l.rs[i]
		if r != '[' && r != '_' && r != 'P' && r != 'H' && r != 'M' && r != '{' && r != 'T' {
			continue
		}
		for _, m := range wordMarkers {
			if !hasPrefixAt(l.rs, i, m) {
				continue
			}
			j := i + runeLen(m)
			switch {
			case r == '[':
				for j < len(l.rs) && l.rs[j] != ']' {
					j++
				}
				if j < len(l.rs) {
					j++
				}
			case r == '{':
			default: // run to the end of the ASCII token, then its switches
				for j < len(l.rs) && l.rs[j] < 0x80 && l.rs[j] != '\t' && !(l.rs[j] == ' ' && j+1 < len(l.rs) && l.rs[j+1] >= 0x80) {
					j++
				}
			}
			if r == '_' && i > 0 && l.rs[i-1] < 0x80 && l.rs[i-1] != ' ' {
				break // part of an identifier, not a bookmark name
			}
			ex := string(l.rs[i:j])
			emit(artifact(Info, l.at(i), ex, "Word 书签或域代码“"+ex+"”混入正文（转换遗留）", "删除该标记"))
			l.cut(i, j)
			if i > 0 && i < len(l.rs) && isSpace(l.rs[i-1]) && isSpace(l.rs[i]) {
				l.cut(i, i+1)
			}
			i--
			break
		}
	}
}

// fixSpaces removes spaces that official prose never has: inside numbers,
// between a digit and a Chinese character, and next to Chinese punctuation.
// Spaces between two Chinese characters (slogans, titles, names side by
// side) and around Latin words are left alone.
func fixSpaces(l *rawLine, emit func(Finding)) {
	for i := 1; i < len(l.rs)-1; i++ {
		if !isSpace(l.rs[i]) {
			continue
		}
		j := i
		for j < len(l.rs) && isSpace(l.rs[j]) {
			j++
		}
		if j == len(l.rs) {
			break
		}
		a, b := l.rs[i-1], l.rs[j]
		var msg string
		switch {
		case isDigit(a) && isDigit(b):
			msg = "数字中间有多余空格"
		case isDigit(a) && isHanChar(b) || isHanChar(a) && isDigit(b) && !(i >= 2 && l.rs[i-2] == '第'):
			msg = "数字与汉字之间有多余空格"
		case isCJKPunct(a) && (isHanChar(b) || isDigit(b) || isCJKPunct(b)) || isCJKPunct(b) && (isHanChar(a) || isDigit(a)):
			msg = "中文标点旁有多余空格"
		case (a == ',' || a == ';' || a == ':') && (isHanChar(b) || isDigit(b)) && i >= 2 && isHanChar(l.rs[i-2]):
			msg = "标点后有多余空格"
		}
		if msg == "" {
			i = j - 1
			continue
		}
		ex := string(l.rs[i-1 : j+1])
		emit(artifact(Info, l.at(i-1), ex, fmt.Sprintf("%s（“%s”），公文中不空格", msg, ex), string([]rune{a, b})))
		l.cut(i, j)
	}
}

// chromeStrong are labels only a web page around the report carries.
var chromeStrong = []string{"当前位置", "索引号", "发布机构", "生成时间", "点击数", "点击量", "浏览次数", "阅读次数", "原文链接", "解读链接", "分享到", "打印本页", "关闭窗口", "【字体", "字号：", "字号:"}

// chromeWeak are labels that are chrome only with nothing after the colon.
var chromeWeak = []string{"机构负责人", "机构地址", "联系方式", "办公时间", "公开电话", "邮编", "传真", "邮箱地址", "附件", "来源", "发布日期", "发布时间", "责任编辑", "相关链接"}

// chromeKind classifies a line: 0 prose, 1 a weak chrome label ("附件:"
// with nothing after it, chrome only beside other chrome), 2 chrome for sure.
// Chrome lines are short and carry a colon, 点击 or 【.
func chromeKind(rs []rune) int {
	if len(rs) == 0 || len(rs) > 120 {
		return 0
	}
	hint := false
	for _, r := range rs {
		if r == ':' || r == '：' || r == '点' || r == '【' {
			hint = true
			break
		}
	}
	if !hint {
		return 0
	}
	s := string(rs)
	if strings.Contains(s, "点击查看") {
		return 2
	}
	compact := strings.Map(func(r rune) rune {
		if isSpace(r) {
			return -1
		}
		return r
	}, s)
	for _, w := range chromeStrong {
		if strings.HasPrefix(compact, w) {
			return 2
		}
	}
	for _, w := range chromeWeak {
		if rest, ok := strings.CutPrefix(compact, w); ok {
			if (strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：")) && strings.Trim(rest, ":：") == "" {
				return 1
			}
		}
	}
	return 0
}

// dropChrome removes web-page chrome; consecutive chrome lines (blank lines
// between them allowed) are one finding. A weak label alone ("附件：" before
// a list of attachments) is the report's own text and stays.
func dropChrome(lines []rawLine, emit func(Finding)) []rawLine {
	var idx []int // non-empty lines
	for i := range lines {
		if len(lines[i].rs) > 0 {
			idx = append(idx, i)
		}
	}
	kind := make([]int, len(idx))
	for k, i := range idx {
		kind[k] = chromeKind(lines[i].rs)
	}
	chrome := make([]bool, len(idx))
	for k := range idx {
		switch {
		case kind[k] == 2:
			chrome[k] = true
		case kind[k] == 1:
			chrome[k] = k > 0 && kind[k-1] > 0 || k+1 < len(idx) && kind[k+1] > 0
		}
	}
	drop := make([]bool, len(lines))
	for k := 0; k < len(idx); k++ {
		if !chrome[k] {
			continue
		}
		first, count := idx[k], 0
		for k < len(idx) && chrome[k] {
			drop[idx[k]] = true
			count++
			k++
		}
		l := lines[first]
		emit(artifact(Warning, l.at(0), string(l.rs),
			fmt.Sprintf("网页栏目信息（索引号、发布机构、点击数等）混入报告，共%d行，已从正文中剔除", count),
			"删除网页栏目信息，只保留报告正文"))
	}
	out := lines[:0]
	for i, l := range lines {
		if !drop[i] {
			out = append(out, l)
		}
	}
	return out
}

// noBreakAfter are the runes a paragraph may end with.
func endsParagraph(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '：', '…', '”', '’', '）', '》', '」', '!', '?', ';', ':', ')', '.':
		return true
	}
	return false
}

// joinPageBreaks joins a body paragraph cut in the middle of a sentence
// (a page break, a column break, a hard wrap) with its continuation.
func joinPageBreaks(lines []rawLine, emit func(Finding), wrapped bool) []rawLine {
	type seam struct {
		at      srcPos
		excerpt string
	}
	var seams []seam
	// A text line is a paragraph of its own; a layout (PDF) line is a piece
	// of one, and a more indented line starts the next paragraph.
	minLen := 30
	if wrapped {
		minLen = 8
	}
	lastIndent := map[int]int{} // line index → indentation of the last line joined into it
	indent := func(l *rawLine) int { return int(l.at(0).col) }
	for i := 0; i < len(lines); i++ {
		a := &lines[i]
		if len(a.rs) < minLen || endsParagraph(a.rs[len(a.rs)-1]) || headingAt(a.rs) != nil || !wrapped && !strings.ContainsAny(string(a.rs), "，。,") {
			continue
		}
		j := i + 1
		for j < len(lines) && len(lines[j].rs) == 0 && j-i <= 3 {
			j++
		}
		if j >= len(lines) || len(lines[j].rs) == 0 {
			continue
		}
		b := &lines[j]
		// A continuation starts with a character or with punctuation that
		// never opens a paragraph (，。、；：” ）》).
		cont := isHanChar(b.rs[0]) || isDigit(b.rs[0]) || strings.ContainsRune("，。、；：”’）》", b.rs[0])
		if headingAt(b.rs) != nil || !cont || chromeKind(b.rs) == 2 {
			continue
		}
		ai, ok := lastIndent[i]
		if !ok {
			ai = indent(a)
		}
		if wrapped && indent(b) > ai+1 {
			continue
		}
		lastIndent[i] = indent(b)
		tail := a.rs[max(0, len(a.rs)-4):]
		head := b.rs[:min(4, len(b.rs))]
		seams = append(seams, seam{a.at(len(a.rs) - 1), string(tail) + "⏎" + string(head)})
		a.materialise()
		b.materialise()
		a.rs = append(a.rs, b.rs...)
		a.src = append(a.src, b.src...)
		for k := i + 1; k <= j; k++ {
			lines[k].rs, lines[k].src, lines[k].text = nil, nil, ""
		}
		i-- // the joined line may continue further
	}
	for k, s := range seams {
		if (wrapped || len(seams) > 5) && k > 0 {
			break
		}
		msg := "段落在句中被分页或换行截断，已与下一行合并"
		switch {
		case wrapped:
			msg = fmt.Sprintf("PDF 按版面逐行折断，已将%d处折行合并为段落", len(seams))
		case len(seams) > 5:
			msg = fmt.Sprintf("全文共%d处段落在句中被分页或换行截断，已合并", len(seams))
		}
		f := artifact(Info, s.at, "", msg, "删除句中的换行")
		f.Excerpt = strings.SplitN(s.excerpt, "⏎", 2)[0]
		f.Column = int(s.at.col) - runeLen(f.Excerpt) + 1
		emit(f)
	}
	return lines
}

// isPageNumber reports a line that is only a page number: "- 3 -", "— 12 —",
// "第3页", "3/12".
func isPageNumber(rs []rune) bool {
	if len(rs) == 0 || len(rs) > 12 {
		return false
	}
	digits := 0
	for _, r := range rs {
		switch {
		case isDigit(r):
			digits++
		case isSpace(r) || r == '-' || r == '—' || r == '－' || r == '/' || r == '第' || r == '页' || r == '共':
		default:
			return false
		}
	}
	return digits > 0 && digits <= 4
}

// dropPageNumbers removes the page numbers a PDF's text carries between pages.
func dropPageNumbers(lines []rawLine, emit func(Finding)) []rawLine {
	out := lines[:0]
	n := 0
	var first rawLine
	for _, l := range lines {
		if isPageNumber(l.rs) {
			if n == 0 {
				first = l
			}
			n++
			continue
		}
		out = append(out, l)
	}
	if n > 0 {
		emit(artifact(Info, first.at(0), string(first.rs), fmt.Sprintf("PDF 页码混入正文，共%d处，已删除", n), "删除页码"))
	}
	return out
}
