package web

import (
	"net/http"
	"runtime"
	"testing"

	"fazhi/internal/safezip/bombtest"
)

// TestCheckPage_ZipBombsRefused: five .docx bombs in one 审校 upload (each
// about 200 KB declaring gigabytes, a zip nested in the body, XML nested
// 200,000 deep) are each refused by name with the reason, and the server
// allocates a small fraction of 512 MB doing so.
func TestCheckPage_ZipBombsRefused(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	files := []checkFile{
		{"炸弹一.docx", bombtest.DocxBomb(200<<20, 20)},
		{"炸弹二.docx", bombtest.DocxBomb(200<<20, 20)},
		{"嵌套.docx", bombtest.Docx(bombtest.DocxBomb(100<<20, 3))},
		{"深层.docx", bombtest.Docx(bombtest.Deep(200000))},
		{"说谎.docx", bombtest.Overlapping([]byte("<w:t>法</w:t>"), 200<<20, 4000, "word/document.xml")},
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	resp, body := c.checkUpload(files, nil)
	runtime.ReadMemStats(&after)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "炸弹一.docx：压缩包", "疑似压缩炸弹", "炸弹二.docx：", "嵌套.docx：", "本身又是压缩包", "深层.docx：", "嵌套超过", "说谎.docx：.docx 正文无法解压")
	// TotalAlloc counts every byte allocated (client and server): the peak
	// heap is below it.
	if got := after.TotalAlloc - before.TotalAlloc; got > 200<<20 {
		t.Fatalf("the five bombs allocated %d MB; the server must stay well under 512 MB", got>>20)
	}
}

// TestCheckPage_MemoryBudget: a report whose check alone would exceed the
// configured memory budget is refused by name, saying to split it; a small
// one in the same upload is still checked.
func TestCheckPage_MemoryBudget(t *testing.T) {
	e := caseEnv(t, func(c *Config) { c.CheckMemory = 32 << 20 })
	c := e.loggedIn("clerkA")
	big := bombtest.Docx(bombtest.Numbered(40000)) // about 3.5 MB of document.xml
	resp, body := c.checkUpload([]checkFile{{"大报告.docx", big}}, nil)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "大报告.docx：正文解压后过大", "审校内存上限 32 MB", "请拆分后再审校")

	small := bombtest.Docx(bombtest.Numbered(50))
	c.checkSubmit([]checkFile{{"大报告.docx", big}, {"小报告.docx", small}}, nil)
}
