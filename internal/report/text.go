package report

import (
	"strconv"
	"strings"
	"time"
)

// PlainText is the report as the text 审校 reads and a .txt export holds:
// title, addressee, each heading and paragraph on its own line, then the
// signature and the date of issue in Chinese (2026年1月20日).
func PlainText(d Document) string {
	var b strings.Builder
	line := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	line(d.Title)
	line(d.Addressee)
	for _, s := range d.Sections {
		line(s.Title)
		for _, p := range strings.Split(s.Body, "\n") {
			line(p)
		}
	}
	line(d.Signature)
	line(ChineseDate(d.Date))
	return b.String()
}

// ChineseDate writes a YYYY-MM-DD date as 2026年1月20日 (no leading
// zeros); anything else is returned as it is.
func ChineseDate(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月" + strconv.Itoa(t.Day()) + "日"
}
