package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// checkYearMessage is what a bad report year gets, naming the field.
const checkYearMessage = "报告年度应为四位年份（1990–2100），如 2023；不填则从报告标题识别"

// parseCheckYear reads the optional report year: "" is 0 (detect it).
func parseCheckYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	y, err := strconv.Atoi(strings.TrimSuffix(s, "年"))
	if err != nil || !validCheckYear(y) {
		return 0, false
	}
	return y, true
}

func validCheckYear(y int) bool { return y >= 1990 && y <= 2100 }

// parseCheckFlag reads a checkbox or an API flag: 1, true, on, yes.
func parseCheckFlag(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

// addUploads queues the uploaded files, refusing (with the reason, in its
// place) a file of another type, an oversized one or one beyond the
// per-request count. The empty part a browser sends when no file was
// chosen is skipped.
func (s *Server) addUploads(b *checkBatch, files []*multipart.FileHeader) {
	for _, fh := range files {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		name := cleanFileName(fh.Filename)
		if fh.Filename == "" {
			name = "未命名文件"
		}
		if b.full() {
			b.reject(name, fmt.Sprintf("%s：一次最多审校 %d 份报告，请分批上传", name, checkMaxFiles))
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		if !slices.Contains(checkExts, ext) {
			what := "没有扩展名的"
			if ext != "" {
				what = "“" + ext + "”"
			}
			b.reject(name, fmt.Sprintf("%s：不支持%s文件，审校只接受 %s 文件", name, what, uploadTypes(checkExts)))
			continue
		}
		if fh.Size > s.cfg.MaxUpload {
			b.reject(name, fmt.Sprintf("%s：文件过大（%s），单个文件不得超过 %s，请拆分后再审校", name, byteSize(fh.Size), byteSize(s.cfg.MaxUpload)))
			continue
		}
		data, err := readUpload(fh, s.cfg.MaxUpload)
		if err != nil {
			b.reject(name, fmt.Sprintf("%s：上传的文件无法读取，请重新上传", name))
			continue
		}
		b.add(name, data, false)
	}
}

func readUpload(fh *multipart.FileHeader, limit int64) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}
