package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestAttachments_RefusedOnFinalRecords: a concluded record takes no more
// files (422, said beside the upload form, naming the state), as it takes
// no more edits; the file list stays as it was.
func TestAttachments_RefusedOnFinalRecords(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("办结后补传的案件"))
	resp, body := c.upload(t, path, "受理通知.pdf", []byte("%PDF-1.4 受理"))
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = c.post(path+"/transition/submit", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	rev := e.loggedIn("reviewerA")
	resp, body = rev.post(path+"/transition/decide", url.Values{"version": {"2"}, "opinion": {"合法"}})
	wantStatus(t, resp, body, http.StatusSeeOther)

	resp, body = rev.upload(t, path, "补充材料.pdf", []byte("%PDF-1.4 补充"))
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "「办结」", "不能再上传附件")
	_, body = c.get(path)
	if strings.Contains(body, "补充材料.pdf") {
		t.Error("the refused file is listed")
	}
	wantBody(t, body, "受理通知.pdf")
}

// TestAttachments_NamesLoseControlAndFormatCharacters: a right-to-left
// override or a zero-width character in a file name is removed, so the
// name shown is the name stored.
func TestAttachments_NamesLoseControlAndFormatCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"报告\u202Efdp.exe":     "报告fdp.exe",
		"意见\u200B书.pdf":       "意见书.pdf",
		"a\u2066b\u2069.pdf":  "ab.pdf",
		"C:\\x\\y\u0085z.pdf": "yz.pdf",
		"\u202E":              "附件",
		"正常的名字（2025）.docx":    "正常的名字（2025）.docx",
	} {
		if got := cleanFileName(in); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("文件名案"))
	resp, body := c.upload(t, path, "报告\u202Efdp.pdf", []byte("%PDF-1.4 x"))
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = c.get(path)
	wantBody(t, body, "报告fdp.pdf")
	if strings.Contains(body, "\u202E") {
		t.Error("the override reached the page")
	}
}

// FuzzCleanFileName: whatever a browser sends, the stored name is valid
// UTF-8 of at most 120 characters with no control or format character, no
// path and no quote.
func FuzzCleanFileName(f *testing.F) {
	for _, s := range []string{"a.pdf", "报告\u202Efdp.exe", "../../etc/passwd", "C:\\x\\y.doc", "\xff\xfe.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := cleanFileName(in)
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > 120 || got == "" ||
			strings.ContainsAny(got, "/\\\"") || strings.ContainsFunc(got, func(r rune) bool { return unicode.In(r, unicode.Cc, unicode.Cf) }) {
			t.Fatalf("cleanFileName(%q) = %q", in, got)
		}
	})
}

// TestAttachments_TamperedBlobRefused: a file edited on disk after upload
// no longer hashes to its recorded SHA-256: the download is refused (page
// and API) with the reason, and the server log names it.
func TestAttachments_TamperedBlobRefused(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("篡改附件案"))
	content := []byte("%PDF-1.4 原始审查意见")
	resp, body := c.upload(t, path, "意见书.pdf", content)
	wantStatus(t, resp, body, http.StatusSeeOther)
	sum := sha256.Sum256(content)
	sha := hex.EncodeToString(sum[:])
	resp, body = c.get(path + "/files/" + sha)
	wantStatus(t, resp, body, http.StatusOK)

	blobPath := filepath.Join(e.storeCfg.DataDir, "blobs", sha[:2], sha[2:4], sha)
	if err := os.WriteFile(blobPath, []byte("%PDF-1.4 被替换的意见"), 0o600); err != nil {
		t.Fatal(err)
	}
	resp, body = c.get(path + "/files/" + sha)
	wantStatus(t, resp, body, http.StatusInternalServerError)
	wantBody(t, body, "SHA-256 校验值不符", "已拒绝下载")
	if strings.Contains(body, "被替换的意见") {
		t.Error("the tampered bytes were served")
	}
	if !strings.Contains(e.logs.String(), "tampered") {
		t.Errorf("the server log does not name the tampering: %s", e.logs.String())
	}
}
