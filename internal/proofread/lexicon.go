package proofread

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"
)

// The built-in lists. Every list is a UTF-8 text file with one entry a line;
// '#' starts a comment line; blank lines are ignored; tab-separated files name
// their columns in the comment at their top. A deployment extends a list with
// a file of the same format named in Config.ExtraFiles; in such a file a line
// whose first column starts with '-' removes the built-in entry with that key
// (e.g. "-其它" in a confusables file drops the built-in 其它 rule).
//
//go:embed data/*.tsv data/*.txt
var lexiconData embed.FS

// listRow is one non-comment line of a list file.
type listRow struct {
	file   string
	line   int
	cols   []string
	remove bool // the line starts with '-': drop the entry with this key
}

// readListRows splits a list file into rows of at least minCols and at most
// maxCols tab-separated columns, with errors naming the file and line.
func readListRows(file string, data []byte, minCols, maxCols int) ([]listRow, error) {
	var rows []listRow
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		if n == 1 {
			raw = strings.TrimPrefix(raw, "\ufeff")
		}
		if !utf8.ValidString(raw) {
			return nil, fmt.Errorf("%s 第%d行：不是 UTF-8 文本，请以 UTF-8 编码保存", file, n)
		}
		line := strings.TrimRight(raw, "\r ")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		for i := range cols {
			cols[i] = strings.TrimSpace(cols[i])
		}
		for len(cols) > minCols && cols[len(cols)-1] == "" {
			cols = cols[:len(cols)-1]
		}
		row := listRow{file: file, line: n}
		if strings.HasPrefix(cols[0], "-") && len([]rune(cols[0])) > 1 {
			row.remove = true
			cols[0] = strings.TrimSpace(strings.TrimPrefix(cols[0], "-"))
			row.cols = cols
			rows = append(rows, row)
			continue
		}
		if len(cols) < minCols {
			return nil, fmt.Errorf("%s 第%d行：应有至少 %d 列（以制表符分隔），实有 %d 列", file, n, minCols, len(cols))
		}
		if len(cols) > maxCols {
			return nil, fmt.Errorf("%s 第%d行：最多 %d 列（以制表符分隔），实有 %d 列", file, n, maxCols, len(cols))
		}
		if cols[0] == "" {
			return nil, fmt.Errorf("%s 第%d行：第1列不能为空", file, n)
		}
		row.cols = cols
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s 第%d行之后：读取失败：%v", file, n, err)
	}
	return rows, nil
}

// col returns column i of the row or "".
func (r listRow) col(i int) string {
	if i < len(r.cols) {
		return r.cols[i]
	}
	return ""
}

// where names the row's file and line for messages.
func (r listRow) where() string { return fmt.Sprintf("%s 第%d行", r.file, r.line) }

// loadListRows returns the rows of the embedded list name followed by the
// rows of the extension file cfg.ExtraFiles[kind], if any.
func loadListRows(cfg Config, kind, name string, minCols, maxCols int) ([]listRow, error) {
	data, err := lexiconData.ReadFile("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("内置词表 %s 缺失：%v", name, err)
	}
	rows, err := readListRows("内置词表 "+name, data, minCols, maxCols)
	if err != nil {
		return nil, err
	}
	path := cfg.ExtraFiles[kind]
	if path == "" {
		return rows, nil
	}
	extra, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("无法读取扩展词表 %s（%s）：%v", path, kind, err)
	}
	more, err := readListRows(path, extra, minCols, maxCols)
	if err != nil {
		return nil, err
	}
	return append(rows, more...), nil
}

// mergeRows applies removals and replacements: a later row with the same key
// (column 0, up to its first "|") replaces an earlier one, a removal row drops it. The order of
// first appearance is kept.
func mergeRows(rows []listRow) []listRow {
	idx := map[string]int{}
	var out []listRow
	for _, r := range rows {
		k := strings.TrimSpace(strings.SplitN(r.cols[0], "|", 2)[0])
		i, seen := idx[k]
		switch {
		case r.remove && seen:
			out[i].remove = true
		case r.remove:
		case seen:
			out[i] = r
		default:
			idx[k] = len(out)
			out = append(out, r)
		}
	}
	kept := out[:0]
	for _, r := range out {
		if !r.remove {
			kept = append(kept, r)
		}
	}
	return kept
}

// splitAlts splits a "a|b|c" column; "-" or "" is an empty list.
func splitAlts(s string) []string {
	if s == "" || s == "-" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
