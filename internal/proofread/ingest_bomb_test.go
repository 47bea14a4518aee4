package proofread

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"fazhi/internal/safezip/bombtest"
)

// TestExtract_DocxBombsRefused: a .docx of a few hundred KB that unpacks
// to gigabytes, a document part that is itself a zip, a deeply nested XML
// and a part of repeated text beyond the ratio cap are each refused with a
// Chinese reason naming the file, allocating far less than 512 MB.
func TestExtract_DocxBombsRefused(t *testing.T) {
	deep := bombtest.Deep(200000)
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"200 KB unpacking to 4 GB", bombtest.DocxBomb(200<<20, 20), "疑似压缩炸弹"},
		{"one 200 MB part", bombtest.DocxBomb(200<<20, 1), "超过单个部件上限"},
		{"header lying about its size", bombtest.Overlapping([]byte("<w:t>法</w:t>"), 200<<20, 4000, "word/document.xml"), "正文无法解压"},
		{"nested zip", bombtest.Docx(bombtest.DocxBomb(100<<20, 3)), "本身又是压缩包"},
		{"huge nested XML", bombtest.Docx(deep), "嵌套超过"},
		{"repeated text beyond 100:1", bombtest.Docx(bombtest.Paragraphs(400000, "法法法法法法法法")), "压缩比超过"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.data) > 2<<20 {
				t.Fatalf("the bomb itself is %d KB; it should be small", len(tc.data)>>10)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _, err := extract(context.Background(), "报告.docx", tc.data)
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), "报告.docx") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a refusal naming the file and saying %q", err, tc.want)
			}
			// TotalAlloc counts every byte allocated: the peak heap is below it.
			if got := after.TotalAlloc - before.TotalAlloc; got > 128<<20 {
				t.Fatalf("refusing the bomb allocated %d MB; the server must stay well under 512 MB", got>>20)
			}
		})
	}
}

func TestExtract_DocxCancelledWithTheRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := extract(ctx, "报告.docx", bombtest.Docx(bombtest.Numbered(20000)))
	if err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled once the client has gone", err)
	}
}

func TestExtract_DocxOrdinaryStillReads(t *testing.T) {
	lines, _, err := extract(context.Background(), "报告.docx", bombtest.Docx(bombtest.Paragraphs(3, "一、主要举措和成效")))
	if err != nil || len(lines) != 3 || lines[0] != "一、主要举措和成效" {
		t.Fatalf("lines %q, err %v", lines, err)
	}
}
