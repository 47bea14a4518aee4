package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/store"
)

// Defaults used when Config leaves the upload limits unset.
var (
	apiDefaultMaxUpload = int64(20 << 20)
	apiDefaultUploads   = []string{".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et",
		".jpg", ".jpeg", ".png", ".txt", ".zip"}
)

// apiAttachment is an attachment's metadata.
type apiAttachment struct {
	ID          int64     `json:"id"`
	RecordID    int64     `json:"record_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   int64     `json:"created_by"`
	URL         string    `json:"url"`
}

func apiAttachmentOf(kind string, a *store.Attachment) apiAttachment {
	return apiAttachment{ID: a.ID, RecordID: a.RecordID, Name: a.Name, ContentType: a.ContentType,
		Size: a.Size, SHA256: a.SHA256, CreatedAt: a.CreatedAt, CreatedBy: a.CreatedBy,
		URL: fmt.Sprintf("/api/v1/records/%s/%d/attachments/%s", kind, a.RecordID, a.SHA256)}
}

func (s *Server) apiAttachments(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	list, err := s.store.Attachments(r.Context(), p.Actor, rec.ID)
	if err != nil {
		return err
	}
	out := make([]apiAttachment, 0, len(list))
	for i := range list {
		out = append(out, apiAttachmentOf(k.Name, &list[i]))
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiUploadLimits() (int64, []string) {
	max, allowed := s.cfg.MaxUpload, s.cfg.AllowedUploads
	if max <= 0 {
		max = apiDefaultMaxUpload
	}
	if len(allowed) == 0 {
		allowed = apiDefaultUploads
	}
	return max, allowed
}

func (s *Server) apiAddAttachment(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	max, allowed := s.apiUploadLimits()
	// The multipart envelope adds headers and boundaries around the file.
	r.Body = http.MaxBytesReader(w, r.Body, max+64<<10)
	name, content, err := apiReadUpload(r, max, allowed)
	if err != nil {
		return err
	}
	ext := strings.ToLower(path.Ext(name))
	if msg := sniffMismatch(name, ext, content[:min(len(content), 512)]); msg != "" {
		return &apiError{Status: http.StatusUnsupportedMediaType, Message: msg, Fields: map[string]string{"file": msg}}
	}
	ct := mime.TypeByExtension(ext)
	if ct == "" {
		ct = http.DetectContentType(content)
	}
	a, err := s.store.AddAttachment(r.Context(), p.Actor, rec.ID, name, ct, bytes.NewReader(content))
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusCreated, apiAttachmentOf(k.Name, a))
	return nil
}

// apiReadUpload returns the name and content of the multipart part "file",
// refusing missing, empty, oversized and disallowed files.
func apiReadUpload(r *http.Request, max int64, allowed []string) (string, []byte, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, apiBad("file", "请用 multipart/form-data 上传，文件放在字段 file 中")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, apiBad("file", "没有收到文件：请把文件放在表单字段 file 中上传")
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, apiTooLarge(max)
			}
			return "", nil, apiBad("file", "上传内容不完整或格式有误：请重新上传")
		}
		if part.FormName() != "file" || part.FileName() == "" {
			part.Close()
			continue
		}
		name := apiCleanFileName(part.FileName())
		ext := strings.ToLower(path.Ext(name))
		if name == "" || !slices.Contains(allowed, ext) {
			part.Close()
			return "", nil, apiBad("file", fmt.Sprintf("不允许上传此类文件（%s）：允许的类型为 %s", apiOr(ext, "无扩展名"), strings.Join(allowed, " ")))
		}
		content, err := io.ReadAll(io.LimitReader(part, max+1))
		part.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, apiTooLarge(max)
			}
			return "", nil, apiBad("file", "上传中断：请重新上传")
		}
		if int64(len(content)) > max {
			return "", nil, apiTooLarge(max)
		}
		if len(content) == 0 {
			return "", nil, apiBad("file", "文件是空的：请选择有内容的文件")
		}
		return name, content, nil
	}
}

func apiTooLarge(max int64) *apiError {
	msg := fmt.Sprintf("文件过大：单个文件不得超过 %s，请压缩或拆分后上传", apiBytes(max))
	return &apiError{Status: http.StatusRequestEntityTooLarge, Message: msg, Fields: map[string]string{"file": msg}}
}

// apiCleanFileName keeps the base name of an uploaded file, without
// directories or control characters, at most 200 runes.
func apiCleanFileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(name)
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	if rs := []rune(name); len(rs) > 200 {
		ext := []rune(path.Ext(name))
		name = string(rs[:200-len(ext)]) + string(ext)
	}
	return name
}

func apiOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func (s *Server) apiDownloadAttachment(w http.ResponseWriter, r *http.Request, p *Principal) error {
	_, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	sha := strings.ToLower(r.PathValue("sha"))
	if len(sha) != 64 || strings.Trim(sha, "0123456789abcdef") != "" {
		return errAPINotFound
	}
	a, body, err := s.store.OpenAttachment(r.Context(), p.Actor, rec.ID, sha)
	if err != nil {
		return err
	}
	defer body.Close()
	h := w.Header()
	h.Set("Content-Type", apiOr(a.ContentType, "application/octet-stream"))
	h.Set("Content-Length", strconv.FormatInt(a.Size, 10))
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", `"`+a.SHA256+`"`)
	w.WriteHeader(http.StatusOK)
	_, err = io.Copy(w, body)
	if err != nil {
		s.log.WarnContext(r.Context(), "attachment download interrupted")
	}
	return nil
}
