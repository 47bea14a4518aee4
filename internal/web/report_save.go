package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/ledger"
	"fazhi/internal/report"
)

// reportFormLimit bounds a section's form post: a section of
// report.MaxSectionRunes characters, percent-encoded, is under 600 KB.
const reportFormLimit = 1 << 20

// sectionSave is a parsed section form.
type sectionSave struct {
	Version int
	Body    string
	Reason  string
}

// parseSectionSave reads version, body and reason; the body keeps the
// user's text as typed except that line ends become "\n" and trailing
// space goes. Messages name the field.
func parseSectionSave(form url.Values) (sectionSave, ledger.FieldErrors) {
	errs := ledger.FieldErrors{}
	v, err := strconv.Atoi(strings.TrimSpace(form.Get("version")))
	if err != nil || v < 1 {
		errs["version"] = "表单缺少版本号：请刷新页面后重新编辑（先复制您的文字）"
	}
	return checkSectionSave(v, form.Get("body"), form.Get("reason"), errs)
}

// checkSectionSave is the check of a section's text and reason common to
// the form and the API, adding to errs (the caller's version message).
func checkSectionSave(version int, body, reason string, errs ledger.FieldErrors) (sectionSave, ledger.FieldErrors) {
	out := sectionSave{Version: version}
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
	if !utf8.ValidString(body) {
		body = strings.ToValidUTF8(body, "\uFFFD")
		errs["body"] = "正文含有无法识别的字符（已显示为 \uFFFD）：请检查后重新保存"
	}
	out.Body = strings.TrimRight(body, " \t\n")
	if n := utf8.RuneCountInString(out.Body); n > report.MaxSectionRunes {
		errs["body"] = fmt.Sprintf("本部分共%d字，超过每部分%d字的上限：请删减后再保存（您的文字仍在输入框中）。", n, report.MaxSectionRunes)
	}
	out.Reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(out.Reason) > report.MaxReasonRunes || strings.ContainsAny(out.Reason, "\r\n") {
		errs["reason"] = fmt.Sprintf("“更正原因”应为一行文字，不超过%d字", report.MaxReasonRunes)
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// reportSave: POST /reports/{unit}/{year}/sections/{key} saves one
// section as a new version. A stale version, a locked report or a bad
// value re-renders the editor with the user's text in its box and the
// text saved meanwhile beside it: nothing typed is lost.
func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) error {
	u, year, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	p := principal(r)
	rep, err := s.store.Report(r.Context(), p.Actor, u.ID, year)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	idx, err := sectionIndex(rep.Doc, key)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, reportFormLimit)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &pageError{http.StatusRequestEntityTooLarge, fmt.Sprintf("提交的正文过长（超过 %s）：每部分不超过%d字，请在输入框中删减后再保存。", byteSize(mbe.Limit), report.MaxSectionRunes)}
		}
		return &pageError{http.StatusBadRequest, "表单无法读取：请刷新页面后重试。"}
	}
	in, errs := parseSectionSave(r.PostForm)
	refuse := func(status int, msg string) error {
		page, err := s.reportView(r, u, year)
		if err != nil {
			return err
		}
		page.Error = msg
		for i := range page.Sections {
			if page.Sections[i].Key == key {
				page.Sections[i].Current = page.Sections[i].Body
				page.Sections[i].Body = in.Body
				page.Sections[i].Error = msg
			}
		}
		s.render(w, r, status, "report.html", page)
		return nil
	}
	if errs != nil {
		for _, f := range []string{"version", "body", "reason"} {
			if errs[f] != "" {
				return refuse(http.StatusUnprocessableEntity, errs[f])
			}
		}
	}
	saved, err := s.saveSection(r.Context(), p, rep, idx, in)
	var conflict *sectionConflict
	switch {
	case err == nil:
	case errors.As(err, &conflict):
		return refuse(http.StatusConflict, conflict.Sentence()+"您的文字仍在下方输入框中，当前已保存的文字显示在其上方：请合并后再点“保存”。")
	default:
		status, msg, internal := statusOf(err)
		if internal {
			return err
		}
		var fe ledger.FieldErrors
		if errors.As(err, &fe) {
			for _, m := range fe {
				msg = m
			}
		}
		return refuse(status, msg)
	}
	title := saved.Doc.Sections[idx].Title
	msg := fmt.Sprintf("已保存“%s”（第%d版）", title, saved.Status.Version)
	if saved.Status.Released() {
		msg = fmt.Sprintf("已更正“%s”（第%d版），更正原因将在公开页面注明", title, saved.Status.Version)
	}
	http.Redirect(w, r, flashURL(r, reportURL(u.ID, year), msg)+"#s"+key, http.StatusSeeOther)
	return nil
}
