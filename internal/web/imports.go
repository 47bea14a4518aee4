package web

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
	"fazhi/internal/store"
)

// Excel import of a kind's records: a template per kind, a check that
// lists every problem (row, column, value, reason), the import as one
// batch, and the batch's undo. The work is the importer's and the store's;
// these handlers read the upload and show the report.

// importUpload is an uploaded workbook with the import's options.
type importUpload struct {
	file      importFile
	name      string
	unit      int64
	dryRun    bool
	validOnly bool
}

// importFile is an uploaded or stashed workbook.
type importFile interface {
	io.Reader
	io.Closer
}

// readImportUpload reads the multipart form: file, unit (optional id), and
// the flags from the form or the query (dry_run=1, valid_only=1).
func (s *Server) readImportUpload(r *http.Request) (*importUpload, error) {
	if r.MultipartForm == nil && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// The confirmation of a checked file names it by its token.
		if err := r.ParseForm(); err != nil {
			return nil, &pageError{http.StatusBadRequest, "请以 multipart/form-data 上传文件（字段名 file）。"}
		}
	} else if r.MultipartForm == nil {
		var mbe *http.MaxBytesError
		if err := r.ParseMultipartForm(1 << 20); errors.As(err, &mbe) {
			return nil, &pageError{http.StatusRequestEntityTooLarge, fmt.Sprintf("上传内容过大：一次导入的文件不得超过 %s，请拆分后分批导入。", byteSize(s.cfg.MaxUpload))}
		} else if err != nil {
			return nil, &pageError{http.StatusBadRequest, "请以 multipart/form-data 上传文件（字段名 file）。"}
		}
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		if token := r.FormValue("upload"); token != "" {
			if p := principal(r); p != nil {
				if sf, name, ok := openStash(token, p.User.ID, r.PathValue("kind")); ok {
					return s.uploadOptions(r, &importUpload{file: sf, name: name})
				}
			}
			return nil, &pageError{http.StatusBadRequest, "检查过的文件已过期（保留 30 分钟）或已导入：请重新选择文件。"}
		}
		return nil, &pageError{http.StatusBadRequest, "请选择要导入的 Excel 文件（.xlsx）。"}
	}
	if !strings.EqualFold(filepath.Ext(h.Filename), ".xlsx") {
		f.Close()
		return nil, &pageError{http.StatusBadRequest, "只能导入 .xlsx 格式的 Excel 文件：请在 Excel 或 WPS 中“另存为 .xlsx”后再导入。"}
	}
	if h.Size > s.cfg.MaxUpload {
		f.Close()
		return nil, &pageError{http.StatusRequestEntityTooLarge, fmt.Sprintf("上传内容过大：一次导入的文件不得超过 %s，请拆分后分批导入。", byteSize(s.cfg.MaxUpload))}
	}
	return s.uploadOptions(r, &importUpload{file: f, name: filepath.Base(h.Filename)})
}

// uploadOptions reads the import's options from the form or the query.
func (s *Server) uploadOptions(r *http.Request, u *importUpload) (*importUpload, error) {
	f := u.file
	flag := func(name string) bool {
		v := r.FormValue(name)
		return v == "1" || v == "true" || v == "on"
	}
	u.dryRun, u.validOnly = flag("dry_run"), flag("valid_only")
	if v := strings.TrimSpace(r.FormValue("unit")); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			f.Close()
			return nil, &pageError{http.StatusBadRequest, "unit 应为单位编号（正整数）；不填则按表中「所属单位」列导入。"}
		}
		u.unit = id
	}
	return u, nil
}

// runImport checks (and unless a dry run writes) the upload as p.
func (s *Server) runImport(r *http.Request, p *Principal, k *ledger.Kind, u *importUpload) (*importer.Report, error) {
	defer u.file.Close()
	imp := s.store.Import(p.Actor, k, u.unit, u.name)
	rep, err := importer.Run(r.Context(), u.file, k, imp, imp, importer.Options{
		Unit: u.unit, ValidOnly: u.validOnly, DryRun: u.dryRun, UnzipLimit: 16 * s.cfg.MaxUpload})
	if errors.Is(err, importer.ErrFile) {
		return nil, &pageError{http.StatusBadRequest, err.Error()}
	}
	if err != nil {
		return nil, fmt.Errorf("web.runImport(%s): %w", k.Name, err)
	}
	return rep, nil
}

// mayImport refuses a caller who may create records of k nowhere.
func (s *Server) mayImport(r *http.Request, p *Principal, k *ledger.Kind) (*lookup, error) {
	l, err := s.lookup(r.Context(), p.Actor)
	if err != nil {
		return nil, err
	}
	if len(createUnits(l, k)) == 0 {
		return nil, errForbidden
	}
	return l, nil
}

// importUnit refuses an import into a unit where the caller may not
// create records of k: not found outside their scope, forbidden inside.
func importUnit(l *lookup, k *ledger.Kind, unit int64) error {
	if unit == 0 {
		return nil
	}
	for _, u := range createUnits(l, k) {
		if u.ID == unit {
			return nil
		}
	}
	if path := l.unitPath(unit); path != "" && l.a.Scope.CanRead(path) {
		return errForbidden
	}
	return errNotFound
}

// sendTemplate writes kind k's import template.
func (s *Server) sendTemplate(w http.ResponseWriter, k *ledger.Kind) error {
	var buf strings.Builder
	if err := importer.Template(&buf, k); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", contentDisposition(k.Name+"-template.xlsx", k.Label+"导入模板.xlsx"))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write([]byte(buf.String()))
	return err
}

// apiImportReport is the API's answer to an import.
type apiImportReport struct {
	Kind     string             `json:"kind"`
	Rows     int                `json:"rows"`
	Valid    int                `json:"valid"`
	Bad      int                `json:"bad"`
	Imported int                `json:"imported"`
	Batch    int64              `json:"batch,omitempty"`
	Aborted  bool               `json:"aborted,omitempty"`
	DryRun   bool               `json:"dry_run,omitempty"`
	Total    int                `json:"total_problems"`
	Message  string             `json:"message"`
	Problems []apiImportProblem `json:"problems"`
}

type apiImportProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"`
	Header  string `json:"header,omitempty"`
	Value   string `json:"value,omitempty"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// importSummary is the report in one Chinese sentence.
func importSummary(rep *importer.Report, dryRun bool) string {
	switch {
	case rep.Aborted:
		return "导入过程中有记录被拒绝，已撤回本次导入的全部记录，未保存任何内容；请按下列问题修改后重新导入。"
	case dryRun && rep.Clean():
		return fmt.Sprintf("检查完毕：共 %d 行，全部无误，可以导入。", rep.Rows)
	case dryRun:
		return fmt.Sprintf("检查完毕：共 %d 行，%d 行有问题（共 %d 处），%d 行无误。请修改后重新检查，或选择“只导入无误的行”。", rep.Rows, rep.Bad, rep.Total, rep.Valid)
	case rep.Imported > 0 && rep.Bad > 0:
		return fmt.Sprintf("已导入无误的 %d 行；另有 %d 行有问题未导入（共 %d 处），见下表。", rep.Imported, rep.Bad, rep.Total)
	case rep.Imported > 0:
		return fmt.Sprintf("已导入 %d 条记录。", rep.Imported)
	case rep.Rows == 0 && rep.Total == 0:
		return "文件中没有数据行：请从第 2 行起每行填写一条记录。"
	case rep.Valid == 0 || rep.Total > 0 && rep.Rows == 0:
		return fmt.Sprintf("文件有 %d 处问题，没有可导入的行，未导入任何记录。", rep.Total)
	}
	return fmt.Sprintf("文件有 %d 处问题（%d 行），未导入任何记录。请按下列问题修改后重新导入，或选择“只导入无误的行”。", rep.Total, rep.Bad)
}

func apiReportOf(rep *importer.Report, dryRun bool) apiImportReport {
	out := apiImportReport{Kind: rep.Kind, Rows: rep.Rows, Valid: rep.Valid, Bad: rep.Bad, Imported: rep.Imported, Batch: rep.Batch,
		Aborted: rep.Aborted, DryRun: dryRun, Total: rep.Total, Message: importSummary(rep, dryRun), Problems: []apiImportProblem{}}
	for _, p := range rep.Problems {
		out.Problems = append(out.Problems, apiImportProblem{Row: p.Line, Column: p.Col, Header: p.Header, Value: p.Value, Reason: p.Reason, Message: p.String()})
	}
	return out
}

// apiImport is POST /api/v1/records/{kind}/import.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, err := s.apiKindOf(r)
	if err != nil {
		return err
	}
	l, err := s.mayImport(r, p, k)
	if err != nil {
		return errAPIForbidden
	}
	u, err := s.readImportUpload(r)
	if err != nil {
		return apiPageError(err)
	}
	if err := importUnit(l, k, u.unit); err != nil {
		u.file.Close()
		if err == errNotFound {
			return &apiError{Status: http.StatusNotFound, Message: "没有这个单位，或不在您的数据范围内：请核对 unit"}
		}
		return errAPIForbidden
	}
	rep, err := s.runImport(r, p, k, u)
	if err != nil {
		return apiPageError(err)
	}
	status := http.StatusOK
	switch {
	case rep.Imported > 0:
		status = http.StatusCreated
		w.Header().Set("Location", fmt.Sprintf("/imports/%d", rep.Batch))
	case !u.dryRun && rep.Total > 0:
		status = http.StatusUnprocessableEntity
	}
	apiWriteJSON(w, status, apiReportOf(rep, u.dryRun))
	return nil
}

// apiPageError turns a page error into the API's body.
func apiPageError(err error) error {
	var pe *pageError
	if errors.As(err, &pe) {
		return &apiError{Status: pe.Status, Message: pe.Message}
	}
	return err
}

// apiImportTemplate is GET /api/v1/records/{kind}/import/template.xlsx.
func (s *Server) apiImportTemplate(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, err := s.apiKindOf(r)
	if err != nil {
		return err
	}
	return s.sendTemplate(w, k)
}

// apiBatch is an import batch as the API shows it.
type apiBatch struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"`
	UnitID   int64  `json:"unit_id"`
	FileName string `json:"file_name"`
	Rows     int    `json:"rows"`
	Imported int    `json:"imported"`
	Refused  int    `json:"refused"`
	Status   string `json:"status"`
}

// apiUndoImport is POST /api/v1/imports/{id}/undo.
func (s *Server) apiUndoImport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errAPINotFound
	}
	b, err := s.store.UndoImport(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiBatch{ID: b.ID, Kind: b.Kind, UnitID: b.UnitID, FileName: b.FileName, Rows: b.Rows,
		Imported: b.Imported, Refused: b.Refused, Status: b.Status})
	return nil
}

// ImportPage is the import form and, after an upload, its report.
type ImportPage struct {
	Base
	Kind      *ledger.Kind
	Units     []Option
	Columns   []importer.Column
	Files     []string // labels of attachment fields, not imported
	Report    *importer.Report
	Summary   string
	DryRun    bool
	ValidOnly bool
	More      int // problems not listed
	// Upload is the token of the checked file, kept for 导入 without
	// choosing it again; FileName its name, Unit the unit chosen.
	Upload, FileName, Unit string
}

func (s *Server) importPage(r *http.Request, k *ledger.Kind, l *lookup, unit string) *ImportPage {
	pg := &ImportPage{Base: s.base(r, "导入"+k.Label), Kind: k, Columns: importer.Columns(k)}
	pg.Units = unitOptions(createUnits(l, k), unit, "按表中「所属单位」列")
	for i := range k.Fields {
		if k.Fields[i].Type == ledger.TypeFile {
			pg.Files = append(pg.Files, k.Fields[i].Label)
		}
	}
	return pg
}

// importForm is GET /l/{kind}/import.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	l, err := s.mayImport(r, principal(r), k)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "import.html", s.importPage(r, k, l, strconv.FormatInt(principal(r).Actor.UnitID, 10)))
	return nil
}

// importTemplate is GET /l/{kind}/import/template.xlsx.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	return s.sendTemplate(w, k)
}

// importSubmit is POST /l/{kind}/import: 检查 (dry run) or 导入.
func (s *Server) importSubmit(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	p := principal(r)
	l, err := s.mayImport(r, p, k)
	if err != nil {
		return err
	}
	u, err := s.readImportUpload(r)
	if err != nil {
		return err
	}
	if err := importUnit(l, k, u.unit); err != nil {
		u.file.Close()
		return err
	}
	u.dryRun = r.FormValue("action") != "import"
	token := ""
	if mf, ok := u.file.(multipart.File); ok && u.dryRun {
		if token, err = stashUpload(mf, u.name, p.User.ID, k.Name); err != nil {
			u.file.Close()
			return fmt.Errorf("web.importSubmit(%s): keep the upload: %w", k.Name, err)
		}
		if _, err := mf.Seek(0, io.SeekStart); err != nil {
			u.file.Close()
			return err
		}
	}
	rep, err := s.runImport(r, p, k, u)
	if err != nil {
		return err
	}
	if rep.Imported > 0 {
		http.Redirect(w, r, fmt.Sprintf("/imports/%d", rep.Batch), http.StatusSeeOther)
		return nil
	}
	pg := s.importPage(r, k, l, r.FormValue("unit"))
	pg.Report, pg.Summary, pg.DryRun, pg.ValidOnly = rep, importSummary(rep, u.dryRun), u.dryRun, u.validOnly
	pg.More = rep.Total - len(rep.Problems)
	pg.Upload, pg.FileName, pg.Unit = token, u.name, r.FormValue("unit")
	status := http.StatusOK
	if !u.dryRun && rep.Total > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "import.html", pg)
	return nil
}

// BatchPage shows an import batch with its undo.
type BatchPage struct {
	Base
	Batch   *store.ImportBatch
	Kind    *ledger.Kind
	Unit    string
	By      string
	CanUndo bool
	Message string
	Error   string
}

func (s *Server) batchPage(r *http.Request, id int64) (*BatchPage, error) {
	p := principal(r)
	b, err := s.store.ImportBatch(r.Context(), p.Actor, id)
	if err != nil {
		return nil, err
	}
	k := s.kinds.Kind(b.Kind)
	if k == nil {
		return nil, errNotFound
	}
	l, err := s.lookup(r.Context(), p.Actor)
	if err != nil {
		return nil, err
	}
	pg := &BatchPage{Base: s.base(r, fmt.Sprintf("第 %d 批导入", b.ID)), Batch: b, Kind: k, Unit: l.unitName(b.UnitID), By: l.userName(b.CreatedBy)}
	pg.CanUndo = b.Status == store.ImportDone && (b.CreatedBy == p.Actor.UserID || hasAnyRole(l.rolesIn(b.UnitID), k.CreateRoles))
	return pg, nil
}

// importBatch is GET /imports/{id}.
func (s *Server) importBatch(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	pg, err := s.batchPage(r, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "import_batch.html", pg)
	return nil
}

// importUndo is POST /imports/{id}/undo.
func (s *Server) importUndo(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	_, uerr := s.store.UndoImport(r.Context(), principal(r).Actor, id)
	var re *ledger.RuleError
	if uerr != nil && !errors.As(uerr, &re) {
		return uerr
	}
	pg, err := s.batchPage(r, id)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if re != nil {
		pg.Error, status = re.Reason, statusFor(re)
	} else {
		pg.Message = fmt.Sprintf("已撤销第 %d 批导入：删除了本批导入的 %d 条记录，删除已记入审计日志。", pg.Batch.ID, pg.Batch.Imported)
	}
	s.render(w, r, status, "import_batch.html", pg)
	return nil
}

// batchStatusLabel names a batch's status in Chinese.
func batchStatusLabel(s string) string {
	switch s {
	case store.ImportDone:
		return "已导入"
	case store.ImportUndone:
		return "已撤销"
	case store.ImportAborted:
		return "导入失败，已撤回"
	case store.ImportRunning:
		return "导入中"
	}
	return s
}

// columnType names a column's type for the import page.
func columnType(c importer.Column) string {
	switch {
	case c.Field == nil:
		return ""
	case c.Field.Step != "":
		return "办理时填写"
	case c.Field.Required:
		return "必填"
	}
	return ""
}

func init() {
	funcs["batchStatus"] = batchStatusLabel
	funcs["columnNote"] = columnType
	actionLabels["import_begin"] = "开始导入"
	actionLabels["import"] = "导入"
	actionLabels["import_undo"] = "撤销导入"
	actionLabels["delete"] = "删除（撤销导入）"
}
