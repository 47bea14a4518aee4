package web

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// attachmentUpload stores a file on a record after checking its size and
// type; a refused upload re-renders the record page with the reason.
func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	refuse := func(status int, msg string) error {
		page, err := s.recordPage(r, p, k, rec, &failedStep{file: msg})
		if err != nil {
			return err
		}
		s.render(w, r, status, "record.html", page)
		return nil
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("文件过大：单个附件不得超过 %s，请压缩或拆分后再上传。", byteSize(s.cfg.MaxUpload)))
		}
		return refuse(http.StatusBadRequest, "没有收到文件：请选择要上传的文件。")
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return refuse(http.StatusBadRequest, "没有收到文件：请选择要上传的文件。")
	}
	defer file.Close()
	name := cleanFileName(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	if !slices.Contains(s.cfg.AllowedUploads, ext) {
		return refuse(http.StatusUnsupportedMediaType, fmt.Sprintf("不支持“%s”类型的文件：只能上传 %s 文件。", strings.TrimPrefix(ext, "."), uploadTypes(s.cfg.AllowedUploads)))
	}
	if hdr.Size > s.cfg.MaxUpload {
		return refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("文件过大：单个附件不得超过 %s，请压缩或拆分后再上传。", byteSize(s.cfg.MaxUpload)))
	}
	if hdr.Size == 0 {
		return refuse(http.StatusBadRequest, "文件是空的：请检查后重新选择。")
	}
	// The content type is sniffed from the bytes, not taken from the
	// browser, and for known extensions from the extension.
	br := bufio.NewReader(file)
	head, _ := br.Peek(512)
	if msg := sniffMismatch(name, ext, head); msg != "" {
		return refuse(http.StatusUnsupportedMediaType, msg)
	}
	ctype := mime.TypeByExtension(ext)
	if ctype == "" {
		ctype = http.DetectContentType(head)
	}
	if _, err := s.store.AddAttachment(r.Context(), p.Actor, rec.ID, name, ctype, br); err != nil {
		var rule *ledger.RuleError
		if errors.As(err, &rule) { // a final record: said beside the upload form
			status, msg, _ := statusOf(err)
			return refuse(status, msg)
		}
		if errors.Is(err, store.ErrForbidden) {
			return refuse(http.StatusForbidden, "上传附件须由"+ledger.RolesLabel(dedupRoles(uploadRoles(k)))+"办理，您在本单位的角色不能上传。")
		}
		return err
	}
	http.Redirect(w, r, doneURL(k.Name, rec.ID, "file")+"#files", http.StatusSeeOther)
	return nil
}

// attachmentDownload sends an attachment of a record in scope. It is always
// a download (never rendered inline), so an uploaded HTML file cannot run
// in the site's origin.
func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	_, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	sha := r.PathValue("sha")
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return errNotFound
	}
	att, rc, err := s.store.OpenAttachment(r.Context(), p.Actor, rec.ID, sha)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.Name}))
	h.Set("Content-Security-Policy", "sandbox")
	h.Set("Cache-Control", "private, no-store")
	if att.Size > 0 {
		h.Set("Content-Length", strconv.FormatInt(att.Size, 10))
	}
	_, err = io.Copy(w, rc)
	return err // too late for an error page; logged once by fail
}

// cleanFileName keeps the base name a browser sent, without directories or
// control characters.
func cleanFileName(n string) string {
	n = strings.ReplaceAll(n, "\\", "/")
	n = filepath.Base(n)
	// Control and format characters go: a right-to-left override (U+202E)
	// would show "报告\u202Efdp.exe" as "报告exe.pdf", and zero-width
	// characters make two names look alike.
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, n)
	n = truncate(n, 120)
	if n == "" || n == "." || n == "/" {
		n = "附件"
	}
	return n
}

// tooLarge answers a logged-in user's upload past the size limit, whose
// CSRF token could not be read: an upload to a record re-renders that
// record's page with the limit beside the upload form (reading the record
// changes nothing); any other form gets the error in the user's layout.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, pe *pageError) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 4 && parts[0] == "l" && parts[3] == "files" {
		r.SetPathValue("kind", parts[1])
		r.SetPathValue("id", parts[2])
		p := principal(r)
		k, rec, err := s.recordOf(r, p)
		if err == nil {
			var page *RecordPage
			if page, err = s.recordPage(r, p, k, rec, &failedStep{file: fmt.Sprintf("文件过大：单个附件不得超过 %s，请压缩或拆分后再上传。", byteSize(s.cfg.MaxUpload))}); err == nil {
				s.render(w, r, pe.Status, "record.html", page)
				return
			}
		}
		s.fail(w, r, err)
		return
	}
	s.fail(w, r, pe)
}
