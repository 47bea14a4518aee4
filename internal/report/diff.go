package report

import "strings"

// DiffLine is one line of the difference between two versions: a
// paragraph (or heading) kept, removed or added, under its section.
type DiffLine struct {
	Section string `json:"section"` // key
	Title   string `json:"title"`   // the section's title (in b, or a when removed)
	Op      string `json:"op"`      // "=" kept, "-" removed, "+" added
	Text    string `json:"text"`
}

// Diff compares two versions section by section (by key, in b's order,
// then a's sections that b no longer has) and paragraph by paragraph; the
// title, addressee, signature and date count as section "标题".
func Diff(a, b Document) []DiffLine {
	var out []DiffLine
	head := func(d Document) []string {
		return nonEmpty([]string{d.Title, d.Addressee, d.Signature, ChineseDate(d.Date)})
	}
	out = append(out, diffLines("", "标题", head(a), head(b))...)
	inA := map[string]Section{}
	for _, s := range a.Sections {
		inA[s.Key] = s
	}
	inB := map[string]bool{}
	for _, s := range b.Sections {
		inB[s.Key] = true
		old, ok := inA[s.Key]
		var before []string
		if ok {
			before = sectionLines(old)
		}
		out = append(out, diffLines(s.Key, s.Title, before, sectionLines(s))...)
	}
	for _, s := range a.Sections {
		if !inB[s.Key] {
			out = append(out, diffLines(s.Key, s.Title, sectionLines(s), nil)...)
		}
	}
	return out
}

// Changed reports whether a diff holds any change.
func Changed(lines []DiffLine) bool {
	for _, l := range lines {
		if l.Op != "=" {
			return true
		}
	}
	return false
}

func sectionLines(s Section) []string {
	return nonEmpty(append([]string{s.Title}, strings.Split(s.Body, "\n")...))
}

func nonEmpty(in []string) []string {
	out := in[:0:0]
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// diffLines is the line diff of a and b by their longest common
// subsequence. A report section has tens of paragraphs, so the table is
// small; beyond 1,000 lines either side (a table of 8 MB) the lines are compared in place.
func diffLines(key, title string, a, b []string) []DiffLine {
	line := func(op, text string) DiffLine { return DiffLine{Section: key, Title: title, Op: op, Text: text} }
	var out []DiffLine
	if len(a) > 1000 || len(b) > 1000 {
		for i := 0; i < max(len(a), len(b)); i++ {
			switch {
			case i < len(a) && i < len(b) && a[i] == b[i]:
				out = append(out, line("=", a[i]))
			default:
				if i < len(a) {
					out = append(out, line("-", a[i]))
				}
				if i < len(b) {
					out = append(out, line("+", b[i]))
				}
			}
		}
		return out
	}
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, line("=", a[i]))
			i, j = i+1, j+1
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, line("-", a[i]))
			i++
		default:
			out = append(out, line("+", b[j]))
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, line("-", a[i]))
	}
	for ; j < m; j++ {
		out = append(out, line("+", b[j]))
	}
	return out
}
