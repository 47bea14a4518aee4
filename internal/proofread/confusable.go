package proofread

import (
	"fmt"
	"strings"
)

// confusable is one word.confusable rule from data/confusables.tsv: a
// context in which a word is certainly the wrong one of a classic pair.
//
// File format (tab-separated):
//
//		pattern  replacement  severity  trigger-example  silent-example  exceptions  note
//
//	  - pattern: the text that is wrong, with the wrong part in [ ] when the
//	    rest is context, e.g. "行政[权利]" (only 权利 is reported); without
//	    brackets the whole pattern is the wrong part.
//	  - replacement: what the wrong part should be.
//	  - severity: error, warning or info.
//	  - trigger-example: a sentence on which the rule must fire.
//	  - silent-example: a sentence close to it on which the rule must not fire.
//	  - exceptions: "|"-separated strings; where one of them overlaps the wrong
//	    part in the line, the rule stays silent ("-" for none).
//	  - note: why (Chinese), shown in the message.
//
// Dashes and brackets are folded (see foldRune) before matching. A line
// whose pattern starts with '-' removes the built-in entry with that pattern.
type confusable struct {
	pattern    string // without brackets
	spanStart  int    // rune offset of the wrong part in pattern
	spanEnd    int
	right      string
	severity   Severity
	hitExample string
	okExample  string
	except     []string
	note       string
	where      string
}

// parseConfusable turns one row into a rule.
func parseConfusable(r listRow) (confusable, error) {
	c := confusable{where: r.where(), right: r.col(1), hitExample: r.col(3), okExample: r.col(4),
		except: splitAlts(r.col(5)), note: r.col(6)}
	raw := []rune(r.col(0))
	var plain []rune
	open, close := -1, -1
	for _, ch := range raw {
		switch ch {
		case '[':
			if open >= 0 {
				return c, fmt.Errorf("%s：模式“%s”中只能有一对 [ ]", r.where(), string(raw))
			}
			open = len(plain)
		case ']':
			if open < 0 || close >= 0 {
				return c, fmt.Errorf("%s：模式“%s”中的 [ ] 不配对", r.where(), string(raw))
			}
			close = len(plain)
		default:
			plain = append(plain, ch)
		}
	}
	switch {
	case open >= 0 && close < 0:
		return c, fmt.Errorf("%s：模式“%s”中的 [ ] 不配对", r.where(), string(raw))
	case open < 0:
		open, close = 0, len(plain)
	case close == open:
		return c, fmt.Errorf("%s：模式“%s”的 [ ] 中不能为空", r.where(), string(raw))
	}
	if len(plain) == 0 {
		return c, fmt.Errorf("%s：模式为空", r.where())
	}
	if strings.ContainsAny(string(plain), "\t") {
		return c, fmt.Errorf("%s：模式中不能有制表符", r.where())
	}
	c.pattern, c.spanStart, c.spanEnd = string(plain), open, close
	if c.right == "" {
		return c, fmt.Errorf("%s：第2列（正确写法）不能为空", r.where())
	}
	if c.right == string(plain[open:close]) {
		return c, fmt.Errorf("%s：正确写法“%s”与错误写法相同", r.where(), c.right)
	}
	sev, err := parseSeverity(r.col(2), r.where())
	if err != nil {
		return c, err
	}
	c.severity = sev
	return c, nil
}

// parseSeverity reads a severity column; empty means error.
func parseSeverity(s, where string) (Severity, error) {
	switch s {
	case "", "error":
		return Error, nil
	case "warning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return "", fmt.Errorf("%s：严重程度“%s”无效，应为 error、warning 或 info", where, s)
}

// loadConfusables reads the built-in list and its extension.
func loadConfusables(cfg Config) ([]confusable, error) {
	rows, err := loadListRows(cfg, "confusables", "confusables.tsv", 3, 7)
	if err != nil {
		return nil, err
	}
	var out []confusable
	for _, r := range mergeRows(rows) {
		c, err := parseConfusable(r)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
