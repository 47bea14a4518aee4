package proofread

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// citeRule checks every 《…》 of a line:
//
//   - cite.document-title: a title containing the key of a well-known
//     central document (data/documents.tsv) must be one of its accepted
//     forms, with the right years;
//   - cite.law-title: a title that names a law or regulation (it ends in 法,
//     法典, 条例 or 实施细则) must be a real title (data/laws.tsv), with or
//     without 中华人民共和国. An unknown title is reported only when a real
//     title is within a small edit distance — then it is almost certainly a
//     miswritten citation and the real one is the suggestion; an unknown
//     title far from every real one may be a local regulation or a title the
//     list lacks, and is left alone.
//
// Titles that are not laws (《…报告》, 《…方案》, book names) are never
// reported as unknown laws.
type citeRule struct {
	laws     map[string]lawTitle // folded title without 中华人民共和国 → entry
	lawKeys  [][]rune            // keys of laws, for the nearest-title search
	lawByKey []lawTitle
	docs     []docTitle
	known    map[string]bool // accepted document forms (folded, no spaces)
}

// lawTitle is one row of data/laws.tsv.
//
// File format (tab-separated): official-title  category  aliases
// where aliases are "|"-separated short forms in use (监督法, 党章). A title
// starting with 中华人民共和国 is accepted without it too.
type lawTitle struct {
	title    string
	category string
}

// docTitle is one row of data/documents.tsv.
//
// File format (tab-separated): key  official-title  accepted-forms  date  source
// where key is the distinctive part that identifies the document in a
// citation, accepted-forms are "|"-separated other correct forms, and several
// rows may share a key (versions with different years). In an extension
// file, "-key" removes every built-in row with that key and "-key<TAB>title"
// removes one version.
type docTitle struct {
	key     string
	title   string
	forms   []string // folded, without spaces, including the forms without years
	formsR  [][]rune // forms as runes, for the edit distance
	date    time.Time
	source  string
	from    int // first year of the period in the title, 0 if none
	to      int
	hasYear bool
}

const (
	specCite   = 48
	cnPrefix   = "中华人民共和国"
	maxLawDist = 2
)

// normTitle folds a citation for lookup: bracket and dash variants unified,
// spaces removed.
func normTitle(s string) string {
	s = foldString(s)
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u3000', '\t', '\u00a0':
			return -1
		}
		return r
	}, s)
}

// yearsIn finds a "（YYYY—YYYY年）" period in a folded title.
func yearsIn(t string) (from, to int, span string) {
	i := strings.Index(t, "（")
	for i >= 0 {
		rest := t[i+len("（"):]
		j := strings.Index(rest, "）")
		if j < 0 {
			return 0, 0, ""
		}
		inner := rest[:j]
		var a, b int
		if n, _ := fmt.Sscanf(strings.TrimSuffix(inner, "年"), "%d—%d", &a, &b); n == 2 && a > 1900 && b >= a {
			return a, b, t[i : i+len("（")+j+len("）")]
		}
		k := strings.Index(rest[j:], "（")
		if k < 0 {
			break
		}
		i = i + len("（") + j + k
	}
	return 0, 0, ""
}

func newCiteRule(laws []lawTitle, aliases map[string][]string, docs []docTitle) *citeRule {
	c := &citeRule{laws: map[string]lawTitle{}, known: map[string]bool{}, docs: docs}
	add := func(k string, l lawTitle) {
		k = normTitle(strings.TrimPrefix(k, cnPrefix))
		if _, ok := c.laws[k]; ok {
			return
		}
		c.laws[k] = l
		c.lawKeys = append(c.lawKeys, []rune(k))
		c.lawByKey = append(c.lawByKey, l)
	}
	for _, l := range laws {
		add(l.title, l)
		for _, a := range aliases[l.title] {
			add(a, l)
		}
	}
	for _, d := range docs {
		for _, f := range d.forms {
			c.known[f] = true
		}
	}
	return c
}

func (c *citeRule) ID() string { return "cite" }

// lawSuffixes mark a title that names a law or regulation; notLawSuffixes
// end in 法 without being one.
var (
	lawSuffixes    = []string{"法", "法典", "条例", "条例（试行）", "实施细则"}
	notLawSuffixes = []string{"办法", "方法", "做法", "说法", "想法", "看法", "用法", "写法", "手法", "技法", "算法",
		"疗法", "兵法", "书法", "语法", "笔法", "章法", "戏法", "魔法", "打法", "玩法", "解法", "画法", "司法", "执法", "普法", "学法", "守法", "依法", "立法"}
)

func looksLikeLaw(t string) bool {
	for _, s := range notLawSuffixes {
		if strings.HasSuffix(t, s) {
			return false
		}
	}
	for _, s := range lawSuffixes {
		if strings.HasSuffix(t, s) {
			return true
		}
	}
	return false
}

// stripVersion removes a trailing version note such as （2021年修订） or
// （2018修正） from a law citation.
func stripVersion(t string) string {
	if !strings.HasSuffix(t, "）") {
		return t
	}
	i := strings.LastIndex(t, "（")
	if i <= 0 {
		return t
	}
	inner := t[i:]
	if strings.Contains(inner, "修订") || strings.Contains(inner, "修正") || strings.Contains(inner, "年") {
		return t[:i]
	}
	return t
}

func (c *citeRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	t := l.Text
	if !strings.Contains(t, "《") {
		return
	}
	col := 0
	for i := 0; i < len(t); {
		r, size := utf8.DecodeRuneInString(t[i:])
		if r != '《' {
			i += size
			col++
			continue
		}
		// the matching 》 with no 《 in between
		rest := t[i+size:]
		end := strings.IndexAny(rest, "《》")
		if end < 0 || !strings.HasPrefix(rest[end:], "》") {
			i += size
			col++
			continue
		}
		inner := rest[:end]
		raw := t[i : i+size+end+len("》")]
		c.checkTitle(d, l, col, raw, inner, emit)
		n := utf8.RuneCountInString(raw)
		i += len(raw)
		col += n
	}
}

func (c *citeRule) checkTitle(d *Doc, l Line, col int, raw, inner string, emit func(Finding)) {
	t := normTitle(inner)
	if t == "" || c.known[t] {
		return
	}
	if doc, ok := c.documentFor(t); ok {
		c.reportDocument(d, l, col, raw, t, doc, emit)
		return
	}
	lt := stripVersion(t)
	key := strings.TrimPrefix(lt, cnPrefix)
	if _, ok := c.laws[key]; ok {
		return
	}
	if doc, ok := c.nearDocument(t); ok {
		emit(Finding{Rule: "cite.document-title", Severity: Warning, Line: l.No, Column: col + 1, Excerpt: raw,
			Message:    fmt.Sprintf("%s标题与原文不符，应为《%s》（%s）", raw, doc.title, doc.source),
			Suggestion: "《" + doc.title + "》", Specificity: specCite})
		return
	}
	if strings.Contains(key, "修正案") || !looksLikeLaw(key) {
		return
	}
	kr := []rune(key)
	if len(kr) < 4 {
		return
	}
	// One edit for short titles, two for long ones; a short title may also
	// lack two characters of a real one (信息公开条例 → 政府信息公开条例).
	allowed := 1
	if len(kr) >= 6 {
		allowed = maxLawDist
	}
	best, bestD := -1, allowed+1
	for i, k := range c.lawKeys {
		dd := editDistance(kr, k, bestD-1)
		if dd == 2 && len(kr) < 10 && !isSubsequence(kr, k) {
			continue
		}
		if dd < bestD {
			best, bestD = i, dd
		}
	}
	if best < 0 {
		// the right name with the wrong kind: 《行政许可条例》 for 《行政许可法》
		if law, ok := c.sameStem(key); ok {
			sugg := strings.TrimPrefix(law.title, cnPrefix)
			emit(Finding{Rule: "cite.law-title", Severity: Warning, Line: l.No, Column: col + 1, Excerpt: raw,
				Message:    fmt.Sprintf("没有%s这一法律法规，疑为《%s》", raw, sugg),
				Suggestion: "《" + sugg + "》", Specificity: specCite})
		}
		return
	}
	law := c.lawByKey[best]
	sugg := law.title
	if !strings.HasPrefix(lt, cnPrefix) {
		sugg = strings.TrimPrefix(sugg, cnPrefix)
	}
	emit(Finding{Rule: "cite.law-title", Severity: Warning, Line: l.No, Column: col + 1, Excerpt: raw,
		Message:    fmt.Sprintf("%s不是现行法律法规的名称，疑为《%s》", raw, sugg),
		Suggestion: "《" + sugg + "》", Specificity: specCite})
}

// localMarkers in the text before a document key mean a local document that
// shares the central one's name (《广东省法治政府建设实施纲要》).
var localMarkers = []string{"省", "市", "县", "区", "州", "盟", "镇", "乡", "旗", "街道"}

// documentFor finds the rows whose key the title contains, unless a place
// name stands before the key.
func (c *citeRule) documentFor(t string) ([]docTitle, bool) {
	var out []docTitle
	for _, d := range c.docs {
		i := strings.Index(t, d.key)
		if i < 0 {
			continue
		}
		before := t[:i]
		local := false
		for _, m := range localMarkers {
			if strings.Contains(before, m) {
				local = true
				break
			}
		}
		if local {
			return nil, false
		}
		out = append(out, d)
	}
	return out, len(out) > 0
}

// nearDocument finds a document whose title a citation misses by at most
// two characters (《法治政府建设纲要（2021—2025年）》) when the citation
// does not contain the document's key.
func (c *citeRule) nearDocument(t string) (docTitle, bool) {
	tr := []rune(t)
	if len(tr) < 10 { // short titles are too close to each other to judge
		return docTitle{}, false
	}
	for _, d := range c.docs {
		for _, f := range d.formsR {
			if editDistance(tr, f, 2) <= 2 {
				return d, true
			}
		}
	}
	return docTitle{}, false
}

func (c *citeRule) reportDocument(d *Doc, l Line, col int, raw, t string, versions []docTitle, emit func(Finding)) {
	// choose the version the report means: the one whose period holds the
	// report year, else the one whose years the citation shares, else the
	// latest issued by the report year, else the first.
	pick := versions[0]
	from, to, _ := yearsIn(t)
	chosen := false
	for _, v := range versions {
		if v.hasYear && d.Year >= v.from && d.Year <= v.to {
			pick, chosen = v, true
			break
		}
	}
	if !chosen && from > 0 {
		for _, v := range versions {
			if v.from == from || v.to == to {
				pick, chosen = v, true
				break
			}
		}
	}
	if !chosen && d.Year > 0 {
		for _, v := range versions {
			if v.date.Year() <= d.Year {
				pick = v
			}
		}
	}
	sev, what := Warning, "标题与原文不符"
	if from > 0 && pick.hasYear && (from != pick.from || to != pick.to) {
		sev, what = Error, "年份有误"
	}
	emit(Finding{Rule: "cite.document-title", Severity: sev, Line: l.No, Column: col + 1, Excerpt: raw,
		Message:    fmt.Sprintf("%s%s，应为《%s》（%s）", raw, what, pick.title, pick.source),
		Suggestion: "《" + pick.title + "》", Specificity: specCite})
}

// editDistance is the Levenshtein distance of two rune slices; once it is
// certain to exceed max it returns max+1.
func editDistance(a, b []rune, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := prev[j-1] + cost
			if prev[j]+1 < v {
				v = prev[j] + 1
			}
			if cur[j-1]+1 < v {
				v = cur[j-1] + 1
			}
			cur[j] = v
			if v < rowMin {
				rowMin = v
			}
		}
		if rowMin > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	if prev[len(b)] > max {
		return max + 1
	}
	return prev[len(b)]
}

// loadLaws reads data/laws.tsv and its extension.
func loadLaws(cfg Config) ([]lawTitle, map[string][]string, error) {
	rows, err := loadListRows(cfg, "laws", "laws.tsv", 1, 3)
	if err != nil {
		return nil, nil, err
	}
	return parseLaws(rows)
}

// parseLaws turns rows of a laws file into titles and their aliases.
func parseLaws(rows []listRow) ([]lawTitle, map[string][]string, error) {
	var out []lawTitle
	aliases := map[string][]string{}
	for _, r := range mergeRows(rows) {
		l := lawTitle{title: strings.Trim(r.cols[0], "《》"), category: r.col(1)}
		if l.title == "" {
			return nil, nil, fmt.Errorf("%s：标题不能为空", r.where())
		}
		out = append(out, l)
		aliases[l.title] = splitAlts(r.col(2))
	}
	return out, aliases, nil
}

// loadDocuments reads data/documents.tsv and its extension.
func loadDocuments(cfg Config) ([]docTitle, error) {
	rows, err := loadListRows(cfg, "documents", "documents.tsv", 2, 5)
	if err != nil {
		return nil, err
	}
	return parseDocuments(rows)
}

// parseDocuments turns rows of a documents file into titles, applying
// removals in order.
func parseDocuments(rows []listRow) ([]docTitle, error) {
	var out []docTitle
	for _, r := range rows {
		key := normTitle(r.cols[0])
		if r.remove {
			kept := out[:0]
			for _, d := range out {
				if d.key != key || (r.col(1) != "" && d.title != r.col(1)) {
					kept = append(kept, d)
				}
			}
			out = kept
			continue
		}
		title := strings.Trim(r.col(1), "《》")
		if title == "" {
			return nil, fmt.Errorf("%s：第2列（标准标题）不能为空", r.where())
		}
		nt := normTitle(title)
		if !strings.Contains(nt, key) {
			return nil, fmt.Errorf("%s：标准标题“%s”不含关键词“%s”", r.where(), title, r.cols[0])
		}
		d := docTitle{key: key, title: title, source: r.col(4)}
		if s := r.col(3); s != "" {
			t, err := time.Parse("2006-01-02", s)
			if err != nil {
				return nil, fmt.Errorf("%s：第4列日期“%s”无效，应为 YYYY-MM-DD", r.where(), s)
			}
			d.date = t
		}
		d.from, d.to, _ = yearsIn(nt)
		d.hasYear = d.from > 0
		for _, f := range append([]string{title}, splitAlts(r.col(2))...) {
			nf := normTitle(f)
			d.forms = append(d.forms, nf)
			if _, _, span := yearsIn(nf); span != "" {
				d.forms = append(d.forms, strings.Replace(nf, span, "", 1))
			}
		}
		for _, f := range d.forms {
			d.formsR = append(d.formsR, []rune(f))
		}
		replaced := false
		for i := range out {
			if out[i].key == d.key && out[i].title == d.title {
				out[i], replaced = d, true
			}
		}
		if !replaced {
			out = append(out, d)
		}
	}
	return out, nil
}

// isSubsequence reports whether a can be had from b by deleting runes.
func isSubsequence(a, b []rune) bool {
	j := 0
	for _, r := range b {
		if j < len(a) && a[j] == r {
			j++
		}
	}
	return j == len(a)
}

// lawKinds end a law's title; the stem is what comes before.
var lawKinds = []string{"实施细则", "实施条例", "法典", "条例", "规定", "办法", "法"}

func lawStem(t string) (stem, kind string) {
	for _, k := range lawKinds {
		if strings.HasSuffix(t, k) && len(t) > len(k) {
			return strings.TrimSuffix(t, k), k
		}
	}
	return t, ""
}

// sameStem finds a real title with the same stem and another kind.
func (c *citeRule) sameStem(key string) (lawTitle, bool) {
	stem, kind := lawStem(key)
	if kind == "" || runeLen(stem) < 3 {
		return lawTitle{}, false
	}
	for _, k := range lawKinds {
		if k == kind {
			continue
		}
		if law, ok := c.laws[stem+k]; ok {
			return law, true
		}
	}
	return lawTitle{}, false
}
