package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
)

// signatures are the leading bytes each allowed extension's files start
// with: an upload whose content does not match its name is refused, so a
// renamed program or page is not stored as an opinion "PDF".
var signatures = map[string][][]byte{
	".pdf":  {[]byte("%PDF-")},
	".ofd":  {[]byte("PK\x03\x04")},
	".docx": {[]byte("PK\x03\x04")},
	".xlsx": {[]byte("PK\x03\x04")},
	".zip":  {[]byte("PK\x03\x04"), []byte("PK\x05\x06")},
	".doc":  {ole},
	".xls":  {ole},
	".wps":  {ole, []byte("PK\x03\x04")},
	".et":   {ole, []byte("PK\x03\x04")},
	".jpg":  {{0xFF, 0xD8, 0xFF}},
	".jpeg": {{0xFF, 0xD8, 0xFF}},
	".png":  {[]byte("\x89PNG\r\n\x1a\n")},
}

// ole is the header of compound documents (old Word, Excel, WPS).
var ole = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// sniffMismatch returns a Chinese message when the first bytes of a file
// named with extension ext (lower case, with the dot) are not of that
// type, or "" when they are or the extension has no known signature.
func sniffMismatch(name, ext string, head []byte) string {
	if ext == ".txt" {
		if ct := http.DetectContentType(head); !strings.HasPrefix(ct, "text/") {
			return fmt.Sprintf("「%s」的内容不是文本文件（扩展名与内容不符）：请上传真实的文本文件，或改正扩展名后再上传。", name)
		}
		return ""
	}
	sigs, ok := signatures[ext]
	if !ok {
		return ""
	}
	for _, s := range sigs {
		if bytes.HasPrefix(head, s) {
			return ""
		}
	}
	return fmt.Sprintf("「%s」的内容不是 %s 文件（扩展名与内容不符）：请上传真实的 %s 文件，或改正扩展名后再上传。",
		name, strings.ToUpper(strings.TrimPrefix(ext, ".")), strings.ToUpper(strings.TrimPrefix(ext, ".")))
}
