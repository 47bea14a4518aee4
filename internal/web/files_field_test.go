package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// A step that cites attachments offers the record's own files to tick (no
// hash typing); a hash of a file the record does not have is refused.
func TestStepForm_AttachmentsChosenNotTyped(t *testing.T) {
	e := apiEnv(t)
	rev := e.loggedIn("reviewerA")
	resp, body := rev.post("/l/legality_review", url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)}, "subject_type": {"合同"},
		"subject_title": {"甲镇保洁服务合同"}, "department": {"党政办"}, "reviewer_type": {"审核专班"},
		"reviewer_name": {"王五"}, "received_date": {"2025-02-20"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	path := resp.Header.Get("Location")
	resp, body = rev.post(path+"/transition/start_review", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = rev.upload(t, path, "审查意见书.pdf", []byte("%PDF-1.7 意见书"))
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = rev.upload(t, path, "合同文本.docx", []byte("PK\x03\x04 合同"))
	wantStatus(t, resp, body, http.StatusSeeOther)

	_, body = rev.get(path)
	m := regexp.MustCompile(`name="opinion_files" value="([0-9a-f]{64})"> 审查意见书\.pdf（`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the opinion step does not offer the record's files to tick: %s", body)
	}
	if strings.Contains(body, "SHA-256，多个用逗号分隔") {
		t.Error("the form still asks for typed hashes")
	}
	opinion := url.Values{"version": {"2"}, "opinion": {"合法"}, "opinion_text": {"合同条款合法"}, "opinion_date": {"2025-03-03"},
		"opinion_files": {strings.Repeat("ab", 32)}}
	resp, body = rev.post(path+"/transition/give_opinion", opinion)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "只能选择本记录已上传的附件")
	opinion.Set("opinion_files", m[1])
	resp, body = rev.post(path+"/transition/give_opinion", opinion)
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = rev.get(path)
	wantBody(t, body, "已出具意见", "<dt>审查意见书附件</dt><dd>审查意见书.pdf</dd>")
}
