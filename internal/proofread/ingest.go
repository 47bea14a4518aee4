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
// per paragraph (or table row) for .docx. It never panics on bad input; every
// error names the file and says what to do.
func extract(ctx context.Context, name string, data []byte) ([]string, error) {
	if len(data) > MaxInputSize {
		return nil, fmt.Errorf("%s：文件大小 %.1f MB，超过上限 %d MB，请拆分后再审校", name, float64(len(data))/(1<<20), MaxInputSize>>20)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s：文件为空，没有可审校的文字", name)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case ext == ".docx" || (ext != ".doc" && ext != ".wps" && bytes.HasPrefix(data, []byte("PK\x03\x04"))):
		return docxLines(name, data)
	case ext == ".pdf" || bytes.HasPrefix(data, []byte("%PDF-")):
		return pdfLines(ctx, name, data)
	case ext == ".doc" || ext == ".wps" || bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return officeLines(ctx, name, data, ext)
	}
	text, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	return splitLines(text), nil
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
