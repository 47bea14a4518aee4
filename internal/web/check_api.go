package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
)

// apiCheckBody is the JSON form of POST /api/v1/check.
type apiCheckBody struct {
	Files  []apiCheckFile `json:"files"`
	Year   int            `json:"year"`
	Corpus bool           `json:"corpus"`
}

// apiCheckFile is one report given as text.
type apiCheckFile struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// apiCheckFailure is the array element for a file that could not be read.
type apiCheckFailure struct {
	File  string `json:"file"`
	Error string `json:"error"`
}

// apiCheck checks reports sent as multipart files ("file", repeatable,
// with optional "year" and "corpus" fields) or as JSON text, and answers
// the array of `fazhi check --format json`: one object per file in the
// order given, or {"file","error"} for a file that could not be read.
func (s *Server) apiCheck(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	var (
		b      checkBatch
		year   int
		corpus bool
	)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return &apiError{Status: http.StatusRequestEntityTooLarge,
					Message: fmt.Sprintf("上传的文件过大：一次请求的文件合计不得超过 %s，请拆分或分批提交", apiBytes(s.cfg.MaxUpload))}
			}
			return apiBad("file", "multipart 请求体无法解析：请用 multipart/form-data 上传，文件字段名为 file")
		}
		defer r.MultipartForm.RemoveAll()
		y, ok := parseCheckYear(r.FormValue("year"))
		if !ok {
			return apiBad("year", checkYearMessage)
		}
		year, corpus = y, parseCheckFlag(r.FormValue("corpus"))
		s.addUploads(&b, r.MultipartForm.File["file"])
		if len(b.items) == 0 {
			return apiBad("file", "没有收到文件：请在 multipart/form-data 的 file 字段上传报告（可重复）")
		}
	} else {
		var body apiCheckBody
		if err := apiDecode(w, r, &body); err != nil {
			return err
		}
		if body.Year != 0 && !validCheckYear(body.Year) {
			return apiBad("year", checkYearMessage)
		}
		if len(body.Files) == 0 {
			return apiBad("files", `没有收到报告：请在 files 数组中给出报告，形如 {"files":[{"name":"甲镇.txt","text":"报告全文"}]}，或以 multipart/form-data 上传 file 字段`)
		}
		if len(body.Files) > checkMaxFiles {
			return apiBad("files", fmt.Sprintf("一次最多审校 %d 份报告，收到 %d 份：请分批提交", checkMaxFiles, len(body.Files)))
		}
		for i, f := range body.Files {
			name := strings.TrimSpace(f.Name)
			if name == "" {
				name = fmt.Sprintf("第%d份报告.txt", i+1)
			}
			b.add(name, []byte(f.Text), true)
		}
		year, corpus = body.Year, body.Corpus
	}
	reports, err := b.run(r.Context(), s, year, corpus, false)
	if err != nil {
		return err
	}
	out := make([]any, len(reports))
	for i, rep := range reports {
		if rep.Result != nil {
			out[i] = rep.Result
		} else {
			out[i] = apiCheckFailure{File: rep.Name, Error: rep.Err}
		}
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
