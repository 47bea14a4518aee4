package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/proofread"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// ReportBoardPage is GET /reports: the reports of the units under the
// reader's unit (a county's townships; a township sees its own) for a
// year, with the dates against the deadlines.
type ReportBoardPage struct {
	Base
	Unit  access.Unit
	Year  int
	Years []int
	Units []Option
	Rows  []ReportBoardView
	Today string
}

// ReportBoardView is one unit's line.
type ReportBoardView struct {
	UnitID, ReportID        int64 // ReportID 0: not drafted
	Unit                    string
	URL, ArchiveURL         string
	Status                  string
	Drafted, Approved       string
	Published, Submitted    string
	SubmitBy, PublishBy     string
	LatePublish, LateSubmit bool
	SubmittedBy             string
	SubmittedVersion        int
	Missing                 bool
}

func (s *Server) reportBoardPage(w http.ResponseWriter, r *http.Request) error {
	ctx, p := r.Context(), principal(r)
	today := s.today()
	u, year, err := s.reportBoardTarget(ctx, p, r.URL.Query(), today)
	if err != nil {
		return err
	}
	rows, err := s.store.ReportBoard(ctx, p.Actor, u.ID, year)
	if err != nil {
		return err
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	page := &ReportBoardPage{Base: s.base(r, fmt.Sprintf("%d年度报告", year)), Unit: *u, Year: year, Today: today.String()}
	for y := today.Year; y >= today.Year-5; y-- {
		page.Years = append(page.Years, y)
	}
	for _, ru := range l.readableUnits() {
		if ru.Level != access.LevelVillage && ru.Level != access.LevelDepartment && !ru.Closed {
			page.Units = append(page.Units, Option{Value: strconv.FormatInt(ru.ID, 10), Label: ru.Name, Selected: ru.ID == u.ID})
		}
	}
	for _, row := range rows {
		page.Rows = append(page.Rows, boardView(row, year, page.Today))
	}
	s.render(w, r, http.StatusOK, "reports.html", page)
	return nil
}

// reportBoardTarget reads the board's ?unit= (name or id; the reader's
// unit by default) and ?year=: until November last year's report is the
// one due; from December the closing year's is being drafted.
func (s *Server) reportBoardTarget(ctx context.Context, p *Principal, q url.Values, today calendar.Date) (*access.Unit, int, error) {
	year := today.Year - 1
	if today.Month >= 12 {
		year = today.Year
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return nil, 0, &pageError{http.StatusBadRequest, "参数 year 应为2000至2100之间的年度，如 ?year=2025"}
		}
		year = n
	}
	u, err := s.indicatorUnit(ctx, p, strings.TrimSpace(q.Get("unit")))
	if err != nil {
		return nil, 0, err
	}
	return u, year, nil
}

func boardView(row store.ReportBoardRow, year int, today string) ReportBoardView {
	v := ReportBoardView{UnitID: row.Unit.ID, Unit: row.Unit.Name, URL: reportURL(row.Unit.ID, year), ArchiveURL: fmt.Sprintf("/reports/%d/archive", row.Unit.ID),
		SubmitBy: row.SubmitBy, PublishBy: row.PublishBy}
	rep := row.Report
	if rep == nil {
		v.Missing, v.Status = true, "未起草"
		v.LateSubmit, v.LatePublish = today > row.SubmitBy, today > row.PublishBy
		return v
	}
	v.ReportID, v.Status = rep.ID, rep.Status.Label()
	v.Drafted, v.Approved = dateOf(rep.CreatedAt), dateOf(rep.ApprovedAt)
	v.Published, v.Submitted = dateOf(rep.PublishedAt), dateOf(rep.SubmittedAt)
	v.SubmittedBy, v.SubmittedVersion = rep.SubmittedBy, rep.SubmittedVersion
	v.LateSubmit = (v.Submitted == "" && today > row.SubmitBy) || v.Submitted > row.SubmitBy
	v.LatePublish = (v.Published == "" && today > row.PublishBy) || v.Published > row.PublishBy
	return v
}

// ReportArchivePage is a unit's archive of reports kept for 审校, with the
// upload of a legacy report.
type ReportArchivePage struct {
	Base
	Unit    access.Unit
	URL     string
	Entries []store.ArchiveEntry
	Error   string
	Year    string
}

func (s *Server) reportArchivePage(w http.ResponseWriter, r *http.Request) error {
	u, _, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	return s.renderArchive(w, r, u, http.StatusOK, "", "")
}

func (s *Server) renderArchive(w http.ResponseWriter, r *http.Request, u *access.Unit, status int, msg, year string) error {
	entries, err := s.store.Archive(r.Context(), principal(r).Actor, u.ID)
	if err != nil {
		return err
	}
	page := &ReportArchivePage{Base: s.base(r, u.Name+" 报告档案"), Unit: *u, URL: fmt.Sprintf("/reports/%d/archive", u.ID),
		Entries: entries, Error: msg, Year: year}
	page.Flash = flash(r)
	s.render(w, r, status, "report_archive.html", page)
	return nil
}

// archiveExts are the legacy reports the archive takes.
var archiveExts = []string{".docx", ".txt", ".pdf"}

// reportArchiveUpload: POST /reports/{unit}/archive keeps a legacy
// report's text (read as 审校 reads it) for the unit and year.
func (s *Server) reportArchiveUpload(w http.ResponseWriter, r *http.Request) error {
	u, _, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return s.renderArchive(w, r, u, http.StatusRequestEntityTooLarge,
			fmt.Sprintf("文件过大或表单无法读取：不超过 %s，请选择 .docx、.txt 或 .pdf 文件后重试。", byteSize(s.cfg.MaxUpload)), "")
	}
	yearText := strings.TrimSpace(r.FormValue("year"))
	year, err := strconv.Atoi(yearText)
	if err != nil || year < 2000 || year > s.today().Year {
		return s.renderArchive(w, r, u, http.StatusUnprocessableEntity, fmt.Sprintf("“年度”应为2000至%d之间的四位数字，如 2023", s.today().Year), yearText)
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.renderArchive(w, r, u, http.StatusUnprocessableEntity, "请选择要上传的报告文件（.docx、.txt 或 .pdf）", yearText)
	}
	defer f.Close()
	name := filepath.Base(hdr.Filename)
	ext := strings.ToLower(filepath.Ext(name))
	if !containsString(archiveExts, ext) {
		return s.renderArchive(w, r, u, http.StatusUnprocessableEntity, "“文件”应为 .docx、.txt 或 .pdf：“"+name+"”不是这几种格式", yearText)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	c, err := proofread.NewChecker(proofread.Config{Year: year, ExtraFiles: s.cfg.CheckLists})
	if err != nil {
		return err
	}
	d, _, err := c.Parse(r.Context(), name, data)
	if err != nil {
		return s.renderArchive(w, r, u, http.StatusUnprocessableEntity, "无法读取“"+name+"”："+err.Error(), yearText)
	}
	var b strings.Builder
	for _, l := range d.Lines {
		b.WriteString(l.Text + "\n")
	}
	if _, err := s.store.AddArchive(r.Context(), principal(r).Actor, u.ID, year, name, b.String()); err != nil {
		status, msg, internal := statusOf(err)
		if internal {
			return err
		}
		return s.renderArchive(w, r, u, status, msg, yearText)
	}
	http.Redirect(w, r, flashURL(r, fmt.Sprintf("/reports/%d/archive", u.ID), fmt.Sprintf("已存档“%s”（%d年度）", name, year)), http.StatusSeeOther)
	return nil
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// lateReportItems are the reminder lines of the annual reports late on a
// deadline that concern u: those of u's own unit when u may draft or
// approve it, and those of the units directly under u's unit (the county's
// townships) for its readers.
func lateReportItems(u *access.User, a store.Actor, late []store.LateReport, today calendar.Date) []digestItem {
	var out []digestItem
	for _, l := range late {
		if !a.Scope.CanRead(l.UnitPath) {
			continue
		}
		own := l.UnitID == u.UnitID && (u.Has(access.RoleClerk) || u.Has(access.RoleHead))
		parent := strings.HasSuffix(strings.TrimSuffix(l.UnitPath, "/"+strconv.FormatInt(l.UnitID, 10)+"/"), "/"+strconv.FormatInt(u.UnitID, 10))
		if !own && !parent {
			continue
		}
		due, err := calendar.ParseDate(l.Due)
		if err != nil {
			continue
		}
		basis := report.Settings[1].Basis
		if l.What == "报送" {
			basis = report.Settings[0].Basis
		}
		out = append(out, digestItem{Kind: "年度报告", Title: fmt.Sprintf("%s%d年度法治政府建设情况报告", l.Unit, l.Year), Unit: l.Unit,
			Period: l.What + "期限", Basis: basis, Due: l.Due, Overdue: true, DaysLeft: today.DaysUntil(due), URL: reportURL(l.UnitID, l.Year)})
	}
	return out
}
