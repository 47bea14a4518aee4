package proofread

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// MaxInputSize is the largest file the engine reads.
const MaxInputSize = 50 << 20

// extract turns a file into its raw lines: one per input line for text, one
// per paragraph (or table row) for .docx. wrapped says the lines are a page
// layout (PDF) whose paragraphs are broken at every line end. It never
// panics on bad input; every error names the file and says what to do.
func extract(ctx context.Context, name string, data []byte) (lines []string, wrapped bool, err error) {
	if len(data) > MaxInputSize {
		return nil, false, fmt.Errorf("%s：文件大小 %.1f MB，超过上限 %d MB，请拆分后再审校", name, float64(len(data))/(1<<20), MaxInputSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, false, fmt.Errorf("%s：文件为空，没有可审校的文字", name)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".docx" || (ext != ".doc" && ext != ".wps" && bytes.HasPrefix(data, []byte("PK\x03\x04"))):
		lines, err = docxLines(ctx, name, data)
		return lines, false, err
	case ext == ".pdf" || bytes.HasPrefix(data, []byte("%PDF-")):
		lines, err = pdfLines(ctx, name, data)
		return lines, true, err
	case ext == ".doc" || ext == ".wps" || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		lines, err = officeLines(ctx, name, data, ext)
		return lines, false, err
	}
	text, err := decodeText(name, data)
	if err != nil {
		return nil, false, err
	}
	return splitLines(text), false, nil
}

// splitLines splits on \n, \r\n, \r and form feeds (a page break in text
// from pdftotext keeps its line: the form feed becomes a line end).
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\f", "\n")
	s = strings.TrimSuffix(s, "\n")
	return strings.Split(s, "\n")
}
