package proofread

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodeText decodes plain text in UTF-8 (with or without BOM), UTF-16 with
// BOM, or GB18030 (which includes GBK and GB2312), and rejects binary data.
func decodeText(name string, data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(name, data)
	}
	if looksBinary(data) {
		return "", fmt.Errorf("%s：不是文本文件（含有二进制数据），请提供 .txt、.docx、.pdf、.doc 或 .wps 格式的报告", name)
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.Count(out, []byte("\uFFFD")) > len(out)/100+1 {
		return "", fmt.Errorf("%s：无法识别文字编码（既不是 UTF-8 也不是 GB18030/GBK），请另存为 UTF-8 编码的文本后再试", name)
	}
	return string(out), nil
}

func decodeUTF16(name string, data []byte) (string, error) {
	big := data[0] == 0xFE
	data = data[2:]
	if len(data)%2 != 0 {
		return "", fmt.Errorf("%s：UTF-16 文本长度为奇数，文件可能被截断，请重新导出", name)
	}
	u := make([]uint16, len(data)/2)
	for i := range u {
		if big {
			u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	return string(utf16.Decode(u)), nil
}

// looksBinary reports NUL bytes or many control characters in the first
// 8 KB: text never has them.
func looksBinary(data []byte) bool {
	if len(data) > 8192 {
		data = data[:8192]
	}
	ctl := 0
	for _, b := range data {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctl++
		}
	}
	return ctl > len(data)/50+2
}
