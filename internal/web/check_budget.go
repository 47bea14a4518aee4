package web

import (
	"fmt"
	"path/filepath"
	"strings"

	"fazhi/internal/proofread"
)

// A check holds about twelve times the report's text in memory (lines,
// runes, sentences, findings: 108 MB for 9 MB of document.xml), plus the
// checker itself; checks are admitted by this estimate against
// Config.CheckMemory, so a burst of large reports waits instead of
// exhausting the server.
const (
	checkCostFactor = 12
	checkCostBase   = 8 << 20
)

// checkCost estimates the memory one report's check needs: a .docx by the
// unpacked size its parts declare (reads stop there), anything else by its
// bytes.
func checkCost(in checkInput) int64 {
	n := int64(len(in.Data))
	if !in.asText && strings.EqualFold(filepath.Ext(in.Name), ".docx") {
		n = proofread.DocxTextSize(in.Data)
	}
	return checkCostBase + checkCostFactor*n
}

// admit drops from the batch, with the reason in their place, the reports
// whose check alone would exceed the budget, and returns the memory the
// rest need together: all of them in corpus mode (held at once), the
// largest otherwise (checked one after another).
func (b *checkBatch) admit(budget int64, corpus bool) int64 {
	var need int64
	keep, at := b.inputs[:0], b.at[:0]
	for i, in := range b.inputs {
		c := checkCost(in)
		if c > budget {
			b.items[b.at[i]].Err = fmt.Sprintf("%s：正文解压后过大（审校约需 %s 内存，超过服务器的审校内存上限 %s），请拆分后再审校", in.Name, byteSize(c), byteSize(budget))
			continue
		}
		keep, at = append(keep, in), append(at, b.at[i])
		if corpus {
			need += c
		} else {
			need = max(need, c)
		}
	}
	b.inputs, b.at = keep, at
	return min(need, budget)
}
