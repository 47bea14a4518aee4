package web

import (
	"errors"
	"net/http"
	"strings"
)

// checkPasteName is the name pasted text is checked and shown under.
const checkPasteName = "粘贴的文本.txt"

func (c *checkUI) formPage(r *http.Request) *CheckFormPage {
	return &CheckFormPage{Base: c.s.base(r, "报告审校"),
		Accept: strings.Join(checkExts, ","), Exts: uploadTypes(checkExts),
		MaxUpload: byteSize(c.s.cfg.MaxUpload), MaxBytes: c.s.cfg.MaxUpload, MaxFiles: checkMaxFiles}
}

// form shows the upload form.
func (c *checkUI) form(w http.ResponseWriter, r *http.Request) error {
	c.s.render(w, r, http.StatusOK, "check.html", c.formPage(r))
	return nil
}

// submit checks the uploaded files and the pasted text, keeps the results
// for this session and shows them. When nothing could be checked the form
// comes back with the reasons and the user's values.
func (c *checkUI) submit(w http.ResponseWriter, r *http.Request) error {
	page := c.formPage(r)
	refuse := func(status int, msgs ...string) error {
		page.Errors = msgs
		c.s.render(w, r, status, "check.html", page)
		return nil
	}
	err := r.ParseMultipartForm(1 << 20)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return refuse(http.StatusRequestEntityTooLarge,
				"上传的文件过大：一次提交的文件合计不得超过 "+byteSize(c.s.cfg.MaxUpload)+"，请拆分或分批上传。")
		}
		return refuse(http.StatusBadRequest, "上传没有完成：请重新选择文件后再提交。")
	}
	page.Year = strings.TrimSpace(r.FormValue("year"))
	page.Corpus = parseCheckFlag(r.FormValue("corpus"))
	page.Text = r.FormValue("text")
	year, ok := parseCheckYear(page.Year)
	if !ok {
		page.YearError = checkYearMessage + "。"
		return refuse(http.StatusBadRequest)
	}

	var b checkBatch
	if r.MultipartForm != nil {
		c.s.addUploads(&b, r.MultipartForm.File["file"])
	}
	if strings.TrimSpace(page.Text) != "" {
		b.add(checkPasteName, []byte(page.Text), true)
	}
	if len(b.items) == 0 {
		return refuse(http.StatusBadRequest, "没有收到报告：请选择要审校的文件，或在“粘贴报告全文”框中粘贴报告。")
	}
	reports, err := b.run(r.Context(), c.s, year, page.Corpus, true)
	if err != nil {
		return err
	}
	var reasons []string
	checked := 0
	for _, rep := range reports {
		if rep.Err != "" {
			reasons = append(reasons, rep.Err)
		} else {
			checked++
		}
	}
	if checked == 0 {
		return refuse(http.StatusUnprocessableEntity, reasons...)
	}
	id := c.cache.put(checkOwner(principal(r)), &checkEntry{Year: year, Corpus: page.Corpus, Reports: reports})
	to := checkURL(id)
	if len(reports) == 1 {
		to = checkReportURL(id, 1)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}
